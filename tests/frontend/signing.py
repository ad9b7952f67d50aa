"""Publish notifications as the CMS sends them: JSON signed with the shared secret and the
time of sending (X-CMS-Timestamp, X-CMS-Signature)."""

import hashlib
import hmac
import json
import time

from tests.frontend.live_backend import WEBHOOK_SECRET


def notification(event: str = "page_published", paths=("/",)) -> bytes:
    payload = {
        "event": event,
        "object": {"type": "cms_pages.ServicePage", "id": 10},
        "paths": list(paths),
        "sent_at": "2026-11-27T10:00:00+00:00",
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def signature(body: bytes, timestamp: int, secret: str = WEBHOOK_SECRET) -> str:
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, secret: str = WEBHOOK_SECRET, age: float = 0) -> dict[str, str]:
    """The headers of a notification signed `age` seconds ago (negative: in the future)."""
    timestamp = int(time.time() - age)
    return {
        "X-CMS-Timestamp": str(timestamp),
        "X-CMS-Signature": signature(body, timestamp, secret),
    }


def post_purge(client, body: bytes | None = None, secret: str = WEBHOOK_SECRET, headers=None):
    """POST a notification to the site, signed now unless `headers` says otherwise."""
    body = notification() if body is None else body
    return client.post(
        "/_cms/purge/",
        body,
        content_type="application/json",
        headers={"X-CMS-Event": "page_published", **(headers or signed_headers(body, secret))},
    )
