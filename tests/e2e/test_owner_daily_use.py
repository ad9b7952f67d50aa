"""The owner's daily round in the admin, in Chromium: a held response approved from its row,
an appointment request marked contacted from its row, then the requests filtered by status."""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.test_owner_journey import log_in


def stored(live_backend, held_id: int, request_ids: list[int]) -> dict:
    """The response's and the requests' statuses, as the backend's database holds them."""
    return json.loads(
        live_backend.shell(
            f"""
from cms_pages.models import AppointmentRequest, Response
import json
print(json.dumps({{
    "response": Response.objects.get(pk={held_id}).status,
    "requests": list(AppointmentRequest.objects.filter(pk__in={request_ids})
                     .order_by("pk").values_list("status", flat=True)),
}}))
"""
        )
    )


@pytest.fixture
def waiting(live_backend) -> dict:
    """A held response on the Sports Massage page (one the other browser tests leave alone)
    and two new appointment requests, made in another process as the site's forms would."""
    tag = uuid.uuid4().hex[:6]
    made = {
        "text": f"Loosened my shoulders before the race ({tag}).",
        "first": f"Jordan {tag}",
        "second": f"Casey {tag}",
    }
    ids = live_backend.shell(
        f"""
from cms_pages.models import AppointmentRequest, ContactPage, Response, ServicePage
page = ServicePage.objects.get(slug="sports-massage")
held = Response.objects.create(
    page=page, name="Runner {tag}", email="runner-{tag}@example.com",
    text="{made["text"]}", fingerprint="e2e-{tag}", held_because="more than 2 links",
)
contact = ContactPage.objects.get()
requests = [
    AppointmentRequest.objects.create(
        page=contact, form_data={{"name": name, "email": "{tag}@example.com"}}
    )
    for name in ("{made["first"]}", "{made["second"]}")
]
print(held.pk, *(r.pk for r in requests))
"""
    ).split()
    made["held"], *made["requests"] = (int(pk) for pk in ids)
    return made


@pytest.mark.browser
def test_the_owner_approves_from_a_row_marks_a_request_contacted_and_filters(
    page, live_backend, waiting
):
    log_in(page, live_backend.url)

    page.goto(live_backend.url + "/admin/snippets/cms_pages/response/?status=pending")
    row = page.locator("tbody tr", has_text=waiting["text"])
    expect(row).to_contain_text("more than 2 links")
    row.get_by_role("button", name="Approve").click()

    expect(page.locator(".messages")).to_contain_text(f"Response #{waiting['held']}")
    expect(page.locator(".messages")).to_contain_text("marked “Approved”")
    expect(page).to_have_url(re.compile(r"/admin/snippets/cms_pages/response/\?status=pending$"))
    expect(page.locator("tbody tr", has_text=waiting["text"])).to_have_count(0)

    page.goto(live_backend.url + "/admin/")
    page.get_by_role("link", name=re.compile(r"\d+ new appointment requests?")).click()
    row = page.locator("tbody tr", has_text=waiting["first"])
    expect(row).to_contain_text("New")
    row.get_by_role("button", name="Contacted").click()
    expect(page.locator(".messages")).to_contain_text("marked “Contacted”")
    expect(page.locator("tbody tr", has_text=waiting["first"])).to_have_count(0)  # not new now
    expect(page.locator("tbody tr", has_text=waiting["second"])).to_have_count(1)

    page.goto(live_backend.url + "/admin/appointment-requests/")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("button", name="Status").click()
    page.get_by_role("radio", name="Contacted").check()
    expect(page).to_have_url(re.compile(r"status=contacted"))
    expect(page.locator("tbody tr", has_text=waiting["first"])).to_contain_text("Contacted")
    expect(page.locator("tbody tr", has_text=waiting["second"])).to_have_count(0)

    assert stored(live_backend, waiting["held"], waiting["requests"]) == {
        "response": "approved",
        "requests": ["contacted", "new"],
    }
