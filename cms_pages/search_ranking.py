"""Wagtail's database search backend, ranking SQLite's matches in one full-text query.

On SQLite, django-modelsearch orders by relevance by giving every matching row a correlated
subquery that runs the FTS5 query again for that row (wagtail/django-modelsearch#85): a word
found on a thousand pages costs a thousand full-text queries. Here the FTS5 query ranks its
own matches, once: restricted to the objects of the searched queryset, ordered, and cut to
the slice asked for; only that slice's objects are then loaded (by primary key, from the
searched queryset). Its order: matches with a query word in their title first, then the
backend's own score (bm25() of the title and body columns, scaled by the title's
normalisation factor as the backend does; it weighs no column above another), then newest
first. On its own, the score puts a long page named for the word behind every short page
that mentions it once.

A search mostly leaves out a few of the model's objects (drafts, expired or private pages):
the FTS5 query then excludes their index entries, listed once per search, rather than
listing the entries of every object searched (`RankedCompiler.searched_entries`).

Other databases keep the backend unchanged: PostgreSQL's ranks each match with ts_rank on
the joined row, without running the query again.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]` names this module, so that Wagtail's own
searches (the pages API's `?search=`, the admin) rank the same way as `cms_pages.selectors`.
"""

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    TextField,
)
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from modelsearch.backends import database
from modelsearch.backends.database.sqlite.utils import fts5_available
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

# The FTS5 table, its model and modelsearch's SQLite backend exist only then (as decided in
# modelsearch.abstract_models): importing that backend elsewhere fails.
FTS5 = connection.vendor == "sqlite" and fts5_available()

# Up to this many index entries left out of a search are excluded by id; beyond, the FTS5
# query lists the entries of the objects searched instead (a subquery of their ids).
EXCLUDED_MAX = 500


def has_integer_ids(model) -> bool:
    """Whether the model's primary key (through a parent's, for a child model) is an integer:
    its index entries' object ids, its ids as text, can then be read back as numbers."""
    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return isinstance(pk, IntegerField)


if FTS5:
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class RankedCompiler:
        """A query compiler that knows which rows of the FTS5 table its queryset searches.
        One search's results (their count, each slice: modelsearch's clones) share their
        compiler, so what it reads from the database for that it reads once."""

        @cached_property
        def searched_entries(self) -> Q:
            """The condition, on the FTS5 table, of being the index entry of an object in the
            searched queryset. Listing every such entry makes SQLite gather thousands of ids
            for each count and slice, where a search mostly leaves out a few objects (drafts,
            expired or private pages): the entries of those are listed instead, by primary
            key (object ids read back as integers), and excluded; past EXCLUDED_MAX of them,
            the entries listed are those of the objects searched."""
            model = self.queryset.model
            if has_integer_ids(model):
                searched = self.queryset.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
                excluded = list(
                    IndexEntry.objects.filter(
                        ~Exists(searched),
                        content_type__in=get_descendants_content_types_pks(model),
                    ).values_list("pk", flat=True)[: EXCLUDED_MAX + 1]
                )
                if len(excluded) <= EXCLUDED_MAX:
                    return ~Q(pk__in=excluded)  # the FTS5 table's rowid: its entry's id
            # The index stores ids as text, as modelsearch reads them (TextIDGenericRelation).
            ids = self.queryset.annotate(text_pk=Cast("pk", TextField())).values("text_pk")
            return Q(index_entry__object_id__in=ids)

    class RankedSQLiteSearchQueryCompiler(RankedCompiler, SQLiteSearchQueryCompiler):
        pass

    class RankedSQLiteAutocompleteQueryCompiler(RankedCompiler, SQLiteAutocompleteQueryCompiler):
        pass

    class TitleMatch(Func):
        """Whether a match has a query word in its title: bm25() counting the title column
        alone (the table's columns are autocomplete, body, title) is then below zero."""

        output_field = BooleanField()
        template = f"(bm25({SQLiteFTSIndexEntry._meta.db_table}, 0.0, 0.0, 1.0) < 0)"

    class Unindexed(Func):
        """A column read through a unary plus, which SQLite's planner cannot look up in an
        index. Filtering the matches by content type so, SQLite scans the full-text matches
        once and keeps those of the searched types, instead of running the full-text query
        again for every index entry of a type (its choice for FAQs: 2 ms against 1 ms with
        5,400 matches, 200 of them FAQs)."""

        template = "+%(expressions)s"
        output_field = IntegerField()

    class RankedSQLiteSearchResults(SQLiteSearchResults):
        """Results whose count and slices are each one FTS5 query over the index entries,
        however many objects match (plus, for a slice, the query loading its objects)."""

        def _do_search(self):
            ranking = self.ranking()
            if ranking is None:
                return super()._do_search()
            scores = dict(ranking.values_list("object_id", "score")[self.start : self.stop])
            found = {str(obj.pk): obj for obj in self.query_compiler.queryset.filter(pk__in=scores)}
            hits = [found[object_id] for object_id in scores if object_id in found]
            if self._score_field:
                for hit in hits:
                    setattr(hit, self._score_field, scores[str(hit.pk)])
            return hits

        def _do_count(self):
            ranking = self.ranking()
            if ranking is None:
                return super()._do_count()
            return ranking[self.start : self.stop].count()

        def ranking(self):
            """The searched queryset's index entries that match, best first, as a queryset
            of the FTS5 table; None where the backend's own query is needed (results in the
            queryset's order, a query matching everything or negated)."""
            compiler = self.query_compiler
            query = normalize(compiler.query)
            if not compiler.order_by_relevance or isinstance(query, MatchAll | Not):
                return None
            config = compiler.get_config(self.backend)
            model = compiler.queryset.model
            return (
                SQLiteFTSIndexEntry.objects.alias(entry_type=Unindexed("index_entry__content_type"))
                .filter(
                    MatchExpression(
                        compiler.fields or compiler.FTS_TABLE_FIELDS,
                        compiler.build_search_query(query, config=config),
                    ),
                    compiler.searched_entries,
                    entry_type__in=get_descendants_content_types_pks(model),
                )
                .annotate(
                    object_id=F("index_entry__object_id"),
                    score=compiler._build_rank_expression(compiler.get_search_vectors(), config),
                )
                .order_by(
                    TitleMatch().desc(),
                    "score",
                    Cast("index_entry__object_id", BigIntegerField()).desc(),
                )
            )

    class RankedSQLiteSearchBackend(SQLiteSearchBackend):
        """modelsearch's SQLite backend with results ranked in one FTS5 query."""

        query_compiler_class = RankedSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
        results_class = RankedSQLiteSearchResults


def SearchBackend(params):  # the name Wagtail looks for in a backend's module
    """The database backend Wagtail chooses for this database (PostgreSQL's, SQLite's
    FTS5 one, ...), the latter ranking in one query."""
    backend = database.SearchBackend(params)
    if FTS5 and type(backend) is SQLiteSearchBackend:
        return RankedSQLiteSearchBackend(params)
    return backend
