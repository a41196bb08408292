"""The database search backend gk_wagtail configures: Wagtail's own, per database vendor, made safe and Chinese-aware.

Set ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "gk_wagtail.search.database"}}``.
"""

from django.db import connection, connections, transaction
from modelsearch.backends.database import SearchBackend as stock_search_backend

# Any constant shared by all processes; names the lock in pg_locks.
INDEX_WRITE_LOCK_ID = 0x676B5F7773  # "gk_ws"


def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

    class SerializedPostgresIndex(PostgresIndex):
        """Index writes queue behind one advisory lock held until commit.

        Every write re-normalizes the title weights of all entries still at the
        default weight, so two editors publishing at the same moment lock each
        other's rows in opposite order and PostgreSQL aborts one publish with
        "deadlock detected".
        """

        def add_items(self, model, objs):
            with transaction.atomic(using=self.write_connection.alias):
                with self.write_connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_WRITE_LOCK_ID])
                super().add_items(model, objs)

    class GkPostgresSearchBackend(PostgresSearchBackend):
        index_class = SerializedPostgresIndex

    return GkPostgresSearchBackend


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    return stock_search_backend(params)
