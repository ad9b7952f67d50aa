"""Sending publish notifications: signed POSTs with retries, each logged as a delivery.

Deliveries run on a small thread pool so that publishing in the admin never waits for a
subscriber; tests set WEBHOOK_DELIVERY_SYNC to send them inline.
"""

import hashlib
import hmac
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from api.models import WebhookDelivery, WebhookSubscriber

logger = logging.getLogger(__name__)
TIMEOUT = (2, 5)  # connect, read (seconds)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="webhook")


def sign(secret: str, body: bytes) -> str:
    """The value of X-CMS-Signature for this body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def targets() -> list[tuple[WebhookSubscriber | None, str, str]]:
    """(subscriber, url, secret) for every active subscriber and the site's own frontend."""
    found = [(s, s.url, s.secret) for s in WebhookSubscriber.objects.filter(is_active=True)]
    if settings.FRONTEND_PURGE_URL and settings.CMS_WEBHOOK_SECRET:
        found.append((None, settings.FRONTEND_PURGE_URL, settings.CMS_WEBHOOK_SECRET))
    return found


def notify(event: str, object_type: str, object_id, paths: list[str]) -> None:
    """Queue a notification of `event` to every target."""
    payload = {
        "event": event,
        "object": {"type": object_type, "id": object_id},
        "paths": paths,
        "sent_at": timezone.now().isoformat(),
    }
    for subscriber, url, secret in targets():
        delivery = WebhookDelivery.objects.create(
            subscriber=subscriber, url=url, event=event, payload=payload
        )
        if settings.WEBHOOK_DELIVERY_SYNC:
            deliver(delivery.pk, secret)
        else:
            _pool.submit(deliver_in_thread, delivery.pk, secret)


def deliver_in_thread(delivery_id: int, secret: str) -> None:
    try:
        deliver(delivery_id, secret)
    finally:
        close_old_connections()


def deliver(delivery_id: int, secret: str) -> WebhookDelivery:
    """POST the delivery's payload, retrying with backoff; record the outcome."""
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "MassageAha-CMS-Webhooks/1",
        "X-CMS-Event": delivery.event,
        "X-CMS-Delivery": str(delivery.pk),
        "X-CMS-Signature": sign(secret, body),
    }
    delays = settings.WEBHOOK_RETRY_DELAYS
    for attempt in range(len(delays) + 1):
        delivery.attempts = attempt + 1
        try:
            answer = requests.post(delivery.url, data=body, headers=headers, timeout=TIMEOUT)
            delivery.status_code, delivery.error = answer.status_code, ""
            delivery.succeeded = 200 <= answer.status_code < 300
            if not delivery.succeeded:
                delivery.error = f"HTTP {answer.status_code}"
        except requests.RequestException as error:
            delivery.status_code, delivery.succeeded = None, False
            delivery.error = f"{error.__class__.__name__}: {error}"[:500]
            if delivery.subscriber_id is None and isinstance(error, requests.ConnectionError):
                break  # the site's own frontend is not running: it has no cache to purge
        if delivery.succeeded or attempt == len(delays):
            break
        time.sleep(delays[attempt])
    delivery.finished_at = timezone.now()
    delivery.save()
    if not delivery.succeeded:
        logger.warning("Webhook %s to %s failed: %s", delivery.event, delivery.url, delivery.error)
    return delivery
