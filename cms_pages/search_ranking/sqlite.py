"""SQLite (FTS5): the FTS5 query ranks its own matches, once.

On SQLite, django-modelsearch orders by relevance by giving every matching row a correlated
subquery that runs the FTS5 query again for that row (wagtail/django-modelsearch#85): a word
found on a thousand pages costs a thousand full-text queries. Here the FTS5 query ranks its
own matches, restricted to the entries of the searched objects, ordered, and cut to the slice
asked for. Its order: matches with a query word in their title first, then the backend's own
score (bm25() of the title and body columns, scaled by the title's normalisation factor as
the backend does; it weighs no column above another), then newest first. On its own, the
score puts a long page named for the word behind every short page that mentions it once.

Imported only when the database is SQLite with FTS5 (`cms_pages.search_ranking.FTS5`): the
FTS5 table, its model and modelsearch's SQLite backend exist only then (as decided in
modelsearch.abstract_models), and importing that backend elsewhere fails.
"""

from django.db.models import BigIntegerField, BooleanField, F, Func, IntegerField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from cms_pages.search_ranking.entries import RankedCompiler, RankedResults

__all__ = ["RankedSQLiteSearchBackend", "SQLiteSearchBackend"]


class SQLiteRankedCompiler(RankedCompiler):
    """Ranks rows of the FTS5 table, whose rowid is its index entry's id."""

    OBJECT_ID = "index_entry__object_id"


class RankedSQLiteSearchQueryCompiler(SQLiteRankedCompiler, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(SQLiteRankedCompiler, SQLiteAutocompleteQueryCompiler):
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


class RankedSQLiteSearchResults(RankedResults, SQLiteSearchResults):
    """Results whose count and slices are each one FTS5 query over the index entries."""

    def ranking(self):
        """The searched queryset's index entries that match, best first, as a queryset of
        the FTS5 table; None where the backend's own query is needed (results in the
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
