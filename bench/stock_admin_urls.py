"""URL map of the stock coupled Wagtail admin baseline (`bench.stock_admin_settings`).

What Wagtail's project template gives a new site (admin, documents, page serving), plus the
health check the bench waits for and one bench-only view: `/_bench/api-modules`, the modules
of our `api` package this process has imported (none, or the baseline is not stock).
"""

import sys

from django.http import JsonResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from backend.health import healthz


def api_modules(request):
    """Which modules of the `api` package are loaded in this worker process."""
    loaded = sorted(name for name in sys.modules if name == "api" or name.startswith("api."))
    return JsonResponse({"api_modules": loaded})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("_bench/api-modules", api_modules),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
]
