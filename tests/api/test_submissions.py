"""Visitors' responses and appointment requests through the API, with every spam layer."""

import json
import re
import time

import akismet
import httpx
import pytest
from django.core import mail, signing
from django.test import override_settings

from cms_pages import spam
from cms_pages.models import AppointmentRequest, ContactPage, Response
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


def aged_token(seconds_ago: float = 10) -> str:
    """A form token handed out `seconds_ago` (as if the visitor took that long to write)."""
    return signing.TimestampSigner(salt=spam.FORM_STAMP_SALT).sign(str(time.time() - seconds_ago))


def submitted():
    """Responses sent in the test (the demo content brings one approved response)."""
    return Response.objects.exclude(fingerprint="demo")


@pytest.fixture
def post(client):
    def send(path, data, **headers):
        return client.post(
            f"/api/v2/{path}",
            data=json.dumps(data),
            content_type="application/json",
            headers=headers,
        )

    return send


@pytest.fixture
def reply(craniosacral):
    def make(**overrides):
        data = {
            "page": craniosacral.pk,
            "name": "Dana",
            "email": "dana@example.com",
            "website": "",
            "text": "Lovely, gentle session.",
            "form_token": aged_token(),
        }
        return {**data, **overrides}

    return make


def test_a_response_is_held_for_moderation_and_the_owner_is_emailed(post, reply, api, craniosacral):
    answer = post("responses/", reply())
    assert answer.status_code == 201
    assert answer.json() == {
        "status": "pending",
        "message": "Thank you! Your response is awaiting moderation.",
    }
    stored = submitted().get()
    assert (stored.status, stored.name, stored.page_id) == ("pending", "Dana", craniosacral.pk)
    [email] = mail.outbox
    assert email.to == ["hello@massageaha.example"]
    # Where to moderate it, not what was written nor by whom.
    assert f"/admin/snippets/cms_pages/response/edit/{stored.pk}/" in email.body
    assert "Lovely, gentle session." not in email.body and "Dana" not in email.body
    assert api.json(f"pages/{craniosacral.pk}/")["response_count"] == 1  # the demo's own


def test_approved_responses_are_listed_escaped_and_counted_without_email(api, craniosacral):
    ResponseFactory(
        page=craniosacral,
        name="<b>Eve</b>",
        email="eve@example.com",
        text="Try <script>alert(1)</script> and https://spam.example now",
        status="approved",
        reply="Thanks, Eve!",
    )
    page = api.json(f"pages/{craniosacral.pk}/")
    assert page["response_count"] == 2
    demo, shown = page["responses"]  # oldest first
    assert demo["text_html"].startswith("<p>How wonderful that craniosacral massage")
    assert set(shown) == {
        "id",
        "name",
        "website",
        "text_html",
        "submitted_at",
        "reply_html",
        "replied_at",
    }
    assert shown["name"] == "<b>Eve</b>"  # plain text: the frontend escapes it
    assert "<script>" not in shown["text_html"] and "&lt;script&gt;" in shown["text_html"]
    assert 'rel="nofollow ugc noopener"' in shown["text_html"]
    assert shown["reply_html"] == "<p>Thanks, Eve!</p>"
    listing = api.json(f"responses/?page={craniosacral.pk}")
    assert listing["meta"]["total_count"] == 2
    for body in (
        api.get(f"pages/{craniosacral.pk}/").content,
        api.get(f"responses/?page={craniosacral.pk}").content,
    ):
        assert b"eve@example.com" not in body


def test_a_double_submit_stores_one_response(post, reply):
    first = post("responses/", reply())
    second = post("responses/", reply())
    assert (first.status_code, second.status_code) == (201, 200)
    assert submitted().count() == 1


def test_the_honeypot_stores_spam_quietly(post, reply):
    answer = post("responses/", reply(nickname="I am a bot"))
    assert answer.status_code == 201
    assert submitted().get().status == "spam"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "token,message",
    [
        (lambda: aged_token(0), "That was very quick!"),
        (lambda: "forged", "could not be verified"),
    ],
    ids=["too-fast", "forged"],
)
def test_bad_form_tokens_are_refused(post, reply, token, message):
    answer = post("responses/", reply(form_token=token()))
    assert answer.status_code == 400
    assert message in answer.json()["message"]
    assert submitted().count() == 0


@override_settings(FORM_TOKEN_MAX_AGE=-1)
def test_a_form_left_open_too_long_is_refused(post, reply):
    answer = post("responses/", reply())
    assert answer.status_code == 400
    assert "expired" in answer.json()["message"]


def test_more_than_two_links_are_held_with_the_reason(post, reply):
    post("responses/", reply(text="see http://a.example http://b.example www.c.example"))
    assert submitted().get().held_because == "more than 2 links"


