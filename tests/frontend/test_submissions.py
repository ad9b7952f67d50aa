"""Visitors' responses and appointment requests, sent through the site to the live backend."""

import itertools
import json
import uuid

import pytest
import requests
from django.test import Client

from frontend_templates import client as api_client
from frontend_templates.forms import ContactForm, ResponseForm
from tests.frontend.html import main_text, parse, text
from tests.frontend.live_backend import CLIENT_KEY
from tests.frontend.servers import free_port

SERVICE = "/services/craniosacral-massage/"
CONTACT = "/contact/"
REPLY_ACTION = "/responses/#response-errors"  # a form sent back: focus on its errors
CONTACT_ACTION = "/contact/#contact-errors"
HELD = "Thank you! Your response is awaiting moderation."
TOKENS = "/_forms/token/"
CONFIRM = "Please check what you wrote, then send the form again to confirm."
_addresses = itertools.count(1)


@pytest.fixture
def visitor(site):
    """A visitor with an address of their own: the API limits submissions per address."""
    site.defaults["REMOTE_ADDR"] = f"203.0.113.{next(_addresses)}"
    return site


@pytest.fixture(scope="module")
def strict_backend(live_backend):
    """A second backend process on the same database, keeping the 3-second form rule."""
    port = free_port()
    process = live_backend.serve(port, notify_site=False, FORM_MIN_SECONDS="3")
    yield f"http://127.0.0.1:{port}/api/v2/"
    process.terminate()
    process.wait(timeout=15)


def words() -> str:
    return f"My shoulders feel lighter after the session ({uuid.uuid4().hex[:10]})."


def hidden_fields(response, action: str) -> dict:
    """The hidden fields of the form sending to `action`, as the browser sends them."""
    form = parse(response).find("form", action=action)
    return {field["name"]: field.get("value", "") for field in form.find_all(type="hidden")}


def form_tokens(client) -> dict:
    """What site.js puts into a form when the visitor starts filling it in."""
    tokens = client.get(TOKENS).json()
    return {"form_token": tokens["form_token"], "csrfmiddlewaretoken": tokens["csrf_token"]}


def filled_in(client, path: str, action: str, **fields) -> dict:
    """The form at `path` as a visitor sends it with the script: its hidden fields, the
    tokens the script fetched, and what they typed."""
    return {**hidden_fields(client.get(path), action), **form_tokens(client), **fields}


def a_response(client, **fields) -> dict:
    typed = {"comment": words(), "name": "Robin", "email": "robin@example.com", "website": ""}
    return filled_in(client, SERVICE, REPLY_ACTION, **{**typed, **fields})


def appointment_typed() -> dict:
    """What a visitor types into the contact page's appointment request form."""
    return {
        "name": f"Sam {uuid.uuid4().hex[:8]}",
        "email": "sam@example.com",
        "phone": "",
        "preferred_service": "Swedish Massage",
        "preferred_days_and_times": "Tuesday evenings",
        "message": "",
        "consent_to_be_contacted": "on",
    }


def an_appointment_request(client, **fields) -> dict:
    return filled_in(client, CONTACT, CONTACT_ACTION, **{**appointment_typed(), **fields})


def stored_responses(live_backend, comment: str) -> list[dict]:
    """The backend's records of responses with this text (status, address, website)."""
    found = live_backend.shell(
        "import json; from cms_pages.models import Response; print(json.dumps(list("
        f"Response.objects.filter(text={comment!r}).values('status', 'ip_address', 'website'))))"
    )
    return json.loads(found)


def page_id(live_backend, path: str) -> int:
    found = requests.get(
        live_backend.api_url + "pages/find/", params={"html_path": path}, timeout=5
    )
    return found.json()["id"]


def approved_count(live_backend, page_id: int) -> int:
    answer = requests.get(live_backend.api_url + "responses/", params={"page": page_id}, timeout=5)
    return answer.json()["meta"]["total_count"]


def summary(response) -> list[str]:
    box = parse(response).find("div", class_="error-summary")
    return [text(item) for item in box.find_all("li")] if box else []


