"""Security headers that Django's SecurityMiddleware does not set."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script, no framing) and Permissions-Policy.

    A view may set `response.frame_ancestors` to let one origin frame it: the preview, which
    the CMS admin shows in an iframe.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        frame_ancestors = getattr(response, "frame_ancestors", "'none'")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"{settings.CONTENT_SECURITY_POLICY}; frame-ancestors {frame_ancestors}",
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
