"""`manage.py run_worker`: the task queue's worker and the scheduler, in one process.

The worker runs what changes queue (webhook deliveries, owner emails, Akismet checks,
Wagtail's search and reference index updates); the scheduler runs `publish_scheduled` and
the other clock jobs of `cms_pages.scheduler`. docker-compose's `worker` service and
`make run` start this command; `--check` is the healthcheck.
"""

import gc
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks.signals import task_finished
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Worker

from cms_pages import scheduler


class Command(BaseCommand):
    help = "Run the background task worker and its scheduler (publish_scheduled, ...)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SCHEDULER_INTERVAL_SECONDS,
            help="Seconds between rounds of scheduled jobs (default: %(default)s).",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=0.5,
            help="Seconds between looks at an empty queue (default: %(default)s).",
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="Lower the worker's CPU priority by this much, so that web requests (the "
            "owner's Publish, visitors' pages) go first on a small server (default: %(default)s).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the scheduled jobs once and every task due now, then exit.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Healthcheck: exit 0 if the scheduler finished a round recently, else 1.",
        )

    def handle(self, *, interval, poll, nice, once, check, **options):
        heartbeat = Path(settings.WORKER_HEARTBEAT_FILE)
        if check:
            age = scheduler.heartbeat_age(heartbeat)
            healthy = age is not None and age < 3 * interval + 10
            self.stdout.write(f"last round {age:.0f} s ago" if age is not None else "no round yet")
            sys.exit(0 if healthy else 1)
        worker = Worker(
            queue_names=["default"],
            interval=poll,
            batch=once,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_id(),
        )
        if once:
            scheduler.run_jobs()
            worker.run()
            return
        os.nice(nice)
        keep_memory_flat()
        scheduler.Scheduler(interval=interval, heartbeat=heartbeat).start()
        self.stdout.write(f"Worker and scheduler running (jobs every {interval:g} s).")
        worker.configure_signals()
        worker.run()


def keep_memory_flat() -> None:
    """Collect each task's garbage when it ends, cheaply. What is loaded by now (Django, the
    apps, the worker) is moved out of the collector's reach (`gc.freeze`), so a full collection
    only looks at what tasks made since; and one follows every task: a task's reference cycles
    (serializers, model instances) would otherwise wait for a full collection, which comes
    round seldom, while the next task fills new memory."""
    gc.collect()
    gc.freeze()
    task_finished.connect(collect_garbage)


def collect_garbage(**kwargs) -> None:
    gc.collect()
