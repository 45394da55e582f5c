"""Production: what ``bin/run`` and every ``Procfile`` line run with.

* ``SECRET_KEY`` from the environment, else the key generated once under ``var/`` (``secret.py``).
* ``HTTPS`` (default on): the site is reached over HTTPS, directly or through a TLS-terminating
  proxy that sets ``X-Forwarded-Proto``; requests are redirected to HTTPS, cookies are secure, HSTS
  is sent. ``HTTPS=0`` declares a plain-HTTP site (``bin/run`` on 127.0.0.1, or an HTTP-only
  intranet proxy): secure cookies would make logging in impossible there, so they are off, and
  the four deploy checks that only restate "not HTTPS" are silenced (listed below).
"""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env_bool, env_int
from .secret import KEY_FILE_NAME, load_or_create_secret_key

SECRET_KEY = SECRET_KEY or load_or_create_secret_key(VAR_DIR / KEY_FILE_NAME)

DEBUG = False
HTTPS = env_bool("HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break editing.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not HTTPS:
    # HTTPS=0 is the operator's statement that this site is served over plain HTTP: no HSTS (W004),
    # no redirect to HTTPS (W008), no secure-only session and CSRF cookies (W012, W016).
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
