"""Test settings: fast hashing, in-memory mail, files under a throwaway var dir."""

import os
import tempfile

os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="pb-test-"))

from .base import *  # noqa: E402, F403
from .base import HUEY  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inline in tests; the end-to-end consumer test starts a real consumer process
# with dev settings and its own queue file.
HUEY = {**HUEY, "immediate": True}
# django-axes stays on (the lockout is tested through the login form); Client.login(), which
# authenticates without a request, passes by it instead of failing.
AUTHENTICATION_BACKENDS = ["cms.security.RequestOptionalAxesBackend", "django.contrib.auth.backends.ModelBackend"]
# Tests read pages right after changing the data: no page cache (cms.cache has its own test).
PUBLIC_PAGE_CACHE_SECONDS = 0
PUBLIC_ROUTE_MEMO_SECONDS = 0  # cms.memo: changes inside uncommitted transactions send no signal
