"""Retention: what visitors send is kept only as long as the owner's Practice settings say.

Run by the worker's scheduler (cms_pages.scheduler, at most once per RETENTION_INTERVAL):

- appointment requests are deleted once older than their period, and spam ones sooner;
- spam responses are deleted after the spam period;
- the IP address and user agent of the responses that are kept are erased after theirs;
- failed admin sign-ins (django-axes: a username and an IP address) go after that same
  period, and expired sessions are cleared.

Responses are deleted through the ORM's collector, which sends post_delete for each one
(api.signals listens), all in one transaction: the change feed announces them once, like any
other change. Only counts are logged.
"""

import datetime
import logging
from dataclasses import dataclass
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from cms_pages.models import AppointmentRequest, PracticeSettings, Response

logger = logging.getLogger(__name__)
RETENTION_INTERVAL = datetime.timedelta(hours=1)
RUN_KEY = "personal-data:retention-ran:{slot}"
PERIOD_FIELDS = (
    "appointment_request_retention_days",
    "spam_retention_days",
    "connection_data_retention_days",
)


@dataclass(frozen=True)
class Periods:
    """How long each kind of visitor data is kept (from PracticeSettings)."""

    appointment_requests: datetime.timedelta
    spam: datetime.timedelta
    connection_data: datetime.timedelta


def periods() -> Periods:
    """The default site's periods; the fields' defaults before the practice is set up."""
    days = PracticeSettings.objects.filter(site__is_default_site=True).values_list(
        *PERIOD_FIELDS
    ).first() or [PracticeSettings._meta.get_field(name).default for name in PERIOD_FIELDS]
    return Periods(*(datetime.timedelta(days=count) for count in days))


def deleted(queryset: QuerySet) -> int:
    """Delete the queryset's rows (post_delete is sent for each one that anyone listens to);
    how many of its own model went."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete or strip everything past its time; returns how many of each."""
    now = now or timezone.now()
    kept = periods()
    spam_before, connection_before = now - kept.spam, now - kept.connection_data
    spam_responses = Response.objects.select_related("page").filter(
        status=Response.Status.SPAM, submitted_at__lt=spam_before
    )
    counts = {"spam responses deleted": deleted(spam_responses)}
    counts["responses' IP address and user agent erased"] = (
        Response.objects.filter(submitted_at__lt=connection_before)
        .filter(Q(ip_address__isnull=False) | Q(user_agent__isnull=False))
        .update(ip_address="", user_agent="")
    )
    expired_requests = Q(submit_time__lt=now - kept.appointment_requests) | Q(
        is_spam=True, submit_time__lt=spam_before
    )
    counts["appointment requests deleted"] = deleted(
        AppointmentRequest.objects.filter(expired_requests)
    )
    counts["failed sign-ins deleted"] = sum(
        deleted(model.objects.filter(attempt_time__lt=connection_before))
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    if any(counts.values()):
        logger.info("Retention: %s", ", ".join(f"{count} {what}" for what, count in counts.items()))
    return counts


def run_due() -> dict[str, int] | None:
    """The scheduler's job: `apply()` once per RETENTION_INTERVAL across every process (the
    cache is shared); None when it is not due yet.

    Each interval of the clock is a slot that the first process to claim it runs: the slot is
    read from this process's clock, not from the cache's own expiry (Redis keeps its time).
    """
    interval = RETENTION_INTERVAL.total_seconds()
    slot = int(timezone.now().timestamp() // interval)
    if not cache.add(RUN_KEY.format(slot=slot), True, timeout=2 * interval):
        return None
    return apply()
