"""The task queue on its real backend (the database) and `manage.py run_worker`.

The worker takes tasks from the database as it does in production, inside each test's
transaction; the clock is moved with time-machine rather than waited for.
"""

import datetime
import io
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from api.caching import content_generation
from api.models import WebhookDelivery
from cms_pages import services, spam
from cms_pages.management.commands.run_worker import collect_garbage, keep_memory_flat
from cms_pages.models import Response
from tests.api.conftest import Receiver
from tests.factories import WebhookSubscriberFactory
from tests.garbage import manual_collections, unheld_cycle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("database_queue", "keep_test_connection"),
]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue():
    """The database backend instead of the suite's immediate one.

    On SQLite the worker opens its own `BEGIN EXCLUSIVE` unless the connection's transaction
    mode is already EXCLUSIVE; then it uses a savepoint, which a test's transaction allows.
    """
    wrapper = connections["default"]
    mode = getattr(wrapper, "transaction_mode", None)
    if wrapper.vendor == "sqlite":
        wrapper.transaction_mode = "EXCLUSIVE"
    try:
        with override_settings(TASKS=DATABASE_QUEUE, OWNER_NOTIFY_EMAIL="owner@example.com"):
            yield
    finally:
        wrapper.transaction_mode = mode


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (its on-commit announcements run)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def run_worker() -> None:
    """What the worker does in one go: the scheduled jobs, then every task due now."""
    call_command("run_worker", "--once")


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.ready().order_by("enqueued_at"))


def test_a_publish_returns_before_subscribers_are_told_and_the_worker_tells_them(
    craniosacral, committed
):
    partner = Receiver()
    try:
        WebhookSubscriberFactory(url=partner.url)
        committed(lambda: craniosacral.save_revision().publish())
        delivery = WebhookDelivery.objects.get(subscriber__isnull=False)
        assert (partner.received, delivery.attempts) == ([], 0)
        assert "api.webhooks.deliver_webhook" in [task.task_path for task in queued()]
        run_worker()
    finally:
        partner.close()
    delivery.refresh_from_db()
    assert (delivery.succeeded, delivery.attempts) == (True, 1)
    assert json.loads(partner.received[0]["body"])["event"] == "page_published"
    assert queued() == []  # Wagtail's index updates ran too


def test_a_failed_delivery_is_retried_later_without_holding_up_the_queue(craniosacral, committed):
    healthy = Receiver()
    try:
        WebhookSubscriberFactory(name="Gone", url="http://127.0.0.1:9/hook")
        WebhookSubscriberFactory(url=healthy.url)
        committed(lambda: craniosacral.save_revision().publish())
        run_worker()
        assert len(healthy.received) == 1  # not held up by the dead subscriber
        dead = WebhookDelivery.objects.get(subscriber__name="Gone")
        assert (dead.attempts, dead.finished_at) == (1, None)
        [retry] = DBTaskResult.objects.filter(status="READY", run_after__isnull=False)
        delay = (retry.run_after - timezone.now()).total_seconds()
        assert 8 < delay <= 10  # WEBHOOK_RETRY_DELAYS[0], not slept through
        run_worker()
        assert WebhookDelivery.objects.get(pk=dead.pk).attempts == 1  # not due yet
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=11)):
            run_worker()
        assert WebhookDelivery.objects.get(pk=dead.pk).attempts == 2
    finally:
        healthy.close()


def test_a_response_is_stored_at_once_and_screened_and_mailed_by_the_worker(craniosacral, settings):
    settings.FORM_MIN_SECONDS = 0
    response, stored = services.response_submit(
        page=craniosacral,
        name="Dana",
        email="dana@example.com",
        website="",
        text="My migraines eased after the second session.",
        honeypot="",
        form_token=spam.issue_form_token(),
        ip_address="203.0.113.9",
        user_agent="Firefox",
    )
    assert stored and response.status == Response.Status.PENDING
    assert mail.outbox == []
    tasks = queued()
    # Task arguments are ids: no personal data is copied into the queue.
    assert not [task for task in tasks if "dana@example.com" in json.dumps(task.args_kwargs)]
    [screen] = [task for task in tasks if task.task_path == "cms_pages.tasks.screen_response"]
    assert screen.args_kwargs == {"args": [response.pk], "kwargs": {}}
    run_worker()
    [email] = mail.outbox
    assert email.to == ["owner@example.com"]
    assert DBTaskResult.objects.get(pk=screen.pk).status == "SUCCESSFUL"


def healthcheck() -> int:
    """The exit status of `manage.py run_worker --check` (the container's healthcheck)."""
    with pytest.raises(SystemExit) as exited:
        call_command("run_worker", "--check", stdout=io.StringIO())
    return exited.value.code


def test_the_healthcheck_reads_the_schedulers_heartbeat(tmp_path, settings):
    settings.WORKER_HEARTBEAT_FILE = str(tmp_path / "heartbeat")
    settings.SCHEDULER_INTERVAL_SECONDS = 30
    assert healthcheck() == 1  # no round yet
    (tmp_path / "heartbeat").touch()
    assert healthcheck() == 0
    # Three missed rounds and ten seconds' grace later, the worker counts as stuck.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=3 * 30 + 10)):
        assert healthcheck() == 1


def test_search_answers_cached_before_the_worker_indexed_a_change_go_stale(craniosacral, committed):
    committed(lambda: craniosacral.save_revision().publish())
    generation = content_generation()  # answers cached now predate the index update
    run_worker()
    assert content_generation() != generation


def test_the_worker_frees_the_reference_cycles_a_task_left_behind(craniosacral, committed):
    with manual_collections():
        keep_memory_flat()  # freezes what is loaded, as `run_worker` does before its loop
        try:
            left = unheld_cycle()
            committed(lambda: craniosacral.save_revision().publish())
            assert left() is not None and queued()

            run_worker()

            assert left() is None
        finally:
            task_finished.disconnect(collect_garbage)
