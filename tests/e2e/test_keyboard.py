"""Keyboard alone: skip link, visible focus, FAQ answers, and the header's search box."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import SERVICE

FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


def focused(page):
    return page.locator(":focus")


def tab_to(page, locator, limit: int = 15):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} Tab presses did not reach {locator}")


@pytest.mark.browser
def test_the_skip_link_comes_first_and_leads_into_the_content(page, live_site):
    page.goto(live_site + "/faq/")
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text("Skip to main content")
    assert focused(page).bounding_box()["y"] >= 0  # shown on screen while focused
    assert page.evaluate(FOCUS_RING)

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text("How do I book an appointment?")
    page.keyboard.press("Enter")

    expect(page.get_by_text("I will reply within one working day")).to_be_visible()


@pytest.mark.browser
def test_every_stop_on_the_service_page_shows_a_focus_ring(page, live_site):
    page.goto(live_site + SERVICE)
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop: the whole page has been visited
        name = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        stops.append(name)
        assert page.evaluate(FOCUS_RING), f"no visible focus on {name}"
    assert len(stops) > 20  # header, content links, questions, forms, footer


@pytest.mark.browser
def test_the_search_box_opens_closes_and_searches_by_keyboard(page, live_site):
    page.goto(live_site + "/")
    toggle = page.locator("details.site-search summary")
    tab_to(page, toggle)
    expect(toggle).to_have_text("Search", use_inner_text=True)

    page.keyboard.press("Enter")
    expect(toggle).to_have_text("Close this search box", use_inner_text=True)
    expect(page.get_by_label("Search this site")).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_be_focused()
    expect(page.locator("details.site-search")).not_to_have_attribute("open", "")

    page.keyboard.press("Enter")
    expect(page.get_by_label("Search this site")).to_be_focused()
    page.keyboard.type("cancellation")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=cancellation$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “cancellation”")
