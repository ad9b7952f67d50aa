"""Settings of the baseline server: the production backend minus our API, plus stock Wagtail.

Same database, same middleware and the same production settings as the backend, except that
the URL map serves Wagtail's own unmodified `PagesAPIViewSet` and that our shared API
response cache (`api.caching.APICacheMiddleware`) is left out: stock Wagtail has none.
"""

from backend.settings.production import *  # noqa: F403
from backend.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.stock_api_urls"
MIDDLEWARE = [name for name in MIDDLEWARE if name != "api.caching.APICacheMiddleware"]
