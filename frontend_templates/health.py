"""Liveness and readiness of the site for load balancers and container healthchecks."""

from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from frontend_templates import client


@never_cache
def healthz(request):
    """Alive: the process answers. Touches nothing else, so it stays cheap."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready: the API answers and the shared cache keeps values; 503 naming what failed."""
    cache.set("readyz", "1", 5)
    checks = {
        "api": "ok" if client.reachable() else "error: unreachable",
        "cache": "ok" if cache.get("readyz") == "1" else "error: value not kept",
    }
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
