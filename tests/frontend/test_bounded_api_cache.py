"""Made-up paths and search queries cannot fill the shared cache for long: their answers are
kept fresh (CMS_CACHE_SECONDS at most, until the next purge), never as last good copies."""

import uuid
from urllib.parse import urlencode

import pytest
import requests

from frontend_templates import api_cache
from tests.frontend.html import main_text
from tests.waiting import wait_until

SEARCH = "/search/?q=craniosacral"


@pytest.fixture
def indexed(live_backend):
    """The demo content in the search index (the backend's worker fills it after starting)."""
    search = f"{live_backend.api_url}search/?q=craniosacral"
    wait_until(
        lambda: requests.get(search, timeout=10).json()["meta"]["total_count"],
        timeout=15,
        what="the demo content in the search index",
    )


def api_keys(endpoint: str, **params) -> api_cache.Keys:
    """Where the site keeps its copies of this API answer."""
    return api_cache.keys(f"{endpoint}?{urlencode(sorted(params.items()))}")


def test_a_404_is_answered_from_a_fresh_copy_but_never_kept_as_a_last_good_one(client, api_proxy):
    path = f"/made-up-{uuid.uuid4().hex[:8]}/"
    assert client.get(path).status_code == 404
    asked = api_proxy.content_requests

    again = client.get(path)

    assert again.status_code == 404 and "Page not found" in main_text(again)
    assert api_proxy.content_requests == asked  # from the fresh copies
    stored = [api_keys("pages/find/", html_path=path), api_keys("redirects/find/", html_path=path)]
    assert [api_cache.fresh(where).status for where in stored] == [404, 404]
    assert [api_cache.last_good(where) for where in stored] == [None, None]


def test_a_made_up_path_has_no_copy_left_after_a_purge(client, api_proxy):
    path = f"/made-up-{uuid.uuid4().hex[:8]}/"
    client.get(path)
    api_cache.purge()
    api_proxy.mode = "failing"

    response = client.get(path)

    assert response.status_code == 503 and "Back in a moment" in main_text(response)


def test_search_results_are_answered_from_a_fresh_copy_but_never_kept_as_last_good_ones(
    client, api_proxy, indexed
):
    assert "CranioSacral" in main_text(client.get(SEARCH))
    api_proxy.mode = "failing"

    again = client.get(SEARCH)

    assert again.status_code == 200 and "CranioSacral" in main_text(again)
    where = api_keys("search/", limit=10, offset=0, q="craniosacral")
    assert api_cache.fresh(where).status == 200
    assert api_cache.last_good(where) is None


def test_search_results_have_no_copy_left_after_a_purge(client, api_proxy, indexed):
    client.get(SEARCH)
    client.get("/")  # a page: its copies are kept, unlike the search's
    api_cache.purge()
    api_proxy.mode = "failing"

    search, page = client.get(SEARCH), client.get("/")

    assert search.status_code == 503 and "Back in a moment" in main_text(search)
    assert page.status_code == 200 and "Therapeutic massage in Kansas City" in main_text(page)
