"""A page's detail and look-up answered from its stored answer before the viewset runs
(api.answer_shortcut): the same bytes as the viewset's, and only for what it may show."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from api.models import StoredPageAnswer
from api.views.pages import PublicPagesAPIViewSet
from cms_pages.models import Response
from cms_pages.personal_data import sealing
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

SHORTCUT = "api.answer_shortcut.StoredAnswerMiddleware"


def urls_of(page) -> list[str]:
    return [f"/api/v2/pages/{page.pk}/", f"/api/v2/pages/find/?html_path={page.url}"]


@pytest.fixture
def demo_pages(demo_content) -> list[Page]:
    return list(demo_content.get_descendants(inclusive=True).live().specific())


@pytest.fixture
def viewset_only(settings):
    """A client whose requests never meet the shortcut: what the viewset answers."""
    client = Client()
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != SHORTCUT]):
        client.handler.load_middleware()
    return client


@pytest.fixture
def viewset_calls(monkeypatch) -> list[str]:
    """The requests the pages viewset was asked to answer (the shortcut let them through)."""
    calls = []
    dispatch = PublicPagesAPIViewSet.dispatch

    def counted(self, request, *args, **kwargs):
        calls.append(request.get_full_path())
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(PublicPagesAPIViewSet, "dispatch", counted)
    return calls


def cold_get(client, url: str):
    cache.clear()  # a response-cache miss, as after any content change
    return client.get(url)


def test_every_demo_page_is_answered_from_its_stored_answer_with_the_viewsets_bytes(
    client, viewset_only, demo_pages, viewset_calls
):
    expected = {}
    for page in demo_pages:
        for url in urls_of(page):
            response = cold_get(viewset_only, url)  # builds and stores the answer
            assert response.status_code == 200, url
            expected[url] = (response.content, response["Content-Type"])
    assert StoredPageAnswer.objects.count() == len(demo_pages)
    viewset_calls.clear()

    for url, (content, content_type) in expected.items():
        response = cold_get(client, url)
        assert (response.content, response["Content-Type"]) == (content, content_type), url
    assert viewset_calls == []


def test_a_stored_answer_costs_one_query_for_the_page_and_its_answer(client, craniosacral):
    cold_get(client, urls_of(craniosacral)[0])  # stored
    for url in urls_of(craniosacral):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        tables = [sorted(set(re.findall(r'FROM "(\w+)"', query["sql"]))) for query in queries]
        # the site, the view restrictions, the page with its answer, its approved responses,
        # the practice's details (for its JSON-LD); nothing else
        assert tables == [
            ["wagtailcore_site"],
            ["wagtailcore_pageviewrestriction"],
            ["api_storedpageanswer", "wagtailcore_page"],
            ["cms_pages_response"],
            ["cms_pages_practicesettings"],
        ], url


def test_the_approved_responses_are_read_at_request_time(client, craniosacral):
    before = cold_get(client, urls_of(craniosacral)[0]).json()
    ResponseFactory(page=craniosacral, status=Response.Status.APPROVED, text="Calm and kind.")
    after = cold_get(client, urls_of(craniosacral)[0]).json()
    assert after["response_count"] == before["response_count"] + 1
    assert after["responses"][-1]["text_html"] == "<p>Calm and kind.</p>"


def test_a_pages_responses_are_shown_without_unsealing_their_visitors_data(
    client, craniosacral, monkeypatch
):
    ResponseFactory(page=craniosacral, status=Response.Status.APPROVED, text="Kind hands.")
    unsealed = []
    monkeypatch.setattr(sealing, "unseal", lambda value: unsealed.append(value) or value)
    for url in [*urls_of(craniosacral), "/api/v2/pages/?type=cms_pages.ServicePage&fields=*"]:
        assert "Kind hands." in cold_get(client, url).content.decode()
    assert unsealed == []


@pytest.mark.parametrize(
    "query",
    [
        "?fields=title",
        "?type=cms_pages.ServicePage",
        "?fields=*",
    ],
)
def test_a_detail_with_parameters_goes_to_the_viewset(client, craniosacral, viewset_calls, query):
    cold_get(client, urls_of(craniosacral)[0])
    viewset_calls.clear()
    assert cold_get(client, f"{urls_of(craniosacral)[0]}{query}").status_code == 200
    assert viewset_calls == [f"{urls_of(craniosacral)[0]}{query}"]


def test_a_look_up_with_another_parameter_goes_to_the_viewset(client, craniosacral, viewset_calls):
    url = urls_of(craniosacral)[1]
    cold_get(client, url)
    viewset_calls.clear()
    answer = cold_get(client, f"{url}&fields=_,title").json()
    assert list(answer) == ["title"]
    assert len(viewset_calls) == 1


@pytest.mark.parametrize(
    "query, status",
    [
        ("html_path=/services/&html_path=/about/", 400),
        ("html_path=/services/&limit=0", 400),
        ("html_path=/no-such-page/", 404),
    ],
)
def test_a_bad_or_unknown_look_up_gets_the_viewsets_answer(client, demo_content, query, status):
    response = cold_get(client, f"/api/v2/pages/find/?{query}")
    assert response.status_code == status
    assert "message" in response.json()


def test_an_id_beyond_the_bound_is_not_found(client, demo_content):
    assert cold_get(client, f"/api/v2/pages/{2**31}/").status_code == 404


def test_a_page_without_a_stored_answer_gets_one_from_the_viewset(
    client, craniosacral, viewset_calls
):
    first = cold_get(client, urls_of(craniosacral)[1]).content
    StoredPageAnswer.objects.all().delete()
    viewset_calls.clear()

    assert cold_get(client, urls_of(craniosacral)[1]).content == first
    assert len(viewset_calls) == 1
    assert StoredPageAnswer.objects.filter(page=craniosacral).exists()


def test_an_answer_from_other_code_is_not_served(client, craniosacral, viewset_calls):
    cold_get(client, urls_of(craniosacral)[0])
    StoredPageAnswer.objects.update(fingerprint="other-code", answer='{"stale": true}')
    viewset_calls.clear()

    assert "stale" not in cold_get(client, urls_of(craniosacral)[0]).json()
    assert len(viewset_calls) == 1


def hide_by_restriction(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def hide_by_expiry(page):
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(1))


def hide_by_unpublishing(page):
    Page.objects.filter(pk=page.pk).update(live=False)


@pytest.mark.parametrize("hide", [hide_by_restriction, hide_by_expiry, hide_by_unpublishing])
def test_a_stored_answer_of_a_page_the_public_may_no_longer_see_is_not_served(
    client, craniosacral, hide
):
    """Hidden without the change being told (an expiry passing, a write outside Wagtail):
    its answer is still stored, and is not shown."""
    for url in urls_of(craniosacral):
        cold_get(client, url)
    hide(craniosacral)
    assert StoredPageAnswer.objects.filter(page=craniosacral).exists()
    for url in urls_of(craniosacral):
        assert cold_get(client, url).status_code == 404, url
