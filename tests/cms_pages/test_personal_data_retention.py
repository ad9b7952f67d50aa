"""Retention: the worker's scheduler deletes or strips visitors' data past the periods the
owner set in Practice settings; the clock travels (time-machine) instead of being waited for."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from cms_pages import scheduler
from cms_pages.models import AppointmentRequest, ContactPage, PracticeSettings, Response
from cms_pages.personal_data import retention
from tests.factories import AccessAttemptFactory, AppointmentRequestFactory, ResponseFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def connection_columns(response: Response) -> tuple:
    """The IP address and user agent columns as stored (NULL once erased)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ip_address, user_agent FROM cms_pages_response WHERE id = %s", [response.pk]
        )
        return cursor.fetchone()


@pytest.fixture
def held(craniosacral):
    """One of each kind of visitor data, all sent now."""
    contact = ContactPage.objects.get()

    def response(status):
        return ResponseFactory(
            page=craniosacral,
            name=f"Visitor {status}",
            email=f"{status}@example.com",
            text=f"A {status} response.",
            status=status,
            ip_address="203.0.113.5",
            user_agent="Firefox",
            fingerprint=status,
        )

    return {
        "approved": response(Response.Status.APPROVED),
        "pending": response(Response.Status.PENDING),
        "spam": response(Response.Status.SPAM),
        "request": AppointmentRequestFactory(page=contact),
        "spam request": AppointmentRequestFactory(page=contact, is_spam=True),
        "booked request": AppointmentRequestFactory(
            page=contact, status=AppointmentRequest.Status.BOOKED
        ),
        "sign-in": AccessAttemptFactory(
            username="dana@example.com", ip_address="203.0.113.66", failures_since_start=1
        ),
        "session": Session.objects.create(
            session_key="s" * 32, session_data="", expire_date=timezone.now() + 60 * DAY
        ),
    }


def still_there(held) -> set[str]:
    return {
        name for name, record in held.items() if type(record).objects.filter(pk=record.pk).exists()
    }


def test_nothing_goes_before_its_time(held):
    with time_machine.travel(timezone.now() + 29 * DAY):
        counts = retention.apply()

    assert not any(counts.values())
    assert still_there(held) == set(held)
    assert connection_columns(held["pending"]) != (None, None)


def test_after_the_default_periods_spam_goes_connection_data_is_erased_then_requests_go(
    held, caplog
):
    caplog.set_level(logging.INFO, logger="cms_pages.personal_data.retention")
    with time_machine.travel(timezone.now() + 31 * DAY):
        counts = retention.apply()

    assert counts == {
        "spam responses deleted": 1,
        "responses' IP address and user agent erased": 2,
        "appointment requests deleted": 1,
        "failed sign-ins deleted": 1,
    }
    assert still_there(held) == {"approved", "pending", "request", "booked request", "session"}
    for kept in ("approved", "pending"):
        assert connection_columns(held[kept]) == (None, None)
        response = Response.objects.get(pk=held[kept].pk)
        assert (response.ip_address, response.user_agent) == ("", "")
        assert response.email == f"{kept}@example.com"  # kept: only its connection data goes
    [line] = caplog.messages
    assert line.startswith("Retention: 1 spam responses deleted, 2 responses' IP address")
    assert "@" not in line and "203.0.113" not in line

    with time_machine.travel(timezone.now() + 181 * DAY):
        counts = retention.apply()

    assert counts["appointment requests deleted"] == 2  # booked or not, after 180 days
    assert still_there(held) == {"approved", "pending"}


def test_the_owners_periods_apply(held):
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.spam_retention_days = 90
    practice.connection_data_retention_days = 7
    practice.appointment_request_retention_days = 14
    practice.save()

    with time_machine.travel(timezone.now() + 15 * DAY):
        retention.apply()

    assert still_there(held) == {"approved", "pending", "spam", "session"}
    assert connection_columns(held["spam"]) == (None, None)


def test_the_periods_are_validated_for_the_owner():
    practice = PracticeSettings(practice_name="Massage Aha!", site=Site.objects.first())
    practice.appointment_request_retention_days = 0
    practice.spam_retention_days = 366
    with pytest.raises(ValidationError) as refused:
        practice.full_clean()
    assert set(refused.value.message_dict) >= {
        "appointment_request_retention_days",
        "spam_retention_days",
    }


def test_expired_sessions_are_cleared(held):
    with time_machine.travel(timezone.now() + 61 * DAY):
        retention.apply()

    assert "session" not in still_there(held)


@pytest.mark.usefixtures("keep_test_connection")
def test_the_scheduler_runs_it_hourly(held):
    assert "personal_data_retention" in dict(scheduler.JOBS)
    start = timezone.now() + 31 * DAY
    with time_machine.travel(start, tick=False):
        scheduler.run_jobs()
        assert "spam" not in still_there(held)
        spam = ResponseFactory(
            page=held["approved"].page,
            status="spam",
            submitted_at=start - 40 * DAY,
        )
        scheduler.run_jobs()  # within the hour: not again
        assert Response.objects.filter(pk=spam.pk).exists()
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        scheduler.run_jobs()
    assert not Response.objects.filter(pk=spam.pk).exists()
