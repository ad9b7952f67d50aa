"""Publish notifications purge the site's page cache; only the CMS may send them, and only
within five minutes of signing them."""

import pytest

from tests.frontend.html import main_text
from tests.frontend.signing import notification, post_purge, signature, signed_headers

SERVICE = "/services/craniosacral-massage/"


def test_a_signed_notification_purges_so_the_next_visit_asks_the_api(client, api_proxy):
    client.get(SERVICE)
    asked = api_proxy.content_requests

    response = post_purge(client)

    assert response.status_code == 204
    page = client.get(SERVICE)
    assert "What is CranioSacral Massage?" in main_text(page)
    assert api_proxy.content_requests > asked


def test_a_notification_signed_with_another_secret_is_refused_and_purges_nothing(client, api_proxy):
    client.get(SERVICE)
    asked = api_proxy.content_requests

    response = post_purge(client, secret="not-the-shared-secret")

    assert response.status_code == 403
    client.get(SERVICE)
    assert api_proxy.content_requests == asked


def test_an_unsigned_notification_is_refused(client):
    response = client.post("/_cms/purge/", notification(), content_type="application/json")
    assert response.status_code == 403


def test_a_notification_signed_minutes_ago_still_purges(client, api_proxy):
    client.get(SERVICE)
    asked = api_proxy.content_requests

    response = post_purge(client, headers=signed_headers(notification(), age=4 * 60))

    assert response.status_code == 204
    client.get(SERVICE)
    assert api_proxy.content_requests > asked


@pytest.mark.parametrize(
    "age", [6 * 60, 24 * 3600, -6 * 60], ids=["6 minutes old", "a day old", "6 minutes ahead"]
)
def test_a_notification_signed_over_five_minutes_from_now_is_refused_and_purges_nothing(
    client, api_proxy, age
):
    client.get(SERVICE)
    asked = api_proxy.content_requests

    response = post_purge(client, headers=signed_headers(notification(), age=age))

    assert response.status_code == 403
    assert b"expired signature" in response.content
    client.get(SERVICE)
    assert api_proxy.content_requests == asked


def test_a_replayed_notification_with_a_fresh_timestamp_is_refused(client, api_proxy):
    body = notification()
    captured = signed_headers(body, age=10 * 60)
    replayed = {**captured, "X-CMS-Timestamp": signed_headers(body)["X-CMS-Timestamp"]}
    client.get(SERVICE)
    asked = api_proxy.content_requests

    response = post_purge(client, body, headers=replayed)

    assert response.status_code == 403
    assert response.content == b"bad signature"
    client.get(SERVICE)
    assert api_proxy.content_requests == asked


@pytest.mark.parametrize(
    "headers",
    [
        {"X-CMS-Signature": signature(notification(), 0)},
        {"X-CMS-Timestamp": "soon", "X-CMS-Signature": signature(notification(), 0)},
        {"X-CMS-Timestamp": "1" * 5000, "X-CMS-Signature": signature(notification(), 0)},
        {"X-CMS-Timestamp": "1700000000", "X-CMS-Signature": "sha256=caf\u00e9"},
    ],
    ids=["no timestamp", "not a number", "5000 digits", "not ASCII"],
)
def test_a_malformed_signature_is_refused_not_an_error(client, headers):
    response = post_purge(client, headers=headers)
    assert response.status_code == 403
    assert response.content == b"bad signature"


def test_a_signed_body_that_is_not_a_notification_is_a_bad_request(client):
    assert post_purge(client, body=b"not json").status_code == 400


def test_the_purge_address_accepts_only_post(client):
    response = client.get("/_cms/purge/", headers=signed_headers(notification()))
    assert response.status_code == 405
