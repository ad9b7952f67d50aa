"""The one change feed: every change the public could notice, from whichever process makes it.

Signal receivers (`api.signals`) call `content_changed` for each change. The changes of one
transaction are gathered into a `Batch` and announced once, after commit:

1. the API's content generation is bumped (now, and again after commit, so that no worker
   keeps an answer it rebuilt from the uncommitted state);
2. the stored page answers the changes made stale are forgotten (`api.answer_invalidation`;
   the worker builds them again) and the generation bumped again; then the site's own cache
   is purged by a signed POST, on commit, not behind the queue; when the change was made by
   a web request (the owner's Publish), right after its response has been sent, so that the
   owner never waits for the site (nor for a site that hangs);
3. the CDN in front of the site, if any, is purged through the task queue once the site's
   purge was answered (`api.cdn.purge_cdn`), so that it fetches pages already re-rendered;
4. webhook subscribers are told through the task queue (`api.webhooks.deliver_webhook`).

A publish in the admin, a `manage.py shell`, a management command or the worker's scheduler
all go through here: the cache the generation lives in is shared by every process (Redis,
or files on the embedded default).
"""

import logging
import threading
from dataclasses import dataclass, field

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from api import answer_invalidation, cdn, webhooks
from api.caching import bump_content_generation

logger = logging.getLogger(__name__)
# Batches committed during the current web request, told once its response has gone out.
_request = threading.local()


@dataclass
class Batch:
    """The changes of one transaction, announced together once it commits."""

    changes: dict[tuple[str, str, object], set[str]] = field(default_factory=dict)
    announced: bool = False

    def add(self, event: str, object_type: str, object_id, paths) -> None:
        self.changes.setdefault((event, object_type, object_id), set()).update(paths)

    def payload(self) -> dict:
        """The notification's JSON: the first change, every change, and every path."""
        changes = [
            {
                "event": event,
                "object": {"type": object_type, "id": object_id},
                "paths": sorted(paths),
            }
            for (event, object_type, object_id), paths in self.changes.items()
        ]
        return {
            "event": changes[0]["event"],
            "object": changes[0]["object"],
            "paths": sorted({path for change in changes for path in change["paths"]}),
            "changes": changes,
            "sent_at": timezone.now().isoformat(),
        }

    def announce(self) -> None:
        """After commit: stale the API cache now; tell the site and subscribers."""
        self.announced = True
        bump_content_generation()
        waiting = getattr(_request, "batches", None)
        if waiting is None:
            self.notify()
        else:
            waiting.append(self)

    def notify(self) -> None:
        """Forget the stored page answers the changes made stale (then stale the API cache
        again: an answer it kept meanwhile may have been read from one of them); purge the
        site, then queue the CDN's purge and the subscribers' deliveries."""
        payload = self.payload()
        try:
            answer_invalidation.forget(self.changes)
        except Exception:  # the site must still be told; the cause is in the log
            logger.exception("Could not forget the stored answers of %s", payload)
        bump_content_generation()
        try:
            webhooks.purge_site(payload)
        finally:  # the CDN drops its old copies even when the site could not be told
            cdn.queue_purge(payload)
        webhooks.queue_for_subscribers(payload)


def _open_batch() -> Batch:
    """The batch of the current transaction (a new one if none is waiting for its commit:
    the first change of a transaction, or one after a rollback dropped the earlier batch)."""
    connection = transaction.get_connection()
    batch = getattr(connection, "change_feed_batch", None)
    waiting = (
        batch is not None
        and not batch.announced
        and any(callback == batch.announce for _, callback, _ in connection.run_on_commit)
    )
    if not waiting:
        batch = Batch()
        connection.change_feed_batch = batch
        transaction.on_commit(batch.announce)
    return batch


def content_changed(event: str, obj, paths=()) -> None:
    """Record a change of `obj`; it is announced once its transaction commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the change is already committed
        batch = Batch()
        batch.add(event, obj._meta.label, obj.pk, paths)
        batch.announce()
        return
    bump_content_generation()  # stale at once for this process too, again after commit
    _open_batch().add(event, obj._meta.label, obj.pk, paths)


@receiver(request_started)
def hold_notifications(**kwargs) -> None:
    _request.batches = []


@receiver(request_finished)
def send_held_notifications(**kwargs) -> None:
    """Once the response is sent (Django closes it then): tell the site and subscribers."""
    batches, _request.batches = getattr(_request, "batches", None) or [], None
    for batch in batches:
        try:
            batch.notify()
        except Exception:
            logger.exception("Could not send the change notification %s", batch.payload())
