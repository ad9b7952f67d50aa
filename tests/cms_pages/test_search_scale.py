"""The site search (`selectors.search_pages`, `search_faqs`, `cms_pages.search_ranking`)
answers a word found on many pages as cheaply as a rare one, in a sensible order, with only
public content: on SQLite one full-text query ranks the matches, instead of one per match."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from cms_pages import selectors
from cms_pages.models import ServiceIndexPage
from tests.factories import FAQFactory, HomePageFactory, ServicePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

WORD = "quetzal"
# A long introduction: bm25() alone ranks a long page below a short one with the same words.
LONG = "<p>" + " ".join(["Slow, attentive bodywork for the whole person."] * 40) + "</p>"
PAST = timezone.now() - datetime.timedelta(minutes=1)


@pytest.fixture
def index(demo_content) -> ServiceIndexPage:
    return ServiceIndexPage.objects.get(slug="services")


def mentioning(index: ServiceIndexPage, count: int, start: int = 0) -> list:
    """Services that mention the word once, in their summary."""
    return [
        ServicePageFactory(
            parent=index,
            title=f"Quiet hour {n}",
            slug=f"quiet-hour-{n}",
            summary=f"A calm hour with the song of a {WORD}.",
        )
        for n in range(start, start + count)
    ]


def named(index: ServiceIndexPage):
    """A service named for the word, which its long body never mentions."""
    return ServicePageFactory(
        parent=index, title=f"{WORD.title()} massage", slug="named", introduction=LONG
    )


def search(query: str = WORD):
    return selectors.search_pages(query, Site.objects.get(is_default_site=True))


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_page_named_for_the_word_ranks_before_pages_mentioning_it_once(index):
    mentioning(index, 5)
    page = named(index)
    found = list(search())
    assert len(found) == 6
    assert found[0].pk == page.pk


def test_hidden_pages_are_never_found_counted_or_sliced(client, demo_content, index):
    public = {page.pk for page in mentioning(index, 2)}
    ServicePageFactory(parent=index, title=f"{WORD} draft", slug="draft", live=False)
    ServicePageFactory(parent=index, title=f"{WORD} expired", slug="expired", expire_at=PAST)
    members = StandardPageFactory(parent=demo_content, title=f"{WORD} members", slug="members")
    StandardPageFactory(parent=members, title=f"{WORD} notes", slug="notes")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    HomePageFactory(title=f"{WORD} of another site")
    results = search()
    assert {page.pk for page in results} == public
    assert results.count() == 2
    assert results[1:].count() == 1
    assert {page.pk for page in results[0:10]} == public
    assert set(ids(client.get(f"/api/v2/search/?q={WORD}"))) == public


def test_hidden_faqs_are_never_found(demo_content):
    public = FAQFactory(question=f"Is a {WORD} welcome?")
    FAQFactory(question=f"Is a {WORD} draft welcome?", live=False)
    FAQFactory(question=f"Was a {WORD} welcome?", expire_at=PAST)
    results = selectors.search_faqs(WORD)
    assert [faq.pk for faq in results] == [public.pk]
    assert results.count() == 1


def test_counts_and_slices_agree(index):
    mentioning(index, 12)
    named(index)
    results = search()
    every = [page.pk for page in results]
    assert len(every) == len(set(every)) == results.count() == 13
    for start, stop in [(0, 5), (5, 10), (10, 20), (3, 4), (13, 15)]:
        window = results[start:stop]
        assert window.count() == len(every[start:stop])
        assert [page.pk for page in window] == every[start:stop]


def test_scores_can_be_annotated(index):
    mentioning(index, 3)
    results = search().annotate_score("score")
    assert [type(page.score) for page in results[:2]] == [float, float]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 ranking")
def test_sqlite_ranks_a_slice_in_one_full_text_query(index):
    """modelsearch's own query ran the full-text query again for each match, in a subquery."""
    mentioning(index, 30)
    results = search()
    with CaptureQueriesContext(connection) as sliced:
        assert len(list(results[:10])) == 10
    with CaptureQueriesContext(connection) as counted:
        assert results.count() == 30
    full_text = [query["sql"] for query in sliced if "MATCH" in query["sql"]]
    assert len(full_text) == 1
    assert full_text[0].count("MATCH") == 1
    assert full_text[0].endswith("LIMIT 10")
    assert len(counted) == 1
    assert counted[0]["sql"].count("MATCH") == 1


def test_search_queries_do_not_grow_with_matches(client, index):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert len(ids(client.get(f"/api/v2/search/?q={WORD}"))) == 20
        return len(context)

    mentioning(index, 25)
    few = queries()
    mentioning(index, 50, start=25)
    assert queries() == few


def test_wagtails_own_searches_rank_alike_once_the_setting_names_the_module(
    client, settings, index
):
    """`pages/?search=` asks the backend of WAGTAILSEARCH_BACKENDS, not the selectors."""
    mentioning(index, 3)
    page = named(index)
    url = f"/api/v2/pages/?search={WORD}"
    before = ids(client.get(url))
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms_pages.search_ranking"}}
    cache.clear()
    ranked = ids(client.get(url))
    assert sorted(ranked) == sorted(before)
    assert ranked[0] == page.pk
    assert ids(client.get(f"/api/v2/pages/?type=cms_pages.ServicePage&search={WORD}")) == ranked
    by_title = client.get(f"{url}&order=title&fields=title").json()["items"]
    titles = [item["title"] for item in by_title]
    assert titles == sorted(titles)
