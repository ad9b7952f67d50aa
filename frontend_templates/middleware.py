"""Security headers that Django's SecurityMiddleware does not set."""

from django.conf import settings

PREVIEW_PATH = "/preview/"


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script, no framing) and Permissions-Policy.

    /preview/ is the one exception to "no framing": the CMS admin shows drafts in an iframe,
    so whatever /preview/ answers (the draft, or an error) may be framed by CMS_ADMIN_ORIGIN
    and by nobody else. Listed after XFrameOptionsMiddleware so that it can exempt them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        frame_ancestors = "'none'"
        if request.path.startswith(PREVIEW_PATH):
            frame_ancestors = settings.CMS_ADMIN_ORIGIN
            response.xframe_options_exempt = True
        response.headers.setdefault(
            "Content-Security-Policy",
            f"{settings.CONTENT_SECURITY_POLICY}; frame-ancestors {frame_ancestors}",
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
