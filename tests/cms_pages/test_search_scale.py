"""The site search (`selectors.search_pages`, `search_faqs`, `cms_pages.search_ranking`)
answers a word found on many pages as cheaply as a rare one, in a sensible order, with only
public content: on SQLite one full-text query ranks the matches, instead of one per match;
on PostgreSQL the index entries rank their matches without joining the searched rows."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from modelsearch.query import And, Not, PlainText
from wagtail.models import PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from cms_pages import search_ranking, selectors
from cms_pages.models import ServiceIndexPage, ServicePage
from cms_pages.search_ranking import entries
from tests.factories import FAQFactory, HomePageFactory, ServicePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db
# Whether this database's searches are ranked over the index entries (SQLite with FTS5,
# PostgreSQL); elsewhere the backend ranks as modelsearch does.
RANKED = search_ranking.FTS5 or search_ranking.POSTGRES
needs_ranking = pytest.mark.skipif(not RANKED, reason="ranked over the index entries")

WORD = "quetzal"
# A long introduction: bm25() alone ranks a long page below a short one with the same words.
LONG = "<p>" + " ".join(["Slow, attentive bodywork for the whole person."] * 40) + "</p>"
PAST = timezone.now() - datetime.timedelta(minutes=1)


@pytest.fixture
def index(demo_content) -> ServiceIndexPage:
    return ServiceIndexPage.objects.get(slug="services")


@pytest.fixture(
    params=[
        "excluded",
        pytest.param("searched", marks=needs_ranking),
    ]
)
def restriction(request, monkeypatch) -> str:
    """How the ranking keeps to the objects searched: by excluding the few index entries
    left out, or, when more than EXCLUDED_MAX are (here: any), by listing those searched."""
    if request.param == "searched":
        monkeypatch.setattr(entries, "EXCLUDED_MAX", 0)
    return request.param


def restriction_of(sql: str) -> str:
    """Which restriction a full-text query of `search_ranking` used."""
    return "searched" if '"text_pk"' in sql else "excluded"


def full_text(context) -> list[str]:
    """The full-text queries (SQLite's MATCH, PostgreSQL's @@)."""
    return [query["sql"] for query in context if "MATCH" in query["sql"] or "@@" in query["sql"]]


def hide_some(demo_content, index) -> None:
    """Pages with the word that no search may show: a draft, an expired page, a private
    section (a page and its child), another site's home page."""
    ServicePageFactory(parent=index, title=f"{WORD} draft", slug="draft", live=False)
    ServicePageFactory(parent=index, title=f"{WORD} expired", slug="expired", expire_at=PAST)
    members = StandardPageFactory(parent=demo_content, title=f"{WORD} members", slug="members")
    StandardPageFactory(parent=members, title=f"{WORD} notes", slug="notes")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    HomePageFactory(title=f"{WORD} of another site")


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


def test_hidden_pages_are_never_found_counted_or_sliced(client, demo_content, index, restriction):
    public = {page.pk for page in mentioning(index, 2)}
    hide_some(demo_content, index)
    results = search()
    with CaptureQueriesContext(connection) as context:
        assert results.count() == 2
    if RANKED:
        assert [restriction_of(sql) for sql in full_text(context)] == [restriction]
    assert {page.pk for page in results} == public
    assert results[1:].count() == 1
    assert {page.pk for page in results[0:10]} == public
    assert set(ids(client.get(f"/api/v2/search/?q={WORD}"))) == public
    assert set(ids(client.get(f"/api/v2/pages/?search={WORD}"))) == public


def test_hidden_faqs_are_never_found(demo_content, restriction):
    public = FAQFactory(question=f"Is a {WORD} welcome?")
    FAQFactory(question=f"Is a {WORD} draft welcome?", live=False)
    FAQFactory(question=f"Was a {WORD} welcome?", expire_at=PAST)
    results = selectors.search_faqs(WORD)
    with CaptureQueriesContext(connection) as context:
        assert results.count() == 1
    if RANKED:
        assert [restriction_of(sql) for sql in full_text(context)] == [restriction]
    assert [faq.pk for faq in results] == [public.pk]


@needs_ranking
def test_either_restriction_finds_counts_and_ranks_alike(demo_content, index, monkeypatch):
    """Excluding the few entries left out is only cheaper than listing those searched."""
    mentioning(index, 12)
    named(index)
    hide_some(demo_content, index)

    def found() -> tuple:
        results = search().annotate_score("score")
        every = [(page.pk, page.score) for page in results]
        windows = [[page.pk for page in results[start:stop]] for start, stop in [(0, 5), (5, 20)]]
        return every, windows, results.count(), results[3:].count()

    excluded = found()
    monkeypatch.setattr(entries, "EXCLUDED_MAX", 0)
    assert found() == excluded
    assert len(excluded[0]) == excluded[2] == 13


