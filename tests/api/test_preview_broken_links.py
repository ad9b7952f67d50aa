"""A preview answer names the draft's links to pages the public cannot see; nothing else
does."""

import pytest
from wagtail.models import Page

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def preview_of(page) -> str:
    preview = page.create_page_preview()
    return f"page_preview/?content_type=cms_pages.servicepage&token={preview.token}"


def test_links_to_hidden_or_deleted_pages_are_listed_with_where_they_are(
    api, craniosacral, home_page
):
    hidden = StandardPageFactory(parent=home_page, title="Gift vouchers")
    hidden.unpublish()
    swedish = Page.objects.get(slug="swedish-massage")
    swedish.unpublish()
    craniosacral.introduction = (
        f'<p><a linktype="page" id="{hidden.pk}">Vouchers</a>, '
        f'<a linktype="page" id="{hidden.pk}">again</a> and '
        '<a linktype="page" id="999999">a deleted page</a>.</p>'
    )

    answer = api.json(preview_of(craniosacral))

    assert answer["meta"]["broken_links"] == [
        {"id": hidden.pk, "title": "Gift vouchers", "where": "Introduction"},
        {"id": 999999, "title": "", "where": "Introduction"},
        {
            "id": swedish.pk,
            "title": "Swedish Massage",
            "where": "Service related page → Related page",
        },
    ]
    assert "broken_links" not in api.json(f"pages/{craniosacral.pk}/")["meta"]


def test_a_draft_linking_only_to_live_pages_has_no_broken_links(api, craniosacral, home_page):
    craniosacral.introduction = f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>'

    assert "broken_links" not in api.json(preview_of(craniosacral))["meta"]
