"""What visitors are told about what they send: a line beside each form, the Akismet line,
the periods on the privacy page and a footer link to it, all from the API's
`practice.personal_data` (the live backend's demo settings, or recorded answers).
"""

import json
from pathlib import Path

import pytest

from tests.frontend.html import parse, text
from tests.frontend.servers import RecordedAPI, free_port

SERVICE = "/services/craniosacral-massage/"
RECORDED = Path(__file__).parent / "recorded"
AKISMET = "This site uses Akismet to reduce spam."
REQUEST_KEPT = "We keep your request for 180 days to reply to it, then delete it. Privacy"
RESPONSE_KEPT = (
    "We publish your response once it is approved, and keep your IP address and browser "
    "details for 30 days to fight spam, then erase them. Privacy"
)
# Saved as the owner saves them, so that the API's cached answers go stale.
PERIODS = """
from cms_pages.models import PracticeSettings
practice = PracticeSettings.objects.get()
practice.appointment_request_retention_days = {requests}
practice.spam_retention_days = {spam}
practice.connection_data_retention_days = {connection}
practice.save()
"""


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


def form_notes(response) -> dict[str, object]:
    """The notes under the forms of the page, by their words."""
    return {text(note): note for note in parse(response).find("main").select(".form-note")}


def footer_privacy_link(response):
    return parse(response).find("footer").find("a", string="Privacy")


@pytest.fixture
def serve_service_page(client, settings):
    """The service page rendered from recorded answers, the practice's as given."""
    servers = []

    def render(practice: dict):
        answers = {
            ("practice/", ""): practice,
            ("pages/find/", SERVICE): recorded("craniosacral-massage"),
        }
        servers.append(RecordedAPI(answers).__enter__())
        settings.CMS_API_URL = servers[-1].url
        return client.get(SERVICE)

    yield render
    for api in servers:
        api.__exit__(None, None, None)


@pytest.fixture(
    scope="module",
    params=[("", False), ("an-akismet-key", True)],
    ids=["without-akismet", "with-akismet"],
)
def backend_with_akismet_key(request, live_backend):
    """A second backend process on the demo database, with or without an Akismet key."""
    key, enabled = request.param
    port = free_port()
    process = live_backend.serve(port, notify_site=False, AKISMET_API_KEY=key)
    yield f"http://127.0.0.1:{port}/api/v2/", enabled
    process.terminate()
    process.wait(timeout=15)


def test_the_appointment_form_says_how_long_a_request_is_kept(site):
    notes = form_notes(site.get("/contact/"))
    assert REQUEST_KEPT in notes
    assert notes[REQUEST_KEPT].find_parent("form")
    assert notes[REQUEST_KEPT].a["href"] == "/privacy/"
    assert not any("Akismet" in words for words in notes)  # requests never go to Akismet


def test_the_reply_form_says_what_is_kept_for_how_long_and_why(site):
    notes = form_notes(site.get(SERVICE))
    assert RESPONSE_KEPT in notes
    assert notes[RESPONSE_KEPT].a["href"] == "/privacy/"


def test_the_akismet_line_shows_only_when_responses_go_to_akismet(
    site, settings, backend_with_akismet_key
):
    settings.CMS_API_URL, enabled = backend_with_akismet_key
    notes = form_notes(site.get(SERVICE))
    assert (AKISMET in notes) is enabled
    assert RESPONSE_KEPT in notes


def test_the_privacy_page_shows_the_periods_after_its_text(site):
    article = parse(site.get("/privacy/")).find("main").article
    assert article.h1.get_text() == "Privacy"
    assert "hello@massageaha.example" in text(article)
    heading = article.find_all("h2")[-1]
    assert heading.get_text() == "What we keep and for how long"
    table = heading.find_next_sibling("table")
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
    assert rows == [
        ["What", "Kept for"],
        ["Appointment requests", "180 days after they arrive, then deleted"],
        ["Responses and requests marked as spam", "30 days after they arrive, then deleted"],
        [
            "IP address and browser details sent with a response",
            "30 days after they arrive, then erased",
        ],
    ]


def test_the_periods_shown_follow_the_owners_settings(site, live_backend):
    live_backend.shell(PERIODS.format(requests=90, spam=1, connection=14))
    try:
        contact, privacy = site.get("/contact/"), site.get("/privacy/")
    finally:
        live_backend.shell(PERIODS.format(requests=180, spam=30, connection=30))

    assert "We keep your request for 90 days to reply to it, then delete it. Privacy" in (
        form_notes(contact)
    )
    cells = [text(cell) for cell in parse(privacy).find("table").find_all("td")]
    assert cells == [
        "90 days after they arrive, then deleted",
        "1 day after they arrive, then deleted",
        "14 days after they arrive, then erased",
    ]


def test_only_the_privacy_page_has_the_table(site):
    assert not parse(site.get("/about/")).find("main").find("table")


@pytest.mark.parametrize("path", ["/", "/about/", "/privacy/"])
def test_every_page_links_the_privacy_page_in_its_footer(site, path):
    assert footer_privacy_link(site.get(path))["href"] == "/privacy/"


def test_without_a_public_privacy_page_nothing_links_to_one(serve_service_page):
    practice = recorded("practice")
    practice["personal_data"]["privacy_page"] = None
    response = serve_service_page(practice)

    assert RESPONSE_KEPT.removesuffix(" Privacy") in form_notes(response)
    assert not footer_privacy_link(response)
    assert not parse(response).find("a", href="/privacy/")


def test_an_answer_without_personal_data_leaves_the_lines_out(serve_service_page):
    practice = recorded("practice")
    del practice["personal_data"]  # kept from before the API gave it
    response = serve_service_page(practice)

    assert response.status_code == 200
    assert "Leave a Reply" in text(parse(response).find("main"))
    assert list(form_notes(response)) == [
        "Your email address will not be published. Required fields are marked *"
    ]
    assert not footer_privacy_link(response)
