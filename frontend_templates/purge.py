"""POST /_cms/purge/: the CMS's signed publish notifications purge the site's cache.

A purge replaces the content generation (every kept API answer and finished page is stale
at once, on every worker), starts an empty folder of page files for the proxy, and renders
the changed pages again before it answers (frontend_templates.prerender).
"""

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontend_templates import api_cache, page_files, prerender

logger = logging.getLogger(__name__)


def signature_is_valid(body: bytes, header: str) -> bool:
    """Whether X-CMS-Signature is 'sha256=<HMAC-SHA256 of the body with the shared secret>'."""
    secret = settings.CMS_WEBHOOK_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


@csrf_exempt
@require_POST
def purge(request):
    """Purge every fresh copy on every worker: 204, or 403 when the signature is wrong."""
    if not signature_is_valid(request.body, request.headers.get("X-CMS-Signature", "")):
        return HttpResponseForbidden("bad signature")
    try:
        notification = json.loads(request.body)
        event, paths = notification["event"], notification.get("paths") or []
        if not isinstance(paths, list):
            raise TypeError("paths")
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("expected a JSON notification with an event")
    generation = api_cache.purge()
    if page_files.enabled():
        page_files.switch(generation)
    logger.info("Cache purged: %s %s", event, request.headers.get("X-CMS-Delivery", ""))
    origin = settings.SITE_URL or f"{request.scheme}://{request.get_host()}"
    prerender.after_purge([p for p in paths if isinstance(p, str)], origin)
    return HttpResponse(status=204)
