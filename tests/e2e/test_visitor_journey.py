"""A visitor's journey: home, services, CranioSacral, FAQ, search."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import SERVICE


@pytest.mark.browser
def test_a_visitor_reads_about_craniosacral_massage_and_finds_answers(page, live_site):
    problems = []

    def note_error(message):
        if message.type == "error":
            problems.append(message.text)

    page.on("console", note_error)
    page.on("pageerror", lambda error: problems.append(str(error)))
    main_nav = page.get_by_role("navigation", name="Main")

    page.goto(live_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Therapeutic massage in Kansas City")
    expect(page.get_by_role("img", name="Transgender Ally Flag")).to_be_visible()
    main_nav.get_by_role("link", name="Services").click()

    expect(page).to_have_url(live_site + "/services/")
    page.get_by_role("link", name="CranioSacral Massage").click()

    expect(page).to_have_url(live_site + SERVICE)
    expect(page.get_by_role("heading", level=1)).to_have_text("What is CranioSacral Massage?")
    picture = page.get_by_role("img", name="client receiving craniosacral massage therapy")
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("image => image.naturalWidth") > 0
    expect(page.get_by_text("Deep relaxation, even sleep")).to_be_visible()
    expect(page.get_by_role("heading", name="More to explore...")).to_be_visible()
    main_nav.get_by_role("link", name="Frequently Asked Questions").click()

    expect(page).to_have_url(live_site + "/faq/")
    page.get_by_text("What should I wear?").click()
    expect(page.get_by_text("Wear whatever is comfortable")).to_be_visible()
    page.locator("details.site-search summary").click()
    page.get_by_label("Search this site").fill("payment")
    page.get_by_label("Search this site").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=payment$"))
    page.get_by_role("link", name="What forms of payment do you accept?").click()
    expect(page.get_by_text("Cash, cards and HSA/FSA cards are accepted.")).to_be_visible()
    assert problems == []
