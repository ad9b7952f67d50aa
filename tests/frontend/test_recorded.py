"""Rendering what the demo content does not hold, from recorded API answers.

The recorded CranioSacral page gets, in each test, what the demo lacks: approved responses
(`responses`, `response_count`, in the API's shape), every body block type, or types the
site does not know.
"""

import copy
import json
from pathlib import Path

import pytest

from tests.frontend.html import main_text, parse, text
from tests.frontend.servers import RecordedAPI

RECORDED = Path(__file__).parent / "recorded"
SERVICE = "/services/craniosacral-massage/"
RESPONSE_TEXT = (
    "How wonderful that craniosacral massage helps with depression and difficulty sleeping. "
    "I have been feeling more depressed this month and want to try something to help. "
    "I will find an excellent place for craniosacral therapy locally."
)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


@pytest.fixture
def service_page() -> dict:
    return copy.deepcopy(recorded("craniosacral-massage"))


@pytest.fixture
def serve(client, settings):
    """Serve a page answer from a local stand-in for the API; return the site's response."""
    servers = []

    def render(page: dict, path: str = SERVICE):
        api = RecordedAPI({("practice/", ""): recorded("practice"), ("pages/find/", path): page})
        servers.append(api.__enter__())
        settings.CMS_API_URL = api.url
        return client.get(path)

    yield render
    for api in servers:
        api.__exit__(None, None, None)


def approved_response(**fields) -> dict:
    """An approved response in the API's shape."""
    return {
        "id": 41,
        "name": "Jordan",
        "website": "https://jordan.example",
        "text_html": f"<p>{RESPONSE_TEXT}</p>",
        "submitted_at": "2026-03-14T09:30:00-05:00",
        "reply_html": "",
        "replied_at": None,
        **fields,
    }


def test_approved_responses_show_with_their_count_and_the_owners_reply(serve, service_page):
    service_page["response_count"] = 1
    service_page["responses"] = [
        approved_response(
            reply_html="<p>Thank you, Jordan!</p>", replied_at="2026-03-15T10:00:00-05:00"
        )
    ]
    response = serve(service_page)
    section = parse(response).find("section", attrs={"aria-labelledby": "responses-heading"})

    assert section.h2.get_text() == "1 Response"
    first = section.find("li", id="response-41")
    assert RESPONSE_TEXT in text(first)
    assert first.find("a", href="https://jordan.example")["rel"] == ["nofollow", "ugc"]
    assert first.find("time")["datetime"] == "2026-03-14T09:30:00-05:00"
    assert "March 14, 2026" in text(first)
    assert "Aaron Harris replied March 15, 2026 Thank you, Jordan!" in text(first)
    words = main_text(response)
    assert words.index("More to explore...") < words.index("1 Response")
    assert words.index("1 Response") < words.index("Leave a Reply")


def test_a_responders_name_is_shown_as_written_never_as_markup(serve, service_page):
    service_page["response_count"] = 1
    service_page["responses"] = [approved_response(name="<b>Jo</b>", website="")]
    response = parse(serve(service_page)).find("li", id="response-41")
    assert not response.find("b")
    assert text(response.find(class_="response-name")) == "<b>Jo</b>"


def test_response_times_are_valid_html_datetimes(serve, service_page):
    service_page["response_count"] = 1
    service_page["responses"] = [approved_response(submitted_at="2026-03-14T09:30:00.562062-05:00")]
    moment = parse(serve(service_page)).find("li", id="response-41").find("time")
    assert moment["datetime"] == "2026-03-14T09:30:00-05:00"  # HTML allows milliseconds at most


def test_the_count_is_the_apis_and_pluralised(serve, service_page):
    service_page["response_count"] = 4
    service_page["responses"] = [approved_response(id=n) for n in range(1, 5)]
    html = parse(serve(service_page))
    assert html.find("h2", id="responses-heading").get_text() == "4 Responses"
    assert len(html.find("ol", class_="response-list").find_all("li")) == 4


def test_a_responders_website_is_linked_only_when_it_is_a_web_address(serve, service_page):
    service_page["response_count"] = 1
    service_page["responses"] = [approved_response(id=7, website="javascript:alert(1)")]
    html = parse(serve(service_page))
    assert not html.find("li", id="response-7").find("a")


def test_without_approved_responses_only_the_reply_form_shows(serve, service_page):
    service_page["response_count"], service_page["responses"] = 0, []
    words = main_text(serve(service_page))
    assert "Response" not in words.replace("Post Response", "")
    assert "Leave a Reply" in words


def test_the_reply_form_is_left_out_when_responses_are_closed(serve, service_page):
    service_page["allow_responses"] = False
    assert "Leave a Reply" not in main_text(serve(service_page))


def test_every_body_block_type_renders(serve, service_page):
    image = service_page["image"]
    blocks = [
        ("heading", {"text": "Aftercare", "level": "h3"}),
        ("image", {"image": image, "alt_text": "hands at rest", "caption": "Rest"}),
        ("callout", {"style": "quote", "text": "I slept so well.", "attribution": "A client"}),
        ("callout", {"style": "callout", "text": "Drink water.", "attribution": ""}),
        ("call_to_action", {"heading": "Ready?", "button_label": "Book", "path": "/contact/"}),
        ("video", {"url": "https://video.example/1"}),
    ]
    service_page["body"] += [{"type": kind, "value": value} for kind, value in blocks]
    html = parse(serve(service_page))
    main = html.find("main")

    assert main.find("h3", string="Aftercare")
    figure = main.find("img", alt="hands at rest").find_parent("figure")
    assert figure.figcaption.get_text() == "Rest"
    quote = main.find("figure", class_="quote")
    assert text(quote.blockquote) == "I slept so well."
    assert quote.figcaption.get_text() == "A client"
    assert "Drink water." in [text(div) for div in main.find_all("div", class_="callout")]
    assert main.find("a", string="Book")["href"] == "/contact/"
    assert "video.example" not in str(main)


def test_a_page_type_the_site_does_not_know_is_a_404(serve, service_page):
    service_page["meta"]["type"] = "cms_pages.EventPage"
    assert serve(service_page).status_code == 404
