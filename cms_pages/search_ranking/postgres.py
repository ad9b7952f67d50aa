"""PostgreSQL: the index entries rank their own matches, without the searched objects' rows.

modelsearch's PostgreSQL backend joins the searched queryset with its index entries, filters
the joined rows on the entry's title and body vectors and sorts every match by ts_rank: with
5,000 pages matching a common word, a count and a slice each join and rank 5,000 page rows.
Here the count and the slice are queries over the index entries alone (restricted to the
searched objects' entries as on SQLite); only the slice's objects are loaded. The order is
the backend's: ts_rank of the title (scaled by its normalisation factor) plus that of the
body, then the newest object first.

The search configuration is best named (`SEARCH_CONFIG`, set in the settings): without one,
to_tsquery() depends on the session's default configuration, so PostgreSQL evaluates it
again for every row (once for the match and once for each rank); with one, it is computed
once when the query is planned.
"""

import operator
from functools import reduce

from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or
from modelsearch.utils import get_descendants_content_types_pks

from cms_pages.search_ranking.entries import RankedCompiler, RankedResults, has_integer_ids

__all__ = ["PostgresSearchBackend", "RankedPostgresSearchBackend"]


def negates(query) -> bool:
    """Whether a search query holds a negation anywhere (terms are quoted: only `Not` does)."""
    if isinstance(query, Not):
        return True
    if isinstance(query, And | Or):
        return any(negates(subquery) for subquery in query.subqueries)
    return isinstance(query, Boost) and negates(query.subquery)


def matching(vectors: list[tuple], search_query, query) -> Q:
    """The condition of an entry matching: its vectors together (the alias `combined`, as
    the backend's `title || body`) match the query. Concatenating two vectors costs more
    than matching each (6 ms against 2 ms over 5,000 entries): a query without negation
    that one vector matches is matched by the concatenation too, so each is tried first,
    then the concatenation (words found in different vectors, or no match)."""
    whole = Q(combined=search_query)
    if negates(query):
        return whole
    each = [Q(**{vector.name: search_query}) for vector, _weight in vectors]
    return reduce(operator.or_, each) | whole


def combined(vectors: list[tuple]) -> F:
    """The vectors concatenated, as the backend matches them (`title || body`)."""
    together = vectors[0][0]
    for vector, _weight in vectors[1:]:
        together = together._combine(vector, "||", False)
    return together


def on_entry(field: F) -> F:
    """A field of the index entry, named from the searched object (`index_entries__title`)."""
    return F(field.name.removeprefix("index_entries__"))


class PostgresRankedCompiler(RankedCompiler):
    """Ranks the index entries themselves."""

    OBJECT_ID = "object_id"

    def entry_vectors(self) -> list[tuple]:
        """The vectors ranked and matched, with their weights, read on the index entry:
        the backend's own (`get_index_vectors`), without the join from the object."""
        return [
            (on_entry(vector), on_entry(weight) if isinstance(weight, F) else weight)
            for vector, weight in self.get_index_vectors(None)
        ]


class RankedPostgresSearchQueryCompiler(PostgresRankedCompiler, PostgresSearchQueryCompiler):
    pass


class RankedPostgresAutocompleteQueryCompiler(
    PostgresRankedCompiler, PostgresAutocompleteQueryCompiler
):
    pass


class RankedPostgresSearchResults(RankedResults, PostgresSearchResults):
    """Results whose count and slices are each one query over the index entries."""

    def ranking(self):
        """The searched queryset's index entries that match, best first; None where the
        backend's own query is needed (results in the queryset's order, a query matching
        everything, negated or fuzzy, search on named fields, ids that are not integers)."""
        compiler = self.query_compiler
        query = compiler.query
        model = compiler.queryset.model
        if (
            not compiler.order_by_relevance
            or compiler.fields is not None
            or isinstance(query, MatchAll | Not | Fuzzy)
            or not has_integer_ids(model)
        ):
            return None
        config = compiler.get_config(self.backend)
        search_query = compiler.build_tsquery(query, config=config)
        vectors = compiler.entry_vectors()
        return (
            IndexEntry.objects.alias(combined=combined(vectors))
            .filter(
                matching(vectors, search_query, query),
                compiler.searched_entries,
                content_type__in=get_descendants_content_types_pks(model),
            )
            .annotate(score=compiler._build_rank_expression(vectors, config))
            .order_by(F("score").desc(), Cast("object_id", BigIntegerField()).desc())
        )


class RankedPostgresSearchBackend(PostgresSearchBackend):
    """modelsearch's PostgreSQL backend with results ranked over the index entries alone."""

    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = RankedPostgresSearchResults
