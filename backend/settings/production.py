"""Settings for a deployed backend (docker-compose.yml): refuses to start without its secrets.

HTTPS ends at a proxy in front that sets X-Forwarded-Proto. Uploaded media stay on the local
volume and the backend serves them itself (SERVE_MEDIA), unless an S3-compatible bucket is
named. Logs go to stdout for the container runtime to collect.
"""

import os
import re

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, MIDDLEWARE, STORAGES, env


def required_env(name: str) -> str:
    """Return an environment variable, or stop start-up naming the one that is missing.

    Read as it is (os.environ): the secrets go through here (base.py says why)."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


# A secret is a long random string, never a value from .env.example (change-me...) or from
# the dev and test settings (dev-only-insecure-key..., test-only-...).
SECRET_MIN_LENGTH = 32
PLACEHOLDER = re.compile(r"change-?me|insecure|not-for-production|^(dev|test)-only", re.I)
RANDOM_VALUE_COMMAND = 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'


def required_secret(name: str) -> str:
    """Return a secret from the environment, or stop start-up naming it when it is missing,
    a placeholder or shorter than SECRET_MIN_LENGTH (its value is never shown)."""
    return checked_secret(name, required_env(name))


def checked_secret(name: str, value: str) -> str:
    """Return the secret `name`, or stop start-up naming it when `value` is a placeholder or
    not a long random string."""
    if PLACEHOLDER.search(value):
        problem = "is a placeholder"
    elif len(value) < SECRET_MIN_LENGTH or len(set(value)) < 8:  # short, or "xxxx...", "1212..."
        problem = f"is not a random string of at least {SECRET_MIN_LENGTH} characters"
    else:
        return value
    raise ImproperlyConfigured(
        f"The environment variable {name} {problem}: set a random value ({RANDOM_VALUE_COMMAND})."
    )


FERNET_KEY_COMMAND = (
    'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def fernet_keys(name: str, value: str) -> list[str]:
    """The comma-separated Fernet keys in `value`, or stop start-up naming `name` when one is
    a placeholder or not a Fernet key (its value is never shown)."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for key in keys:
        checked_secret(name, key)
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"The environment variable {name} is not a list of Fernet keys: set a new key "
                f"({FERNET_KEY_COMMAND}), or put it first before the old ones to rotate them."
            ) from None
    return keys


def s3_storage_options(bucket_name: str) -> dict:
    """Options of django-storages' S3 backend from the AWS_* variables that are set."""
    options = {
        "bucket_name": bucket_name,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="").strip(),
        "region_name": env.str("AWS_S3_REGION_NAME", default="").strip(),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="").strip(),
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "").strip(),  # a secret
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="").strip(),
    }
    options = {key: value for key, value in options.items() if value}
    # Media are the public site's pictures: plain URLs by default, signed ones on request.
    options["querystring_auth"] = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    # Wagtail expects a new upload never to replace an existing file of the same name.
    options["file_overwrite"] = False
    return options


# Every secret this process uses.
SECRET_KEY = required_secret("DJANGO_SECRET_KEY")
API_TRUSTED_CLIENT_KEY = required_secret("API_TRUSTED_CLIENT_KEY")
CMS_WEBHOOK_SECRET = required_secret("CMS_WEBHOOK_SECRET")
# Visitors' personal data (README "Personal data"): nothing sealed is written or read without
# its keys, so the backend does not start without them.
PERSONAL_DATA_KEYS = fernet_keys("PERSONAL_DATA_KEY", required_env("PERSONAL_DATA_KEY"))
PERSONAL_DATA_LOOKUP_KEY = required_secret("PERSONAL_DATA_LOOKUP_KEY")
# The database's password: compose builds DATABASE_URL from POSTGRES_PASSWORD. A URL without
# one (peer or trust authentication on a private socket) has none to check.
_database_password = DATABASES["default"].get("PASSWORD")  # noqa: F405
if _database_password:
    checked_secret("POSTGRES_PASSWORD (in DATABASE_URL)", _database_password)
required_env("ALLOWED_HOSTS")  # refused when unset or blank, like the secrets
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes and the frontend (reading the public, read-only API over the private network)
# speak plain HTTP to the backend; the proxy redirects the public's HTTP to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^api/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_storage_options(AWS_STORAGE_BUCKET_NAME),
        },
    }

# No web server stands beside the backend, so it serves MEDIA_URL itself unless media live
# in a bucket (which serves them) or SERVE_MEDIA=0 says another server does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
if SERVE_MEDIA:
    _after_whitenoise = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    MIDDLEWARE = [
        *MIDDLEWARE[:_after_whitenoise],
        "backend.media.MediaFilesMiddleware",
        *MIDDLEWARE[_after_whitenoise:],
    ]

LOGGING = {
    **LOGGING,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
}
