"""The segmented backend on PostgreSQL (Wagtail's tsvector index entries, ``simple`` configuration)."""

import math
import threading
import time

from django.db import connections, transaction
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as StockPostgresSearchBackend
from modelsearch.backends.database.postgres.weights import BOOSTS_WEIGHTS
from modelsearch.conf import get_app_config

from gk_wagtail.search import segmentation
from gk_wagtail.search.query import AnyOf, NoneOf, TokenCounts
from gk_wagtail.search.segmented import SegmentedQueryCompilerMixin, SegmentedSearchResults, SegmentingIndexMixin

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)

# Any constant shared by all processes; names the lock in pg_locks.
INDEX_WRITE_LOCK_ID = 0x676B5F7773  # "gk_ws"
#: ts_rank_cd() weights of the labels D, C, B, A. Titles and 文号 are labelled
#: A, other boosted fields B, everything else D (see SegmentedPostgresIndex).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
#: How long the token statistics (pg_stats) are kept by a process.
STATISTICS_TTL = 300
#: Boost at or above which a field is labelled A, like the 文号 fields.
TOP_BOOST = 3


def tsquery_phrase(phrase):
    tokens = [f"'{token}'" for token in phrase.tokens]
    if phrase.prefix:
        tokens[-1] += ":*"
    return "(" + " <-> ".join(tokens) + ")"


def tsquery(node):
    if isinstance(node, segmentation.Phrase):
        return tsquery_phrase(node)
    if isinstance(node, NoneOf):
        return f"!({tsquery(node.node)})"
    joiner = " | " if isinstance(node, AnyOf) else " & "
    return "(" + joiner.join(tsquery(child) for child in node.nodes) + ")"


