"""Settings shared by every environment of the CMS backend.

Everything that differs between machines comes from environment variables (documented in
`.env.example`); the environment-specific modules (dev, test, production) only change defaults.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured

from backend import wagtail_api_v3

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Typed reads of the environment (django-environ): env.int(name, default=...), env.bool,
# env.list (comma-separated; items trimmed). Secrets alone are read as they are, through
# os.environ: django-environ takes a value that starts with "$" for the name of another
# variable (joke2k/django-environ#415), and a random secret may start with one.
env = environ.Env()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=[])
# Proxies in front of this process, each appending to X-Forwarded-For (README "Running behind
# a proxy"); 0: clients connect directly and REMOTE_ADDR is theirs. backend.client_address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is a number of proxies: 0 or more.")

INSTALLED_APPS = [
    "cms_pages",
    "api",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
# Wagtail's apps would build its v3 API, which nothing here installs or serves (~10 MiB a
# process): backend.wagtail_api_v3 says why, and how it is turned back on.
wagtail_api_v3.leave_out(INSTALLED_APPS)

MIDDLEWARE = [
    "backend.admin_garbage.AdminGarbageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "api.caching.APIGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "api.body_limit.APIBodyLimitMiddleware",
    "api.caching.APICacheMiddleware",
    "api.answer_shortcut.StoredAnswerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into backend.login_lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {
    # dj-database-url rather than env.db(): it sets the connection's lifetime and health checks.
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has several writers at once (the editor's autosave and live
    # preview, visitors' forms, the task worker): write-ahead logging lets readers go on
    # during a write, IMMEDIATE transactions take the write lock up front (no deadlocked
    # upgrade from a read), and writers wait for each other instead of "database is locked".
    # Each connection (one per thread: the backend's 4, the worker's 2) keeps at most 512 KiB
    # of the database's pages, not SQLite's 2 MiB: the system caches the file once for all
    # of them (at 5,000 pages: 10 MiB less over the stack, and cold answers no slower).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA cache_size=-512"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cms"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    # Sessions are read from Redis but kept in the database: Redis evicts keys when full
    # (allkeys-lru), and an evicted session must not sign the owner out of the admin.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis, every process of this machine (the web workers, the task worker, a
    # `manage.py shell`) must still share one cache: the API's content generation, cached
    # answers and rate limits would otherwise differ per process, and a change made in one
    # would never reach the others. Files, not the database: on SQLite every cache fill and
    # throttle update would become a write competing with the editors'.
    CACHES = {
        "default": {
            "BACKEND": "backend.file_cache.SparselyCulledFileCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / ".cache" / "backend")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background work (django-tasks, which Wagtail 8 already uses for its search and reference
# index updates): a queue in the database, run by `manage.py run_worker`. Jobs are rows
# written in the same transaction as the change that causes them, so none is lost when the
# worker is down (it catches up) and none runs before its change is committed.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# The worker's scheduler: seconds between runs of Wagtail's `publish_scheduled` (go-live and
# expiry dates), and the file whose age tells the healthcheck that the worker is alive.
SCHEDULER_INTERVAL_SECONDS = env.float("SCHEDULER_INTERVAL_SECONDS", default=30.0)
WORKER_HEARTBEAT_FILE = env.str(
    "WORKER_HEARTBEAT_FILE", default=str(BASE_DIR / ".cache" / "worker-heartbeat")
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one client address, that pair is refused for AXES_COOLOFF_TIME. Counted per
# address *and* username, so that someone guessing from elsewhere never locks the owner out.
# Failures are kept in the database (not in the cache, which visitors can fill and evict).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "backend.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "backend.login_lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# Failed attempts only: no record of every successful sign-in and its address.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FORMS_URLFIELD_ASSUME_HTTPS = True

# Complex page models can exceed Django's default of 1000 form fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The worker would log two lines per task run (Wagtail indexes every saved object).
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes: three lines per wrong password (and its version at every start,
        # commands included); lockouts are warnings and stay.
        "axes": {"level": "WARNING"},
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="website@massageaha.example")

# Wagtail
WAGTAIL_SITE_NAME = "Massage Aha!"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's database backend, ranking the matches in one query over the search index
# (cms_pages.search_ranking). On PostgreSQL, the text search configuration is named (the
# site is in English): the index no longer depends on the server's default_text_search_config,
# and each search's to_tsquery() is computed once per query, not once per row.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms_pages.search_ranking"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "english"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every download goes through /documents/, which applies the collection's privacy each time,
# and the file comes from the backend itself, whatever the storage: never a redirect to the
# storage's own URL (with a bucket, a permanent unsigned link anyone could pass on).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Public API (api/)
WAGTAILAPI_LIMIT_MAX = 50
# The backend's public address: absolute URLs of media, documents and API links use it.
WAGTAILAPI_BASE_URL = env.str(
    "WAGTAILAPI_BASE_URL", default=f"http://127.0.0.1:{env.str('BACKEND_PORT', default='8000')}"
).rstrip("/")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.views.base.json_exception_handler",
    # Throttling happens in api.caching.APICacheMiddleware, for cached answers too.
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_THROTTLE_RATE", default="300/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Massage Aha! content API",
    "DESCRIPTION": (
        "Public API of the practice's content: pages, FAQs, practice details, search, "
        "images, documents and redirects, plus what visitors send: responses to pages and "
        "appointment requests.\n\n"
        f"- **Paging**: lists take `limit` (1-{WAGTAILAPI_LIMIT_MAX}, default 20) and `offset` "
        '(0-10000) and answer `{"meta": {"total_count", "next", "previous"}, '
        '"items": [...]}`.\n'
        '- **Errors** are JSON: `{"message": "..."}`, plus `"errors"` per field when '
        "input fails validation. Unknown, repeated or out-of-bounds parameters are a 400.\n"
        "- **Rate limit**: reading is limited to "
        f"{REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'].replace('/', ' per ')} per "
        "client address, cached answers included, and sending by the spam checks; over a "
        "limit the answer is 429 with `Retry-After` (seconds).\n"
        "- **Caching**: answers carry `ETag` and `Cache-Control` (public, short max-age, "
        "long stale-if-error); send the ETag back in `If-None-Match` to get a 304 while "
        "nothing changed. Any published change makes every cached answer stale at once. "
        "Draft previews and the visitors' endpoints are never cached (`no-store`)."
    ),
    "VERSION": "2.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags and operation ids from the path after /api/v2/ (pages, faqs, search, ...).
    "SCHEMA_PATH_PREFIX": r"/api/v2",
    "PREPROCESSING_HOOKS": ["api.openapi.hooks.public_endpoints_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.openapi.hooks.add_shared_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# HTTP caching of API responses (api.caching): seconds.
API_MAX_AGE = env.int("API_MAX_AGE", default=30)
API_STALE_WHILE_REVALIDATE = env.int("API_STALE_WHILE_REVALIDATE", default=300)
API_STALE_IF_ERROR = env.int("API_STALE_IF_ERROR", default=86400)
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", default=3600)
# Search answers (search/?q=, ?search=) are kept briefly: their words are anyone's to invent.
API_SEARCH_CACHE_SECONDS = env.int("API_SEARCH_CACHE_SECONDS", default=60)
# The frontend sends this key (X-CMS-Client-Key) to be exempt from the per-IP rate limit.
API_TRUSTED_CLIENT_KEY = os.environ.get("API_TRUSTED_CLIENT_KEY", "")
# Any site may read the API (GET, no credentials); the admin never sends CORS headers.
CORS_URLS_REGEX = r"^/api/v2/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Cache-Control"]

# Publish notifications (api.webhooks): the frontend's purge endpoint and the shared secret.
FRONTEND_PURGE_URL = env.str(
    "FRONTEND_PURGE_URL",
    default=f"{env.str('FRONTEND_URL', default='http://127.0.0.1:8080').rstrip('/')}/_cms/purge/",
)
CMS_WEBHOOK_SECRET = os.environ.get("CMS_WEBHOOK_SECRET", "")
# Seconds before each retry of a failed delivery (scheduled in the task queue).
WEBHOOK_RETRY_DELAYS = (10, 60, 300)
# Subscribers must be on public internet addresses (api.webhook_targets); 1 also allows
# loopback, private and link-local ones (a partner on the same private network).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)

# The decoupled site: where "View live" and previews go.
FRONTEND_URL = env.str("FRONTEND_URL", default="http://127.0.0.1:8080").rstrip("/")
PREVIEW_TOKEN_MAX_AGE = env.int("PREVIEW_TOKEN_MAX_AGE", default=3600)
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": f"{FRONTEND_URL}/preview/"},
    "SERVE_BASE_URL": FRONTEND_URL,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}


# The CDN in front of the public site (api.cdn): once the site has re-rendered a change, the
# worker asks the CDN to drop its copies of the affected addresses under FRONTEND_URL, through
# the backends of wagtail.contrib.frontend_cache. The app itself stays out of INSTALLED_APPS:
# its publish handlers would purge page.full_url, the Wagtail Site's address (`localhost` in
# the demo). HOSTNAMES keeps out the purges Wagtail's redirect views send on their own, at
# that same address. CDN_PURGE_BACKEND: cloudflare, cloudfront, http (Varnish/Squid) or empty.
def frontend_cache_settings(env, frontend_url: str) -> dict:
    """WAGTAILFRONTENDCACHE for the CDN_PURGE_* variables in `env`; {} when no CDN is set."""
    choice = env.get("CDN_PURGE_BACKEND", "").strip().lower()
    if not choice:
        return {}

    def required(name: str) -> str:
        value = env.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"CDN_PURGE_BACKEND={choice} needs {name}.")
        return value

    backends = "wagtail.contrib.frontend_cache.backends."
    if choice == "http":
        options = {"BACKEND": backends + "HTTPBackend", "LOCATION": required("CDN_PURGE_LOCATION")}
    elif choice == "cloudflare":
        if token := env.get("CDN_PURGE_CLOUDFLARE_API_TOKEN", "").strip():
            credentials = {"BEARER_TOKEN": token}
        else:  # the older global API key, with the account's email
            credentials = {
                "EMAIL": required("CDN_PURGE_CLOUDFLARE_EMAIL"),
                "API_KEY": required("CDN_PURGE_CLOUDFLARE_API_KEY"),
            }
        options = {
            "BACKEND": backends + "CloudflareBackend",
            "ZONEID": required("CDN_PURGE_CLOUDFLARE_ZONE_ID"),
            **credentials,
        }
    elif choice == "cloudfront":
        try:
            import boto3  # noqa: F401  (credentials: boto3's own AWS_* variables or role)
        except ImportError as error:
            raise ImproperlyConfigured(
                "CDN_PURGE_BACKEND=cloudfront needs boto3: pip install boto3."
            ) from error
        options = {
            "BACKEND": backends + "CloudfrontBackend",
            "DISTRIBUTION_ID": required("CDN_PURGE_CLOUDFRONT_DISTRIBUTION_ID"),
        }
    else:
        raise ImproperlyConfigured(
            f"CDN_PURGE_BACKEND is cloudflare, cloudfront, http or empty, not {choice!r}."
        )
    return {"cdn": {**options, "HOSTNAMES": [urlsplit(frontend_url).netloc]}}


WAGTAILFRONTENDCACHE = frontend_cache_settings(os.environ, FRONTEND_URL)

# Visitor submissions (cms_pages.spam, cms_pages.services)
FORM_TOKEN_MAX_AGE = env.int("FORM_TOKEN_MAX_AGE", default=2 * 60 * 60)
FORM_MIN_SECONDS = env.float("FORM_MIN_SECONDS", default=3.0)
FORM_RATE_LIMIT = (env.int("FORM_RATE_LIMIT", default=5), 600)  # per address per window
RESPONSE_MAX_LINKS = 2
OWNER_NOTIFY_EMAIL = env.str("OWNER_NOTIFY_EMAIL", default="")
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")
AKISMET_SITE_URL = env.str("AKISMET_SITE_URL", default="https://massageaha.example")
AKISMET_TIMEOUT = env.float("AKISMET_TIMEOUT", default=3.0)

# Visitors' personal data (cms_pages.personal_data; README "Personal data"): the Fernet keys
# that seal it at rest, comma-separated (the first seals, every one unseals: a new key goes
# first, then `manage.py personal_data reseal`), and the key of the hashes that find it again
# (never rotated). Secrets, read through os.environ.
PERSONAL_DATA_KEYS = [
    key.strip() for key in os.environ.get("PERSONAL_DATA_KEY", "").split(",") if key.strip()
]
PERSONAL_DATA_LOOKUP_KEY = os.environ.get("PERSONAL_DATA_LOOKUP_KEY", "").strip()
