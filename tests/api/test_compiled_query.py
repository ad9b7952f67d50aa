"""A queryset compiled once and run with other values in its places (api.compiled_query):
the same rows as the queryset built afresh with those values."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from api.compiled_query import STAND_IN_TIME, CompiledQuery
from api.service_fields import published_responses, published_responses_of
from cms_pages.models import Response
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

STAND_IN_PATH = "/no page has this path/"
PLACES = {
    "path": (Page._meta.get_field("url_path"), STAND_IN_PATH),
    "now": (Page._meta.get_field("expire_at"), STAND_IN_TIME),
}


def live_at(url_path: str, now: datetime.datetime):
    """The live pages at `url_path` not expired at `now`: what the compiled query runs."""
    return (
        Page.objects.filter(url_path=url_path, live=True)
        .exclude(expire_at__lt=now)
        .values_list("pk", "title")
    )


def test_its_rows_are_those_of_the_queryset_built_with_the_same_values(demo_content):
    page = demo_content.get_children().live().first()
    compiled = CompiledQuery(live_at(STAND_IN_PATH, STAND_IN_TIME), PLACES)
    later = timezone.now() + datetime.timedelta(days=3)
    page.expire_at = timezone.now() + datetime.timedelta(days=1)
    page.save(update_fields=["expire_at"])

    for url_path in (page.url_path, demo_content.url_path, "/nowhere/"):
        for now in (timezone.now(), later):
            expected = list(live_at(url_path, now))
            assert compiled.rows(path=url_path, now=now) == expected, (url_path, now)
    assert compiled.rows(path=page.url_path, now=timezone.now()) == [(page.pk, page.title)]
    assert compiled.rows(path=page.url_path, now=later) == []


def test_a_stand_in_found_other_than_once_in_the_query_is_refused():
    twice = Page.objects.filter(url_path=STAND_IN_PATH) | Page.objects.filter(
        url_path=STAND_IN_PATH
    )
    with pytest.raises(ValueError, match="2 times"):
        CompiledQuery(twice, {"path": PLACES["path"]})
    with pytest.raises(ValueError, match="0 times"):
        CompiledQuery(Page.objects.filter(url_path="/"), {"path": PLACES["path"]})


def test_its_objects_are_those_of_the_queryset_converted_alike(craniosacral):
    """A one page's responses (a detail's), compiled: the ORM's objects, field for field."""
    for status in (Response.Status.APPROVED, Response.Status.PENDING, Response.Status.APPROVED):
        ResponseFactory(page=craniosacral, status=status, reply="Thank you")
    shown = ("id", "page_id", "name", "website", "text", "submitted_at", "reply", "replied_at")

    def fields(responses):
        return [tuple(getattr(response, name) for name in shown) for response in responses]

    expected = list(published_responses().filter(page=craniosacral))
    compiled = published_responses_of([craniosacral.pk])[craniosacral.pk]
    assert len(expected) >= 2 and fields(compiled) == fields(expected)
    assert isinstance(compiled[0].submitted_at, datetime.datetime)
    assert published_responses_of([craniosacral.get_parent().pk]) == {
        craniosacral.get_parent().pk: []
    }
