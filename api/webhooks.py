"""Sending change notifications: signed POSTs, each logged as a delivery.

One attempt per call, never a `sleep`: a failed delivery to a subscriber is tried again by a
task scheduled WEBHOOK_RETRY_DELAYS later (`deliver_webhook`), so one dead
subscriber never stalls the queue. The site's own purge is sent at once, on commit, by the
process that made the change, with short timeouts.
"""

import datetime
import hashlib
import hmac
import json
import logging
import socket
import time

import requests
from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from api import webhook_targets
from api.models import WebhookDelivery, WebhookSubscriber

logger = logging.getLogger(__name__)
TIMEOUT = (2, 5)  # connect, read (seconds)
SITE_PURGE_TIMEOUT = (0.5, 3)  # the site is next door: a purge answers in milliseconds


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The value of X-CMS-Signature: the HMAC-SHA256 of "<X-CMS-Timestamp>.<body>".

    The time of sending is signed with the body, so that receivers can refuse a captured
    notification replayed later (the site refuses one older than five minutes).
    """
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def secret_of(delivery: WebhookDelivery) -> str:
    """The subscriber's secret, or the site's shared one for its own purge."""
    if delivery.subscriber_id is None:
        return settings.CMS_WEBHOOK_SECRET
    return delivery.subscriber.secret


def purge_site(payload: dict) -> None:
    """Tell the site's own frontend now (it purges its cache); retried through the queue."""
    if not (settings.FRONTEND_PURGE_URL and settings.CMS_WEBHOOK_SECRET):
        return
    delivery = WebhookDelivery.objects.create(
        subscriber=None, url=settings.FRONTEND_PURGE_URL, event=payload["event"], payload=payload
    )
    attempt(delivery, timeout=SITE_PURGE_TIMEOUT)


def queue_for_subscribers(payload: dict) -> None:
    """Log a delivery to every active subscriber and queue it."""
    for subscriber in WebhookSubscriber.objects.filter(is_active=True):
        delivery = WebhookDelivery.objects.create(
            subscriber=subscriber, url=subscriber.url, event=payload["event"], payload=payload
        )
        deliver_webhook.enqueue(delivery.pk)


def attempt(delivery: WebhookDelivery, *, timeout=TIMEOUT) -> None:
    """POST the delivery's payload once; record the outcome; queue a retry when one is due.

    A refused connection to the site's own frontend is not retried: it is not running, so it
    has no cache to purge. Nor is a target that `webhook_targets` refuses (not a public
    address): the refusal is recorded as the delivery's error.
    """
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())  # each try is signed afresh: a retry is never stale
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "MassageAha-CMS-Webhooks/1",
        "X-CMS-Event": delivery.event,
        "X-CMS-Delivery": str(delivery.pk),
        "X-CMS-Timestamp": str(timestamp),
        "X-CMS-Signature": sign(secret_of(delivery), timestamp, body),
    }
    delivery.attempts += 1
    retry = True
    try:
        answer = webhook_targets.post(
            delivery.url, data=body, headers=headers, timeout=timeout, allow_redirects=False
        )
        delivery.status_code, delivery.error = answer.status_code, ""
        delivery.succeeded = 200 <= answer.status_code < 300
        if not delivery.succeeded:
            delivery.error = f"HTTP {answer.status_code}"
    except webhook_targets.RefusedTarget as refusal:  # trying again would be refused again
        delivery.status_code, delivery.succeeded = None, False
        delivery.error, retry = f"Refused: {refusal}"[:500], False
    except (requests.RequestException, socket.gaierror) as error:
        delivery.status_code, delivery.succeeded = None, False
        delivery.error = f"{error.__class__.__name__}: {error}"[:500]
        if delivery.subscriber_id is None and isinstance(error, requests.ConnectionError):
            retry = False
    delays = settings.WEBHOOK_RETRY_DELAYS
    retry = retry and not delivery.succeeded and delivery.attempts <= len(delays)
    if not retry:
        delivery.finished_at = timezone.now()
    delivery.save()
    if retry:
        schedule_retry(delivery)
    elif not delivery.succeeded:
        logger.warning("Webhook %s to %s failed: %s", delivery.event, delivery.url, delivery.error)


def schedule_retry(delivery: WebhookDelivery) -> None:
    """Queue the next try after its delay (at once where the backend cannot wait: tests)."""
    retry = deliver_webhook
    if default_task_backend.supports_defer:
        delay = settings.WEBHOOK_RETRY_DELAYS[delivery.attempts - 1]
        retry = retry.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    retry.enqueue(delivery.pk)


@task()
def deliver_webhook(delivery_id: int) -> None:
    """One try of a logged delivery that has not finished (its subscriber still active)."""
    delivery = (
        WebhookDelivery.objects.select_related("subscriber")
        .filter(pk=delivery_id, finished_at=None)
        .first()
    )
    if delivery is None:
        return
    if delivery.subscriber_id and not delivery.subscriber.is_active:
        delivery.error, delivery.finished_at = "subscriber paused", timezone.now()
        delivery.save(update_fields=["error", "finished_at"])
        return
    attempt(delivery)
