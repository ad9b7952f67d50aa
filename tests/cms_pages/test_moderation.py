"""The owner moderates responses in the admin: lists, bulk actions, replies, dashboard."""

import pytest
from django.urls import reverse

from cms_pages.models import Response
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def responses(craniosacral):
    """`responses(n, **fields)`: n visitors' responses on the CranioSacral page."""

    def make(n, **fields):
        return ResponseFactory.create_batch(n, page=craniosacral, **fields)

    return make


def test_dashboard_counts_pending_responses(admin_client, responses):
    responses(3)
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "3 responses awaiting moderation" in dashboard


def test_owner_filters_responses_by_status(admin_client, responses):
    responses(2, name="Pending visitor")
    responses(1, name="Approved visitor", status="approved")
    listing = admin_client.get(
        "/admin/snippets/cms_pages/response/?status=approved"
    ).content.decode()
    assert "Approved visitor" in listing
    assert "Pending visitor" not in listing


def test_bulk_approve_publishes_responses_on_the_page(
    admin_client, responses, client, craniosacral
):
    pending = responses(2)
    ids = "&".join(f"id={r.pk}" for r in pending)
    url = reverse("wagtail_bulk_action", args=["cms_pages", "response", "approve"]) + f"?{ids}"
    assert admin_client.get(url).status_code == 200
    done = admin_client.post(url, {"next": "/admin/"})
    assert done.status_code == 302
    assert set(Response.objects.values_list("status", flat=True)) == {"approved"}
    page = client.get(f"/api/v2/pages/{craniosacral.pk}/").json()
    assert page["response_count"] == 3  # the demo's own and these two


def test_marking_spam_and_not_spam_is_reported_to_akismet(
    admin_client, responses, recorded_akismet
):
    [response] = responses(1)
    for action in ("spam", "approve"):
        url = (
            reverse("wagtail_bulk_action", args=["cms_pages", "response", action])
            + f"?id={response.pk}"
        )
        admin_client.post(url, {"next": "/admin/"})
    assert recorded_akismet == [("spam", response.text), ("ham", response.text)]


def test_owner_replies_and_the_reply_shows_under_the_response(
    admin_client, responses, client, craniosacral
):
    [response] = responses(1, status="approved")
    client.get(f"/api/v2/pages/{craniosacral.pk}/")  # cached before the reply
    edit = reverse("wagtailsnippets_cms_pages_response:edit", args=[response.pk])
    saved = admin_client.post(edit, {"status": "approved", "reply": "Thank you for coming!"})
    assert saved.status_code == 302
    shown = client.get(f"/api/v2/pages/{craniosacral.pk}/").json()["responses"][-1]
    assert shown["reply_html"] == "<p>Thank you for coming!</p>"
    assert shown["replied_at"]
