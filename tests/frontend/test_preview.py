"""The owner's drafts through preview tokens: shown only there, never cached, frameable."""

import uuid

import pytest

from tests.frontend.html import main_text

SERVICE = "/services/craniosacral-massage/"


@pytest.fixture(scope="module")
def draft(live_backend) -> tuple[str, str]:
    """(draft text, preview token) for an unpublished edit of the CranioSacral introduction."""
    words = f"Draft introduction {uuid.uuid4().hex[:8]}"
    token = live_backend.shell(
        "from cms_pages.models import ServicePage\n"
        "page = ServicePage.objects.get(slug='craniosacral-massage')\n"
        f"page.introduction = '<p>{words}</p>'\n"
        "print(page.create_page_preview().token)\n"
    ).strip()
    return words, token


def preview_url(token: str) -> str:
    return f"/preview/?content_type=cms_pages.servicepage&token={token}"


def test_a_preview_shows_the_draft_and_only_there(site, draft):
    words, token = draft
    response = site.get(preview_url(token))

    assert response.status_code == 200
    assert words in main_text(response)
    assert words not in main_text(site.get(SERVICE))


def test_a_preview_is_never_cached_or_indexed_and_only_the_cms_may_frame_it(
    site, draft, live_backend
):
    response = site.get(preview_url(draft[1]))

    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Content-Security-Policy"].endswith(f"frame-ancestors {live_backend.url}")
    assert not response.has_header("X-Frame-Options")


def test_every_preview_asks_the_api_afresh(client, api_proxy, draft):
    client.get(preview_url(draft[1]))
    asked = api_proxy.requests_seen

    client.get(preview_url(draft[1]))

    assert api_proxy.requests_seen == asked + 1


def test_an_unknown_or_expired_token_shows_a_frameable_explanation(site, live_backend):
    response = site.get(preview_url("not-a-token"))

    assert response.status_code == 404
    assert "This preview has expired" in main_text(response)
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Security-Policy"].endswith(f"frame-ancestors {live_backend.url}")


def test_a_preview_address_without_a_token_is_a_404(site):
    assert site.get("/preview/").status_code == 404
