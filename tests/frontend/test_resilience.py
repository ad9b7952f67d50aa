"""The site when the API is stopped, slow or failing: cached pages, 503s, and recovery."""

import time

from django.test import Client

from frontend_templates import api_cache
from tests.frontend.html import main_text
from tests.frontend.servers import RecordedAPI

SERVICE = "/services/craniosacral-massage/"
HEADING = "What is CranioSacral Massage?"


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


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

    response, elapsed = timed_get(client, SERVICE)

    assert response.status_code == 200
    assert HEADING in main_text(response)
    assert elapsed < 1


def test_an_unseen_page_gets_a_friendly_503_at_once_when_the_api_is_stopped(
    client, settings, closed_api_url
):
    settings.CMS_API_URL = closed_api_url

    response, elapsed = timed_get(client, SERVICE)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in main_text(response)
    assert "Traceback" not in response.content.decode()
    assert elapsed < 3


def test_a_slow_api_costs_one_read_timeout_then_pages_come_from_their_copies(client, api_proxy):
    client.get("/")
    api_cache.purge()
    api_proxy.mode = "slow"

    seen, seen_elapsed = timed_get(client, "/")
    unseen, unseen_elapsed = timed_get(client, "/faq/")

    assert seen.status_code == 200 and "Therapeutic massage in Kansas City" in main_text(seen)
    assert seen_elapsed < 4 + 1.5  # the read timeout, then the last good copy
    assert unseen.status_code == 503 and unseen["Retry-After"]
    assert unseen_elapsed < 1  # the API is left alone for a few seconds after a timeout


def test_an_unseen_page_waits_no_longer_than_the_read_timeout_for_a_slow_api(client, api_proxy):
    api_proxy.mode = "slow"

    response, elapsed = timed_get(client, "/about/")

    assert response.status_code == 503
    assert elapsed < 4 + 1.5


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
    settings.CMS_API_URL = closed_api_url
    assert client.get(SERVICE).status_code == 503

    settings.CMS_API_URL = live_backend.api_url
    time.sleep(settings.CMS_API_RETRY_SECONDS + 0.1)
    response = client.get(SERVICE)

    assert response.status_code == 200 and HEADING in main_text(response)


def test_an_unexpected_api_answer_is_a_friendly_500_without_a_traceback(settings):
    with RecordedAPI({("pages/find/", "/broken/"): {"title": "No meta"}}) as api:
        settings.CMS_API_URL = api.url
        response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong" in main_text(response)
    assert "Traceback" not in response.content.decode()
