"""The owner's journey: edit in the Wagtail admin, publish, preview a draft on the site."""

import datetime
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.changes import wait_for_site_purge
from tests.e2e.pages import SERVICE
from tests.frontend.live_backend import ADMIN_PASSWORD

WORKER_CHECKS = 6  # fresh connections, so that both gunicorn workers answer


def log_in(page, backend_url: str) -> None:
    page.goto(backend_url + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(backend_url + "/admin/")


def edit_introduction(page, live_backend, words: str) -> None:
    """Open the CranioSacral page in the editor and type `words` before its introduction."""
    page_id = requests.get(
        live_backend.api_url + "pages/find/", params={"html_path": SERVICE}, timeout=10
    ).json()["id"]
    page.goto(f"{live_backend.url}/admin/pages/{page_id}/edit/")
    page.locator("[data-contentpath=introduction] [contenteditable=true]").click()
    page.keyboard.press("Control+Home")
    page.keyboard.type(f"{words} ")
    expect(page.locator("input[name=introduction]")).to_have_value(re.compile(words))


def site_shows(url: str, words: str) -> bool:
    return words in requests.get(url, timeout=5).text


@pytest.mark.browser
def test_a_published_edit_is_on_the_site_once_the_site_is_told(page, live_site, live_backend):
    """How soon that is, is measured by `make bench` (first view after a publish)."""
    words = f"Newly published {uuid.uuid4().hex[:8]}."
    assert not site_shows(live_site + SERVICE, "Newly published")  # cached by the site
    log_in(page, live_backend.url)
    edit_introduction(page, live_backend, words)

    publishing = datetime.datetime.now(datetime.UTC)
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("has been published")
    wait_for_site_purge(live_backend, SERVICE, since=publishing)

    assert all(site_shows(live_site + SERVICE, words) for _ in range(WORKER_CHECKS))
    page.goto(live_site + SERVICE)
    expect(page.locator("main")).to_contain_text(words)


@pytest.mark.browser
def test_a_draft_is_previewed_on_the_site_and_shown_to_nobody_else(page, live_site, live_backend):
    words = f"Draft only {uuid.uuid4().hex[:8]}."
    log_in(page, live_backend.url)
    edit_introduction(page, live_backend, words)

    page.locator("[data-side-panel-toggle=preview]").click()

    admin_frame = page.frame_locator("#w-preview-iframe")
    expect(admin_frame.frame_locator("iframe").locator("main")).to_contain_text(words)
    preview_url = admin_frame.locator("iframe").get_attribute("src")
    assert preview_url.startswith(f"{live_site}/preview/?content_type=cms_pages.servicepage&token=")
    preview = requests.get(preview_url, timeout=5)
    assert words in preview.text
    assert preview.headers["Cache-Control"] == "no-store, private"
    assert preview.headers["X-Robots-Tag"] == "noindex"
    assert not site_shows(live_site + SERVICE, words)
