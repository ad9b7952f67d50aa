"""What visitors see when something goes wrong: 403, 404, 500, and 503 while the API is away.

The 500 and 503 pages never ask the API: they use the last known copy of the practice's
details, so that they render even when the API is down.
"""

import logging

from django.conf import settings
from django.shortcuts import render

from frontend_templates import client, seo

logger = logging.getLogger(__name__)


def error_page(
    request, template: str, title: str, status: int, practice: dict | None = None, **extra
):
    practice = practice or client.last_known_practice()
    context = {"practice": practice, "seo": seo.for_site_view(request, title, practice), **extra}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    """404 with the site's header and footer (asked of the API if not cached)."""
    try:
        practice = client.practice()
    except client.APIError:
        practice = None
    return error_page(request, "404.html", "Page not found", 404, practice)


def permission_denied(request, exception=None):
    """403 with the reason, e.g. the API's "Responses are not open on this page."."""
    reason = str(exception or "") or "Sorry, that is not possible here."
    return error_page(request, "403.html", "Not possible here", 403, reason=reason)


def server_error(request):
    return error_page(request, "500.html", "Something went wrong", 500)


class APIUnavailableMiddleware:
    """Turn `client.Unavailable` into a friendly 503 page with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, client.Unavailable):
            return None
        logger.warning("503 for %s: %s", request.path, exception)
        response = error_page(request, "503.html", "Back in a moment", 503)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response


def csrf_failure(request, reason=""):
    """403 when a form comes back without a valid CSRF token (e.g. after a long pause)."""
    return error_page(request, "403_csrf.html", "Please send the form again", 403)
