"""The segmented backend on SQLite FTS5 (Wagtail's ``<index entry>_fts`` table)."""

import re
import threading
import time

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchQueryCompiler,
)
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as StockSQLiteSearchBackend
from modelsearch.conf import get_app_config

from gk_wagtail.search import segmentation
from gk_wagtail.search.query import AnyOf, NoneOf, TokenCounts
from gk_wagtail.search.segmented import SegmentedQueryCompilerMixin, SegmentedSearchResults, SegmentingIndexMixin

app_config = get_app_config()
IndexEntry = app_config.get_model("IndexEntry", require_ready=False)
SQLiteFTSIndexEntry = app_config.get_model("SQLiteFTSIndexEntry", require_ready=False)

#: bm25() weights of the FTS table's columns (autocomplete, body, title): a
#: hit in the title counts three times one in the rest of the document.
SEARCH_WEIGHTS = (0, 1, 3)
AUTOCOMPLETE_WEIGHTS = (1, 0, 0)
VOCABULARY_TABLE = "temp.gk_search_vocabulary"
#: How many of the best results the qualifying phrases rank again, and how much each
#: phrase found raises a result's score.
RERANK_DEPTH = 100
EXTRA_WEIGHT = 0.5
#: Seconds a process keeps the document counts of the tokens it has looked up.
COUNTS_TTL = 300
MAX_COUNTS = 100_000


def _phrase_pattern(phrase):
    """A regular expression finding the phrase in stored, space-separated tokens."""
    tokens = " ".join(map(re.escape, phrase.tokens))
    return re.compile(rf"(?:^| ){tokens}{'' if phrase.prefix else '(?: |$)'}")


def fts_phrase(phrase):
    # Tokens hold only letters and digits (segmentation.SAFE_TOKEN), so quoting them needs no escaping.
    return '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")


def fts_expression(node):
    if isinstance(node, segmentation.Phrase):
        return fts_phrase(node)
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(fts_expression(child) for child in node.nodes) + ")"
    # FTS5 has only a binary NOT: the excluded parts follow the others.
    included = [fts_expression(child) for child in node.nodes if not isinstance(child, NoneOf)]
    excluded = [fts_expression(child.node) for child in node.nodes if isinstance(child, NoneOf)]
    if not included:
        raise NotImplementedError("A search made only of negated parts is not supported inside another query.")
    expression = "(" + " AND ".join(included) + ")"
    return expression + "".join(f" NOT {part}" for part in excluded)


