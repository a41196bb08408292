"""Elasticsearch 8 with Chinese analysis, and the database search when the cluster cannot be reached.

::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "gk_wagtail.search.elasticsearch",
            "URLS": ["http://localhost:9200"],
            "INDEX_PREFIX": "gk_",
            "ANALYZER": "cjk",          # or "ik" (analysis-ik plugin) or "smartcn" (analysis-smartcn plugin)
            "FALLBACK": "database",     # the entry below, kept up to date alongside Elasticsearch
        },
        "database": {"BACKEND": "gk_wagtail.search.database"},
    }

Every text field is analysed with the chosen analyzer (the index's ``default``
analyzer), and autocomplete with the same tokens cut into prefixes, so a
query is analysed the way the documents were. A citizen's plain-text query
needs all the tokens of each of its terms (each term is analysed into
bigrams or words, and a document with only some of them is not a match); a
document needs one term at least, and ranks higher with more of them and with
a term as an exact phrase. If a search request fails for want of a cluster,
the search is answered by the fallback backend, a warning is logged, and the
cluster is not tried again for ``RETRY_AFTER`` seconds.

Index writes (a page saved, published or deleted) run while an editor waits, so they
get their own short timeout (GK_WAGTAIL_ELASTICSEARCH_INDEX_TIMEOUT) and the same
``RETRY_AFTER`` pause after a failure. A write that fails, or is not sent during the
pause, is queued (``gk_wagtail.search.pending``) and sent later by
``manage.py gk_search_reindex --pending``; the save itself always goes through.
"""

import logging
import threading
import time
from copy import deepcopy

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from modelsearch.backends import get_search_backend, get_search_backends_with_name
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.index import class_is_indexed
from modelsearch.utils import deep_update

from gk_wagtail.conf import gk_settings
from gk_wagtail.search import pending
from gk_wagtail.search.pending import PendingIndexWrite
from gk_wagtail.search.segmentation import MAX_QUERY_LENGTH, MAX_TERMS, term_runs

logger = logging.getLogger(__name__)

#: Seconds before a cluster that could not be reached is tried again.
RETRY_AFTER = 30
UNREACHABLE = (TransportConnectionError, ConnectionTimeout, TransportError, ConnectionError, OSError)
#: Kept as the error of a write that was queued without being sent.
NOT_SENT = "Not sent: Elasticsearch failed moments before."

_AUTOCOMPLETE_PREFIXES = {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}

#: The analysis each ANALYZER value sets up: "default" analyses every text field,
#: "gk_autocomplete" and "gk_autocomplete_search" the autocomplete field.
ANALYSES = {
    # Built in: folds full-width forms, lower-cases, and indexes Han as overlapping bigrams.
    "cjk": {
        "analyzer": {
            "default": {"type": "cjk"},
            "gk_autocomplete": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram", "gk_prefixes"],
            },
            "gk_autocomplete_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram"],
            },
        },
        "filter": {"gk_prefixes": _AUTOCOMPLETE_PREFIXES},
    },
    # The analysis-ik plugin: every possible word in the index, the likeliest words in queries.
    "ik": {
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "ik_max_word", "filter": ["cjk_width", "lowercase"]},
            "default_search": {"type": "custom", "tokenizer": "ik_smart", "filter": ["cjk_width", "lowercase"]},
            "gk_autocomplete": {
                "type": "custom",
                "tokenizer": "ik_max_word",
                "filter": ["cjk_width", "lowercase", "gk_prefixes"],
            },
            "gk_autocomplete_search": {"type": "custom", "tokenizer": "ik_smart", "filter": ["cjk_width", "lowercase"]},
        },
        "filter": {"gk_prefixes": _AUTOCOMPLETE_PREFIXES},
    },
    # The analysis-smartcn plugin (Lucene's HMM segmenter).
    "smartcn": {
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["cjk_width", "lowercase"]},
            "gk_autocomplete": {
                "type": "custom",
                "tokenizer": "smartcn_tokenizer",
                "filter": ["cjk_width", "lowercase", "gk_prefixes"],
            },
            "gk_autocomplete_search": {
                "type": "custom",
                "tokenizer": "smartcn_tokenizer",
                "filter": ["cjk_width", "lowercase"],
            },
        },
        "filter": {"gk_prefixes": _AUTOCOMPLETE_PREFIXES},
    },
}


class ChineseMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {"analyzer": "gk_autocomplete", "search_analyzer": "gk_autocomplete_search"}


class PreciseQueryMixin:
    """Plain text: every token of a term, one term at least, exact phrases first."""

    mapping_class = ChineseMapping

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        # A term's text is its runs (segmentation.term_runs), so punctuation typed or pasted into
        # it separates tokens as it did in the indexed text.
        terms = [found for found in map(term_runs, query.query_string[:MAX_QUERY_LENGTH].split()) if found[0]]
        terms = terms[:MAX_TERMS]
        field_names = [field.field_name_with_boost for field in fields]

        def match(term, **options):
            return {"multi_match": {"query": term, "fields": field_names, **options}}

        def tokens_of(runs, partial):
            # A lone character closing a term is the beginning of a token: the phrase's prefix
            # matches it, and every other token of the term is required.
            whole = runs[:-1] if partial else runs
            if whole:
                return match(" ".join(whole), operator="and")
            return match(" ".join(runs), type="phrase_prefix")

        every_token = [tokens_of(runs, partial) for runs, partial in terms]
        phrases = [
            match(" ".join(runs), type="phrase_prefix" if partial else "phrase", boost=2) for runs, partial in terms
        ]
        compiled = {"bool": {"should": phrases}}
        if query.operator == "and":
            compiled["bool"]["must"] = every_token
        else:
            compiled["bool"]["should"] = every_token + phrases
            compiled["bool"]["minimum_should_match"] = 1
        if boost != 1.0:
            compiled["bool"]["boost"] = boost
        return compiled


class ChineseSearchQueryCompiler(PreciseQueryMixin, Elasticsearch8SearchQueryCompiler):
    is_autocomplete = False


class ChineseAutocompleteQueryCompiler(PreciseQueryMixin, Elasticsearch8AutocompleteQueryCompiler):
    is_autocomplete = True


class FallbackSearchResults(Elasticsearch8SearchResults):
    """Results that come from the fallback backend when the cluster does not answer."""

    def _fallback(self, error):
        self.backend.mark_unreachable(error)
        compiler = self.query_compiler
        search = self.backend.fallback.autocomplete if compiler.is_autocomplete else self.backend.fallback.search
        results = search(
            compiler.query, compiler.queryset, fields=compiler.fields, order_by_relevance=compiler.order_by_relevance
        )
        results = results[self.start : self.stop] if self.stop is not None else results[self.start :]
        return results.annotate_score(self._score_field) if self._score_field else results

    def _do_search(self):
        try:
            # The parent is a generator: the request is only sent as it is consumed.
            return list(super()._do_search())
        except UNREACHABLE as error:
            return list(self._fallback(error))

    def _do_count(self):
        try:
            return super()._do_count()
        except UNREACHABLE as error:
            return self._fallback(error).count()

    def facet(self, field_name):
        try:
            return super().facet(field_name)
        except UNREACHABLE as error:
            return self._fallback(error).facet(field_name)


_unreachable_until = {}
_unreachable_lock = threading.Lock()


class SearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend with Chinese analysis (ANALYZER) and a database fallback (FALLBACK)."""

    mapping_class = ChineseMapping
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseAutocompleteQueryCompiler
    results_class = FallbackSearchResults

    def __init__(self, params):
        params = dict(params)
        analyzer = params.pop("ANALYZER", "cjk")
        if analyzer not in ANALYSES:
            raise ValueError(f"ANALYZER must be one of {', '.join(ANALYSES)}, not {analyzer!r}.")
        self.analyzer = analyzer
        self.fallback_name = params.pop("FALLBACK", "gk_wagtail.search.database")
        index_settings = params.pop("INDEX_SETTINGS", {})
        super().__init__(params)
        self.settings = deep_update(
            deep_update(self.settings, {"settings": {"analysis": deepcopy(ANALYSES[analyzer])}}), index_settings
        )

    @property
    def fallback(self):
        return get_search_backend(self.fallback_name)

    def _key(self):
        return tuple(str(host) for host in self.hosts)

    def mark_unreachable(self, error):
        with _unreachable_lock:
            _unreachable_until[self._key()] = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Elasticsearch cannot be reached (%s); for the next %d seconds searches use %s and index writes are "
            "queued for manage.py gk_search_reindex --pending.",
            error,
            RETRY_AFTER,
            self.fallback_name,
        )

    def mark_reachable(self):
        with _unreachable_lock:
            _unreachable_until.pop(self._key(), None)

    def reachable(self):
        with _unreachable_lock:
            return time.monotonic() >= _unreachable_until.get(self._key(), 0)

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if not self.reachable():
            fallback = self.fallback
            method = (
                fallback.autocomplete
                if query_compiler_class is self.autocomplete_query_compiler_class
                else fallback.search
            )
            return method(query, model_or_queryset, **kwargs)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    # Index writes made as objects are saved and deleted: an editor waits on each of them.

    @property
    def index_es(self):
        """The client for those writes: the index timeout, and a request that timed out is not sent again."""
        return self.es.options(request_timeout=gk_settings.ELASTICSEARCH_INDEX_TIMEOUT, retry_on_timeout=False)

    def add(self, obj):
        self._write(type(obj), [obj], PendingIndexWrite.Action.ADD, lambda index: index.add_item(obj))

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        self._write(model, obj_list, PendingIndexWrite.Action.ADD, lambda index: index.add_items(model, obj_list))

    def delete(self, obj):
        self._write(type(obj), [obj], PendingIndexWrite.Action.DELETE, lambda index: index.delete_item(obj))

    def _write(self, model, objects, action, write):
        if not objects or not class_is_indexed(model):
            return
        pks = [obj.pk for obj in objects]
        if not self.reachable():
            pending.record(model, pks, action, NOT_SENT, attempted=False)
            return
        index = self.get_index_for_model(model)
        index.es = self.index_es
        try:
            write(index)
        except UNREACHABLE as error:
            # Handled here rather than by Wagtail's logging of indexing errors: the cluster is down,
            # not the object broken, and one warning for the pause is enough.
            self.mark_unreachable(error)
            pending.record(model, pks, action, error)
        except Exception as error:
            pending.record(model, pks, action, error)
            raise

    # Replaying the queue (gk_search_reindex --pending): an operator waits, with the search timeout.

    def write_now(self, writes):
        """Sends ``writes`` in one bulk request and returns ``{key: error}`` for those the cluster refused.

        ``writes`` are ``(key, model, pk, instance)``: the object is indexed, or deleted from the
        index if ``instance`` is None. Raises ``ClusterUnreachable`` if the cluster does not answer.
        """
        operations = []
        for _key, model, pk, instance in writes:
            index_name = self.get_index_for_model(model).name
            if instance is None:
                operations.append({"delete": {"_index": index_name, "_id": str(pk)}})
            else:
                mapping = self.mapping_class(type(instance))
                operations.append({"index": {"_index": index_name, "_id": mapping.get_document_id(instance)}})
                operations.append(mapping.get_document(instance))
        if not operations:
            return {}
        try:
            response = self.es.bulk(operations=operations)
        except UNREACHABLE as error:
            raise pending.ClusterUnreachable(error) from error
        refused = {}
        for (key, *_rest), item in zip(writes, response["items"], strict=True):
            ((operation, outcome),) = item.items()
            status = outcome.get("status", 500)
            # Deleting what the index does not hold leaves the index as it should be.
            if not (200 <= status < 300 or (operation == "delete" and status == 404)):
                refused[key] = str(outcome.get("error") or status)
        self.mark_reachable()
        return refused


def auto_update_backends():
    """The backends of this module that publishing writes to: (name, backend)."""
    return [
        (name, backend)
        for name, backend in get_search_backends_with_name(with_auto_update=True)
        if isinstance(backend, SearchBackend)
    ]
