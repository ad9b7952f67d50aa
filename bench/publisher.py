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
- `{"cmd": "quit"}` (or end of input): waits for pending notifications and exits.
"""

import json
import sys
import time


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    from api.models import WebhookDelivery
    from cms_pages.models import ServicePage

    def say(**message) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    say(ready=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        last_pk = WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        started = time.time()
        page = ServicePage.objects.get(slug=command["slug"]).get_latest_revision_as_object()
        page.heading = f"What is CranioSacral Massage? {command['marker']}"
        page.save_revision().publish()
        say(started=started, published=time.time())
        say(delivery=wait_for_delivery(WebhookDelivery, settings.FRONTEND_PURGE_URL, last_pk))


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


if __name__ == "__main__":
    main()
