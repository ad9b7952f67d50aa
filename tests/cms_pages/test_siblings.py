"""`selectors.public_siblings` reads only the first few siblings of each family, whatever its
size, in one query for every family, and finds what reading every sibling would."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms_pages import selectors
from cms_pages.models import ServiceIndexPage, ServicePage
from tests.factories import ServiceIndexPageFactory, ServicePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def every_sibling(pages: list[Page], limit: int) -> dict[int, list[int]]:
    """The rule read the slow way: every public sibling of each page, the first `limit` kept."""
    public = selectors.public_pages()
    return {
        page.pk: [
            other.pk
            for other in public.sibling_of(page).exclude(pk=page.pk).order_by("path")[:limit]
        ]
        for page in pages
    }


def found(pages: list[Page], limit: int) -> dict[int, list[int]]:
    return {
        pk: [sibling.pk for sibling in siblings]
        for pk, siblings in selectors.public_siblings(pages, limit).items()
    }


def big_family(home: Page, size: int) -> list[ServicePage]:
    """`size` services under an index of their own, the first few hidden in every way."""
    index = ServiceIndexPageFactory(parent=home, title="More services", slug=f"more-{size}")
    services = [
        ServicePageFactory(parent=index, title=f"Service {n}", slug=f"service-{n}")
        for n in range(size)
    ]
    services[0].unpublish()
    services[1].expire_at = timezone.now() - datetime.timedelta(minutes=1)
    services[1].save()
    PageViewRestriction.objects.create(page=services[2], restriction_type="password", password="x")
    return services


@pytest.fixture
def families(demo_content) -> dict[str, list[Page]]:
    """Pages of several families: the demo's services and its home page's children, 30
    services under another index, and standard pages nested under one of them."""
    about = demo_content.get_children().get(slug="about")
    nested = [StandardPageFactory(parent=about, slug=f"nested-{n}") for n in range(4)]
    return {
        "demo services": list(ServicePage.objects.child_of(ServiceIndexPage.objects.first())),
        "home's children": list(demo_content.get_children()),
        "thirty services": big_family(demo_content, 30),
        "nested": nested,
    }


@pytest.mark.parametrize("limit", [1, 3, 5])
def test_the_same_siblings_as_reading_every_one(families, limit):
    pages = [page for family in families.values() for page in family]
    assert found(pages, limit) == every_sibling(pages, limit)


def test_a_family_shorter_than_the_limit_gives_every_sibling(families):
    nested = families["nested"]
    assert found(nested[:1], 10) == {nested[0].pk: [page.pk for page in nested[1:]]}


def test_hidden_siblings_are_skipped_not_counted(families):
    services = families["thirty services"]
    assert found([services[-1]], 3) == {services[-1].pk: [s.pk for s in services[3:6]]}


def test_queries_do_not_grow_with_the_family(demo_content, families):
    small, large = families["demo services"][:1], families["thirty services"][-1:]
    with CaptureQueriesContext(connection) as few:
        selectors.public_siblings(small, 3)
    with CaptureQueriesContext(connection) as many:
        selectors.public_siblings(large, 3)
    assert len(few) == len(many)


def test_only_the_first_siblings_are_read(families):
    services = families["thirty services"]
    loaded = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            loaded.append(instance)

    post_init.connect(count)
    try:
        siblings = selectors.public_siblings([services[-1]], 3)
    finally:
        post_init.disconnect(count)
    assert len(siblings[services[-1].pk]) == 3
    # The first 4 public siblings (one may be the page itself) and the view restriction's
    # page: 5, where reading every public sibling made 28.
    assert len(loaded) < 10
