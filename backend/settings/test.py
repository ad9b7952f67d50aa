"""Settings for the test suite: fast password hashing, in-memory cache unless REDIS_URL is set."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL, env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=["*"])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run at once, inside the test (Wagtail's index updates included); tests of the queue
# itself switch to the database backend and run the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WEBHOOK_RETRY_DELAYS = (10, 60)
# The suite's subscribers are Receivers on 127.0.0.1 (tests/api/conftest.py); the tests of
# the public-address rule (tests/api/test_webhook_targets.py) turn this off.
WEBHOOK_ALLOW_PRIVATE_TARGETS = True
MEDIA_ROOT = Path(tempfile.gettempdir()) / "massage-aha-test-media"
# Fixed keys for the suite's throwaway data; tests of key rotation override them.
PERSONAL_DATA_KEYS = ["dGVzdC1vbmx5LXBlcnNvbmFsLWRhdGEta2V5LTMyYiE="]  # noqa: S105
PERSONAL_DATA_LOOKUP_KEY = "test-only-personal-data-lookup-key"  # noqa: S105
