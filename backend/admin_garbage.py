"""Free the garbage of the owner's admin pages once each has been sent.

An admin page (the page editor, its live preview, a listing) builds thousands of objects in
reference cycles (forms, panels, widgets, bound blocks) that only a full collection frees,
and in a server process full collections come round seldom: over six visits to the editor
a backend worker grew by ~6 MiB and kept it (the cycles outlive the request, and what later
requests allocate among them pins their memory). One collection after each admin response
(Django sends `request_finished` once the server has sent it) frees them at once.

It costs ~10 ms where the server froze what it had imported (`gc.freeze()` in
deploy/gunicorn_conf.py): only what was made since is looked at. Elsewhere (tests,
`runserver`) it would look at every object (~100 ms), so Python's own schedule is left alone.
"""

import gc
import threading
from functools import cache

from django.core.signals import request_finished
from django.urls import reverse

_sent = threading.local()  # what the request this thread is finishing was


class AdminGarbageMiddleware:
    """Marks an admin request of a frozen server process, for `collect_after_admin_page`."""

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(collect_after_admin_page, dispatch_uid=__name__)

    def __call__(self, request):
        _sent.admin_page = request.path.startswith(admin_root()) and frozen()
        return self.get_response(request)


@cache
def admin_root() -> str:
    return reverse("wagtailadmin_home")


@cache
def frozen() -> bool:
    """Whether the server froze what it had imported, which it does before its first request
    (counting the frozen objects walks them all: ~10 ms, so it is done once)."""
    return gc.get_freeze_count() > 0


def collect_after_admin_page(**kwargs) -> None:
    if getattr(_sent, "admin_page", False):
        _sent.admin_page = False
        gc.collect()
