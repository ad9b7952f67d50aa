"""Migration 0005: the contact page's submissions already stored by Wagtail (plain JSON in
FormSubmission) move into AppointmentRequest, sealed, and back; audit-log labels that named
a visitor are rewritten."""

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cms_pages.models import AppointmentRequest, ContactPage
from cms_pages.personal_data.sealing import lookup_hash
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("cms_pages.migrations.0005_personal_data_sealed")
ANSWERS = {"name": "Sam Visitor", "email": "Sam@Example.com", "message": "Knee pain"}


def test_stored_submissions_move_into_sealed_appointment_requests_and_back(demo_content):
    contact = ContactPage.objects.get()
    old = FormSubmission.objects.create(page=contact, form_data=ANSWERS)
    FormSubmission.objects.filter(pk=old.pk).update(submit_time="2026-01-05T10:00:00Z")
    other_form = FormSubmission.objects.create(page=demo_content, form_data={"x": "y"})

    migration.move_requests(apps, None)

    [moved] = AppointmentRequest.objects.all()
    assert (moved.form_data, moved.status, moved.page_id) == (ANSWERS, "new", contact.pk)
    assert moved.submit_time.isoformat() == "2026-01-05T10:00:00+00:00"
    assert moved.email_hash == lookup_hash("sam@example.com")
    assert list(FormSubmission.objects.all()) == [other_form]  # not the contact page's
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_form_data FROM cms_pages_appointmentrequest")
        assert "Knee pain" not in cursor.fetchone()[0]

    migration.move_requests_back(apps, None)

    assert AppointmentRequest.objects.count() == 0
    back = FormSubmission.objects.get(page=contact)
    assert (back.form_data, back.submit_time.isoformat()) == (ANSWERS, "2026-01-05T10:00:00+00:00")


def test_audit_log_labels_no_longer_name_the_visitor(craniosacral):
    response = ResponseFactory(page=craniosacral, name="Dana")
    entry = log(instance=response, action="wagtail.edit", title="Dana on CranioSacral Massage")
    assert entry.label == "Dana on CranioSacral Massage"  # as labelled before 0005

    migration.relabel_response_log_entries(apps, None)

    entry = ModelLogEntry.objects.get(pk=entry.pk)
    assert entry.label == f"Response #{response.pk} on CranioSacral Massage"
    assert "Dana" not in json.dumps([entry.label, entry.data])
