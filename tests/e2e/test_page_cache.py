"""Finished pages on the running site (gunicorn, two workers sharing the page cache).

Two visitors get the same bytes; a change made in the CMS replaces the kept page before
anyone asks again, and an unpublished or private page is never served from the cache; a
visitor without JavaScript still sends the forms of a kept page.
"""

import http.client
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.changes import page_code, shell

HELD = "Thank you! Your response is awaiting moderation."
CONFIRM = "Please check what you wrote, then send the form again to confirm."


def get_from(address: str, url: str) -> http.client.HTTPResponse:
    """A GET of `url` from the loopback address `address` (a visitor of their own)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(address, 0)
    )
    connection.request("GET", parts.path, headers={"Accept-Encoding": "br"})
    answer = connection.getresponse()
    answer.content = answer.read()
    connection.close()
    return answer


def test_two_visitors_get_identical_bytes(live_site, service):
    url = live_site + service["path"]
    first, second = get_from("127.0.0.2", url), get_from("127.0.0.3", url)

    assert first.status == second.status == 200
    assert second.getheader("X-Page-Cache") == "hit"
    assert second.getheader("Content-Encoding") == "br"
    assert first.content == second.content
    assert first.getheader("ETag") == second.getheader("ETag")


def test_a_publish_replaces_the_kept_page_before_the_next_visit(live_backend, live_site, service):
    url = live_site + service["path"]
    assert requests.get(url, timeout=10).headers["X-Page-Cache"] == "hit"

    code = 'p.introduction = "<p>Rewritten for the cache.</p>"\np.save_revision().publish()'
    shell(live_backend, page_code(service, code))
    after = requests.get(url, timeout=10)

    assert "Rewritten for the cache." in after.text
    assert after.headers["X-Page-Cache"] == "hit"  # rendered by the purge, before this visit


def test_an_unpublished_page_never_comes_from_the_cache(live_backend, live_site, service):
    url = live_site + service["path"]
    requests.get(url, timeout=10)

    shell(live_backend, page_code(service, "p.unpublish()"))
    answers = [requests.get(url, timeout=10) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert all(answer.headers.get("X-Page-Cache") == "pass" for answer in answers)
    assert service["words"] not in answers[-1].text


def test_a_page_made_private_never_comes_from_the_cache(live_backend, live_site, service):
    url = live_site + service["path"]
    requests.get(url, timeout=10)

    code = (
        "from wagtail.models import PageViewRestriction\n"
        "PageViewRestriction.objects.create(page=p, restriction_type='password', password='x')"
    )
    shell(live_backend, page_code(service, code))
    answer = requests.get(url, timeout=10)

    assert answer.status_code == 404
    assert answer.headers.get("X-Page-Cache") == "pass"
    assert service["words"] not in answer.text


@pytest.mark.browser
def test_without_javascript_a_response_is_confirmed_once_then_held(browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    words = f"Sent without a script ({uuid.uuid4().hex[:8]})."
    page.goto(live_site + "/services/deep-tissue-massage/")
    page.get_by_label("Comment").fill(words)
    page.get_by_label("Name").fill("Noel")
    page.get_by_label("Email").fill("noel@example.com")
    page.get_by_role("button", name="Post Response").click()

    expect(page.locator("#response-errors")).to_have_text(CONFIRM)
    expect(page.get_by_label("Comment")).to_have_value(words)
    page.get_by_role("button", name="Post Response").click()

    expect(page.get_by_role("status")).to_have_text(HELD)
    context.close()


@pytest.mark.browser
def test_with_javascript_the_form_fetches_its_tokens_when_the_visitor_starts(page, live_site):
    page.goto(live_site + "/contact/")
    form_token = page.locator("form[data-form-token] input[name=form_token]")
    expect(form_token).to_have_value("")

    with page.expect_response("**/_forms/token/") as fetched:
        page.get_by_label("Name").click()

    assert fetched.value.status == 200
    expect(form_token).not_to_have_value("")
    expect(page.locator("form[data-form-token] input[name=csrfmiddlewaretoken]")).not_to_have_value(
        ""
    )
