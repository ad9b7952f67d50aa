"""Database queries per request stay flat as pages grow and as `limit` grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image

from cms_pages.models import ServiceCondition, ServiceFAQ, ServiceRelatedPage, SessionOption
from tests.factories import FAQFactory, ServicePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # warm-up: renditions are created on first use
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def grow(page, times: int) -> None:
    """Give a service page `times` more of every repeated part, and publish it."""
    image = Image.objects.get(title="Calm massage room")
    start = page.session_options.count()
    for n in range(start, start + times):
        page.conditions.add(ServiceCondition(name=f"Condition {n}"))
        page.session_options.add(SessionOption(duration_minutes=30 + n, price=50))
        page.service_faqs.add(ServiceFAQ(faq=FAQFactory()))
        related = StandardPageFactory(
            parent=page.get_parent().get_parent(), slug=f"extra-{page.pk}-{n}"
        )
        page.related_pages.add(ServiceRelatedPage(related_page=related))
        page.body.append(("image", {"image": image, "alt_text": "room", "caption": ""}))
        page.body.append(("paragraph", f"<p>Paragraph {n}</p>"))
    page.save_revision().publish()


def test_service_detail_queries_do_not_grow_with_its_parts(client, craniosacral):
    url = f"/api/v2/pages/{craniosacral.pk}/"
    grow(craniosacral, 1)
    small = queries_for(client, url)
    grow(craniosacral, 12)
    assert queries_for(client, url) == small


def test_listing_queries_do_not_grow_with_limit(client, demo_content):
    index = demo_content.get_children().get(slug="services")
    for n in range(40):
        ServicePageFactory(parent=index, slug=f"bulk-{n}")
    assert queries_for(client, "/api/v2/pages/?limit=50&fields=*") == queries_for(
        client, "/api/v2/pages/?limit=5&fields=*"
    )


@pytest.mark.parametrize("path", ["faqs/?limit=50", "search/?q=massage&limit=50", "practice/"])
def test_own_endpoints_queries_do_not_grow_with_limit(client, demo_content, path):
    few = queries_for(client, f"/api/v2/{path}")
    for _ in range(20):
        FAQFactory(question="Is massage good for zebras?")
    assert queries_for(client, f"/api/v2/{path}") == few
