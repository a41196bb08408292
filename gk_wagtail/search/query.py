"""A Wagtail search query as the phrases the segmented index is asked for.

The database backends share this: it turns Wagtail's query objects
(``PlainText``, ``Phrase``, ``And``, ``Or``, ``Not``, ``Boost``) into a small
tree of segmented phrases, and each backend renders that tree in its own
syntax (an FTS5 MATCH expression, a ``tsquery``).

A citizen's plain-text query (operator "or", the default) matches documents
that have any of its terms or any word of them, and relies on ranking to put
documents that have all of them first: topic questions in natural language
rarely share every word with the document they are after. Operator "and"
(the admin's page search, ``?search_operator=and`` in the API) requires every
term.
"""

import threading
import time
from dataclasses import dataclass, field, replace

from django.db.models.signals import post_delete, post_save
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from gk_wagtail.search import segmentation

#: Word phrases whose rarest token is in more than this share of the indexed
#: documents, and in more than COMMON_WORD_MIN_DOCUMENTS, are left out of a
#: query: on a large index they match most of it, cost the most time and add
#: next to nothing to the ranking. Small sites keep every word.
COMMON_WORD_SHARE = 0.05
COMMON_WORD_MIN_DOCUMENTS = 1000
#: How long a process keeps the agency names before it reads them again; a
#: save in the same process forgets them at once.
AGENCY_NAMES_TTL = 300


@dataclass(frozen=True)
class TokenCounts:
    """How many indexed documents hold each token, as far as the database knows."""

    total: int
    counts: dict
    #: Assumed for a token the counts leave out.
    unknown: float = 0

    def documents(self, phrase):
        """At most this many documents hold the phrase: as many as hold its rarest token."""
        return min(self.counts.get(token, self.unknown) for token in phrase.tokens)

    def is_common(self, phrase):
        documents = self.documents(phrase)
        return documents > COMMON_WORD_MIN_DOCUMENTS and documents > COMMON_WORD_SHARE * self.total


@dataclass(frozen=True)
class AnyOf:
    nodes: tuple


@dataclass(frozen=True)
class AllOf:
    nodes: tuple


@dataclass(frozen=True)
class NoneOf:
    """Matches what ``node`` does not; backends render it next to a positive part."""

    node: object


@dataclass(frozen=True)
class CompiledQuery:
    #: What a document must match: a tree of AnyOf, AllOf, NoneOf and segmentation.Phrase.
    match: object
    #: Phrases that add to the score of a matching document without widening the match
    #: (agency names that qualify a query).
    extra: tuple = field(default=())
    #: Folded 文号 tokens: documents that have one go first.
    exact: tuple = field(default=())

    def phrases(self):
        """Every phrase of the query, each once, in order."""
        found = []

        def walk(node):
            if isinstance(node, segmentation.Phrase):
                found.append(node)
            elif isinstance(node, NoneOf):
                return
            else:
                for child in node.nodes:
                    walk(child)

        walk(self.match)
        found.extend(self.extra)
        return list(dict.fromkeys(found))


def any_of(nodes):
    nodes = tuple(dict.fromkeys(nodes))
    return nodes[0] if len(nodes) == 1 else AnyOf(nodes)


def all_of(nodes):
    nodes = tuple(dict.fromkeys(nodes))
    return nodes[0] if len(nodes) == 1 else AllOf(nodes)


class QueryCompiler:
    """Compiles Wagtail query objects.

    ``token_counts(tokens)``, when given, returns the TokenCounts of those
    tokens; the backends read them from the database's own statistics.
    """

    def __init__(self, autocomplete=False, default_operator="or", token_counts=None):
        self.autocomplete = autocomplete
        self.default_operator = default_operator
        self.token_counts = token_counts

    def compile(self, query):
        """A CompiledQuery, or None when the query has nothing searchable in it."""
        if isinstance(query, str):
            query = PlainText(query, operator=self.default_operator)
        match, extra, exact = self._compile(query)
        if match is None:
            return None
        return CompiledQuery(match, tuple(dict.fromkeys(extra)), tuple(dict.fromkeys(exact)))

    def _compile(self, query):
        if isinstance(query, (PlainText, Fuzzy)):
            # Fuzzy matching has no meaning for segmented Han text: search the text as typed.
            operator = getattr(query, "operator", None) or self.default_operator
            return self._plain_text(query.query_string, operator.lower())
        if isinstance(query, Phrase):
            return segmentation.parse_phrase(query.query_string), (), ()
        if isinstance(query, Boost):
            return self._compile(query.subquery)
        if isinstance(query, Not):
            match = self._compile(query.subquery)[0]
            return (NoneOf(match) if match is not None else None), (), ()
        if isinstance(query, (And, Or)):
            parts = [self._compile(subquery) for subquery in query.subqueries]
            matches = [part[0] for part in parts if part[0] is not None]
            if not matches:
                return None, (), ()
            combine = all_of if isinstance(query, And) else any_of
            return (combine(matches), *([item for part in parts for item in part[slot]] for slot in (1, 2)))
        if isinstance(query, MatchAll):
            raise ValueError("MatchAll is answered without the index.")
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the gk_wagtail search backend.")

    def _plain_text(self, text, operator):
        terms = segmentation.parse_query(text, agency_names(), autocomplete=self.autocomplete)
        if not terms:
            return None, (), ()
        required = [term for term in terms if not term.qualifier] or list(terms)
        qualifiers = [term for term in terms if term not in required]
        agencies = [phrase for term in qualifiers for phrase in term.phrases]
        exact = [token for term in terms for token in term.exact]
        if operator == "and":
            return all_of(any_of(term.phrases) for term in required), agencies, exact
        required, demoted = self._without_common_parts(required)
        extra = agencies + [phrase for term in demoted for phrase in term.phrases]
        nodes = [phrase for term in required for phrase in term.phrases + term.words]
        return any_of(nodes), extra, exact

    def _without_common_parts(self, terms):
        """Leave very common words out, and let very common terms rank without matching.

        Returns the terms that match (their common words removed) and the
        terms that only add to the score: a term that every phrase of is
        common, when another term is not (闵行 in 闵行 桥下空间).
        """
        if self.token_counts is None:
            return terms, []
        tokens = {token for term in terms for phrase in term.phrases + term.words for token in phrase.tokens}
        counts = self.token_counts(sorted(tokens))
        terms = [
            replace(term, words=tuple(word for word in term.words if not counts.is_common(word))) for term in terms
        ]
        common = [term for term in terms if not term.exact and all(map(counts.is_common, term.phrases))]
        if not common or len(common) == len(terms):
            return terms, []
        return [term for term in terms if term not in common], common


_agencies = {"names": None, "loaded_at": 0.0}
_agencies_lock = threading.Lock()


def agency_names():
    """The agencies of the Organization register, for expanding abbreviations (市房管局)."""
    with _agencies_lock:
        names = _agencies["names"]
        if names is None or time.monotonic() - _agencies["loaded_at"] > AGENCY_NAMES_TTL:
            from gk_wagtail.registers import Organization

            rows = list(Organization.objects.values_list("name", "short_name"))
            names = segmentation.AgencyNames([name for name, _short in rows], [(short, name) for name, short in rows])
            _agencies.update(names=names, loaded_at=time.monotonic())
        return names


def forget_agency_names(**kwargs):
    with _agencies_lock:
        _agencies["names"] = None


post_save.connect(forget_agency_names, sender="gk_wagtail.Organization", dispatch_uid="gk_search_agencies_saved")
post_delete.connect(forget_agency_names, sender="gk_wagtail.Organization", dispatch_uid="gk_search_agencies_deleted")
