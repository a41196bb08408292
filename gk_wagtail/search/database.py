"""The database search backend gk_wagtail configures: Wagtail's own, per database vendor, made Chinese-aware.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "gk_wagtail.search.database"}}``.

On SQLite (FTS5) and PostgreSQL every field value is segmented before Wagtail
stores it (``segmentation.index_text``) and every query is compiled from the
same segmentation, so ``Page.objects.search()``, the API's ``?search=``, the
admin's page search and the citizen search page all find Chinese words inside
longer runs of characters. Other databases get Wagtail's stock backend.

Ranking runs in one SQL statement over the index table, which consults the
searched queryset only as a filter (a correlated EXISTS): Wagtail's stock
SQLite backend ranks through a correlated subquery per result, which repeats
the full-text match for every candidate and does not scale to 100,000
documents.
"""

from functools import cache

from django.db import connection
from modelsearch.backends.database import SearchBackend as stock_search_backend


@cache
def sqlite_has_fts5():
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return fts5_available()


_fts_table_found = []


def sqlite_fts_ready():
    """Whether SQLite has FTS5 and Wagtail's FTS table exists (remembered once found, not before: migrate makes it)."""
    if not _fts_table_found and sqlite_has_fts5():
        from modelsearch.backends.database.sqlite.utils import fts_table_exists

        if fts_table_exists():
            _fts_table_found.append(True)
    return bool(_fts_table_found)


def segments_chinese():
    """Whether this backend segments Chinese on the default database (PostgreSQL, SQLite with FTS5)."""
    return connection.vendor == "postgresql" or (connection.vendor == "sqlite" and sqlite_has_fts5())


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    if connection.vendor == "postgresql":
        from gk_wagtail.search.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite" and sqlite_fts_ready():
        from gk_wagtail.search.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return stock_search_backend(params)