class SegmentedPostgresCompilerMixin(SegmentedQueryCompilerMixin):
    def column_test(self, placeholder="to_tsquery('simple', %s)"):
        return "(" + " OR ".join(f"e.{column} @@ {placeholder}" for column in self.index_columns()) + ")"

    def match_sql(self, ranked, restricted=True):
        compiled = self.compiled()
        content_types = self.content_type_ids()
        match = tsquery(compiled.match)
        columns = self.index_columns()
        select = "e.object_id"
        params = []
        if ranked:
            select += f", {self.score_sql(params)} AS gk_score"
        sql = (
            f"SELECT {select} FROM {IndexEntry._meta.db_table} e WHERE {self.column_test()} "
            f"AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        params += [match] * len(columns) + list(content_types)
        object_filter = self.object_filter() if restricted else None
        if object_filter:
            sql += f" AND {object_filter[0]}"
            params += list(object_filter[1])
        return sql, params

    def score_sql(self, params):
        """Sum over the query's phrases of ts_rank_cd() times the phrase's IDF; titles weigh by their shortness."""
        parts = []
        idf = self.inverse_document_frequency()
        for phrase in self.compiled().phrases():
            columns = []
            for column in self.index_columns():
                norm = " * e.title_norm" if column == "title" else ""
                columns.append(f"ts_rank_cd('{RANK_WEIGHTS}', e.{column}, to_tsquery('simple', %s)){norm}")
                params.append(tsquery_phrase(phrase))
            parts.append(f"{idf(phrase):.4f} * ({' + '.join(columns)})")
        return " + ".join(parts)

    def inverse_document_frequency(self):
        """IDF of each phrase, as BM25 computes it, from the token counts of the statistics."""
        counts = self.token_counts(sorted({token for phrase in self.compiled().phrases() for token in phrase.tokens}))

        def idf(phrase):
            if not counts.counts:
                return 1.0
            documents = counts.documents(phrase)
            return math.log(1 + (counts.total - documents + 0.5) / (documents + 0.5))

        return idf

    def ranked(self, start, stop):
        params = []
        sql, match_params = self.match_sql(ranked=True)
        params += match_params
        order = "gk_score DESC, e.id DESC"
        exact = self.compiled().exact
        if exact:
            order = f"CASE WHEN {self.column_test()} THEN 0 ELSE 1 END, " + order
            params += [" | ".join(f"'{token}'" for token in exact)] * len(self.index_columns())
        sql += f" ORDER BY {order}"
        if stop is not None:
            sql += " LIMIT %s"
            params.append(stop - start)
        sql += " OFFSET %s"
        params.append(start)
        return self.execute(sql, params)

    def count(self):
        sql, params = self.match_sql(ranked=False)
        return self.execute(f"SELECT count(*) FROM ({sql}) matches", params)[0][0]

    def token_counts(self, tokens):
        """How many index entries hold each token, from PostgreSQL's statistics of the columns.

        ANALYZE (autovacuum runs it) keeps the most common lexemes of each
        tsvector column with their frequencies; a token not among them is
        taken to be half as common as the rarest listed. Without statistics
        every token counts as rare and every phrase weighs the same.
        """
        total, frequencies, floor = _column_statistics(self.queryset.db, tuple(self.index_columns()))
        counts = {token: frequencies[token] * total for token in tokens if token in frequencies}
        return TokenCounts(total, counts, floor * total)


_statistics = {}
_statistics_lock = threading.Lock()


def _column_statistics(alias, columns):
    """(entries, {lexeme: share of entries}, share assumed for other lexemes), kept for STATISTICS_TTL."""
    key = (alias, columns)
    with _statistics_lock:
        cached = _statistics.get(key)
        if cached and time.monotonic() - cached[0] < STATISTICS_TTL:
            return cached[1]
    table = IndexEntry._meta.db_table
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = ANY(%s) AND most_common_elems IS NOT NULL",
            [table, list(columns)],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        total = max(cursor.fetchone()[0], 0)
    frequencies, floor = {}, 0.0
    for elements, shares in rows:
        for element, share in zip(elements, shares, strict=False):
            frequencies[element] = max(frequencies.get(element, 0.0), share)
        # The list of frequencies ends with its minimum, its maximum and the share of empty values.
        floor = max(floor, shares[len(elements)] / 2)
    statistics = (total, frequencies, floor)
    with _statistics_lock:
        _statistics[key] = (time.monotonic(), statistics)
    return statistics


class SegmentedPostgresSearchQueryCompiler(SegmentedPostgresCompilerMixin, PostgresSearchQueryCompiler):
    pass


class SegmentedPostgresAutocompleteQueryCompiler(SegmentedPostgresCompilerMixin, PostgresAutocompleteQueryCompiler):
    pass


def _boost_for_label(label):
    # Wagtail maps boosts to the four tsvector labels from all boosts in the project;
    # pick the boost that lands on the label wanted, whatever the project's boosts are.
    if label == "A":
        return math.inf
    if label == "D":
        return None
    return next(boost for boost, weight in BOOSTS_WEIGHTS if weight == label)


class SegmentedPostgresIndex(SegmentingIndexMixin, PostgresIndex):
    """Segmented index entries; writes queue behind one advisory lock held until commit.

    Every write re-normalizes the title weights of all entries still at the
    default weight, so two editors publishing at the same moment lock each
    other's rows in opposite order and PostgreSQL aborts one publish with
    "deadlock detected".
    """

    def field_boost(self, field):
        if field.field_name == "title" or (field.boost or 0) >= TOP_BOOST:
            return _boost_for_label("A")
        if (field.boost or 0) > 1:
            return _boost_for_label("B")
        return _boost_for_label("D")

    def add_items(self, model, objs):
        with transaction.atomic(using=self.write_connection.alias):
            with self.write_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_WRITE_LOCK_ID])
            super().add_items(model, objs)


class PostgresSearchBackend(StockPostgresSearchBackend):
    index_class = SegmentedPostgresIndex
    query_compiler_class = SegmentedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedPostgresAutocompleteQueryCompiler
    results_class = SegmentedSearchResults

    def __init__(self, params):
        super().__init__(params)
        # Segmented tokens are already folded; a language configuration would stem or drop them.
        self.config = "simple"
        self.autocomplete_config = "simple"