@override_settings(FORM_RATE_LIMIT=(2, 600))
def test_too_many_submissions_from_one_address_get_429(post, reply):
    statuses = [post("responses/", reply(text=f"Note {n}")).status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    limited = post("responses/", reply(text="Note 9"))
    assert 1 <= int(limited["Retry-After"]) <= 2 * 600 + 1  # a sliding window of 600 s
    assert submitted().count() == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda page: page.unpublish(),
        lambda page: setattr(page, "allow_responses", False) or page.save_revision().publish(),
    ],
    ids=["unpublished", "responses-off"],
)
def test_responses_are_refused_where_they_are_not_open(post, reply, craniosacral, change):
    change(craniosacral)
    answer = post("responses/", reply())
    assert answer.status_code in (403, 404)
    assert "message" in answer.json()
    assert submitted().count() == 0


def test_responses_to_unknown_or_private_pages_are_refused(post, reply, craniosacral):
    from wagtail.models import PageViewRestriction

    assert post("responses/", reply(page=999999)).status_code == 404
    PageViewRestriction.objects.create(page=craniosacral, restriction_type="password", password="x")
    assert post("responses/", reply()).status_code == 404


def test_field_errors_come_back_as_json(post, reply):
    answer = post("responses/", reply(name="", email="not-an-email", text="x" * 3001))
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert set(errors) == {"name", "email", "text"}


class SpamVerdict(akismet.TestSyncClient):
    comment_check_response = akismet.CheckResponse.SPAM


def unreachable_akismet():
    def refuse(request):
        raise httpx.ConnectTimeout("Akismet timed out", request=request)

    config = akismet.Config(key="k", url="https://massageaha.example")
    return akismet.SyncClient(
        config=config, http_client=httpx.Client(transport=httpx.MockTransport(refuse))
    )


def test_akismet_spam_is_stored_as_spam(post, reply, monkeypatch):
    monkeypatch.setattr(
        spam, "akismet_client", lambda: SpamVerdict(config=akismet.Config("k", "https://x.example"))
    )
    post("responses/", reply())
    stored = submitted().get()
    assert (stored.status, stored.held_because) == ("spam", "Akismet says spam")


def test_when_akismet_is_down_the_response_is_held_not_lost(post, reply, monkeypatch):
    monkeypatch.setattr(spam, "akismet_client", unreachable_akismet)
    answer = post("responses/", reply())
    assert answer.status_code == 201
    stored = submitted().get()
    assert (stored.status, stored.held_because) == ("pending", "Akismet was unavailable")


def test_a_form_token_is_issued_uncached(api):
    first = api.get("forms/token/")
    assert first["Cache-Control"] == "no-store"
    assert first.json()["token"] != api.json("forms/token/")["token"]
    spam.check_form_token(aged_token())


def appointment(**fields):
    data = {
        "name": "Sam Visitor",
        "email": "sam@example.com",
        "phone": "",
        "preferred_service": "Swedish Massage",
        "preferred_days_and_times": "Tuesday evenings",
        "message": "First visit.",
        "consent_to_be_contacted": True,
    }
    return {"fields": {**data, **fields}, "form_token": aged_token()}


def test_an_appointment_request_lands_in_the_form_submissions_and_the_owner_is_told(
    post, demo_content
):
    contact = ContactPage.objects.get()
    answer = post(f"forms/{contact.pk}/", appointment(phone="816 555 0199"))
    assert answer.status_code == 201
    assert "Thank you!" in answer.json()["message"]
    submission = AppointmentRequest.objects.get(page=contact)
    assert submission.get_data()["preferred_days_and_times"] == "Tuesday evenings"
    assert submission.status == AppointmentRequest.Status.NEW
    [email] = mail.outbox
    assert email.to == ["hello@massageaha.example"]
    # That one arrived and where to read it; none of the visitor's answers.
    assert f"/admin/appointment-requests/edit/{submission.pk}/" in email.body
    for given in ("Sam Visitor", "sam@example.com", "816 555 0199", "Tuesday", "First visit"):
        assert given not in email.body and given not in email.subject


def test_bad_appointment_input_comes_back_field_by_field(post, demo_content):
    contact = ContactPage.objects.get()
    answer = post(
        f"forms/{contact.pk}/",
        appointment(email="nope", preferred_days_and_times="", consent_to_be_contacted=False),
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["message"] == "Please correct the highlighted fields."
    assert set(body["errors"]) == {"email", "preferred_days_and_times", "consent_to_be_contacted"}
    assert AppointmentRequest.objects.count() == 0


def test_appointment_requests_share_the_spam_layers(post, demo_content):
    contact = ContactPage.objects.get()
    assert post(f"forms/{contact.pk}/", {**appointment(), "nickname": "bot"}).status_code == 201
    assert AppointmentRequest.objects.count() == 0
    too_fast = post(f"forms/{contact.pk}/", {**appointment(), "form_token": aged_token(0)})
    assert too_fast.status_code == 400
    assert post("forms/999999/", appointment()).status_code == 404


def test_response_times_are_whole_seconds_for_html_time_elements(api, craniosacral):
    [demo] = api.json(f"pages/{craniosacral.pk}/")["responses"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", demo["submitted_at"])
