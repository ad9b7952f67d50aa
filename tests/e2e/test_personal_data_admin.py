"""A visitor asks for their data, then for its erasure: the owner answers in Chromium, from
Settings > Personal data, and Reports > Site history records it without the address."""

import csv
import json
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_owner_journey import log_in
from tests.e2e.visitors import new_visitor, sending_code

ERASED = "1 response, 1 appointment request, 0 failed sign-ins"


def download(page, button: str) -> Path:
    """Press a download button; the file the browser saved."""
    with page.expect_download() as downloading:
        page.get_by_role("button", name=button).click()
    return Path(downloading.value.path())


def find(page, email: str) -> None:
    page.get_by_label("Visitor's email address").fill(email)
    page.get_by_role("button", name="Find").click()


@pytest.mark.browser
def test_the_owner_exports_then_erases_a_visitors_data(page, live_backend):
    visitor = new_visitor(source_address="127.0.0.62")
    live_backend.shell(sending_code(visitor))
    log_in(page, live_backend.url)

    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Personal data").click()
    expect(page.get_by_role("heading", name="Personal data")).to_be_visible()
    find(page, visitor.email)

    held = page.locator("table.listing tbody tr")
    expect(held).to_have_count(2)
    expect(held.nth(0)).to_contain_text(f"Responded {visitor.slug}")
    expect(held.nth(0)).to_contain_text("Approved")
    expect(held.nth(1)).to_contain_text("Appointment request")
    exported = json.loads(download(page, "Download JSON").read_text())
    assert [r["text"] for r in exported["responses"]] == [visitor.words]
    assert [r["answers"]["message"] for r in exported["appointment_requests"]] == [visitor.words]
    with download(page, "Download CSV").open(newline="") as table:
        rows = list(csv.DictReader(table))
    assert {(row["record"], row["field"]) for row in rows if row["value"] == visitor.words} == {
        ("responses", "text"),
        ("appointment_requests", "answers.message"),
    }

    page.get_by_label("Yes, erase everything found for this address").check()
    page.get_by_role("button", name="Erase everything found").click()
    expect(page.locator(".messages")).to_contain_text(f"Erased: {ERASED}.")
    find(page, visitor.email)
    expect(page.get_by_text("Nothing is held for this address.")).to_be_visible()

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Site history").click()
    entry = page.locator("tr", has_text="Erased the personal data of one visitor")
    expect(entry.first).to_contain_text(f"({ERASED}), from the admin")
    assert visitor.email not in page.content()
    logged = live_backend.shell(
        textwrap.dedent("""
        import json
        from wagtail.models import ModelLogEntry
        entry = ModelLogEntry.objects.filter(action="cms_pages.personal_data.erase").latest("pk")
        print(json.dumps([entry.label, entry.data, entry.user.username]))
        """)
    )
    assert visitor.email not in logged
    assert json.loads(logged)[1:] == [
        {
            "counts": {"responses": 1, "appointment_requests": 1, "sign_in_attempts": 0},
            "via": "admin",
        },
        "admin",
    ]
