"""Nothing withdrawn kept: after a change that may take content out of public view, no last
good copy is left to show it while the API is away; other changes keep them.

The CMS's notifications are sent here signed, as it sends them; the API (the live backend
behind the proxy) fails before they arrive, so that nothing is fetched again.
"""

import json
from pathlib import Path

import pytest

from frontend_templates import api_cache
from frontend_templates.purge import WITHDRAWING_EVENTS
from tests.frontend.html import main_text
from tests.frontend.servers import RecordedAPI
from tests.frontend.signing import notification, post_purge

SERVICE = "/services/craniosacral-massage/"
HEADING = "What is CranioSacral Massage?"
RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


def seen_then_api_failing(client, api_proxy) -> None:
    assert HEADING in main_text(client.get(SERVICE))
    assert "CranioSacral" in main_text(client.get("/services/"))
    api_proxy.mode = "failing"


@pytest.mark.parametrize("event", sorted(WITHDRAWING_EVENTS))
def test_after_a_withdrawing_change_no_copy_of_a_seen_page_is_shown(client, api_proxy, event):
    seen_then_api_failing(client, api_proxy)

    assert post_purge(client, notification(event, paths=[SERVICE])).status_code == 204
    page, neighbour = client.get(SERVICE), client.get("/services/")

    assert (page.status_code, neighbour.status_code) == (503, 503)
    assert "Back in a moment" in main_text(page)
    assert "CranioSacral" not in page.content.decode() + neighbour.content.decode()


def test_a_withdrawing_change_among_a_transactions_changes_counts_too(client, api_proxy):
    seen_then_api_failing(client, api_proxy)
    body = json.loads(notification("page_published", paths=["/about/", SERVICE]))
    body["changes"] = [
        {"event": "page_published", "object": {"id": 3}, "paths": ["/about/"]},
        {"event": "page_privacy_changed", "object": {"id": 10}, "paths": [SERVICE]},
    ]

    assert post_purge(client, json.dumps(body).encode()).status_code == 204
    page = client.get(SERVICE)

    assert page.status_code == 503 and HEADING not in page.content.decode()


@pytest.mark.parametrize("event", ["page_published", "faq_changed", "settings_changed"])
def test_other_changes_keep_the_last_good_copies_for_an_outage(client, api_proxy, event):
    seen_then_api_failing(client, api_proxy)

    assert post_purge(client, notification(event, paths=["/about/"])).status_code == 204
    page = client.get(SERVICE)

    assert page.status_code == 200 and HEADING in main_text(page)


def test_a_page_the_api_no_longer_has_loses_its_last_good_copy(client, settings, closed_api_url):
    answers = {
        ("practice/", ""): recorded("practice"),
        ("pages/find/", SERVICE): recorded("craniosacral-massage"),
    }
    with RecordedAPI(answers) as api:
        settings.CMS_API_URL = api.url
        assert HEADING in main_text(client.get(SERVICE))
        del answers[("pages/find/", SERVICE)]
        api_cache.purge()  # a plain purge: the API's 404 itself drops the copy
        assert client.get(SERVICE).status_code == 404
    api_cache.purge()
    settings.CMS_API_URL = closed_api_url

    page = client.get(SERVICE)

    assert page.status_code == 503 and HEADING not in page.content.decode()
