"""Serve uploaded media from MEDIA_ROOT in production when nothing else does (SERVE_MEDIA).

The production stack has no web server beside the backend and WhiteNoise only serves files
that exist when the process starts, so this middleware answers MEDIA_URL itself: GET and HEAD
only, files inside MEDIA_ROOT only (Django's static `serve` refuses any path outside it and
any folder), with Last-Modified and a week of caching. The documents folder is refused: Wagtail
serves documents through /documents/ so that collection privacy applies.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

MEDIA_MAX_AGE = 7 * 24 * 60 * 60
PRIVATE_FOLDERS = ("documents/",)


class MediaFilesMiddleware:
    """Answer requests under MEDIA_URL from MEDIA_ROOT before the rest of the stack runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.MEDIA_URL

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        path = posixpath.normpath(request.path_info.removeprefix(self.prefix)).lstrip("/")
        if path.startswith(PRIVATE_FOLDERS):
            raise Http404("Documents are served under /documents/.")
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
        response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
        # An uploaded file opened directly must not run as a page of this site.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
