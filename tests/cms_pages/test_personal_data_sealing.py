"""Visitors' personal data sealed at rest: nothing plain in the database, the owner still
reads it all in the admin, keys rotate, and the owner's emails carry none of it."""

import io
import json
import time

import pytest
from cryptography.fernet import Fernet
from django.core import mail, signing
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from cms_pages import services, spam
from cms_pages.models import AppointmentRequest, ContactPage, Response
from cms_pages.personal_data.sealing import UnreadableSealError
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

# What a visitor sends, each value findable in a dump of the database if it were stored plain.
EMAIL, IP, BROWSER = "dana.sealed@example.com", "203.0.113.77", "SealCheckBrowser/7.1"
PHONE, HEALTH = "(816) 555-0177", "Sciatica since the accident in March"


def form_token() -> str:
    """A form handed out a minute ago."""
    return signing.TimestampSigner(salt=spam.FORM_STAMP_SALT).sign(str(time.time() - 60))


def raw_database_text() -> str:
    """Every value of every table as the database holds it: no model field opens it."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


def raw_column(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def sent(client, craniosacral):
    """A response and an appointment request, sent through the API as the site sends them."""

    def post(path, data):
        answer = client.post(
            f"/api/v2/{path}",
            data=json.dumps(data),
            content_type="application/json",
            headers={"User-Agent": BROWSER},
            REMOTE_ADDR=IP,
        )
        assert answer.status_code == 201, answer.content
        return answer

    post(
        "responses/",
        {
            "page": craniosacral.pk,
            "name": "Dana",
            "email": EMAIL,
            "website": "",
            "text": "A gentle session.",
            "form_token": form_token(),
        },
    )
    contact = ContactPage.objects.get()
    post(
        f"forms/{contact.pk}/",
        {
            "fields": {
                "name": "Dana Sealed",
                "email": EMAIL,
                "phone": PHONE,
                "preferred_service": "Swedish Massage",
                "preferred_days_and_times": "Mornings",
                "message": HEALTH,
                "consent_to_be_contacted": True,
            },
            "form_token": form_token(),
        },
    )
    return Response.objects.get(name="Dana"), AppointmentRequest.objects.get()


def test_no_visitor_email_ip_user_agent_or_answer_is_stored_in_plain_text(sent):
    stored = raw_database_text()

    for value in (EMAIL, IP, BROWSER, PHONE, HEALTH, "Dana Sealed"):
        assert value not in stored
    # What is published once approved stays searchable text.
    assert "A gentle session." in stored


def test_the_models_read_back_what_the_visitor_sent(sent):
    response, request = sent
    response.refresh_from_db()

    assert (response.email, response.ip_address, response.user_agent) == (EMAIL, IP, BROWSER)
    assert request.form_data["phone"] == PHONE and request.form_data["message"] == HEALTH
    assert response.email_hash == request.email_hash != ""
    assert str(response) == f"Response #{response.pk} on CranioSacral Massage"
    assert str(request) == f"Appointment request #{request.pk} on Request an Appointment"


def test_the_owner_reads_everything_in_the_admin(sent, admin_client):
    response, request = sent

    edit = admin_client.get(reverse("wagtailsnippets_cms_pages_response:edit", args=[response.pk]))
    listing = admin_client.get("/admin/snippets/cms_pages/response/")
    submissions = admin_client.get(reverse("wagtailforms:list_submissions", args=[request.page_id]))

    assert edit.status_code == listing.status_code == submissions.status_code == 200
    assert EMAIL in edit.content.decode()
    assert "Dana" in listing.content.decode()
    table = submissions.content.decode()
    assert PHONE in table and HEALTH in table and "New" in table  # its status
    page_editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[request.page_id]))
    assert page_editor.status_code == 200
    assert reverse("wagtailforms:list_submissions", args=[request.page_id]) in (
        page_editor.content.decode()
    )  # the editor's panel counts and links the requests


def test_the_owners_csv_of_the_requests_has_every_answer(sent, admin_client):
    _, request = sent
    url = reverse("wagtailforms:list_submissions", args=[request.page_id])

    exported = admin_client.get(url, {"export": "csv"})

    assert exported.status_code == 200
    assert PHONE in b"".join(exported.streaming_content).decode()


def test_a_sealed_column_cannot_be_searched_by_mistake(sent):
    with pytest.raises(FieldError, match="sealed"):
        Response.objects.filter(email=EMAIL).exists()
    assert Response.objects.filter(ip_address__isnull=False).count() == 1


def test_keys_rotate_a_new_one_first_then_reseal_then_drop_the_old_one(craniosacral, settings):
    [old_key], new_key = settings.PERSONAL_DATA_KEYS, Fernet.generate_key().decode()
    robin = ResponseFactory(page=craniosacral, email="robin@example.com")
    sealed_by_old = raw_column("cms_pages_response", "email", robin.pk)
    with override_settings(PERSONAL_DATA_KEYS=[new_key]), pytest.raises(UnreadableSealError):
        Response.objects.get(pk=robin.pk)

    settings.PERSONAL_DATA_KEYS = [new_key, old_key]  # the new key seals, both unseal
    assert Response.objects.get(pk=robin.pk).email == "robin@example.com"
    sam = ResponseFactory(page=craniosacral, email="sam@example.com")
    assert Fernet(new_key).decrypt(raw_column("cms_pages_response", "email", sam.pk).encode())
    out = io.StringIO()
    call_command("personal_data", "reseal", stdout=out)

    assert json.loads(out.getvalue())["resealed"]["cms_pages.Response"] == Response.objects.count()
    resealed = raw_column("cms_pages_response", "email", robin.pk)
    assert resealed != sealed_by_old
    assert Fernet(new_key).decrypt(resealed.encode()) == b"robin@example.com"
    settings.PERSONAL_DATA_KEYS = [new_key]  # the old key is gone: everything still reads
    assert sorted(Response.objects.values_list("email", flat=True)) == sorted(
        ["robin@example.com", "sam@example.com", "jamie@example.com"]
    )


def test_the_owners_notice_of_a_request_sent_through_wagtails_own_form_has_no_answers(
    demo_content,
):
    """Wagtail's form page would email every field (AbstractEmailForm.send_mail); ours only
    says one arrived."""
    contact = ContactPage.objects.get()
    form = contact.get_form(
        {
            "name": "Dana",
            "email": EMAIL,
            "phone": PHONE,
            "preferred_service": "Swedish Massage",
            "preferred_days_and_times": "Mornings",
            "message": HEALTH,
            "consent_to_be_contacted": "on",
        },
        page=contact,
        user=None,
    )
    assert form.is_valid(), form.errors

    request = contact.process_form_submission(form)

    [notice] = mail.outbox
    assert f"#{request.pk}" in notice.body
    # The link opens this request in the admin's Requests screen.
    assert reverse("appointment_requests:edit", args=[request.pk]) in notice.body
    for value in (EMAIL, PHONE, HEALTH, "Dana"):
        assert value not in notice.body and value not in notice.subject


def test_appointment_requests_never_reach_akismet(sent, monkeypatch, settings):
    """Requests may hold health details: no third party is asked about them."""
    settings.AKISMET_API_KEY = "configured"

    def refuse():
        raise AssertionError("Akismet was asked about an appointment request")

    monkeypatch.setattr(spam, "akismet_client", refuse)
    contact = ContactPage.objects.get()
    services.appointment_request_submit(
        page=contact,
        data={
            "name": "Lee",
            "email": "lee@example.com",
            "preferred_service": "Swedish Massage",
            "preferred_days_and_times": "Evenings",
            "consent_to_be_contacted": "on",
        },
        honeypot="",
        form_token=form_token(),
        ip_address="198.51.100.4",
    )
    assert AppointmentRequest.objects.count() == 2
