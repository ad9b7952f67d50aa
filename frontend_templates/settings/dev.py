"""Settings for `make run` on a developer's machine: local hosts only, plain HTTP.

DEBUG stays off unless FRONTEND_DEBUG=1, so that `make run` shows the site as visitors get
it: hashed static file names and the friendly error pages rather than Django's debug pages.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("FRONTEND_DEBUG", default=False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-site-key"  # noqa: F405, S105
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", cast=str.strip, default=["127.0.0.1", "localhost", "[::1]"]
)
