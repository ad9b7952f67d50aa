"""The owner schedules a page in the admin; it goes live on the site with nobody touching it.

The admin's date picker has minute precision, so the page is scheduled for the next whole
minute; the worker's scheduler (every second in the tests) publishes it then, and the change
feed purges the site.
"""

import datetime
import time
import uuid
import zoneinfo

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_owner_journey import log_in

PRACTICE_TIME_ZONE = zoneinfo.ZoneInfo("America/Chicago")  # the admin shows times in it


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
    go_live = (now + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    page.locator('[data-side-panel-toggle="status"]').click()
    page.get_by_role("button", name="Set schedule").click()
    page.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    page.get_by_role("button", name="Save schedule").click()
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("scheduled")

    assert requests.get(path, timeout=10).status_code == 404  # not before its time
    deadline = time.monotonic() + (go_live - now).total_seconds() + 30
    while time.monotonic() < deadline:
        shown = requests.get(path, timeout=10)
        if shown.status_code == 200:
            break
        time.sleep(0.5)
    assert "Basalt stones, warmed." in shown.text
    assert datetime.datetime.now(PRACTICE_TIME_ZONE) >= go_live