def test_a_response_awaits_moderation_and_the_page_says_so(visitor, live_backend):
    data = a_response(visitor, website="robin.example")
    approved_before = approved_count(live_backend, int(data["page"]))

    sent = visitor.post("/responses/", data)

    assert sent.status_code == 302
    assert sent["Location"] == f"{SERVICE}?response=pending#respond"
    page = visitor.get(sent["Location"])
    status = parse(page).find("section", id="respond").find(role="status")
    assert text(status) == HELD
    assert data["comment"] not in main_text(page)
    assert stored_responses(live_backend, data["comment"]) == [
        {
            "status": "pending",
            "ip_address": visitor.defaults["REMOTE_ADDR"],
            "website": "https://robin.example",
        }
    ]
    assert approved_count(live_backend, int(data["page"])) == approved_before


def test_a_response_sent_twice_is_stored_once(visitor, live_backend):
    data = a_response(visitor)

    first, second = visitor.post("/responses/", data), visitor.post("/responses/", data)

    assert first.status_code == second.status_code == 302
    assert len(stored_responses(live_backend, data["comment"])) == 1


def test_a_filled_in_honeypot_looks_like_success_but_is_filed_as_spam(visitor, live_backend):
    data = a_response(visitor, nickname="bot")

    sent = visitor.post("/responses/", data)

    assert sent.status_code == 302 and "response=pending" in sent["Location"]
    assert [r["status"] for r in stored_responses(live_backend, data["comment"])] == ["spam"]


def test_the_honeypot_is_hidden_from_people(site):
    form = parse(site.get(SERVICE)).find("form", action=REPLY_ACTION)
    trap = form.find("input", attrs={"name": "nickname"})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    wrapper = trap.find_parent("div")
    assert wrapper["class"] == ["honeypot"] and wrapper["aria-hidden"] == "true"


def test_errors_keep_the_input_and_are_announced_next_to_each_field(visitor):
    data = a_response(visitor, name="", email="robin@example")

    response = visitor.post("/responses/", data)

    assert response.status_code == 400
    html = parse(response)
    assert html.find("main").h1  # the whole page again, not a bare error
    form = html.find("form", action=REPLY_ACTION)
    assert form.find("textarea", id="response-comment").get_text().strip() == data["comment"]
    assert form.find("input", id="response-email")["value"] == "robin@example"
    for name, error in (("name", "This field is required."), ("email", "Enter a valid email")):
        field = form.find(id=f"response-{name}")
        assert field["aria-invalid"] == "true"
        assert error in text(html.find(id=field["aria-describedby"]))
    links = parse(response).find("div", class_="error-summary").find_all("a")
    assert [link["href"] for link in links] == ["#response-name", "#response-email"]
    assert summary(response)[0] == "Name: This field is required."
    assert form.find("input", attrs={"name": "form_token"})["value"] == data["form_token"]


