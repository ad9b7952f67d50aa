"""Publish notifications: signed POSTs to subscribers, retries, and the delivery log."""

import datetime
import hashlib
import hmac
import json
import time

import pytest
import time_machine
from django.test import override_settings

from api import webhooks
from api.models import WebhookDelivery, WebhookSubscriber
from cms_pages.models import FAQ, PracticeSettings
from tests.api.conftest import Receiver

pytestmark = pytest.mark.django_db


def verify(secret: str, message: dict, max_age: float = 60) -> dict:
    """Check a POST as a subscriber would (README): the HMAC-SHA256 of "<timestamp>.<body>",
    sent no more than `max_age` seconds ago; the payload."""
    timestamp = message["headers"]["X-CMS-Timestamp"]
    signed = f"{timestamp}.".encode() + message["body"]
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(message["headers"]["X-CMS-Signature"], expected)
    assert abs(time.time() - int(timestamp)) <= max_age
    return json.loads(message["body"])


def test_subscriber_gets_a_signed_post_when_a_page_is_published(
    receiver, craniosacral, django_capture_on_commit_callbacks
):
    subscriber = WebhookSubscriber.objects.create(name="Partner", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    [message] = receiver.received
    payload = verify(subscriber.secret, message)
    assert message["headers"]["X-CMS-Event"] == "page_published"
    assert payload["event"] == "page_published"
    assert payload["object"] == {"type": "cms_pages.ServicePage", "id": craniosacral.pk}
    assert payload["paths"] == ["/services/craniosacral-massage/"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.status_code, delivery.attempts) == (True, 204, 1)


@pytest.mark.parametrize(
    "change,event",
    [
        (lambda page: page.unpublish(), "page_unpublished"),
        (lambda page: FAQ.objects.first().save(), "faq_changed"),
        (lambda page: PracticeSettings.objects.get().save(), "settings_changed"),
        (lambda page: page.image.save(), "image_changed"),
    ],
    ids=["unpublish", "faq", "settings", "image"],
)
def test_each_kind_of_change_is_announced(
    receiver, craniosacral, django_capture_on_commit_callbacks, change, event
):
    WebhookSubscriber.objects.create(name="Partner", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        change(craniosacral)
    assert event in [json.loads(m["body"])["event"] for m in receiver.received]


def test_a_failing_subscriber_is_retried_until_it_answers(
    craniosacral, django_capture_on_commit_callbacks
):
    flaky = Receiver(statuses=(500, 503, 200))
    try:
        WebhookSubscriber.objects.create(name="Flaky", url=flaky.url)
        with django_capture_on_commit_callbacks(execute=True):
            craniosacral.save_revision().publish()
    finally:
        flaky.close()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.attempts, delivery.status_code) == (True, 3, 200)
    assert len(flaky.received) == 3


def test_an_unreachable_subscriber_is_logged_as_failed(
    craniosacral, django_capture_on_commit_callbacks
):
    WebhookSubscriber.objects.create(name="Gone", url="http://127.0.0.1:9/hook")
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    assert not delivery.succeeded
    assert delivery.attempts == 3
    assert "ConnectionError" in delivery.error


def test_paused_subscribers_are_not_told(
    receiver, craniosacral, django_capture_on_commit_callbacks
):
    WebhookSubscriber.objects.create(name="Paused", url=receiver.url, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    assert receiver.received == []


def test_the_frontend_purge_uses_the_same_mechanism(
    receiver, craniosacral, django_capture_on_commit_callbacks
):
    purge = override_settings(FRONTEND_PURGE_URL=receiver.url, CMS_WEBHOOK_SECRET="shared")
    with purge, django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    [message] = receiver.received
    assert verify("shared", message)["event"] == "page_published"
    assert WebhookDelivery.objects.get().subscriber is None


def test_owner_sees_the_delivery_log_and_cannot_forge_entries(
    admin_client, receiver, craniosacral, django_capture_on_commit_callbacks
):
    WebhookSubscriber.objects.create(name="Partner", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    log = admin_client.get("/admin/webhookdelivery/")
    assert log.status_code == 200
    assert receiver.url in log.content.decode()
    assert admin_client.get("/admin/webhookdelivery/new/").status_code in (302, 403)
    subscribers = admin_client.get("/admin/webhooksubscriber/")
    assert "Partner" in subscribers.content.decode()


def test_a_stopped_frontend_is_not_retried(craniosacral, django_capture_on_commit_callbacks):
    purge = override_settings(
        FRONTEND_PURGE_URL="http://127.0.0.1:9/_cms/purge/", CMS_WEBHOOK_SECRET="s"
    )
    with purge, django_capture_on_commit_callbacks(execute=True):
        craniosacral.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.attempts) == (False, 1)


SENT_AT = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_each_post_is_signed_with_its_time_of_sending(
    receiver, craniosacral, django_capture_on_commit_callbacks
):
    subscriber = WebhookSubscriber.objects.create(name="Partner", url=receiver.url)
    with time_machine.travel(SENT_AT, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            craniosacral.save_revision().publish()
        [message] = receiver.received
        assert verify(subscriber.secret, message)["event"] == "page_published"
    assert message["headers"]["X-CMS-Timestamp"] == str(int(SENT_AT.timestamp()))
    # The body alone, without its time, is not what is signed: it cannot be replayed later.
    unsigned_time = hmac.new(subscriber.secret.encode(), message["body"], hashlib.sha256)
    assert message["headers"]["X-CMS-Signature"] != "sha256=" + unsigned_time.hexdigest()


def test_a_retry_sent_minutes_later_is_signed_when_it_is_sent(craniosacral):
    """The last retry waits 5 minutes: it must not carry the first try's stale timestamp."""
    flaky = Receiver(statuses=(503, 204))
    try:
        subscriber = WebhookSubscriber.objects.create(name="Flaky", url=flaky.url)
        delivery = WebhookDelivery.objects.create(
            subscriber=subscriber, url=flaky.url, event="faq_changed", payload={"paths": []}
        )
        with override_settings(TASKS=DUMMY_QUEUE), time_machine.travel(SENT_AT) as clock:
            webhooks.attempt(delivery)  # answered 503: a retry is queued for later
            clock.move_to(SENT_AT + datetime.timedelta(minutes=10))
            webhooks.deliver_webhook.call(delivery.pk)  # what the worker runs when it is due
            first, retry = flaky.received
            verify(subscriber.secret, retry, max_age=5)
    finally:
        flaky.close()
    assert (
        int(retry["headers"]["X-CMS-Timestamp"]) - int(first["headers"]["X-CMS-Timestamp"]) >= 600
    )
    delivery.refresh_from_db()
    assert (delivery.succeeded, delivery.attempts) == (True, 2)
