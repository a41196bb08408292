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
"""

import logging
import threading
import time
from copy import deepcopy

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from modelsearch.backends import get_search_backend
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.utils import deep_update

from .segmentation import MAX_QUERY_LENGTH, MAX_TERMS

logger = logging.getLogger(__name__)

#: Seconds before a cluster that could not be reached is tried again.
RETRY_AFTER = 30
UNREACHABLE = (TransportConnectionError, ConnectionTimeout, TransportError, ConnectionError, OSError)

_AUTOCOMPLETE_PREFIXES = {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}

#: The analysis each ANALYZER value sets up: "default" analyses every text field,
#: "gk_autocomplete" and "gk_autocomplete_search" the autocomplete field.
ANALYSES = {
    # Built in: folds full-width forms, lower-cases, and indexes Han as overlapping bigrams.
    "cjk": {
        "analyzer": {
            "default": {"type": "cjk"},
            "gk_autocomplete": {
                "type": "custom", "tokenizer": "standard",
                "filter": ["cjk_width", "lowercase", "cjk_bigram", "gk_prefixes"],
            },
            "gk_autocomplete_search": {
                "type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"],
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
                "type": "custom", "tokenizer": "ik_max_word", "filter": ["cjk_width", "lowercase", "gk_prefixes"],
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
                "type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["cjk_width", "lowercase", "gk_prefixes"],
            },
            "gk_autocomplete_search": {
                "type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["cjk_width", "lowercase"],
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
        terms = query.query_string[:MAX_QUERY_LENGTH].split()[:MAX_TERMS]
        field_names = [field.field_name_with_boost for field in fields]

        def match(term, **options):
            return {"multi_match": {"query": term, "fields": field_names, **options}}

        every_token = [match(term, operator="and") for term in terms]
        phrases = [match(term, type="phrase", boost=2) for term in terms]
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
        results = search(compiler.query, compiler.queryset, fields=compiler.fields, order_by_relevance=compiler.order_by_relevance)
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
            "Elasticsearch cannot be reached (%s); searching with %s for the next %d seconds.",
            error, self.fallback_name, RETRY_AFTER,
        )

    def reachable(self):
        with _unreachable_lock:
            return time.monotonic() >= _unreachable_until.get(self._key(), 0)

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if not self.reachable():
            fallback = self.fallback
            method = fallback.autocomplete if query_compiler_class is self.autocomplete_query_compiler_class else fallback.search
            return method(query, model_or_queryset, **kwargs)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
