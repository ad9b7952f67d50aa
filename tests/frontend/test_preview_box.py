"""The "Before you publish" box: in the owner's preview, from the live backend's preview
answer, and never on the public page."""

import uuid

import pytest

from tests.frontend.html import parse, text

SERVICE = "/services/craniosacral-massage/"
DRAFT = """
from cms_pages.models import HomePage, ServicePage, StandardPage
hidden = StandardPage(title="Gift vouchers", slug="gift-vouchers-{suffix}", live=False)
HomePage.objects.get().add_child(instance=hidden)
page = ServicePage.objects.get(slug="craniosacral-massage")
page.search_description = ""
page.new_client_note = (
    '<h4>Before you come</h4><p>Ask about <a linktype="page" id="%d">vouchers</a>.</p>'
    % hidden.pk
)
print(page.create_page_preview().token)
"""
UNTOUCHED = """
from cms_pages.models import ServicePage
print(ServicePage.objects.get(slug="craniosacral-massage").create_page_preview().token)
"""


def preview_url(token: str) -> str:
    return f"/preview/?content_type=cms_pages.servicepage&token={token}"


def box(response):
    return parse(response).find("aside", class_="preview-checks")


@pytest.fixture(scope="module")
def draft_token(live_backend) -> str:
    """A CranioSacral draft without its search description, whose note for new clients
    skips a heading level and links to a page never published."""
    return live_backend.shell(DRAFT.format(suffix=uuid.uuid4().hex[:8])).strip()


def test_the_preview_lists_what_to_fix_before_publishing(site, draft_token):
    response = site.get(preview_url(draft_token))

    found = box(response)
    assert response.status_code == 200
    assert found["aria-labelledby"] == "preview-checks-heading"
    assert text(found.find(id="preview-checks-heading")) == "Before you publish"
    assert [text(item) for item in found.find_all("li")] == [
        "The heading “Before you come” is an h4 straight after the h2 “CranioSacral Massage "
        "Treatment”: make it an h3, or add one in between. Where: Heading “Before you come”",
        "The search description is empty: search results and shared links will show a "
        "summary the site picks instead of words you chose. Where: Promote › Search "
        "description",
        "The link to “Gift vouchers” leads to a page visitors cannot see: publish that page "
        "first, or link elsewhere. Where: New client note",
    ]
    assert found.find_parent("main") is None
    assert response["Cache-Control"] == "no-store, private"


def test_a_draft_with_nothing_to_fix_says_so(site, live_backend):
    response = site.get(preview_url(live_backend.shell(UNTOUCHED).strip()))

    assert box(response).find("li") is None
    assert "Nothing to fix." in text(box(response))


def test_the_public_page_never_shows_the_box(site, draft_token):
    site.get(preview_url(draft_token))

    for _ in range(2):  # rendered, then from the page cache
        public = site.get(SERVICE)
        assert public.status_code == 200
        assert box(public) is None
        assert "Before you publish" not in public.content.decode()
