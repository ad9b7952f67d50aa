"""The "Before you publish" checks, one by one, on pages as the API gives them (its pinned
answers in tests/api/snapshots) and on HTML as the site makes it."""

import copy
import json
from pathlib import Path

import pytest

from frontend_templates import preview_checks
from frontend_templates.preview_checks import Finding

SNAPSHOTS = Path(__file__).resolve().parents[1] / "api" / "snapshots"


def snapshot(name: str, request: str) -> dict:
    """A page from a pinned API answer, as a fresh copy a test may change."""
    answers = json.loads((SNAPSHOTS / f"{name}.json").read_text())
    return copy.deepcopy(answers[request]["body"])


@pytest.fixture
def craniosacral() -> dict:
    return snapshot("pages_find", "pages/find/?html_path=/services/craniosacral-massage/")


@pytest.fixture
def home() -> dict:
    return snapshot("pages_find", "pages/find/?html_path=/")


@pytest.fixture
def every_block_draft() -> dict:
    """A standard page with one block of each type, as the preview endpoint answers."""
    return snapshot(
        "pages_every_block", "page_preview/?content_type=cms_pages.standardpage&token=<token>"
    )


def test_pictures_with_alt_text_need_nothing(craniosacral, home, every_block_draft):
    for page in (craniosacral, home, every_block_draft):
        assert preview_checks.images_without_alt_text(page) == []


def test_a_picture_without_alt_text_is_found_where_it_is(craniosacral, every_block_draft, home):
    craniosacral["image"]["alt"] = ""
    every_block_draft["body"][3]["value"]["image"]["alt"] = "  "
    home["featured_services"][0]["image"]["alt"] = ""

    found = [
        preview_checks.images_without_alt_text(page)
        for page in (craniosacral, every_block_draft, home)
    ]

    message = "A picture has no alt text: people who cannot see it will not know what it shows."
    assert found == [
        [Finding(message, "Image")],
        [Finding(message, "Body › block 4 (image)")],
        [Finding(message, "Featured services › “CranioSacral Massage”")],
    ]


def test_headings_one_level_at_a_time_need_nothing():
    html = (
        "<h2>Outside main</h2><main><h1>CranioSacral</h1><h2>Treatment</h2><h3>Plan</h3>"
        "<h2>Sessions and prices</h2></main><footer><h2>Contact</h2><h5>Small</h5></footer>"
    )
    assert preview_checks.skipped_heading_levels(html) == []


def test_a_skipped_heading_level_in_rich_text_or_a_heading_block_is_found(craniosacral):
    heading_block = craniosacral["body"][0]["value"]  # {"text": ..., "level": "h2"}
    rich_text = "<p>Before the session.</p><h4>Aftercare  tips</h4><p>Drink water.</p>"
    html = (
        f"<main id='main'><h1>{craniosacral['heading']}</h1>{craniosacral['introduction']}"
        f"<{heading_block['level']}>{heading_block['text']}</{heading_block['level']}>"
        f"{rich_text}<h2>Sessions and prices</h2><h4>60 <em>minutes</em></h4></main>"
    )

    assert preview_checks.skipped_heading_levels(html) == [
        Finding(
            "The heading “Aftercare tips” is an h4 straight after the h2 “CranioSacral Massage "
            "Treatment”: make it an h3, or add one in between.",
            "Heading “Aftercare tips”",
        ),
        Finding(
            "The heading “60 minutes” is an h4 straight after the h2 “Sessions and prices”: "
            "make it an h3, or add one in between.",
            "Heading “60 minutes”",
        ),
    ]


def test_an_empty_search_description_is_found(every_block_draft, craniosacral):
    assert every_block_draft["meta"]["search_description"] == ""

    assert preview_checks.empty_search_description(every_block_draft) == [
        Finding(
            "The search description is empty: search results and shared links will show a "
            "summary the site picks instead of words you chose.",
            "Promote › Search description",
        )
    ]
    assert preview_checks.empty_search_description(craniosacral) == []


def test_links_to_pages_visitors_cannot_see_come_from_the_preview_answer(every_block_draft):
    assert preview_checks.links_to_hidden_pages(every_block_draft) == []
    every_block_draft["meta"]["broken_links"] = [
        {"id": 5, "title": "Swedish Massage", "where": "Body → Call to action"},
        {"id": 404, "title": "", "where": "Introduction"},
    ]

    assert preview_checks.links_to_hidden_pages(every_block_draft) == [
        Finding(
            "The link to “Swedish Massage” leads to a page visitors cannot see: publish that "
            "page first, or link elsewhere.",
            "Body → Call to action",
        ),
        Finding(
            "A link leads to a page that no longer exists: remove it or link elsewhere.",
            "Introduction",
        ),
    ]


def test_a_page_over_its_budget_is_found():
    budget = 50 * 1024

    assert preview_checks.over_budget(b"x" * budget, budget) == []
    assert preview_checks.over_budget(b"x" * 61 * 1024, budget) == [
        Finding(
            "The page weighs 61 KiB of HTML, over the site's budget of 50 KiB: it will load "
            "slowly on phones. Shorten it, or split it into several pages.",
            "Whole page",
        )
    ]


def test_review_gathers_every_check(every_block_draft):
    every_block_draft["meta"]["broken_links"] = [{"id": 5, "title": "Swedish", "where": "Body"}]
    html = b"<main><h1>Every block</h1><h3>A heading</h3></main>"

    found = preview_checks.review(every_block_draft, html, budget_bytes=10)

    assert [finding.where for finding in found] == [
        "Heading “A heading”",
        "Promote › Search description",
        "Body",
        "Whole page",
    ]
