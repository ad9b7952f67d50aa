"""Finished pages: the same bytes for every visitor, from the shared cache, before Django.

These tests call the site's WSGI stack in-process (tests.frontend.wsgi_calls) against the
live backend, through the API proxy where they count the site's API requests.
"""

import gzip
import threading

import brotli
import pytest
from django.conf import settings

from frontend_templates import api_cache
from tests.frontend.html import parse, text
from tests.frontend.signing import notification, post_purge
from tests.frontend.wsgi_calls import call, site_application

SERVICE = "/services/craniosacral-massage/"
HELD = "Thank you! Your response is awaiting moderation."


@pytest.fixture
def app(site):
    return site_application()


def test_two_visitors_get_the_same_bytes_and_the_second_costs_no_api_call(api_proxy):
    app = site_application()
    first = call(app, SERVICE, remote_addr="203.0.113.1")
    asked = api_proxy.requests_seen

    second = call(app, SERVICE, remote_addr="203.0.113.2", headers={"Cookie": "csrftoken=x"})

    assert (first.header("X-Page-Cache"), second.header("X-Page-Cache")) == ("miss", "hit")
    assert first.status == second.status == 200
    assert second.content == first.content
    assert api_proxy.requests_seen == asked
    assert "CranioSacral" in text(parse(second).find("h1"))
    assert second.header("Cache-Control") == settings.PUBLIC_PAGE_CACHE_CONTROL
    assert second.header("ETag") == first.header("ETag")
    assert second.header("Content-Security-Policy")  # the security headers are kept too
    assert "set-cookie" not in second.headers


def test_a_kept_page_holds_no_token_of_any_visitor(app):
    form = parse(call(app, SERVICE)).find("form", attrs={"data-form-token": True})
    hidden = {field["name"]: field.get("value", "") for field in form.find_all(type="hidden")}
    assert hidden["form_token"] == hidden["csrfmiddlewaretoken"] == ""


def test_a_browser_revalidates_its_copy_with_a_304(app):
    first = call(app, SERVICE)

    by_etag = call(app, SERVICE, headers={"If-None-Match": first.header("ETag")})
    by_date = call(app, SERVICE, headers={"If-Modified-Since": first.header("Last-Modified")})
    changed = call(app, SERVICE, headers={"If-None-Match": 'W/"an-older-page"'})

    assert by_etag.status == by_date.status == 304
    assert by_etag.content == b""
    assert by_etag.header("ETag") == first.header("ETag")
    assert by_etag.header("Cache-Control") == settings.PUBLIC_PAGE_CACHE_CONTROL
    assert changed.status == 200 and changed.content == first.content


def test_pages_are_compressed_for_browsers_that_accept_it(app):
    plain = call(app, SERVICE)

    gzipped = call(app, SERVICE, headers={"Accept-Encoding": "gzip, deflate"})
    brotli_ = call(app, SERVICE, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    refused = call(app, SERVICE, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})

    assert gzipped.header("Content-Encoding") == "gzip"
    assert brotli_.header("Content-Encoding") == "br"
    assert refused.header("Content-Encoding") == plain.header("Content-Encoding") == ""
    assert gzip.decompress(gzipped.content) == brotli.decompress(brotli_.content) == plain.content
    assert refused.content == plain.content
    assert all(a.header("Vary") == "Accept-Encoding" for a in (plain, gzipped, brotli_))
    assert int(brotli_.header("Content-Length")) == len(brotli_.content) < len(plain.content) / 3


def test_a_head_is_answered_from_the_kept_page_without_a_body(app):
    page = call(app, SERVICE)

    head = call(app, SERVICE, method="HEAD")

    assert head.header("X-Page-Cache") == "hit" and head.content == b""
    assert head.header("Content-Length") == str(len(page.content))


