"""The OpenAPI 3 description of ``/api/v2/`` (drf-spectacular), served at ``/api/v2/schema/``.

Only this package's endpoints under ``/api/v2/`` are described: the preprocessing hook drops the
admin's DRF views, the older ``/api/`` and Wagtail's own page, image and document endpoints (whose
answers are Wagtail's, documented by Wagtail).
"""

from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView

from pages.api.views import JSONOnlyNegotiation

PREFIX = "/api/v2/"


def only_v2_endpoints(endpoints, **kwargs):
    """drf-spectacular PREPROCESSING_HOOKS: keep the ``pages.api`` views mounted under /api/v2/."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(PREFIX) and getattr(callback, "cls", None) is not None
        and callback.cls.__module__.startswith("pages.api.")
    ]


class SchemaView(SpectacularAPIView):
    """The OpenAPI document as JSON (application/vnd.oai.openapi+json), whatever the client asks; anonymous."""

    renderer_classes = [OpenApiJsonRenderer]
    content_negotiation_class = JSONOnlyNegotiation
    authentication_classes: list = []
    custom_settings = {"PREPROCESSING_HOOKS": ["pages.api.schema.only_v2_endpoints"]}
