"""The jobs the task worker runs on a clock, and the loop that runs them.

`manage.py run_worker` starts a `Scheduler` thread beside the queue's worker. Each job runs
every SCHEDULER_INTERVAL_SECONDS; a failing job is logged and tried again next time, never
stopping the others. After each round the heartbeat file is touched: its age tells the
healthcheck (`run_worker --check`) that the worker is alive.
"""

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command
from django.db import close_old_connections

from cms_pages.personal_data import retention

logger = logging.getLogger(__name__)


def publish_scheduled() -> None:
    """Wagtail's scheduled go-live and expiry dates, for pages and FAQs."""
    call_command("publish_scheduled", verbosity=0)


JOBS: list[tuple[str, Callable[[], object]]] = [
    ("publish_scheduled", publish_scheduled),
    # Visitors' personal data past the periods of Practice settings (hourly).
    ("personal_data_retention", retention.run_due),
]


def run_jobs() -> None:
    """One round: every job once, each on its own (one failing does not stop the next)."""
    for name, job in JOBS:
        try:
            job()
        except Exception:
            logger.exception("Scheduled job %s failed; it runs again next round", name)
        finally:
            close_old_connections()


def heartbeat_age(path: Path) -> float | None:
    """Seconds since the last round finished, or None if none has."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None


class Scheduler(threading.Thread):
    """Runs every job once per interval until the process ends (a daemon thread)."""

    def __init__(self, *, interval: float, heartbeat: Path):
        super().__init__(name="scheduler", daemon=True)
        self.interval = interval
        self.heartbeat = heartbeat
        self.stopped = threading.Event()

    def run(self) -> None:
        self.heartbeat.parent.mkdir(parents=True, exist_ok=True)
        while not self.stopped.is_set():
            started = time.monotonic()
            run_jobs()
            self.heartbeat.touch()
            self.stopped.wait(max(0.0, self.interval - (time.monotonic() - started)))
