# Visitors' personal data, step 2 of 3: what is already stored is sealed.
#
# - responses: email, IP address and user agent copied into their sealed columns; the email's
#   keyed hash computed; the duplicate fingerprint (a plain SHA-256 of page, email and text,
#   which anyone who reads a published response could test guessed addresses against)
#   recomputed as a keyed hash;
# - the contact page's submissions move from Wagtail's FormSubmission (plain JSON) to
#   AppointmentRequest (sealed), keeping their submit times;
# - audit-log labels of responses, which named the visitor, become "Response #12 on <page>".
# Every step can be undone (backwards: plain again; requests lose their status and spam flag).

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

from cms_pages.personal_data.sealing import lookup_hash

PLAIN_DIGEST = re.compile(r"[0-9a-f]{64}")


def plain_fingerprint(*parts):
    """The fingerprint before this migration (cms_pages.spam.fingerprint)."""
    normal = "\x1f".join(re.sub(r"\s+", " ", str(part)).strip().lower() for part in parts)
    return hashlib.sha256(normal.encode()).hexdigest()


def seal_responses(apps, schema_editor):
    Response = apps.get_model("cms_pages", "Response")
    for response in Response.objects.all():
        response.sealed_email = response.email
        response.sealed_ip_address = response.ip_address or ""
        response.sealed_user_agent = response.user_agent
        response.email_hash = lookup_hash(response.email) if response.email else ""
        if PLAIN_DIGEST.fullmatch(response.fingerprint):
            response.fingerprint = lookup_hash(response.page_id, response.email, response.text)
        response.save(
            update_fields=[
                "sealed_email",
                "sealed_ip_address",
                "sealed_user_agent",
                "email_hash",
                "fingerprint",
            ]
        )


def unseal_responses(apps, schema_editor):
    Response = apps.get_model("cms_pages", "Response")
    for response in Response.objects.all():
        response.email = response.sealed_email
        response.ip_address = response.sealed_ip_address or None
        response.user_agent = response.sealed_user_agent
        if PLAIN_DIGEST.fullmatch(response.fingerprint):
            response.fingerprint = plain_fingerprint(
                response.page_id, response.email, response.text
            )
        response.save(update_fields=["email", "ip_address", "user_agent", "fingerprint"])


def visitor_email(ContactFormField, page_id, data):
    """The answer to the page's first email field (AppointmentRequest.visitor_email)."""
    names = ContactFormField.objects.filter(page_id=page_id, field_type="email").order_by(
        "sort_order"
    )
    return next((str(data[f.clean_name]) for f in names if data.get(f.clean_name)), "")


def move_requests(apps, schema_editor):
    FormSubmission = apps.get_model("wagtailforms", "FormSubmission")
    AppointmentRequest = apps.get_model("cms_pages", "AppointmentRequest")
    ContactPage = apps.get_model("cms_pages", "ContactPage")
    ContactFormField = apps.get_model("cms_pages", "ContactFormField")
    submissions = FormSubmission.objects.filter(
        page_id__in=ContactPage.objects.values("pk")
    ).order_by("pk")
    for submission in submissions:
        email = visitor_email(ContactFormField, submission.page_id, submission.form_data)
        moved = AppointmentRequest.objects.create(
            page_id=submission.page_id,
            sealed_form_data=json.dumps(submission.form_data, cls=DjangoJSONEncoder),
            email_hash=lookup_hash(email) if email else "",
        )
        # submit_time is auto_now_add: set it afterwards, to the visitor's own time.
        AppointmentRequest.objects.filter(pk=moved.pk).update(submit_time=submission.submit_time)
        submission.delete()


def move_requests_back(apps, schema_editor):
    FormSubmission = apps.get_model("wagtailforms", "FormSubmission")
    AppointmentRequest = apps.get_model("cms_pages", "AppointmentRequest")
    for request in AppointmentRequest.objects.order_by("pk"):
        data = json.loads(request.sealed_form_data) if request.sealed_form_data else {}
        moved = FormSubmission.objects.create(page_id=request.page_id, form_data=data)
        FormSubmission.objects.filter(pk=moved.pk).update(submit_time=request.submit_time)
        request.delete()


def relabel_response_log_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Response = apps.get_model("cms_pages", "Response")
    content_type = ContentType.objects.filter(app_label="cms_pages", model="response").first()
    if content_type is None:
        return
    titles = dict(Response.objects.values_list("pk", "page__title"))
    for entry in ModelLogEntry.objects.filter(content_type=content_type):
        title = titles.get(int(entry.object_id))
        entry.label = (
            f"Response #{entry.object_id} on {title}" if title else f"Response #{entry.object_id}"
        )
        entry.save(update_fields=["label"])


class Migration(migrations.Migration):

    dependencies = [
        ('cms_pages', '0004_personal_data_schema'),
        ('wagtailforms', '0005_alter_formsubmission_form_data'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(seal_responses, unseal_responses),
        migrations.RunPython(move_requests, move_requests_back),
        migrations.RunPython(relabel_response_log_entries, migrations.RunPython.noop),
    ]
