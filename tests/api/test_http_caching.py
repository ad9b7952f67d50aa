"""ETags, Cache-Control, freshness after changes, CORS, read-only methods and throttling."""

import time

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, RequestFactory, override_settings

from api.caching import APICacheMiddleware, TrustedClientThrottle, content_generation
from cms_pages.models import FAQ, PracticeSettings, ServiceIndexPage, StandardPage
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "pages/",
    "pages/find/?html_path=/services/",
    "practice/",
    "faqs/",
    "search/?q=massage",
    "images/",
    "documents/",
    "redirects/",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_get_has_etag_and_cache_control_and_answers_304(api, demo_content, path):
    first = api.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    cache_control = first["Cache-Control"]
    for directive in ("public", "max-age=30", "stale-while-revalidate=300", "stale-if-error=86400"):
        assert directive in cache_control
    again = api.get(path, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_cached_answer_is_served_without_touching_the_database(
    api, demo_content, django_assert_num_queries
):
    api.get("pages/find/?html_path=/services/craniosacral-massage/")
    with django_assert_num_queries(0):
        assert api.get("pages/find/?html_path=/services/craniosacral-massage/").status_code == 200


def test_publishing_a_page_refreshes_lists_search_and_etags_at_once(api, demo_content):
    index = ServiceIndexPage.objects.get()
    before = api.get("pages/?type=cms_pages.ServicePage")
    api.get("search/?q=zebrastripe")
    published(
        ServicePageFactory(
            parent=index, title="Zebrastripe Massage", slug="zebrastripe", live=False
        )
    )
    after = api.get("pages/?type=cms_pages.ServicePage")
    assert after.json()["meta"]["total_count"] == before.json()["meta"]["total_count"] + 1
    assert after["ETag"] != before["ETag"]
    assert (
        api.get(
            "pages/?type=cms_pages.ServicePage", **{"If-None-Match": before["ETag"]}
        ).status_code
        == 200
    )
    assert [hit["title"] for hit in api.json("search/?q=zebrastripe")["items"]] == [
        "Zebrastripe Massage"
    ]


def published(page):
    """Publish as the admin does, so that Wagtail's page_published signal fires."""
    page.save_revision().publish()
    return page


def test_unpublishing_moving_and_deleting_refresh_the_cache(api, craniosacral, demo_content):
    find = "pages/find/?html_path={}"
    assert api.get(find.format("/services/craniosacral-massage/")).status_code == 200
    craniosacral.unpublish()
    assert api.get(find.format("/services/craniosacral-massage/")).status_code == 404
    published(craniosacral)
    assert api.get(find.format("/services/craniosacral-massage/")).status_code == 200

    about = StandardPage.objects.get(slug="about")
    policy = StandardPage.objects.get(slug="cancellation-policy")
    assert api.get(find.format("/cancellation-policy/")).status_code == 200
    policy.move(about, pos="last-child")
    assert api.get(find.format("/cancellation-policy/")).status_code == 404
    assert api.get(find.format("/about/cancellation-policy/")).status_code == 200

    about.delete()
    assert api.get(find.format("/about/")).status_code == 404
    assert api.get(find.format("/about/cancellation-policy/")).status_code == 404


def test_faq_and_settings_changes_are_fresh_at_once(api, demo_content):
    api.json("faqs/")
    api.json("practice/")
    faq = FAQ.objects.get(question="What should I wear?")
    faq.question = "What should I wear to a session?"
    faq.save()
    assert "What should I wear to a session?" in [
        f["question"] for f in api.json("faqs/?limit=50")["items"]
    ]
    settings = PracticeSettings.objects.get()
    settings.phone = "(816) 555-0199"
    settings.save()
    assert api.json("practice/")["phone"] == "(816) 555-0199"


def test_any_origin_may_read_the_api_without_credentials(api, demo_content):
    response = api.get("pages/", Origin="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = Client().options(
        "/api/v2/pages/",
        headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_the_admin_never_sends_cors_headers(client, demo_content):
    response = client.get("/admin/login/", headers={"Origin": "https://partner.example"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["pages/", "pages/3/", "practice/", "faqs/", "search/?q=x", "images/"]
)
def test_writes_on_read_only_endpoints_are_405(client, demo_content, method, path):
    response = getattr(client, method)(
        f"/api/v2/{path}", data="{}", content_type="application/json"
    )
    assert response.status_code == 405
    assert "message" in response.json()


@override_settings(API_TRUSTED_CLIENT_KEY="frontend-key")
def test_anonymous_clients_are_throttled_with_retry_after(api, demo_content, monkeypatch):
    monkeypatch.setattr(TrustedClientThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [api.get("practice/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get("pages/")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "message" in limited.json()
    assert api.get("practice/", **{"X-CMS-Client-Key": "frontend-key"}).status_code == 200


@override_settings(API_TRUSTED_CLIENT_KEY="frontend-key")
@pytest.mark.parametrize("sent", ["frontend-kez", "frontend-", "frontend-key2", "frontend-kéy"])
def test_only_the_exact_client_key_is_exempt_from_the_limit(api, demo_content, monkeypatch, sent):
    monkeypatch.setattr(TrustedClientThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    assert api.get("practice/", **{"X-CMS-Client-Key": sent}).status_code == 200
    limited = api.get("practice/", **{"X-CMS-Client-Key": sent})
    assert limited.status_code == 429
    assert "Too many requests" in limited.json()["message"]
    assert api.get("practice/", **{"X-CMS-Client-Key": "frontend-key"}).status_code == 200


def test_api_answers_are_gzipped_and_still_revalidate(api, demo_content):
    zipped = api.get(
        "pages/find/?html_path=/services/craniosacral-massage/", **{"Accept-Encoding": "gzip"}
    )
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["ETag"].startswith('W/"')
    again = api.get(
        "pages/find/?html_path=/services/craniosacral-massage/",
        **{"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]},
    )
    assert again.status_code == 304


def test_admin_pages_are_never_gzipped(client, demo_content):
    response = client.get("/admin/login/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response


def stored_answer_after(path: str, closing: bool):
    """The response cache's entry for `path` once the backend answered it, with the answer
    closed (as a WSGI server does after its last byte) or not yet."""
    request = RequestFactory().get(f"/api/v2/{path}")
    response = WSGIHandler().get_response(request)
    assert response.status_code == 200
    if closing:
        response.close()
    return cache.get(APICacheMiddleware.cache_key(request, content_generation(), False))


def test_a_cold_answer_is_stored_only_once_it_was_sent(demo_content, settings):
    """The client does not wait for the cache's write: it is done when the answer closes."""
    assert stored_answer_after("pages/", closing=False) is None
    cache.clear()
    content, content_type, expires = stored_answer_after("pages/", closing=True)
    assert content_type == "application/json" and b'"total_count"' in content
    assert expires == pytest.approx(time.time() + settings.API_RESPONSE_CACHE_SECONDS, abs=5)


def test_an_answer_the_cache_cannot_keep_is_served_and_logged(
    api, demo_content, monkeypatch, caplog
):
    kept = cache.set

    def refuse_answers(key, *args, **kwargs):
        if key.startswith("api:answer:"):
            raise ConnectionError("the cache is full")
        return kept(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", refuse_answers)
    response = api.get("pages/")  # the test client closes the answer, as servers do
    assert response.status_code == 200 and response.json()["meta"]["total_count"] > 0
    assert "Could not store the API answer for /api/v2/pages/" in caplog.text
