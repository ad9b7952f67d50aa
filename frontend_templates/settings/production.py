"""Settings for production: refuse to start without real secrets and host names; HTTPS only."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def required(name: str) -> str:
    """Return an environment variable, or stop start-up naming the one that is missing.

    Read as it is (os.environ): the secrets go through here (base.py says why)."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


# A secret is a long random string, never a value from .env.example (change-me...) or from
# the dev and test settings (dev-only-insecure-site-key, test-only-...). The backend's
# production settings check theirs alike (the site imports nothing of the backend).
SECRET_MIN_LENGTH = 32
PLACEHOLDER = re.compile(r"change-?me|insecure|not-for-production|^(dev|test)-only", re.I)
RANDOM_VALUE_COMMAND = 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'


def required_secret(name: str) -> str:
    """Return a secret from the environment, or stop start-up naming it when it is missing,
    a placeholder or shorter than SECRET_MIN_LENGTH (its value is never shown)."""
    value = required(name)
    if PLACEHOLDER.search(value):
        problem = "is a placeholder"
    elif len(value) < SECRET_MIN_LENGTH or len(set(value)) < 8:  # short, or "xxxx...", "1212..."
        problem = f"is not a random string of at least {SECRET_MIN_LENGTH} characters"
    else:
        return value
    raise ImproperlyConfigured(
        f"The environment variable {name} {problem}: set a random value ({RANDOM_VALUE_COMMAND})."
    )


# Every secret this process uses: a new one is one more line here.
SECRET_KEY = required_secret("DJANGO_SECRET_KEY")
API_TRUSTED_CLIENT_KEY = required_secret("API_TRUSTED_CLIENT_KEY")
CMS_WEBHOOK_SECRET = required_secret("CMS_WEBHOOK_SECRET")
required("ALLOWED_HOSTS")  # refused when unset or blank, like the secrets
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip)

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^_cms/purge/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
CSRF_COOKIE_SECURE = True
