"""Webhook targets: public http(s) addresses only, checked when saved and when sent; no redirects.

The suite allows private targets (its Receivers listen on 127.0.0.1); these tests hold the
production rule, WEBHOOK_ALLOW_PRIVATE_TARGETS off, unless a test says otherwise.
"""

import socket

import pytest

from api.models import WebhookDelivery, WebhookSubscriber
from api.webhook_targets import RefusedTarget, check_target
from tests.api.conftest import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_targets_only(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False


@pytest.fixture
def publish(craniosacral, django_capture_on_commit_callbacks):
    """Publish the CranioSacral page as the owner would (its notifications run on commit)."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            craniosacral.save_revision().publish()

    return run


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.20/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[::]/hook",
        "http://[fe80::1]/hook",
        "http://[fc00::1]/hook",
        "http://[ff02::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[2002:7f00:1::]/hook",
    ],
)
def test_addresses_off_the_public_internet_are_refused(url):
    with pytest.raises(RefusedTarget, match="which is not a public internet address"):
        check_target(url)


@pytest.mark.parametrize("url", ["ftp://8.8.8.8/hook", "file:///etc/passwd", "gopher://8.8.8.8/"])
def test_only_http_and_https_are_accepted(url):
    with pytest.raises(RefusedTarget, match="must start with http:// or https://"):
        check_target(url)


@pytest.mark.parametrize("url", ["https://8.8.8.8/hook", "http://[2606:4700:4700::1111]:8443/"])
def test_public_addresses_are_accepted(url):
    check_target(url)


def add_subscriber(admin_client, url: str):
    return admin_client.post(
        "/admin/webhooksubscriber/new/",
        {"name": "Partner", "url": url, "secret": "s" * 40, "is_active": "on"},
    )


def test_the_owner_is_told_why_a_private_address_is_refused(admin_client):
    answer = add_subscriber(admin_client, "http://169.254.169.254/latest/meta-data/")
    assert answer.status_code == 200
    assert (
        "169.254.169.254 is at 169.254.169.254, which is not a public internet address"
        in answer.content.decode()
    )
    assert not WebhookSubscriber.objects.exists()


def test_the_owner_is_told_when_the_host_does_not_exist(admin_client):
    answer = add_subscriber(admin_client, "https://partner.invalid/hook")
    assert "The host partner.invalid could not be found" in answer.content.decode()
    assert not WebhookSubscriber.objects.exists()


def test_the_owner_can_add_a_public_target(admin_client):
    answer = add_subscriber(admin_client, "https://8.8.8.8/hook")
    assert answer.status_code == 302
    assert WebhookSubscriber.objects.get().url == "https://8.8.8.8/hook"


def test_private_targets_can_be_allowed(admin_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert add_subscriber(admin_client, "http://10.0.0.5/hook").status_code == 302
    assert WebhookSubscriber.objects.get().url == "http://10.0.0.5/hook"


def test_a_target_no_longer_public_is_refused_when_sent_and_not_retried(receiver, publish):
    # Saved while allowed (or while its name pointed elsewhere); checked again when sent.
    WebhookSubscriber.objects.create(name="Moved", url=receiver.url)
    publish()
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.attempts, delivery.status_code) == (False, 1, None)
    assert delivery.finished_at is not None
    assert delivery.error == (
        "Refused: 127.0.0.1 is at 127.0.0.1, which is not a public internet address "
        "(loopback, private, link-local, multicast or reserved)."
    )


def test_a_name_that_changes_address_after_the_check_is_not_connected_to(
    receiver, publish, monkeypatch
):
    """DNS rebinding: the first lookup answers a public address, the next one loopback."""
    port = receiver.server.server_port
    real_lookup = socket.getaddrinfo
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding_dns(host, *args, **kwargs):
        if host != "partner.example":
            return real_lookup(host, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    WebhookSubscriber.objects.create(name="Rebinder", url=f"http://partner.example:{port}/hook")
    publish()
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.error.startswith("Refused: partner.example is now at 127.0.0.1")
    assert (delivery.succeeded, delivery.attempts) == (False, 1)


def test_the_sites_own_purge_url_is_exempt(receiver, publish, settings):
    settings.FRONTEND_PURGE_URL, settings.CMS_WEBHOOK_SECRET = receiver.url, "shared"
    publish()
    assert [message["path"] for message in receiver.received] == ["/hook"]
    assert WebhookDelivery.objects.get(subscriber=None).succeeded


def test_redirects_are_never_followed(receiver, publish, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # both ends on loopback
    redirector = Receiver(statuses=(307,), headers={"Location": receiver.url})
    try:
        WebhookSubscriber.objects.create(name="Redirects", url=redirector.url)
        publish()
    finally:
        redirector.close()
    assert len(redirector.received) == 3  # tried, then retried twice: a redirect is a failure
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.succeeded, delivery.status_code, delivery.error) == (False, 307, "HTTP 307")
