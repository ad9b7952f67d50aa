"""Changes made to the content by another process than the test, and the site told of them."""

import datetime
import textwrap


def shell(live_backend, code: str) -> str:
    return live_backend.shell(textwrap.dedent(code), notify_site=True)


def page_code(service: dict, code: str) -> str:
    """Shell code that runs `code` with the service page as `p`."""
    load = (
        f"from cms_pages.models import ServicePage\np = ServicePage.objects.get(pk={service['id']})"
    )
    return f"{load}\n{code}"


def wait_for_site_purge(live_backend, path: str, since: datetime.datetime) -> None:
    """Wait until the backend has told the site of a change to `path` made after `since`, and
    the site has answered: a change made in the admin purges the site once the owner's
    request has been answered, so the browser sees "published" a moment before the site knows.

    The backend's own record of the purge (the delivery to the site) is read in a backend
    shell; from then on the site shows the change to every visitor.
    """
    live_backend.shell(
        textwrap.dedent(f"""
        import datetime
        from api.models import WebhookDelivery
        from tests.waiting import wait_until
        since = datetime.datetime.fromisoformat("{since.isoformat()}")

        def answered():
            purges = WebhookDelivery.objects.filter(
                subscriber=None, created_at__gte=since, succeeded=True
            )
            return any("{path}" in purge.payload["paths"] for purge in purges)

        wait_until(answered, timeout=15, what="the site's purge of {path}")
        """)
    )


def wait_for_search_indexing(live_backend, timeout: float = 60) -> None:
    """Wait until the worker has run every search index update queued so far.

    The worker runs niced, behind the web processes, a browser and the site's re-renders on a
    2-core machine: how long it takes says nothing about the search, so the wait is long and,
    when it ends without the queue drained, says what the queue still held. Once it is
    drained, the API's search finds the change at once (the worker's end of an index task
    bumps the content generation).
    """
    live_backend.shell(
        textwrap.dedent(f"""
        from collections import Counter
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
        from api.signals import SEARCH_INDEX_TASK
        from tests.waiting import wait_until

        unfinished = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        )
        try:
            wait_until(
                lambda: not unfinished.filter(task_path=SEARCH_INDEX_TASK).exists(),
                timeout={timeout},
                what="the worker running the queued search index updates",
            )
        except TimeoutError as error:
            left = Counter(unfinished.values_list("task_path", "status"))
            raise TimeoutError(f"{{error}}; the queue holds {{dict(left)}}") from None
        """)
    )
