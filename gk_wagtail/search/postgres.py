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
#: How much more a title's rank counts than the rest of the document's, on top of the
#: labels: titles are the strongest signal on SQLite too (bm25() weight 3).
TITLE_WEIGHT = 2
#: ts_rank() and ts_rank_cd() return rank / (rank + 1): a text that repeats a phrase
#: gains less with each repetition, as bm25()'s term frequency saturates, so a long
#: text that names a word often does not outrank a short one about it. (Dividing by
#: the length's logarithm as well ranked topic and title queries worse on the eval set.)
RANK_NORMALIZATION = 32
#: How much each qualifying phrase found raises a candidate's score, as on SQLite.
EXTRA_WEIGHT = 0.5
#: How many of the best matches by the cheap score get the full score.
CANDIDATES = 200
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
        """The matching index entries (alias ``e``); ranked, with the cheap score and the 文号 flag of each."""
        compiled = self.compiled()
        content_types = self.content_type_ids()
        columns = self.index_columns()
        select = "e.object_id"
        params = []
        if ranked:
            select = "e.id, e.object_id, e.title_norm, " + ", ".join(f"e.{column}" for column in columns)
            select += f", {self.cheap_score_sql(params)} AS gk_cheap, {self.exact_sql(params)} AS gk_exact"
        sql = (
            f"SELECT {select} FROM {IndexEntry._meta.db_table} e WHERE {self.column_test()} "
            f"AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        params += [tsquery(compiled.match)] * len(columns) + list(content_types)
        object_filter = self.object_filter() if restricted else None
        if object_filter:
            sql += f" AND {object_filter[0]}"
            params += list(object_filter[1])
        return sql, params

    def column_rank(self, function, column, params, query, normalization):
        weight = f"{TITLE_WEIGHT} * e.title_norm * " if column == "title" else ""
        params.append(query)
        return f"{weight}{function}('{RANK_WEIGHTS}', e.{column}, to_tsquery('simple', %s), {normalization})"

    def cheap_score_sql(self, params):
        """One ts_rank() per column over the whole match: orders every match to pick the candidates."""
        match = tsquery(self.compiled().match)
        return " + ".join(
            self.column_rank("ts_rank", column, params, match, RANK_NORMALIZATION) for column in self.index_columns()
        )

    def exact_sql(self, params):
        exact = self.compiled().exact
        if not exact:
            return "false"
        params += [" | ".join(f"'{token}'" for token in exact)] * len(self.index_columns())
        return self.column_test()

    def score_sql(self, params):
        """The relevance of a candidate, from the signals SQLite's ranking uses.

        Per phrase of the match, ts_rank_cd() in each column (titles weighed
        up, repetitions saturating, as bm25() does) times the phrase's IDF.
        The qualifying phrases (an agency's full name) do not add their own
        rank: each one found multiplies the sum by 1 + EXTRA_WEIGHT, as on
        SQLite, so a document about the topic from that agency leads, not one
        that names the agency most often.
        """
        compiled = self.compiled()
        idf = self.inverse_document_frequency()
        extra = set(compiled.extra)
        parts = []
        for phrase in compiled.phrases():
            if phrase in extra:
                continue
            columns = [
                self.column_rank("ts_rank_cd", column, params, tsquery_phrase(phrase), RANK_NORMALIZATION)
                for column in self.index_columns()
            ]
            parts.append(f"{idf(phrase):.4f} * ({' + '.join(columns)})")
        score = "(" + " + ".join(parts or ["0"]) + ")"
        if compiled.extra:
            found = []
            for phrase in compiled.extra:
                found.append(f"CASE WHEN {self.column_test()} THEN 1 ELSE 0 END")
                params += [tsquery_phrase(phrase)] * len(self.index_columns())
            score += f" * (1 + {EXTRA_WEIGHT} * ({' + '.join(found)}))"
        return score

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
        """(object id, score) pairs, best first, ranked in two stages.

        The cheap score orders every match (the GIN index finds them) and
        keeps the best CANDIDATES; only those get the full score, whose
        ts_rank_cd() per phrase and column would cost several times the match
        over all of them. Results past the candidates follow in the cheap
        score's order, so every page of a search agrees with the others. The
        candidates are a MATERIALIZED CTE so that the planner cannot fold the
        full score into the scan of every match.
        """
        match, params = self.match_sql(ranked=True)
        # LIMIT NULL keeps every match, for a search iterated to its end.
        depth = None if stop is None else max(CANDIDATES, stop)
        params += [depth, CANDIDATES]
        score = self.score_sql(params)
        sql = (
            f"WITH gk_candidates AS MATERIALIZED ({match} ORDER BY gk_exact DESC, gk_cheap DESC, e.id DESC LIMIT %s), "
            "gk_positions AS (SELECT c.*, row_number() OVER (ORDER BY gk_exact DESC, gk_cheap DESC, id DESC) "
            "AS gk_position FROM gk_candidates c) "
            f"SELECT e.object_id, CASE WHEN e.gk_position <= %s THEN {score} END AS gk_score, e.gk_cheap "
            "FROM gk_positions e "
            "ORDER BY e.gk_exact DESC, gk_score DESC NULLS LAST, e.gk_cheap DESC, e.id DESC"
        )
        if stop is not None:
            sql += " LIMIT %s"
            params.append(stop - start)
        sql += " OFFSET %s"
        params.append(start)
        return [
            (object_id, score if score is not None else cheap) for object_id, score, cheap in self.execute(sql, params)
        ]

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
