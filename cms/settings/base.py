"""Settings shared by every environment.

Every environment variable is read once, here, with its type and default. ``DEBUG`` is off and
no secret is set in this module: ``dev`` and ``test`` supply their own, ``production`` reads
``SECRET_KEY`` or keeps a generated one under ``var/``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url

from cms.serving import HUEY_WORKERS, connection_bound

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# --- environment, declared once ---------------------------------------------------------------
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
REPORTS_ROOT = Path(os.environ.get("REPORTS_ROOT", VAR_DIR / "reports"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
IMPORT_ASYNC_THRESHOLD_KB = env_int("IMPORT_ASYNC_THRESHOLD_KB", 512)
# Seconds a running job's lease lasts without a heartbeat (renewed every quarter): a job whose worker
# died reads as failed this long after (registers.core.leases).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60)
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
# Seconds a database connection is kept for the next request of the same thread (PostgreSQL).
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)
# Seconds an anonymous visitor's public page or API answer is kept and served again (cms.cache; any
# change to what it shows makes it stale at once); 0: never. Browsers keep it PUBLIC_BROWSER_CACHE_SECONDS.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)
PUBLIC_BROWSER_CACHE_SECONDS = env_int("PUBLIC_BROWSER_CACHE_SECONDS", 60)
# Each process remembers which page a public URL routes to and the site menu, under the same
# generation and for at most this many seconds (cms.memo, cms.routing): a page still built per
# request skips six lookups. 0: never.
PUBLIC_ROUTE_MEMO_SECONDS = env_int("PUBLIC_ROUTE_MEMO_SECONDS", 60)
# Minutes between two runs of the report dispatcher (tasks.dispatch), which reads the report calendar.
REPORT_DISPATCH_MINUTES = env_int("REPORT_DISPATCH_MINUTES", 5)

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    "cms",
    "snippets",
    "registers",
    "pages",
    "tasks",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "django_filters",
    "import_export",
    "huey.contrib.djhuey",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.routing.PageRouteMemoMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- data -------------------------------------------------------------------------------------
# A connection is kept per server thread for DB_CONN_MAX_AGE seconds and checked before it is
# reused (SQLite too: opening one and setting its journal mode cost a third of a small page). The
# thread counts are bounded (cms.serving), so the site holds at most DATABASE_CONNECTION_BOUND
# connections, 17 by default, whatever the load.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
DATABASE_CONNECTION_BOUND = connection_bound()
# One cache per server process, in memory: the public page cache (cms.cache) and Wagtail's own.
# The page and API cache (cms.cache): shared by every process — Redis when REDIS_URL is set, else
# files under var/ (the embedded default: no server to install).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pb")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 5000}}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL: pages keep reading while an import writes (a rollback journal blocks every reader).
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                       "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Huey: Redis in production when REDIS_URL is set, else a file queue (SQLite) under var/.
# Periodic tasks are written in Asia/Shanghai local time, so utc is off.
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "project-battle",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "utc": False,
        # A worker killed while holding a task lock (the report dispatcher's) would keep it for good.
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread", "flush_locks": True},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "project-battle",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "utc": False,
        # A worker killed while holding a task lock (the report dispatcher's) would keep it for good.
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread", "flush_locks": True},
    }

# --- auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten wrong passwords for one user name from one address lock that pair out (the tenth attempt
# already answers with the lockout page) for 30 minutes, counted again from each new failure;
# the right password is refused meanwhile. Other users on a shared office address, and the same
# user elsewhere, are not locked out. A success clears the count. The HQ office unlocks in
# 设置 → 登录锁定 (cms.lockouts) or with ``manage.py axes_reset_username <name>``.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cms/locked_out.html"
AXES_COOLOFF_MESSAGE = "登录失败次数过多，账号已被暂时锁定，请稍后再试或联系指挥部办公室解锁。"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多，账号已被锁定，请联系指挥部办公室解锁。"
AXES_ENABLE_ADMIN = False  # no Django admin site here: the lockout list lives in the Wagtail admin

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the Wagtail admin strings its own zh_Hans catalogue lacks (cms/locale).
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "上犹县“项目大会战”指挥调度平台"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "xlsx", "xls", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"

# --- public API (pages.api; Wagtail's page API sets its own renderers, filters and pagination) --
# Read-only and public: JSON only (no browsable API), no authentication, Chinese unescaped.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Wagtail's admin API (the image and page choosers) runs on DRF and needs the signed-in user;
    # the public API (pages.api) declares itself anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "pages.api.pagination.PublicPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "上犹县“项目大会战”公开数据接口",
    "DESCRIPTION": "重大项目、服务受理专员、指挥部、新闻与分领域统计的只读接口；另有 OC4IDS 项目包与 Popolo 名录。",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v2",
    # The description is built when asked (/api/v2/schema/), not at every `check`, which would walk the
    # admin's own DRF views too.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}
# Other county systems (a WeChat mini-program, the city's portal) may read the API from a browser.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Content-Security-Policy (django-csp) -----------------------------------------------------
# Nothing from another origin, anywhere. Public pages run no inline script; their percentage bars
# set a width in a style attribute, hence 'unsafe-inline' for styles. The Wagtail admin adds
# 'unsafe-inline' for scripts under /admin/ only (cms.security): Wagtail 7's inline panels, choosers
# and date widgets write small inline <script> blocks that carry no nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
