"""WCAG 2.2 AA on every page type (axe-core), and reflow at 320 CSS pixels wide."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.pages import PAGE_TYPES, SERVICE, server_error_html

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
OPEN_EVERYTHING = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
OUTSIDE_320_PX = """[...document.querySelectorAll("body *")].filter(element => {
  const box = element.getBoundingClientRect();
  return box.width && (box.left < -1 || box.right > 321);
}).map(element => element.outerHTML.slice(0, 80))"""


def assert_no_violations(page):
    """axe-core finds nothing, with every disclosure (FAQ answers, search box) open."""
    page.evaluate(OPEN_EVERYTHING)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_wcag_22_aa_violations(page, live_site, path):
    page.goto(live_site + path)
    assert_no_violations(page)


@pytest.mark.browser
def test_a_reply_form_sent_back_with_errors_has_no_wcag_22_aa_violations(page, live_site):
    page.goto(live_site + SERVICE)
    page.get_by_label("Comment").fill("Lovely.")
    page.get_by_label("Email").fill("robin@example")  # the browser accepts it, the site not
    page.get_by_label("Name").fill("Robin")
    page.get_by_role("button", name="Post Response").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Email: Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("Comment")).to_have_value("Lovely.")
    assert_no_violations(page)


@pytest.mark.browser
def test_the_503_page_has_no_wcag_22_aa_violations(page, site_without_api):
    response = page.goto(site_without_api + "/services/")
    assert response.status == 503
    assert_no_violations(page)


@pytest.mark.browser
def test_the_500_page_has_no_wcag_22_aa_violations(page, live_site):
    page.goto(live_site + "/healthz")  # the site's origin, so its stylesheet applies
    page.set_content(server_error_html())
    assert_no_violations(page)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_reflows_at_320_px_without_sideways_scrolling(page, live_site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_site + path)
    page.evaluate(OPEN_EVERYTHING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(OUTSIDE_320_PX) == []
