"""Laptop settings: the default of ``manage.py``. Debug on unless DEBUG=0."""

from .base import *  # noqa: F403
from .base import DATABASES, env_bool, env_list
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],0.0.0.0")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The development server starts a thread per request: a kept connection per thread would pile up.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Templates and content change under a developer's hands: no page cache.
PUBLIC_PAGE_CACHE_SECONDS = 0
PUBLIC_ROUTE_MEMO_SECONDS = 0  # cms.memo: changes inside uncommitted transactions send no signal
