"""Many writers at once on the embedded default (SQLite) and on PostgreSQL: never a 500.

The owner types in the editor with the live preview open (autosave every half second plus
preview updates), while visitors send responses, another process publishes, and the task
worker indexes and notifies: four writers at once, as a busy morning would have them.
"""

import threading
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_owner_journey import log_in
from tests.frontend.live_backend import CLIENT_KEY

TYPING = "A calmer title, typed slowly while everyone else writes too"


def send_responses(live_backend, page_id: int, count: int, outcomes: list[int]) -> None:
    """Visitors (distinct addresses, through the site's trusted key) leaving responses."""
    api = requests.Session()
    api.headers["X-CMS-Client-Key"] = CLIENT_KEY
    for number in range(count):
        token = api.get(live_backend.api_url + "forms/token/", timeout=10).json()["token"]
        answer = api.post(
            f"{live_backend.api_url}responses/",
            json={
                "page": page_id,
                "name": f"Visitor {number}",
                "email": f"visitor{number}@example.com",
                "text": f"Response {number} {uuid.uuid4().hex[:6]}: a lovely session.",
                "form_token": token,
            },
            headers={"X-CMS-Visitor-IP": f"198.51.100.{number + 1}"},
            timeout=30,
        )
        outcomes.append(answer.status_code)


def publish_repeatedly(live_backend, page_id: int, times: int) -> None:
    live_backend.shell(
        "from cms_pages.models import ServicePage\n"
        f"p = ServicePage.objects.get(pk={page_id})\n"
        f"for n in range({times}):\n"
        "    p.summary = f'Republished {n}'\n"
        "    p.save_revision().publish()\n",
        notify_site=True,
    )


@pytest.mark.browser
def test_autosave_preview_visitors_publishing_and_the_worker_at_once(page, live_backend):
    suffix = uuid.uuid4().hex[:6]
    made = live_backend.shell(
        "from cms_pages.models import ServiceIndexPage, ServicePage\n"
        "services = ServiceIndexPage.objects.get()\n"
        f"edited = ServicePage(title='Being edited', slug='being-edited-{suffix}', summary='s',\n"
        "    introduction='<p>Edited.</p>')\n"
        "services.add_child(instance=edited)\n"
        "edited.save_revision().publish()\n"
        f"busy = ServicePage(title='Busy', slug='busy-{suffix}', summary='s',\n"
        "    introduction='<p>b</p>')\n"
        "services.add_child(instance=busy)\n"
        "busy.save_revision().publish()\n"
        "print(edited.pk, busy.pk)",
        notify_site=True,
    )
    edited_id, busy_id = (int(value) for value in made.split())
    admin_statuses: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda answer: (
            admin_statuses.append((answer.status, answer.url))
            if answer.url.startswith(live_backend.url)
            else None
        ),
    )
    log_in(page, live_backend.url)
    page.goto(f"{live_backend.url}/admin/pages/{edited_id}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    expect(page.locator("[data-side-panel='preview']")).to_be_visible()

    visitor_outcomes: list[int] = []
    others = [
        threading.Thread(target=send_responses, args=(live_backend, busy_id, 8, visitor_outcomes)),
        threading.Thread(target=publish_repeatedly, args=(live_backend, busy_id, 6)),
    ]
    for thread in others:
        thread.start()
    title = page.locator("#id_title")
    title.click()
    title.press("Control+a")
    for word in TYPING.split():  # a word at a time, with the pauses autosave waits for
        title.press_sequentially(word + " ", delay=60)
        page.wait_for_timeout(700)
    for thread in others:
        thread.join(timeout=120)
    page.wait_for_timeout(1500)  # the last autosave and preview update
    failures = [(status, url) for status, url in admin_statuses if status >= 500]
    assert failures == []
    posts = [url for status, url in admin_statuses if "/edit/" in url or "/preview/" in url]
    assert len(posts) > 5  # autosave and preview really wrote while the others did
    assert visitor_outcomes == [201] * 8
    expect(page.get_by_text("server error")).to_have_count(0)