class SegmentedSQLiteCompilerMixin(SegmentedQueryCompilerMixin):
    WEIGHTS = SEARCH_WEIGHTS

    def match_string(self, nodes=None):
        columns = "{" + " ".join(self.index_columns()) + "}"
        return f"{columns} : ({fts_expression(self.compiled().match if nodes is None else nodes)})"

    def match_sql(self, ranked, restricted=True):
        fts, entry = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        content_types = self.content_type_ids()
        params = []
        select = "e.object_id"
        if ranked:
            select += f", {self.score_sql()} AS gk_score, e.id"
            exact = self.compiled().exact
            if exact:
                # A document whose own 文号 was typed goes before those that cite it.
                select += f", {fts}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s) AS gk_exact"
                params.append(self.match_string(AnyOf(tuple(segmentation.Phrase((token,)) for token in exact))))
            else:
                select += ", 0 AS gk_exact"
        sql = (
            f"SELECT {select} FROM {fts} JOIN {entry} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        params += [self.match_string(), *content_types]
        object_filter = self.object_filter() if restricted else None
        if object_filter:
            sql += f" AND {object_filter[0]}"
            params += list(object_filter[1])
        return sql, params

    def score_sql(self):
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {', '.join(map(str, self.WEIGHTS))})"

    def ranked(self, start, stop):
        """(object id, score) pairs, best first.

        The phrases that only qualify the query (an agency's full name, a very
        common term) rank the best RERANK_DEPTH results again: asking FTS5 to
        score them over every match costs several times the match itself.
        """
        sql, params = self.match_sql(ranked=True)
        extra = self.compiled().extra
        limit = stop if stop is None or not extra else max(stop, RERANK_DEPTH)
        first = start if not extra else 0
        sql += " ORDER BY gk_exact DESC, gk_score, e.id DESC LIMIT %s OFFSET %s"
        # bm25() scores are negative, lower is better; the scores returned are positive, higher is better.
        rows = [
            [object_id, -score, entry_id, exact]
            for object_id, score, entry_id, exact in self.execute(
                sql, params + [-1 if limit is None else limit - first, first]
            )
        ]
        if extra:
            head = rows[:RERANK_DEPTH]
            texts = self.stored_texts([entry_id for _object_id, _score, entry_id, _exact in head])
            patterns = [_phrase_pattern(phrase) for phrase in extra]
            for row in head:
                text = texts.get(row[2], "")
                row[1] *= 1 + EXTRA_WEIGHT * sum(1 for pattern in patterns if pattern.search(text))
            head.sort(key=lambda row: (-row[3], -row[1], -row[2]))
            rows = (head + rows[RERANK_DEPTH:])[start:stop]
        return [(object_id, score) for object_id, score, _entry_id, _exact in rows]

    def stored_texts(self, entry_ids):
        """The segmented text the index holds for these entries, in the searched columns."""
        if not entry_ids:
            return {}
        columns = self.index_columns()
        rows = self.execute(
            f"SELECT rowid, {', '.join(columns)} FROM {SQLiteFTSIndexEntry._meta.db_table} "
            f"WHERE rowid IN ({', '.join(['%s'] * len(entry_ids))})",
            list(entry_ids),
        )
        return {row[0]: " ".join(value or "" for value in row[1:]) for row in rows}

    def count(self):
        sql, params = self.match_sql(ranked=False)
        return self.execute(f"SELECT count(*) FROM ({sql})", params)[0][0]

    def token_counts(self, tokens):
        """How many documents hold each token, from an fts5vocab view of the index.

        fts5vocab counts a token's documents by reading its whole list of
        them, so counts are kept for COUNTS_TTL seconds: they move slowly.
        """
        alias, now = self.queryset.db, time.monotonic()
        with _counts_lock:
            known = {
                token: _counts[alias, token][0] for token in tokens if _counts.get((alias, token), (0, 0))[1] > now
            }
            total = _counts.get((alias, None), (0, 0))
        missing = [token for token in tokens if token not in known]
        if missing or total[1] <= now:
            fts = SQLiteFTSIndexEntry._meta.db_table
            self.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY_TABLE} USING fts5vocab(main, '{fts}', 'row')", []
            )
            total = (self.execute(f"SELECT count(*) FROM {IndexEntry._meta.db_table}", [])[0][0], now + COUNTS_TTL)
            found = dict.fromkeys(missing, 0)
            if missing:
                found.update(
                    self.execute(
                        f"SELECT term, doc FROM {VOCABULARY_TABLE} WHERE term IN ({', '.join(['%s'] * len(missing))})",
                        missing,
                    )
                )
            with _counts_lock:
                if len(_counts) > MAX_COUNTS:
                    _counts.clear()
                _counts[alias, None] = total
                _counts.update({(alias, token): (count, now + COUNTS_TTL) for token, count in found.items()})
            known.update(found)
        return TokenCounts(total[0], known)


_counts = {}
_counts_lock = threading.Lock()


class SegmentedSQLiteSearchQueryCompiler(SegmentedSQLiteCompilerMixin, SQLiteSearchQueryCompiler):
    pass


class SegmentedSQLiteAutocompleteQueryCompiler(SegmentedSQLiteCompilerMixin, SQLiteAutocompleteQueryCompiler):
    WEIGHTS = AUTOCOMPLETE_WEIGHTS


class SegmentedSQLiteIndex(SegmentingIndexMixin, SQLiteIndex):
    def _refresh_title_norms(self, full=False):
        # bm25() weighs titles by their length itself; the stock norm would cost a scan of the index per write.
        pass


class SQLiteSearchBackend(StockSQLiteSearchBackend):
    index_class = SegmentedSQLiteIndex
    query_compiler_class = SegmentedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedSQLiteAutocompleteQueryCompiler
    results_class = SegmentedSearchResults
