"""Settings of the baseline server: the production backend minus our API, plus stock Wagtail.

Same database, same middleware and the same production settings as the backend, except that
the URL map serves Wagtail's own unmodified `PagesAPIViewSet` and that our shared API
response cache (`api.caching.APICacheMiddleware`), our answers from stored answers
(`api.answer_shortcut.StoredAnswerMiddleware`) and our collection after admin pages
(`backend.admin_garbage`; this URL map has no admin) are left out: stock Wagtail has none.
Without the response cache, `api.warm_answers` (in backend.wsgi) has nothing to send again.
"""

from backend.settings.production import *  # noqa: F403
from backend.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.stock_api_urls"
OURS = (
    "api.caching.APICacheMiddleware",
    "api.answer_shortcut.StoredAnswerMiddleware",
    "backend.admin_garbage.AdminGarbageMiddleware",
)
MIDDLEWARE = [name for name in MIDDLEWARE if name not in OURS]
