"""Settings for the site's test suite: the API is the live backend the fixtures start."""

from .base import *  # noqa: F403
from .base import REDIS_URL, env

SECRET_KEY = "test-only-insecure-site-key"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=["*"])
CMS_WEBHOOK_SECRET = CMS_WEBHOOK_SECRET or "test-webhook-secret"  # noqa: F405, S105
if not REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
# No collectstatic before the in-process tests; the browser tests serve hashed names.
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
