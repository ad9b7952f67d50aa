"""Edges of the API: oversized bodies, links built on the public address, what junk may store."""

import json
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from api.caching import APICacheMiddleware, content_generation
from cms_pages.models import ContactPage, Response
from cms_pages.spam import akismet_enabled

pytestmark = pytest.mark.django_db


def oversized(settings) -> bytes:
    """A JSON body one byte over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return json.dumps({"text": "x" * (limit - 11)}).encode()


@pytest.mark.parametrize("endpoint", ["responses/", "forms/{contact}/", "pages/"])
def test_an_oversized_body_gets_a_json_413(client, demo_content, settings, endpoint):
    path = "/api/v2/" + endpoint.format(contact=ContactPage.objects.get().pk)
    body = oversized(settings)
    assert len(body) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1

    answer = client.post(path, body, content_type="application/json")

    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {
        "message": "The request body is larger than the limit of 2621440 bytes."
    }
    assert not Response.objects.exclude(fingerprint="demo").exists()


def test_a_body_within_the_limit_reaches_the_endpoint(client, demo_content, settings):
    body = json.dumps({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 20)})
    answer = client.post("/api/v2/responses/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["errors"]["text"] == [
        "Ensure this field has no more than 3000 characters."
    ]


def test_a_malformed_content_length_is_a_json_400(client, demo_content):
    answer = client.post(
        "/api/v2/responses/", b"{}", content_type="application/json", CONTENT_LENGTH="lots"
    )
    assert answer.status_code == 400
    assert answer.json() == {"message": "Content-Length must be a number of bytes."}


def test_paging_links_are_on_the_public_address_whatever_host_was_asked(
    client, demo_content, settings
):
    settings.WAGTAILAPI_BASE_URL = "https://cms.example.com"
    path = "/api/v2/pages/?limit=4&offset=4"

    internal = client.get(path, HTTP_HOST="internal.example")
    public = client.get(path, HTTP_HOST="cms.example.com")

    meta = internal.json()["meta"]
    assert meta["next"] == "https://cms.example.com/api/v2/pages/?limit=4&offset=8"
    assert meta["previous"] == "https://cms.example.com/api/v2/pages/?limit=4"
    assert "internal.example" not in internal.content.decode()
    assert public.content == internal.content  # the same cached answer for every Host


def stored_key(path: str) -> str:
    request = RequestFactory().get(f"/api/v2/{path}")
    return APICacheMiddleware.cache_key(request, content_generation(), akismet_enabled())


def seconds_kept(path: str) -> float:
    """How long the shared cache keeps the answer to `path` (django-redis says; LocMemCache's
    expiry time is read)."""
    key = stored_key(path)
    assert cache.get(key) is not None, f"{path} was not stored"
    if hasattr(cache, "ttl"):
        return cache.ttl(key)
    return cache._expire_info[cache.make_key(key)] - time.time()


def test_search_answers_are_kept_briefly_and_other_answers_for_long(api, demo_content):
    searches = ["search/?q=massage", "search/?q=qzxv", "pages/?search=massage"]
    for path in [*searches, "pages/?type=cms_pages.ServicePage"]:
        assert api.get(path).status_code == 200
    for path in searches:
        assert 50 < seconds_kept(path) <= 60
    assert 3590 < seconds_kept("pages/?type=cms_pages.ServicePage") <= 3600


@pytest.mark.parametrize(
    "path", ["pages/find/?html_path=/junk-4821/", "pages/999999/", "no-such-thing/junk/"]
)
def test_not_found_answers_are_never_stored(api, demo_content, path):
    answer = api.get(path)
    assert (answer.status_code, list(answer.json())) == (404, ["message"])
    assert answer["Cache-Control"] == "no-cache"
    assert cache.get(stored_key(path)) is None