def test_a_page_carries_no_token_and_each_form_started_gets_fresh_ones(site):
    form = parse(site.get(SERVICE)).find("form", action=REPLY_ACTION)
    assert form["data-form-token"] == TOKENS
    for name in ("form_token", "csrfmiddlewaretoken"):
        assert form.find("input", attrs={"name": name}).get("value", "") == ""

    first, second = site.get(TOKENS), site.get(TOKENS)

    assert first["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert first.json()["form_token"] and first.json()["csrf_token"]
    assert first.json()["form_token"] != second.json()["form_token"]
    assert "csrftoken" in first.cookies


def test_a_form_whose_token_the_api_refuses_comes_back_with_a_fresh_one(visitor):
    data = a_response(visitor)
    data["form_token"] = data["form_token"][:-4] + "abcd"

    response = visitor.post("/responses/", data)

    assert response.status_code == 400
    assert summary(response) == ["This form could not be verified; please reload the page."]
    form = parse(response).find("form", action=REPLY_ACTION)
    assert form.find("textarea").get_text().strip() == data["comment"]
    token = form.find("input", attrs={"name": "form_token"})["value"]
    assert token and token != data["form_token"]


def test_a_form_sent_within_seconds_is_too_quick_and_fine_a_moment_later(
    visitor, settings, strict_backend, live_backend
):
    settings.CMS_API_URL = strict_backend
    data = a_response(visitor)

    hurried = visitor.post("/responses/", data)

    assert hurried.status_code == 400
    assert summary(hurried) == [
        "That was very quick! Please take a moment and send the form again."
    ]
    resent = {**data, **hidden_fields(hurried, REPLY_ACTION)}
    assert resent["form_token"] != data["form_token"]
    # A moment later: the backend without the 3-second rule (same database and key) stands
    # for the strict one once 3 s have passed (tests/cms_pages/test_spam.py moves the rule's
    # clock with time-machine). The fresh token the form came back with is accepted.
    settings.CMS_API_URL = live_backend.api_url
    assert visitor.post("/responses/", resent).status_code == 302


def test_without_the_script_a_form_is_confirmed_once_then_sent(visitor, live_backend):
    typed = {"comment": words(), "name": "Robin", "email": "robin@example.com"}
    data = {**hidden_fields(visitor.get(SERVICE), REPLY_ACTION), **typed}

    confirm = visitor.post("/responses/", data)

    assert confirm.status_code == 200
    assert confirm["Cache-Control"] == "no-store, private"
    form = parse(confirm).find("form", action=REPLY_ACTION)
    assert text(form.find(id="response-errors")) == CONFIRM
    assert form.find("textarea").get_text().strip() == typed["comment"]
    assert stored_responses(live_backend, typed["comment"]) == []
    resent = {**data, **hidden_fields(confirm, REPLY_ACTION)}
    assert resent["form_token"] and resent["csrfmiddlewaretoken"]
    assert visitor.post("/responses/", resent).status_code == 302
    assert len(stored_responses(live_backend, typed["comment"])) == 1


def test_without_the_script_errors_show_beside_their_fields_with_the_tokens(visitor):
    data = {**hidden_fields(visitor.get(CONTACT), CONTACT_ACTION), "email": "sam@"}

    response = visitor.post(CONTACT, data)

    assert response.status_code == 400
    assert parse(response).find("input", id="contact-email")["aria-invalid"] == "true"
    assert hidden_fields(response, CONTACT_ACTION)["form_token"]


def test_when_the_api_gives_no_token_the_form_says_so_and_keeps_the_input(visitor, api_proxy):
    data = {**hidden_fields(visitor.get(CONTACT), CONTACT_ACTION), "message": words()}
    api_proxy.mode = "failing"

    tokens, response = visitor.get(TOKENS), visitor.post(CONTACT, data)

    assert tokens.status_code == 503 and tokens.json()["message"]
    assert response.status_code == 503
    assert summary(response)[0] == "This form could not be checked just now; please send it again."
    assert parse(response).find("textarea").get_text().strip() == data["message"]


def test_too_many_responses_from_one_address_are_refused_with_retry_after(visitor):
    for _ in range(5):
        assert visitor.post("/responses/", a_response(visitor)).status_code == 302
    data = a_response(visitor)

    response = visitor.post("/responses/", data)

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 2 * 600 + 1  # a sliding window of 600 s
    assert summary(response)[0].startswith("Too many submissions from your address")
    assert parse(response).find("textarea").get_text().strip() == data["comment"]


def test_when_the_api_is_away_the_visitor_keeps_what_they_wrote(visitor, settings, closed_api_url):
    visitor.post("/responses/", a_response(visitor, name=""))  # the page is now in the cache
    data = a_response(visitor)
    settings.CMS_API_URL = closed_api_url

    response = visitor.post("/responses/", data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert summary(response)[0].startswith("Sorry, your form could not be sent just now.")
    assert parse(response).find("textarea").get_text().strip() == data["comment"]


def test_a_response_to_a_page_that_takes_none_is_a_friendly_403(visitor, live_backend):
    data = {**a_response(visitor), "page": page_id(live_backend, "/about/")}

    response = visitor.post("/responses/", data)

    assert response.status_code == 403
    assert "Responses are not open on this page." in main_text(response)


def test_a_response_to_an_unknown_page_is_a_404(visitor):
    response = visitor.post("/responses/", {**a_response(visitor), "page": "999999"})
    assert response.status_code == 404
    assert "Page not found" in main_text(response)


def test_a_post_from_another_site_is_never_sent_on(site, live_backend):
    """A forged post has no CSRF token (it cannot read /_forms/token/): it is only shown back."""
    forged = {**a_response(site), "csrfmiddlewaretoken": ""}
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.250")

    response = browser.post("/responses/", forged, headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert text(parse(response).find(id="response-errors")) == CONFIRM
    assert stored_responses(live_backend, forged["comment"]) == []


def test_the_apis_field_errors_land_next_to_the_fields_they_belong_to(live_backend):
    """The API's real 400 answers, put on forms that passed the site's own checks."""
    api, contact_id = live_backend.api_url, page_id(live_backend, CONTACT)
    headers = {"X-CMS-Client-Key": CLIENT_KEY, "X-CMS-Visitor-IP": "192.0.2.1"}
    token = requests.get(api + "forms/token/", timeout=5).json()["token"]
    bad_response = {"page": 10, "name": "R", "email": "x", "text": " ", "form_token": token}
    bad_request = {"fields": {"email": "x"}, "form_token": token}
    refusals = [
        requests.post(api + path, json=body, headers=headers, timeout=5).json()
        for path, body in (("responses/", bad_response), (f"forms/{contact_id}/", bad_request))
    ]
    response_form = ResponseForm(
        {"page": "10", "name": "R", "email": "r@example.com", "comment": "Thank you"}
    )
    contact_form = ContactForm(
        requests.get(api + f"pages/{contact_id}/", timeout=5).json()["form_fields"],
        {
            "name": "Sam",
            "email": "s@example.com",
            "preferred_days_and_times": "Mondays",
            "consent_to_be_contacted": "on",
        },
    )

    for form, refusal in zip((response_form, contact_form), refusals, strict=True):
        assert form.is_valid()
        assert form.add_api_errors(api_client.Refused(400, refusal))

    assert response_form.errors == {
        "email": ["Enter a valid email address."],
        "comment": ["This field may not be blank."],
    }
    assert contact_form.errors["email"] == ["Enter a valid email address."]
    assert {"name", "consent_to_be_contacted"} <= set(contact_form.errors)
    assert not response_form.non_field_errors() and not contact_form.non_field_errors()


def test_an_appointment_request_is_stored_and_confirmed(visitor, live_backend):
    data = an_appointment_request(visitor)

    sent = visitor.post(CONTACT, data)

    assert sent.status_code == 302 and sent["Location"] == f"{CONTACT}?request=sent#request-sent"
    page = visitor.get(sent["Location"])
    confirmation = parse(page).find("main").find(role="status")
    assert "Thank you! Your request has been sent" in text(confirmation)
    assert not parse(page).find("main").find("form")
    stored = live_backend.shell(
        "import json; from cms_pages.models import AppointmentRequest; print(json.dumps("
        f"[s.form_data for s in AppointmentRequest.objects.all() if s.form_data.get('name') == "
        f"{data['name']!r}]))"
    )
    assert json.loads(stored) == [
        {
            "name": data["name"],
            "email": "sam@example.com",
            "phone": "",
            "preferred_service": "Swedish Massage",
            "preferred_days_and_times": "Tuesday evenings",
            "message": "",
            "consent_to_be_contacted": True,
        }
    ]


def test_an_appointment_request_with_errors_comes_back_as_the_visitor_left_it(visitor):
    data = an_appointment_request(visitor, email="sam@", preferred_service="Prenatal Massage")
    unticked = {**data, "email": "sam@example.com"}
    del unticked["consent_to_be_contacted"]

    response, without_consent = visitor.post(CONTACT, data), visitor.post(CONTACT, unticked)

    assert response.status_code == without_consent.status_code == 400
    main = parse(response).find("main")
    assert "Please do not send health details through this form" in text(main)
    assert main.find("option", selected=True).get_text() == "Prenatal Massage"
    assert main.find("input", attrs={"name": "name"})["value"] == data["name"]
    assert main.find("input", attrs={"name": "consent_to_be_contacted"}).has_attr("checked")
    assert main.find("input", id="contact-email")["aria-invalid"] == "true"
    consent = parse(without_consent).find("input", attrs={"name": "consent_to_be_contacted"})
    assert consent["aria-invalid"] == "true" and not consent.has_attr("checked")
    links = [
        link["href"]
        for answer in (response, without_consent)
        for link in parse(answer).find("div", class_="error-summary").find_all("a")
    ]
    assert links == ["#contact-email", "#contact-consent_to_be_contacted"]


def test_the_contact_page_says_no_health_details_are_asked(site):
    words = main_text(site.get(CONTACT))
    assert "Please do not send health details through this form" in words
    assert "Anything else I should know (no health details)." in words
