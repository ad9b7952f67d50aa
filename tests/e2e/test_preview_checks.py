"""The owner's preview points out what to fix before publishing, in valid, accessible HTML."""

import json

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.pages import SERVICE
from tests.e2e.test_accessibility import assert_no_violations
from tests.e2e.test_html_validity import checked
from tests.e2e.test_owner_journey import log_in

EMPTY_DESCRIPTION = "The search description is empty"


@pytest.mark.browser
def test_removing_the_search_description_shows_in_the_preview_panel(page, live_site, live_backend):
    log_in(page, live_backend.url)
    page_id = requests.get(
        live_backend.api_url + "pages/find/", params={"html_path": SERVICE}, timeout=10
    ).json()["id"]
    page.goto(f"{live_backend.url}/admin/pages/{page_id}/edit/")
    page.get_by_role("tab", name="Promote").click()
    page.locator("textarea[name=search_description]").fill("")

    page.locator("[data-side-panel-toggle=preview]").click()

    draft = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
    checks = draft.get_by_role("complementary", name="Before you publish")
    expect(checks).to_contain_text(EMPTY_DESCRIPTION)
    expect(checks).to_contain_text("Where: Promote › Search description")
    expect(draft.locator("main")).not_to_contain_text(EMPTY_DESCRIPTION)

    preview_url = page.frame_locator("#w-preview-iframe").locator("iframe").get_attribute("src")
    page.goto(preview_url)  # the preview on its own, to check it as a whole
    expect(page.get_by_role("complementary", name="Before you publish")).to_be_visible()
    assert_no_violations(page)
    page.goto(live_site + SERVICE)
    expect(page.get_by_role("complementary", name="Before you publish")).to_have_count(0)


def test_the_preview_with_its_findings_is_valid_html(live_site, live_backend, tmp_path):
    token = live_backend.shell(
        "from cms_pages.models import ServicePage\n"
        "page = ServicePage.objects.get(slug='craniosacral-massage')\n"
        "page.search_description = ''\n"
        "print(page.create_page_preview().token)\n"
    ).strip()
    preview = requests.get(
        f"{live_site}/preview/",
        params={"content_type": "cms_pages.servicepage", "token": token},
        timeout=10,
    )
    assert EMPTY_DESCRIPTION in preview.text
    (tmp_path / "preview.html").write_text(preview.text)

    messages, _ = checked(tmp_path)
    assert messages == [], json.dumps(messages, indent=1)
