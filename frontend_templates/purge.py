"""POST /_cms/purge/: the CMS's signed publish notifications purge the site's cache.

A purge replaces the content generation (every kept API answer and finished page is stale
at once, on every worker), starts an empty folder of page files for the proxy, and renders
the changed pages again before it answers (frontend_templates.prerender). A change that may
take content out of public view drops the last good copies too (frontend_templates.api_cache).
"""

import hashlib
import hmac
import json
import logging
import re
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontend_templates import api_cache, page_files, prerender

logger = logging.getLogger(__name__)
# Seconds a notification's signed timestamp may be from the site's clock, either way.
SIGNATURE_MAX_AGE = 5 * 60
# Changes after which any last good copy may show what the public may no longer see: a page
# unpublished (scheduled expiry too), deleted, made private, moved (under a private section,
# say), a collection made private (its images and documents sit in pages), or a visitor's
# approved response taken back (un-approved, marked spam, deleted, erased at their request).
WITHDRAWING_EVENTS = frozenset(
    {
        "page_unpublished",
        "page_deleted",
        "page_privacy_changed",
        "page_moved",
        "collection_privacy_changed",
        "response_withdrawn",
    }
)


def signature_refusal(body: bytes, timestamp: str, signature: str) -> str | None:
    """Why a notification is refused, None when it is not: X-CMS-Signature must be
    'sha256=<HMAC-SHA256 of "<X-CMS-Timestamp>.<body>" with the shared secret>', and its
    X-CMS-Timestamp (Unix seconds) at most SIGNATURE_MAX_AGE seconds from this clock, so that
    a captured notification cannot be replayed later."""
    secret = settings.CMS_WEBHOOK_SECRET
    well_formed = re.fullmatch(r"[0-9]{1,12}", timestamp) and signature.startswith("sha256=")
    if not (secret and well_formed):
        return "bad signature"
    message = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.removeprefix("sha256=").encode()):
        return "bad signature"
    if abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE:
        return (
            f"expired signature: X-CMS-Timestamp is over {SIGNATURE_MAX_AGE}s from the site's clock"
        )
    return None


def withdraws_content(notification: dict) -> bool:
    """Whether any change the notification carries (its first `event`, or one of its
    `changes`: one transaction's) is in WITHDRAWING_EVENTS."""
    changes = notification.get("changes")
    events = [notification["event"]]
    if isinstance(changes, list):
        events += [change.get("event") for change in changes if isinstance(change, dict)]
    return any(isinstance(event, str) and event in WITHDRAWING_EVENTS for event in events)


@csrf_exempt
@require_POST
def purge(request):
    """Purge every fresh copy on every worker: 204, or 403 for a wrong or stale signature."""
    refusal = signature_refusal(
        request.body,
        request.headers.get("X-CMS-Timestamp", ""),
        request.headers.get("X-CMS-Signature", ""),
    )
    if refusal:
        return HttpResponseForbidden(refusal)
    try:
        notification = json.loads(request.body)
        event, paths = notification["event"], notification.get("paths") or []
        if not isinstance(paths, list):
            raise TypeError("paths")
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("expected a JSON notification with an event")
    generation = api_cache.purge(forget_last_good=withdraws_content(notification))
    if page_files.enabled():
        page_files.switch(generation)
    logger.info("Cache purged: %s %s", event, request.headers.get("X-CMS-Delivery", ""))
    origin = settings.SITE_URL or f"{request.scheme}://{request.get_host()}"
    prerender.after_purge([p for p in paths if isinstance(p, str)], origin)
    return HttpResponse(status=204)
