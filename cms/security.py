"""The Content-Security-Policy header (the site's policy, ``CONTENT_SECURITY_POLICY``, widened
under the Wagtail admin only by what the admin needs) and the test settings' login-lockout backend."""

from axes.backends import AxesStandaloneBackend
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
# Wagtail 7's InlinePanel, MultipleChooserPanel and date/time widgets render inline <script> blocks
# without a nonce, so the admin's edit forms need inline scripts; nothing else is added.
ADMIN_POLICY_UPDATE = {"script-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.update is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = ADMIN_POLICY_UPDATE
        return parts


class RequestOptionalAxesBackend(AxesStandaloneBackend):
    """The test settings' axes backend: as django-axes for every login that comes with a request
    (the admin login form), and out of the way of ``Client.login()``, which authenticates
    without one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
