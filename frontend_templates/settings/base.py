"""Settings shared by every environment of the public site.

The site has no database and imports nothing of the CMS: all content comes from the public
API at CMS_API_URL. Everything that differs between machines comes from environment
variables (documented in `.env.example`).
"""

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# Typed reads of the environment (django-environ): env.int(name, default=...), env.bool,
# env.list (comma-separated; items trimmed). Secrets alone are read as they are, through
# os.environ: django-environ takes a value that starts with "$" for the name of another
# variable (joke2k/django-environ#415), and a random secret may start with one.
env = environ.Env()


def origin_of(url: str) -> str:
    """'https://cms.example.com' for 'https://cms.example.com/api/v2/'."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=[])
# Proxies in front of this process, each appending to X-Forwarded-For (README "Running behind
# a proxy"); 0: visitors connect directly. frontend_templates.client_address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is a number of proxies: 0 or more.")

INSTALLED_APPS = [
    "frontend_templates",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontend_templates.middleware.SecurityHeadersMiddleware",
    "frontend_templates.errors.APIUnavailableMiddleware",
]

ROOT_URLCONF = "frontend_templates.urls"
WSGI_APPLICATION = "frontend_templates.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
            ],
            "builtins": ["frontend_templates.templatetags.site"],
        },
    },
]

# No database: content lives in the CMS, reached only through its API.
DATABASES = {}

# The page cache is shared by every worker so that one purge reaches them all: Redis when
# REDIS_URL is set, otherwise files on this machine (shared by the workers of one server).
REDIS_URL = env.str("REDIS_URL", default="")
CMS_API_URL = env.str("CMS_API_URL", default="http://127.0.0.1:8000/api/v2/").rstrip("/") + "/"
CACHE_KEY_PREFIX = env.str(
    "FRONTEND_CACHE_KEY_PREFIX",
    default="site-" + hashlib.sha256(CMS_API_URL.encode()).hexdigest()[:8],
)
CACHE_DIR = Path(
    env.str(
        "FRONTEND_CACHE_DIR", default=str(Path(tempfile.gettempdir()) / "massage-aha-site-cache")
    )
)
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # A Redis outage turns into cache misses: pages then come from the API.
            "IGNORE_EXCEPTIONS": True,
        },
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX},
        "pages": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX + "-pages"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # Finished pages (frontend_templates.page_cache), apart so that they are culled apart.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "pages"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        },
    }

# The CMS API (frontend_templates.client).
CMS_API_TIMEOUT = (
    env.float("CMS_API_CONNECT_TIMEOUT", default=2.0),
    env.float("CMS_API_READ_TIMEOUT", default=4.0),
)
# Seconds a fresh API answer is reused; publish notifications purge it sooner.
CMS_CACHE_SECONDS = env.int("CMS_CACHE_SECONDS", default=300)
# Seconds the last good copy of an answer is kept for when the API fails.
CMS_LAST_GOOD_SECONDS = env.int("CMS_LAST_GOOD_SECONDS", default=30 * 24 * 3600)
# After a timeout or refused connection, seconds during which the API is not asked again.
CMS_API_RETRY_SECONDS = env.int("CMS_API_RETRY_SECONDS", default=5)
# Sent as X-CMS-Client-Key so that the API does not rate-limit the site's own requests.
API_TRUSTED_CLIENT_KEY = os.environ.get("API_TRUSTED_CLIENT_KEY", "")
# Shared with the CMS: publish notifications are signed with it (frontend_templates.purge).
CMS_WEBHOOK_SECRET = os.environ.get("CMS_WEBHOOK_SECRET", "")
# Public address of this site, for canonical URLs and the sitemap; the request's when unset.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# The CMS admin's origin: the only one allowed to frame /preview/.
CMS_ADMIN_ORIGIN = env.str("CMS_ADMIN_ORIGIN", default=origin_of(CMS_API_URL)).rstrip("/")
# Where the API's images are served from (its WAGTAILAPI_BASE_URL, a CDN or a bucket).
CMS_MEDIA_ORIGINS = env.list("CMS_MEDIA_ORIGINS", cast=str.strip, default=[CMS_ADMIN_ORIGIN])
# Finished pages (frontend_templates.page_cache), kept CMS_CACHE_SECONDS unless purged sooner.
# What browsers and CDNs are told about them: browsers revalidate (304), shared caches keep
# a page SITE_SHARED_MAX_AGE seconds, then serve it stale while they refetch, or on errors.
SITE_SHARED_MAX_AGE = env.int("SITE_SHARED_MAX_AGE", default=300)
SITE_STALE_WHILE_REVALIDATE = env.int("SITE_STALE_WHILE_REVALIDATE", default=60)
SITE_STALE_IF_ERROR = env.int("SITE_STALE_IF_ERROR", default=24 * 3600)
PUBLIC_PAGE_CACHE_CONTROL = (
    f"public, max-age=0, s-maxage={SITE_SHARED_MAX_AGE}, "
    f"stale-while-revalidate={SITE_STALE_WHILE_REVALIDATE}, stale-if-error={SITE_STALE_IF_ERROR}"
)
# Where finished pages are also written for a proxy to serve without Python (empty: nowhere).
SITE_PAGE_FILES_DIR = env.str("SITE_PAGE_FILES_DIR", default="")
# Seconds a purge waits for the changed pages to be rendered before it answers the CMS.
PRERENDER_WAIT_SECONDS = env.float("PRERENDER_WAIT_SECONDS", default=2.0)
# Seconds a visitor waits for another worker's render of the same page before rendering it.
RENDER_LOCK_WAIT_SECONDS = 5

# The most HTML one page may weigh: the budget `make bench` checks every page type against
# (bench/site_scenarios.py); a draft over it is pointed out in its preview.
PAGE_HTML_BUDGET_BYTES = 50 * 1024

# Seconds a visitor is asked to wait when the API is down and no copy of the page exists.
RETRY_AFTER_SECONDS = 30

# Security headers (frontend_templates.middleware and Django's SecurityMiddleware).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: " + " ".join(CMS_MEDIA_ORIGINS),
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "frontend_templates.errors.csrf_failure"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Chicago"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("FRONTEND_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
