"""Wagtail's database search backend, ranking the matches in one query over the search index.

modelsearch's database backends rank by joining the searched queryset with the index
entries, or on SQLite by running the full-text query again for each match
(wagtail/django-modelsearch#85), so a word found on thousands of pages costs thousands of
full-text queries, or the ranking of thousands of joined page rows. Here the index ranks its
own matches, once: restricted to the entries of the searched queryset's objects
(`entries.RankedCompiler.searched_entries`), ordered and cut to the slice asked for; only
that slice's objects are then loaded (by primary key, from the searched queryset), and a
count is the same query without its order.

- SQLite (FTS5): `cms_pages.search_ranking.sqlite`: matches with a query word in their title
  first, then bm25();
- PostgreSQL: `cms_pages.search_ranking.postgres`: modelsearch's own order (ts_rank of the
  title and the body, newest first among equals), over the index entries alone.

Queries these do not rank (a query matching everything or negated, fuzzy search, search on
named fields, results in the queryset's order, non-integer primary keys) go to the backend
unchanged.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]` names this module, so that Wagtail's own
searches (the pages API's `?search=`, the admin) rank the same way as `cms_pages.selectors`.
"""

from django.db import connection
from modelsearch.backends import database
from modelsearch.backends.database.sqlite.utils import fts5_available

FTS5 = connection.vendor == "sqlite" and fts5_available()
POSTGRES = connection.vendor == "postgresql"


def SearchBackend(params):  # the name Wagtail looks for in a backend's module
    """The database backend Wagtail chooses for this database (PostgreSQL's, SQLite's FTS5
    one, ...), ranking in one query where this package knows how."""
    backend = database.SearchBackend(params)
    if FTS5:
        from cms_pages.search_ranking.sqlite import RankedSQLiteSearchBackend, SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            return RankedSQLiteSearchBackend(params)
    if POSTGRES:
        from cms_pages.search_ranking.postgres import (
            PostgresSearchBackend,
            RankedPostgresSearchBackend,
        )

        if type(backend) is PostgresSearchBackend:
            return RankedPostgresSearchBackend(params)
    return backend
