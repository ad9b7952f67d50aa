"""POST /_cms/purge/: the CMS's signed publish notifications purge the site's cache."""

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontend_templates import page_cache

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
        event = json.loads(request.body)["event"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("expected a JSON notification with an event")
    page_cache.purge()
    logger.info("Cache purged: %s %s", event, request.headers.get("X-CMS-Delivery", ""))
    return HttpResponse(status=204)
