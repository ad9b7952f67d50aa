"""A publishing process, as the admin or `manage.py publish_scheduled` would be one.

Run as `python -m bench.publisher` with the backend's production environment (same database,
same FRONTEND_PURGE_URL and webhook secret): Django's signals fire in the process that saves,
so this process is the one that stales the API cache and sends the purge notification to the
frontend, exactly as `manage.py shell -c "...publish()"` would.

It reads one JSON command per line on stdin and answers one JSON line per event on stdout:
- `{"cmd": "publish", "slug": ..., "marker": ...}`: puts `marker` into the page's heading and
  publishes a new revision; answers `{"started": t, "published": t}` (time.time() seconds),
  then, once the frontend's notification was delivered or gave up,
  `{"delivery": {"succeeded", "status_code", "attempts", "error", "finished": t}}`.
- `{"cmd": "schedule", "slug": ..., "marker": ..., "delay": seconds}`: puts `marker` into the
  page's heading and saves a revision approved to go live `delay` seconds from now, as the
  admin's "Set schedule" + "Publish" does, without publishing it (the task worker's scheduler
  will); answers `{"go_live_at": t, "saved": t, "after_delivery": pk}`.
- `{"cmd": "outcome", "slug": ..., "after_delivery": pk}`: once the page was published by
  someone else (the scheduler), `{"published_at": t, "delivery": {...} or null}`: when the
  page went live and how the site's notification that followed went.
- `{"cmd": "trace", "since": t, "wait": seconds}`: what followed a change made elsewhere (an
  admin publish) since `t` (time.time() seconds): the site's notifications and the queue's
  tasks, with their times, once every such task has finished (or `wait` has passed):
  `{"deliveries": [{"created", "finished", "status_code"}],
  "tasks": [{"task", "enqueued", "started", "finished"}]}`.
- `{"cmd": "quit"}` (or end of input): waits for pending notifications and exits.

`Client` is the bench's side of this conversation.
"""

import datetime
import json
import queue
import subprocess
import sys
import threading
import time


def say(**message) -> None:
    """One answer of a helper process (this one, bench.catalogue): a JSON line on stdout."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def commands():
    """The commands a helper process is sent once it says it is ready: one JSON object a
    line on stdin, until `{"cmd": "quit"}` or the end of input."""
    say(ready=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            return
        yield command


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from api.models import WebhookDelivery
    from cms_pages.models import ServicePage

    for command in commands():
        if command["cmd"] == "trace":
            since = datetime.datetime.fromtimestamp(command["since"], datetime.UTC)
            deadline = time.monotonic() + command.get("wait", 0)
            found = trace(WebhookDelivery, DBTaskResult, settings.FRONTEND_PURGE_URL, since)
            while time.monotonic() < deadline and any(
                task["finished"] is None for task in found["tasks"]
            ):
                time.sleep(0.05)
                found = trace(WebhookDelivery, DBTaskResult, settings.FRONTEND_PURGE_URL, since)
            say(**found)
            continue
        last_pk = WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if command["cmd"] == "schedule":
            page = ServicePage.objects.get(slug=command["slug"]).get_latest_revision_as_object()
            page.heading = f"What is CranioSacral Massage? {command['marker']}"
            go_live = timezone.now() + datetime.timedelta(seconds=command["delay"])
            page.go_live_at = go_live
            page.save_revision(approved_go_live_at=go_live)
            say(go_live_at=go_live.timestamp(), saved=time.time(), after_delivery=last_pk)
            continue
        if command["cmd"] == "outcome":
            published = ServicePage.objects.get(slug=command["slug"]).last_published_at
            delivery = wait_for_delivery(
                WebhookDelivery, settings.FRONTEND_PURGE_URL, command["after_delivery"]
            )
            say(published_at=published.timestamp() if published else None, delivery=delivery)
            continue
        started = time.time()
        page = ServicePage.objects.get(slug=command["slug"]).get_latest_revision_as_object()
        page.heading = f"What is CranioSacral Massage? {command['marker']}"
        page.save_revision().publish()
        say(started=started, published=time.time())
        say(delivery=wait_for_delivery(WebhookDelivery, settings.FRONTEND_PURGE_URL, last_pk))


def trace(deliveries, tasks, url: str, since) -> dict:
    """The site's notifications and the queue's tasks since `since`, with their times."""

    def seconds(moment) -> float | None:
        return moment.timestamp() if moment else None

    return {
        "deliveries": [
            {
                "created": seconds(delivery.created_at),
                "finished": seconds(delivery.finished_at),
                "status_code": delivery.status_code,
            }
            for delivery in deliveries.objects.filter(url=url, created_at__gte=since).order_by("pk")
        ],
        "tasks": [
            {
                "task": task.task_path.rsplit(".", 1)[-1],
                "enqueued": seconds(task.enqueued_at),
                "started": seconds(task.started_at),
                "finished": seconds(task.finished_at),
            }
            for task in tasks.objects.filter(enqueued_at__gte=since).order_by("enqueued_at")
        ],
    }


def wait_for_delivery(model, url: str, after_pk: int, timeout: float = 15) -> dict | None:
    """The outcome of the first notification to `url` newer than `after_pk` (None: none)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = model.objects.filter(pk__gt=after_pk, url=url).order_by("pk").first()
        if delivery and delivery.finished_at:
            return {
                "succeeded": delivery.succeeded,
                "status_code": delivery.status_code,
                "attempts": delivery.attempts,
                "error": delivery.error,
                "finished": delivery.finished_at.timestamp(),
            }
        time.sleep(0.02)
    return None


class Client:
    """The bench's end of a running publisher: send a command, read its answers."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.read(60)  # {"ready": true} once Django is set up

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def ask(self, **command) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def read(self, timeout: float = 30) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"the publisher said nothing for {timeout:.0f} s") from None
        if line is None:
            raise RuntimeError("the publisher exited")
        return json.loads(line)

    def quit(self) -> None:
        self.ask(cmd="quit")
        self.process.wait(timeout=30)


if __name__ == "__main__":
    main()
