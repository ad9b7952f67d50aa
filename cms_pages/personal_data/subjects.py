"""Everything held for one visitor, found by email address: its export and its erasure.

Responses and appointment requests are found by the keyed hash of the address (their sealed
columns cannot be searched); failed admin sign-ins (django-axes) by the address typed as a
username. Erasure deletes them all, approved responses included: a response's text is the
visitor's own words, often about their health, and a text kept under another name could
still point to them. Each response is deleted as a model instance in one transaction, so the
change feed tells the API, the site and the subscribers once, as for any removal (an approved
one as `response_withdrawn`: the site drops the last good copies that still show it).
"""

import csv
import io
import json
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from cms_pages.models import AppointmentRequest, Response
from cms_pages.personal_data.sealing import lookup_hash

SIGN_IN_MODELS = (AccessAttempt, AccessFailureLog)


@dataclass
class Holdings:
    """What the practice holds for one email address."""

    email: str
    responses: list[Response]
    appointment_requests: list[AppointmentRequest]
    sign_in_attempts: list[AccessAttempt | AccessFailureLog]

    def counts(self) -> dict[str, int]:
        return {
            "responses": len(self.responses),
            "appointment_requests": len(self.appointment_requests),
            "sign_in_attempts": len(self.sign_in_attempts),
        }

    def __bool__(self) -> bool:
        return any(self.counts().values())


def held_for(email: str) -> Holdings:
    digest = lookup_hash(email)
    return Holdings(
        email=email.strip(),
        responses=list(
            Response.objects.filter(email_hash=digest)
            .select_related("page")
            .order_by("submitted_at", "pk")
        ),
        appointment_requests=list(
            AppointmentRequest.objects.filter(email_hash=digest)
            .select_related("page")
            .order_by("submit_time", "pk")
        ),
        sign_in_attempts=[
            attempt
            for model in SIGN_IN_MODELS
            for attempt in model.objects.filter(username__iexact=email.strip())
        ],
    )


def export(holdings: Holdings) -> dict:
    """Everything held, as JSON-ready data (the visitor's copy)."""
    return {
        "email": holdings.email,
        "exported_at": timezone.now().isoformat(),
        "responses": [
            {
                "id": response.pk,
                "page": response.page.title,
                "status": response.status,
                "name": response.name,
                "email": response.email,
                "website": response.website,
                "text": response.text,
                "reply": response.reply,
                "submitted_at": response.submitted_at.isoformat(),
                "replied_at": response.replied_at.isoformat() if response.replied_at else None,
                "ip_address": response.ip_address,
                "user_agent": response.user_agent,
                "held_because": response.held_because,
            }
            for response in holdings.responses
        ],
        "appointment_requests": [
            {
                "id": request.pk,
                "page": request.page.title,
                "status": request.status,
                "is_spam": request.is_spam,
                "submitted_at": request.submit_time.isoformat(),
                "answers": json.loads(json.dumps(request.form_data, cls=DjangoJSONEncoder)),
            }
            for request in holdings.appointment_requests
        ],
        "sign_in_attempts": [
            {
                "username": attempt.username,
                "ip_address": attempt.ip_address,
                "user_agent": attempt.user_agent,
                "attempted_at": attempt.attempt_time.isoformat(),
            }
            for attempt in holdings.sign_in_attempts
        ],
    }


def as_csv(exported: dict) -> str:
    """The export as one CSV table, a row per value: record, id, field, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record", "id", "field", "value"])
    for record in ("responses", "appointment_requests", "sign_in_attempts"):
        for number, item in enumerate(exported[record], start=1):
            flat = {key: value for key, value in item.items() if key != "answers"}
            flat.update({f"answers.{k}": v for k, v in item.get("answers", {}).items()})
            identifier = item.get("id", number)
            for field, value in flat.items():
                writer.writerow([record, identifier, field, "" if value is None else value])
    return out.getvalue()


def erase(holdings: Holdings) -> dict[str, int]:
    """Delete everything held for the address; how many of each kind went."""
    with transaction.atomic():
        for response in holdings.responses:
            response.delete()  # post_delete: the change feed drops it from the API and site
        AppointmentRequest.objects.filter(
            pk__in=[request.pk for request in holdings.appointment_requests]
        ).delete()
        for model in SIGN_IN_MODELS:
            model.objects.filter(
                pk__in=[a.pk for a in holdings.sign_in_attempts if isinstance(a, model)]
            ).delete()
    return holdings.counts()
