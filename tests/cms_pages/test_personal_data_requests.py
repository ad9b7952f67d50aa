"""A visitor asks what the practice holds about them, or asks for it to be erased: the owner
answers from Settings > Personal data or from the command line, and the audit log records
who did it and how many rows, never whose."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from api.models import WebhookSubscriber
from cms_pages import services, spam
from cms_pages.models import AppointmentRequest, ContactPage, Response
from cms_pages.personal_data import audit
from tests.api.conftest import Receiver
from tests.factories import AccessAttemptFactory, AppointmentRequestFactory, ResponseFactory

pytestmark = pytest.mark.django_db
DANA = "dana@example.com"
URL = "/admin/personal-data/"


@pytest.fixture
def dana(craniosacral, django_capture_on_commit_callbacks):
    """What Dana sent (written as she typed it), and what another visitor sent; committed
    (the approval's announcement is sent before the test begins)."""

    def response(email, text, status=Response.Status.PENDING):
        return ResponseFactory(
            page=craniosacral,
            name=email.split("@")[0].title(),
            email=email,
            text=text,
            status=status,
            ip_address="203.0.113.5",
            user_agent="Firefox",
            fingerprint=text,
        )

    contact = ContactPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        approved = response("Dana@Example.com ", "Helped my migraines.", "approved")
    held = {
        "approved": approved,
        "pending": response(DANA, "Second visit was as good."),
        "request": AppointmentRequestFactory(page=contact, form_data={"email": DANA}),
        "sign-in": AccessAttemptFactory(
            username=DANA, ip_address="198.51.100.9", failures_since_start=2
        ),
    }
    others = [
        response("robin@example.com", "Robin's own words."),
        AppointmentRequestFactory(page=contact, form_data={"email": "robin@example.com"}),
    ]
    return held, others


def command(*args) -> str:
    out = io.StringIO()
    call_command("personal_data", *args, stdout=out)
    return out.getvalue()


def audit_entries(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action))


def assert_no_personal_data(entry: ModelLogEntry) -> None:
    logged = json.dumps([entry.label, entry.data, entry.object_id])
    for value in ("dana", "Dana", "203.0.113", "198.51.100", "migraines"):
        assert value not in logged


def test_the_command_exports_everything_held_for_an_address_as_json(dana):
    held, _ = dana

    exported = json.loads(command("export", "DANA@example.com"))

    assert exported["email"] == "DANA@example.com"
    assert [r["text"] for r in exported["responses"]] == [
        "Helped my migraines.",
        "Second visit was as good.",
    ]
    first = exported["responses"][0]
    assert (first["email"], first["ip_address"], first["user_agent"]) == (
        "Dana@Example.com ",
        "203.0.113.5",
        "Firefox",
    )
    [request] = exported["appointment_requests"]
    assert (request["id"], request["status"], request["answers"]) == (
        held["request"].pk,
        "new",
        {"email": DANA},
    )
    [attempt] = exported["sign_in_attempts"]
    assert attempt["ip_address"] == "198.51.100.9"
    [entry] = audit_entries("cms_pages.personal_data.export")
    assert entry.data == {
        "counts": {"responses": 2, "appointment_requests": 1, "sign_in_attempts": 1},
        "via": "command line",
    }
    assert entry.user is None
    assert_no_personal_data(entry)


def test_the_command_erases_it_and_prints_the_counts(dana):
    held, others = dana

    printed = json.loads(command("erase", DANA))

    assert printed == {"erased": {"responses": 2, "appointment_requests": 1, "sign_in_attempts": 1}}
    for record in held.values():
        assert not type(record).objects.filter(pk=record.pk).exists()
    for record in others:
        assert type(record).objects.filter(pk=record.pk).exists()
    [entry] = audit_entries("cms_pages.personal_data.erase")
    assert entry.data["counts"] == printed["erased"]
    assert_no_personal_data(entry)
    assert json.loads(command("export", DANA))["responses"] == []


def test_the_command_refuses_what_is_not_an_address(dana):
    with pytest.raises(CommandError, match="Not an email address"):
        command("erase", "dana")
    assert Response.objects.filter(pk=dana[0]["pending"].pk).exists()


def test_erasing_an_approved_response_takes_it_off_the_api_and_tells_the_site(
    dana, client, craniosacral, django_capture_on_commit_callbacks
):
    page_url = f"/api/v2/pages/{craniosacral.pk}/"
    shown = [r["text_html"] for r in client.get(page_url).json()["responses"]]
    assert any("migraines" in text for text in shown)
    site = Receiver()
    try:
        WebhookSubscriber.objects.create(name="Partner", url=site.url)
        with django_capture_on_commit_callbacks(execute=True):
            command("erase", DANA)
    finally:
        site.close()

    [note] = [json.loads(message["body"]) for message in site.received]  # one announcement
    # The approved response leaves public view (the site drops its last good copies); the
    # pending one was never shown.
    assert {change["event"] for change in note["changes"]} == {
        "response_withdrawn",
        "response_changed",
    }
    assert "/services/craniosacral-massage/" in note["paths"]
    assert "dana" not in json.dumps(note).lower()
    shown = [r["text_html"] for r in client.get(page_url).json()["responses"]]
    assert not any("migraines" in text for text in shown)


