"""The site when the API is stopped, slow or failing: cached pages, 503s, and recovery."""

import datetime

import time_machine
from django.test import Client

from frontend_templates import api_cache
from tests.frontend.html import main_text
from tests.frontend.servers import RecordedAPI

SERVICE = "/services/craniosacral-massage/"
HEADING = "What is CranioSacral Massage?"


def slow_down(api_proxy, settings) -> None:
    """From now on the API answers only after the site has stopped waiting for it.

    The site's read timeout is turned down to 0.2 s; the proxy holds each request for 2 s,
    under the 4 s default, so a site that did not wait by CMS_API_TIMEOUT would get the API's
    answers, and the tests below would see fresh pages instead of copies and 503s.
    """
    settings.CMS_API_TIMEOUT = (settings.CMS_API_TIMEOUT[0], 0.2)
    api_proxy.delay, api_proxy.mode = 2.0, "slow"


def asked_about(api_proxy, path: str) -> list[str]:
    """The API requests the site made for the page at `path`."""
    quoted = path.replace("/", "%2F")
    return [seen for seen in api_proxy.paths_seen if f"html_path={quoted}" in seen]


def test_a_warm_page_is_answered_from_the_cache_without_calling_the_api(client, api_proxy):
    assert client.get(SERVICE).status_code == 200
    asked = len(api_proxy.paths_seen)
    assert api_proxy.content_requests >= 2  # the page and the practice's details

    response = client.get(SERVICE)

    assert HEADING in main_text(response)
    assert api_proxy.paths_seen[asked:] == []  # forms fetch their tokens only when used


def test_a_seen_page_survives_a_purge_and_a_stopped_api(
    client, settings, api_proxy, closed_api_url
):
    client.get(SERVICE)
    api_cache.purge()
    settings.CMS_API_URL = closed_api_url

    response = client.get(SERVICE)

    assert response.status_code == 200
    assert HEADING in main_text(response)


def test_an_unseen_page_gets_a_friendly_503_when_the_api_is_stopped(
    client, settings, closed_api_url
):
    settings.CMS_API_URL = closed_api_url

    response = client.get(SERVICE)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in main_text(response)
    assert "Traceback" not in response.content.decode()
    assert api_cache.api_marked_down()  # the next visitors do not try the API either


def test_a_slow_api_costs_one_read_timeout_then_pages_come_from_their_copies(
    client, settings, api_proxy
):
    client.get("/")
    api_cache.purge()
    slow_down(api_proxy, settings)
    before = len(api_proxy.paths_seen)

    seen = client.get("/")
    unseen = client.get("/faq/")

    assert seen.status_code == 200 and "Therapeutic massage in Kansas City" in main_text(seen)
    assert len(api_proxy.paths_seen) == before + 1  # one request waited for, the rest skipped
    assert unseen.status_code == 503 and unseen["Retry-After"]
    assert asked_about(api_proxy, "/faq/") == []  # the API is left alone after a timeout


def test_an_unseen_page_waits_no_longer_than_the_read_timeout_for_a_slow_api(
    client, settings, api_proxy
):
    slow_down(api_proxy, settings)

    response = client.get("/about/")

    assert response.status_code == 503
    assert len(asked_about(api_proxy, "/about/")) == 1


def test_a_failing_api_serves_seen_pages_from_their_copies_and_503_for_others(client, api_proxy):
    client.get(SERVICE)
    api_cache.purge()
    api_proxy.mode = "failing"

    seen = client.get(SERVICE)
    unseen = client.get("/contact/")

    assert seen.status_code == 200 and HEADING in main_text(seen)
    assert unseen.status_code == 503 and "Back in a moment" in main_text(unseen)


def test_the_site_recovers_by_itself_when_the_api_returns(
    client, settings, live_backend, closed_api_url
):
    # The retry window is how long the "API down" mark lives in the cache: the local memory
    # cache reads the clock time-machine moves (Redis would keep its own).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        },
    }
    settings.CMS_API_RETRY_SECONDS = 30
    settings.CMS_API_URL = closed_api_url
    assert client.get(SERVICE).status_code == 503

    settings.CMS_API_URL = live_backend.api_url
    assert client.get(SERVICE).status_code == 503  # the API is left alone for 30 s
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=31)
    with time_machine.travel(later):
        response = client.get(SERVICE)

    assert response.status_code == 200 and HEADING in main_text(response)


def test_an_unexpected_api_answer_is_a_friendly_500_without_a_traceback(settings):
    with RecordedAPI({("pages/find/", "/broken/"): {"title": "No meta"}}) as api:
        settings.CMS_API_URL = api.url
        response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong" in main_text(response)
    assert "Traceback" not in response.content.decode()
