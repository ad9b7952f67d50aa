"""Request bodies too large for the API: a 413 in the API's JSON, on every settings module.

Django raises RequestDataTooBig when a view reads a body over DATA_UPLOAD_MAX_MEMORY_SIZE;
Django REST framework leaves that exception to Django, which answers with its HTML 400 page
(the debug page under DEBUG). Checked from Content-Length before any view runs, the client
gets the `{"message": ...}` every other API error has, and nothing reads the body.
"""

from django.conf import settings
from django.http import JsonResponse

from api.caching import API_PREFIX


class APIBodyLimitMiddleware:
    """Refuse an API request whose declared body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                message = "Content-Length must be a number of bytes."
                return JsonResponse({"message": message}, status=400)
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                message = f"The request body is larger than the limit of {limit} bytes."
                return JsonResponse({"message": message}, status=413)
        return self.get_response(request)
