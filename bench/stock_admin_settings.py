"""Settings of the "stock coupled Wagtail admin" baseline: our content model, Wagtail's ways.

The same production settings, database and page models as the backend, with what a new
Wagtail project does on publish and nothing of ours:

- tasks run inline, in the request that queues them (django-tasks' ImmediateBackend, the
  default of Wagtail 8): the search and reference index updates happen before the answer;
- no `api` app, so none of its signal receivers (`api.signals`: the change feed, the cache
  generation bump, the site purge, webhooks) is connected, and none of its middleware;
- no collection after each admin page (`backend.admin_garbage`): Python's own schedule;
- its own cache (CACHE_DIR, or its own Redis key prefix), apart from the backend's.

`python -m bench.admin_setup --check-stock` checks at set-up that nothing loaded by these
settings and their URL map imports the `api` package; `/_bench/api-modules` answers the
same question from the running server.
"""

from backend.settings.production import *  # noqa: F403
from backend.settings.production import INSTALLED_APPS, MIDDLEWARE

ROOT_URLCONF = "bench.stock_admin_urls"
INSTALLED_APPS = [name for name in INSTALLED_APPS if name != "api"]
OURS = "backend.admin_garbage.AdminGarbageMiddleware"
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("api.") and name != OURS]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