def test_query_strings_that_change_nothing_share_the_page_and_flags_are_variants(app):
    plain = call(app, SERVICE)

    tracked = call(app, SERVICE, query="utm_source=newsletter&fbclid=abc")
    unknown_flag = call(app, SERVICE, query="response=yes")
    pending = call(app, SERVICE, query="response=pending")

    assert tracked.header("X-Page-Cache") == unknown_flag.header("X-Page-Cache") == "hit"
    assert tracked.content == unknown_flag.content == plain.content
    assert pending.header("X-Page-Cache") == "miss"
    assert HELD in text(parse(pending).find("section", id="respond"))
    assert call(app, SERVICE, query="response=pending").header("X-Page-Cache") == "hit"


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/search/", "q=massage"),
        ("/no-such-page/", ""),
        ("/preview/", "content_type=cms_pages.servicepage&token=not-a-token"),
        ("/_forms/token/", ""),
    ],
)
def test_search_results_404s_previews_and_tokens_are_never_kept(app, path, query):
    answers = [call(app, path, query=query) for _ in range(2)]

    assert all(answer.header("X-Page-Cache") in ("", "pass") for answer in answers)
    assert all("public" not in answer.header("Cache-Control") for answer in answers)


def test_a_form_shown_again_with_the_visitors_input_is_never_kept(app):
    call(app, "/contact/")

    retry = call(app, "/contact/", method="POST", form={"name": "Ann Example"})
    again = call(app, "/contact/")

    assert "no-store" in retry.header("Cache-Control")
    assert again.header("X-Page-Cache") == "hit"
    assert b"Ann Example" not in again.content


def test_a_page_made_from_stale_copies_while_the_api_is_away_is_not_kept(api_proxy):
    app = site_application()
    call(app, SERVICE)
    api_cache.purge()
    api_proxy.mode = "failing"

    stale = call(app, SERVICE)
    api_proxy.mode = "pass"
    fresh = call(app, SERVICE)

    assert stale.status == 200 and stale.header("X-Page-Cache") == "pass"
    assert fresh.header("X-Page-Cache") == "miss"
    assert call(app, SERVICE).header("X-Page-Cache") == "hit"


def test_a_purge_renders_the_changed_page_again_before_it_answers(site, app):
    before = call(app, SERVICE)

    purged = post_purge(site, notification(paths=[SERVICE]))
    after = call(app, SERVICE)

    assert purged.status_code == 204
    assert after.header("X-Page-Cache") == "hit"  # rendered by the purge, for the new generation
    assert after.content == before.content


def test_without_a_site_url_each_host_has_its_own_pages(app, settings):
    settings.SITE_URL = ""

    here = call(app, SERVICE, host="localhost:8080")
    there = call(app, SERVICE, host="127.0.0.1:8080")

    assert here.header("X-Page-Cache") == there.header("X-Page-Cache") == "miss"
    canonical = parse(there).find("link", rel="canonical")["href"]
    assert canonical == f"http://127.0.0.1:8080{SERVICE}"


def test_a_host_django_would_refuse_is_left_to_django(app, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call(app, SERVICE)

    answer = call(app, SERVICE, host="evil.example")

    assert answer.status == 400 and answer.header("X-Page-Cache") == ""


@pytest.fixture(params=["cache lock", "lock files"])
def lock_kind(request, settings, tmp_path):
    """Redis (here the local memory cache) locks with an atomic add; the file cache with files."""
    if request.param == "lock files":
        settings.CACHE_DIR = tmp_path
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "pages"),
            },
        }
    return request.param


def test_many_visitors_at_once_for_a_page_not_yet_rendered_cause_one_render(api_proxy, lock_kind):
    app = site_application()
    api_proxy.delay, api_proxy.mode = 0.3, "slow"
    visitors = 8
    start, answers = threading.Barrier(visitors), []

    def visit(number: int) -> None:
        start.wait()
        answers.append(call(app, SERVICE, remote_addr=f"203.0.113.{number}"))

    threads = [threading.Thread(target=visit, args=(n,)) for n in range(1, visitors + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    page_requests = [p for p in api_proxy.paths_seen if "craniosacral-massage" in p]
    assert len(page_requests) == 1
    assert sorted(answer.header("X-Page-Cache") for answer in answers) == ["hit"] * 7 + ["miss"]
    assert len({answer.content for answer in answers}) == 1
