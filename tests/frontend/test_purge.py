"""Publish notifications purge the site's page cache; only the CMS may send them."""

from tests.frontend.html import main_text
from tests.frontend.signing import notification, post_purge, signature

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


def test_a_signed_body_that_is_not_a_notification_is_a_bad_request(client):
    assert post_purge(client, body=b"not json").status_code == 400


def test_the_purge_address_accepts_only_post(client):
    body = notification()
    response = client.get("/_cms/purge/", headers={"X-CMS-Signature": signature(body)})
    assert response.status_code == 405
