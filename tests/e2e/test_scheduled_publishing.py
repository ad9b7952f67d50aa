"""The owner schedules a page in the admin; it goes live on the site with nobody touching it.

The admin's date picker has minute precision, so the page is scheduled for the first whole
minute that leaves time to save the schedule and publish. The worker's scheduler round is then
run at that minute in a backend shell whose clock time-machine moves there, rather than the
test waiting up to two minutes; it publishes the page and the change feed purges the site.
(tests/e2e/test_change_feed.py has the running worker's scheduler do so on its own clock.)
"""

import datetime
import uuid
import zoneinfo

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_owner_journey import log_in

PRACTICE_TIME_ZONE = zoneinfo.ZoneInfo("America/Chicago")  # the admin shows times in it
TIME_TO_PUBLISH = datetime.timedelta(seconds=60)  # to save the schedule and publish


def next_whole_minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


def set_go_live(page, when: datetime.datetime) -> None:
    """Type the go-live time as an owner does, then click the dialog's title to close the
    date picker, which otherwise covers the dialog's buttons (Tab or Enter would open the
    expiry field's picker instead, and Escape would close the dialog)."""
    dialog = page.locator("#schedule-publishing-dialog")
    field = dialog.get_by_label("Go live date/time")
    open_picker = dialog.locator(".xdsoft_datetimepicker:visible")
    field.click()
    expect(open_picker).to_have_count(1)  # it opens a moment after the field is focused
    page.keyboard.type(when.strftime("%Y-%m-%d %H:%M"))
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    expect(open_picker).to_have_count(0)
    expect(field).to_have_value(when.strftime("%Y-%m-%d %H:%M"))


@pytest.mark.browser
def test_a_page_scheduled_in_the_admin_goes_live_on_its_own(page, live_site, live_backend):
    slug = f"scheduled-in-admin-{uuid.uuid4().hex[:6]}"
    page_id = live_backend.shell(
        "from cms_pages.models import ServiceIndexPage, ServicePage\n"
        f"draft = ServicePage(title='Hot stone massage', slug='{slug}', summary='Warm stones.',\n"
        "    introduction='<p>Basalt stones, warmed.</p>', live=False)\n"
        "ServiceIndexPage.objects.get().add_child(instance=draft)\n"
        "draft.save_revision()\n"
        "print(draft.pk)",
    ).strip()
    path = f"{live_site}/services/{slug}/"
    assert requests.get(path, timeout=10).status_code == 404  # and that answer is cached

    log_in(page, live_backend.url)
    page.goto(f"{live_backend.url}/admin/pages/{page_id}/edit/")
    now = datetime.datetime.now(PRACTICE_TIME_ZONE)
    go_live = next_whole_minute(now + TIME_TO_PUBLISH)
    page.locator('[data-side-panel-toggle="status"]').click()
    page.get_by_role("button", name="Set schedule").click()
    set_go_live(page, go_live)
    page.get_by_role("button", name="Save schedule").click()
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("scheduled")

    assert requests.get(path, timeout=10).status_code == 404  # not before its time
    live_backend.shell(
        "import time_machine\n"
        "from cms_pages import scheduler\n"
        f"with time_machine.travel({go_live.timestamp()}):\n"
        "    scheduler.run_jobs()\n",
        notify_site=True,
    )
    assert "Basalt stones, warmed." in requests.get(path, timeout=10).text