# --- the admin's Settings > Personal data ---


def test_the_owner_finds_what_is_held(dana, admin_client):
    home = admin_client.get("/admin/").content.decode()
    assert URL in home  # the Settings menu's item

    found = admin_client.post(URL, {"email": "dana@EXAMPLE.com", "action": "find"})

    page = found.content.decode()
    assert found.status_code == 200
    held, others = dana
    assert f"Response #{held['approved'].pk}" in page and f"Response #{held['pending'].pk}" in page
    assert f"Appointment request #{held['request'].pk}" in page
    assert "Failed sign-in" in page
    assert f"Response #{others[0].pk}<" not in page


@pytest.mark.parametrize("file_format", ["json", "csv"])
def test_the_owner_downloads_the_export(dana, admin_client, django_user_model, file_format):
    answer = admin_client.post(URL, {"email": DANA, "action": file_format})

    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert {"no-store", "private"} <= set(answer["Cache-Control"].split(", "))
    body = answer.content.decode()
    if file_format == "json":
        assert len(json.loads(body)["responses"]) == 2
    else:
        rows = list(csv.DictReader(io.StringIO(body)))
        assert {"record": "responses", "field": "text", "value": "Helped my migraines."} in [
            {key: row[key] for key in ("record", "field", "value")} for row in rows
        ]
        assert {"appointment_requests", "sign_in_attempts"} <= {row["record"] for row in rows}
    [entry] = audit_entries("cms_pages.personal_data.export")
    assert entry.user == django_user_model.objects.get(username="owner")
    assert entry.data["format"] == file_format
    assert_no_personal_data(entry)


def test_the_owner_erases_after_confirming(dana, admin_client):
    unconfirmed = admin_client.post(URL, {"email": DANA, "action": "erase"})
    assert unconfirmed.status_code == 200
    assert "Tick the box to confirm the erasure." in unconfirmed.content.decode()
    assert Response.objects.filter(pk=dana[0]["pending"].pk).exists()

    erased = admin_client.post(URL, {"email": DANA, "action": "erase", "confirm": "on"})

    assert erased.status_code == 302 and erased["Location"] == URL
    assert not AppointmentRequest.objects.filter(pk=dana[0]["request"].pk).exists()
    assert not Response.objects.filter(pk__in=[dana[0]["approved"].pk, dana[0]["pending"].pk])
    confirmation = admin_client.get(URL).content.decode()
    assert "Erased: 2 responses, 1 appointment request, 1 failed sign-in." in confirmation
    history = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert (
        "Erased the personal data of one visitor "
        "(2 responses, 1 appointment request, 1 failed sign-in), from the admin"
    ) in history
    assert "dana" not in history.lower()


def test_the_history_names_the_counts_in_one_order_whatever_order_they_were_stored_in():
    """PostgreSQL's jsonb hands a log entry's keys back sorted by length, not as written."""
    as_stored = {"responses": 1, "sign_in_attempts": 0, "appointment_requests": 1}
    assert audit.summary(as_stored) == "1 response, 1 appointment request, 0 failed sign-ins"


def test_bad_input_is_answered_not_raised(dana, admin_client):
    assert admin_client.post(URL, {"email": DANA, "action": "drop"}).status_code == 400
    not_an_address = admin_client.post(URL, {"email": "dana", "action": "erase", "confirm": "on"})
    assert not_an_address.status_code == 200
    assert "Enter a valid email address." in not_an_address.content.decode()
    assert Response.objects.filter(pk=dana[0]["pending"].pk).exists()


def test_only_those_allowed_may_use_it(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    editors = Group.objects.create(name="Front desk")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)

    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, {"email": DANA, "action": "json"}).status_code in (302, 403)
    assert URL not in client.get("/admin/").content.decode()

    editors.permissions.add(Permission.objects.get(codename="manage_personal_data"))
    editor = django_user_model.objects.get(pk=editor.pk)  # permissions are cached per object
    client.force_login(editor)
    assert client.get(URL).status_code == 200


def test_a_response_sent_again_by_the_same_visitor_is_recognised_by_its_keyed_hash(
    craniosacral, settings
):
    settings.FORM_MIN_SECONDS = 0

    def send(email):
        return services.response_submit(
            page=craniosacral,
            name="Dana",
            email=email,
            website="",
            text="Lovely.",
            honeypot="",
            form_token=spam.issue_form_token(),
            ip_address="203.0.113.5",
            user_agent="Firefox",
        )

    first, stored = send(DANA)
    again, stored_again = send(" DANA@example.com")
    assert (stored, stored_again, again.pk) == (True, False, first.pk)
    assert "dana" not in first.fingerprint and len(first.fingerprint) == 64
