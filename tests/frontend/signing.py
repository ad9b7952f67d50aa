"""Publish notifications as the CMS sends them: JSON signed with the shared secret."""

import hashlib
import hmac
import json

from tests.frontend.live_backend import WEBHOOK_SECRET


def notification(event: str = "page_published", paths=("/",)) -> bytes:
    payload = {
        "event": event,
        "object": {"type": "cms_pages.ServicePage", "id": 10},
        "paths": list(paths),
        "sent_at": "2026-11-27T10:00:00+00:00",
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def signature(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_purge(client, body: bytes | None = None, secret: str = WEBHOOK_SECRET):
    body = notification() if body is None else body
    return client.post(
        "/_cms/purge/",
        body,
        content_type="application/json",
        headers={"X-CMS-Signature": signature(body, secret), "X-CMS-Event": "page_published"},
    )
