"""Who the client is, behind TRUSTED_PROXY_COUNT proxies: for the API's rate limit and forms.

A client that writes its own X-Forwarded-For must not become someone new with each request,
and behind a proxy every client keeps a budget of its own.
"""

import json
import uuid

import pytest
from django.test import RequestFactory, override_settings

from api.caching import TrustedClientThrottle
from backend.client_address import client_ip
from cms_pages.models import Response
from tests.api.test_submissions import aged_token
from tests.client_address_cases import CASES, PROXY, meta


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "client"), CASES.values(), ids=CASES
)
def test_the_client_is_counted_from_the_right(proxies, remote_addr, forwarded_for, client):
    request = RequestFactory().get("/", **meta(remote_addr, forwarded_for))
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == client


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(TrustedClientThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def statuses(client, path: str, forwarded: list[str], remote_addr: str = "203.0.113.40"):
    return [
        client.get(path, REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded
    ]


def test_a_new_x_forwarded_for_on_each_request_does_not_escape_the_limit(
    client, demo_content, three_a_minute
):
    forged = [f"198.51.100.{n}" for n in range(1, 6)]

    assert statuses(client, "/api/v2/practice/", forged) == [200, 200, 200, 429, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_a_budget_of_its_own(client, demo_content, three_a_minute):
    flooding = [f"{uuid.uuid4().hex[:6]}, 203.0.113.{n}, 198.51.100.7" for n in range(4)]

    assert statuses(client, "/api/v2/practice/", flooding, remote_addr=PROXY) == [200] * 3 + [429]
    limited = client.get(
        "/api/v2/practice/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert limited.status_code == 429
    assert "Too many requests" in limited.json()["message"]
    other = client.get("/api/v2/practice/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200
    assert other.json()["name"]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, FORM_RATE_LIMIT=(2, 600))
def test_behind_a_proxy_the_form_limit_and_the_stored_address_are_the_visitors(
    client, craniosacral
):
    def send(forwarded_for: str, text: str):
        body = {
            "page": craniosacral.pk,
            "name": "Dana",
            "email": "dana@example.com",
            "text": text,
            "form_token": aged_token(),
        }
        return client.post(
            "/api/v2/responses/",
            data=json.dumps(body),
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    sent = [send(f"203.0.113.{n}, 198.51.100.7", f"Note {n}") for n in range(3)]
    other = send("198.51.100.8", "A note from someone else")

    assert [answer.status_code for answer in sent] == [201, 201, 429]
    assert "Too many submissions from your address" in sent[2].json()["message"]
    assert other.status_code == 201
    # The address kept with each response is the one Akismet is told (cms_pages.tasks).
    stored = Response.objects.exclude(fingerprint="demo").order_by("pk")
    assert [r.ip_address for r in stored] == ["198.51.100.7", "198.51.100.7", "198.51.100.8"]