@needs_ranking
def test_the_entries_left_out_are_listed_once_per_search(demo_content, index):
    """A count and every slice of one search's results share what was left out."""
    mentioning(index, 12)
    hide_some(demo_content, index)
    results = search()
    with CaptureQueriesContext(connection) as context:
        assert results.count() == 12
        assert len(list(results[:5])) == 5
        assert results[5:].count() == 7
        assert len(list(results[5:20])) == 7
    listings = [query for query in context if "NOT EXISTS" in query["sql"]]
    assert len(listings) == 1
    assert [restriction_of(sql) for sql in full_text(context)] == ["excluded"] * 4


def test_only_integer_ids_are_read_back_as_numbers():
    assert entries.has_integer_ids(ServiceIndexPage)  # through its parent, Page
    assert not entries.has_integer_ids(Session)


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


@pytest.mark.skipif(not search_ranking.FTS5, reason="SQLite's FTS5 ranking")
def test_sqlite_scans_the_matches_once_rather_than_probing_each_entry_of_a_type(index):
    """Left to itself, SQLite's planner looks up the index entries of a model with few
    objects (FAQs) by type, then runs the full-text query again for each of them."""
    FAQFactory(question=f"Is a {WORD} welcome?")
    mentioning(index, 3)
    for results in (selectors.search_faqs(WORD), search()):
        with CaptureQueriesContext(connection) as counted:
            assert results.count() >= 1
        sql = full_text(counted)[0]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[-1] for row in cursor.fetchall()]
        assert steps[0].startswith("SCAN wagtailsearch_indexentry_fts VIRTUAL TABLE"), steps


needs_postgres = pytest.mark.skipif(not search_ranking.POSTGRES, reason="PostgreSQL's ranking")


@needs_postgres
def test_postgres_ranks_a_slice_over_the_index_entries_alone(index):
    """modelsearch's own query joined every matching page row to rank it, and named no
    search configuration, so that to_tsquery() ran again for every row."""
    mentioning(index, 30)
    results = search()
    results.count()  # the entries left out, listed once per search
    with CaptureQueriesContext(connection) as sliced:
        assert len(list(results[:10])) == 10
    with CaptureQueriesContext(connection) as counted:
        assert results[:].count() == 30
    ranked = full_text(sliced)
    assert len(ranked) == len(sliced) - 1 == 1  # then the slice's pages, by id
    assert len(counted) == 1
    for sql in (ranked[0], counted[0]["sql"]):
        assert 'FROM "wagtailsearch_indexentry"' in sql
        assert "wagtailcore_page" not in sql
        assert "to_tsquery('english'::regconfig," in sql
    assert ranked[0].endswith("LIMIT 10")


def stock_postgres_backend():
    """modelsearch's PostgreSQL backend, unchanged, with the settings' configuration."""
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return PostgresSearchBackend({"SEARCH_CONFIG": "english"})


def stock_postgres_search(query):
    """The same search through modelsearch's PostgreSQL backend."""
    site = Site.objects.get(is_default_site=True)
    return stock_postgres_backend().search(query, selectors.site_pages(site), operator="and")


@needs_postgres
@pytest.mark.parametrize(
    "query",
    [
        WORD,  # in the summaries of some, in the title of one
        f"{WORD} bodywork",  # one word in the title, the other only in the body
        "calm hour",
        "nothing-like-this",
        Not(PlainText("calm")),  # negated: the backend's own query
        And([PlainText(WORD), Not(PlainText("calm"))]),
    ],
    ids=["word", "across-title-and-body", "two-words", "none", "not", "word-and-not"],
)
def test_postgres_finds_counts_and_ranks_as_modelsearch_does(demo_content, index, query):
    mentioning(index, 12)
    named(index)
    # The word in its title, "calm" in its body: matched by its title alone, not as a whole.
    ServicePageFactory(parent=index, title=f"{WORD} retreat", slug="retreat", summary="Calm.")
    hide_some(demo_content, index)
    ours = search(query).annotate_score("score")
    stock = stock_postgres_search(query).annotate_score("score")
    every = [(page.pk, page.score) for page in stock]
    assert [(page.pk, page.score) for page in ours] == every
    assert ours.count() == stock.count() == len(every)
    assert [page.pk for page in ours[2:7]] == [pk for pk, _score in every[2:7]]
    if query == f"{WORD} bodywork":
        assert [pk for pk, _score in every] == [ServicePage.objects.get(slug="named").pk]


@needs_postgres
def test_postgres_autocompletes_as_modelsearch_does(index):
    """The admin's choosers autocomplete (the last word a prefix, the `simple` configuration)."""
    mentioning(index, 4)
    named(index)
    pages = selectors.site_pages(Site.objects.get(is_default_site=True))
    for typed in ("quet", "quiet ho", "quetzal mas"):
        ours = get_search_backend().autocomplete(typed, pages).annotate_score("score")
        stock = stock_postgres_backend().autocomplete(typed, pages).annotate_score("score")
        every = [(page.pk, page.score) for page in stock]
        assert every
        assert [(page.pk, page.score) for page in ours] == every
        assert ours.count() == len(every)
