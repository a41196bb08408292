"""Chinese text into search tokens, the same way for the index and for queries.

Index side: every unbroken run of Han characters becomes overlapping character
bigrams (政府信息公开条例 → 政府 府信 信息 息公 公开 开条 条例), so any part of
two or more characters is found as a phrase of adjacent bigrams, whatever a
dictionary thinks the words are. Runs of letters and digits stay whole. The
last character of each run is repeated at the end of the text, so that a
one-character query finds it too (as a prefix of the bigrams, or that tail).
A value that is a 文号 as a whole also gets one folded 文号 token, so every way
of typing it finds that document first.

Query side: a query is cut into terms (the whitespace-separated parts, and any
文号 however it is spaced or bracketed). A term matches as an exact phrase of
the same bigrams, or as one of its alternatives: the folded 文号 token, the full
names of an agency abbreviation (市房管局 → 上海市房屋管理局), synonyms. Each
term also brings one phrase per dictionary word (rjieba with the domain
dictionary), so a document that has the words apart is still found, below the
ones that have the whole term.

Both sides cut text into runs with the one function ``runs``: everything that
is not a Han character, a letter or a digit (spaces, 《》〈〉, “”‘’「」,
〔〕[]()（）, dashes, 、，。；：！？, symbols, emoji) only separates runs. A query
pasted from a title with its punctuation (印发《上) therefore meets the tokens
the title was indexed with (印发 上犹 …); a lone character at either end of
such a term, cut out of a longer run, is matched as the run's edge (see
``term_runs``).

Every token holds only letters and digits, so it passes unchanged through
SQLite FTS5's unicode61 tokenizer and PostgreSQL's parser (``simple``
configuration) and can be quoted in a MATCH or tsquery expression as it is.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gk_wagtail.conf import gk_settings
from gk_wagtail.formats.codes import normalize_document_number
from gk_wagtail.formats.text import fold

DATA_DIR = Path(__file__).resolve().parent
DICTIONARY_PATH = DATA_DIR / "dictionary.txt"
SYNONYMS_PATH = DATA_DIR / "synonyms.txt"

# CJK Unified Ideographs with extension A, compatibility ideographs and the
# supplementary planes (extensions B and later).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# The look-ahead leaves out code points in those blocks that are not assigned.
_HAN_CHAR = rf"(?:(?![\W_])[{HAN}])"
_RUN = re.compile(rf"{_HAN_CHAR}+|[^\W_{HAN}]+")
_HAN_RUN = re.compile(rf"{_HAN_CHAR}+")
#: What every token looks like: letters and digits only.
SAFE_TOKEN = re.compile(r"[^\W_]+")

# Invisible characters that pasted text carries inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

#: Longer runs of letters or digits are cut: nothing real is that long, and
#: PostgreSQL refuses lexemes over 2,047 bytes.
MAX_TOKEN_LENGTH = 64
#: Bounds that keep the query sent to the database small whatever is typed.
MAX_QUERY_LENGTH = 256
MAX_TERMS = 16
MAX_TERM_LENGTH = 32
#: Longer text is not a 文号; the check is skipped for body text.
MAX_DOCUMENT_NUMBER_LENGTH = 40

_DOCUMENT_NUMBER = re.compile(rf"(?P<prefix>{_HAN_CHAR}{{1,12}})〔(?P<year>(?:19|20)\d{{2}})〕(?P<number>\d{{1,6}})号")
# A 文号 inside a query, as people type it: any bracket or none, spaces,
# 年 for the closing bracket, no final 号 (then it must not run on into more
# Han or digits, which keeps 延长到2022年6月 from reading as a 文号).
_QUERY_DOCUMENT_NUMBER = re.compile(
    rf"(?P<prefix>{_HAN_CHAR}{{1,12}})\s*[〔\[(【{{〖<]?\s*(?P<year>(?:19|20)\d{{2}})\s*(?:[〕\])】}}〗>]|年)?\s*"
    rf"(?P<number>\d{{1,6}})\s*(?:号|(?![{HAN}\d]))"
)


def fold_for_search(text):
    """Full-width to half-width, lower case, invisible characters removed."""
    return fold(text).translate(_INVISIBLE).lower()


def is_han(run):
    return bool(_HAN_RUN.match(run))


def bigrams(run):
    if len(run) == 1:
        return [run]
    return list(map(operator.add, run, run[1:]))


def runs(text):
    """The runs of ``text`` that tokens are made of: unbroken Han characters, unbroken letters and digits.

    The text is folded first (full-width forms, case, invisible characters); every other
    character separates runs and is dropped. The index and every query cut text with this one
    function, so punctuation typed or pasted into a query separates it exactly as it separated
    the indexed text.
    """
    return _RUN.findall(fold_for_search(text or ""))


def _is_lone_han(run):
    return len(run) == 1 and is_han(run)


def term_runs(text):
    """The runs of one query term as the index holds them, and whether the last one may continue.

    A term pasted from a longer text (印发《上) may start with the last character of an indexed
    run and end with the first character of one. The index holds a run's bigrams in reading order
    and its last character only at the end of the text, so a lone Han character opening a term of
    several runs is left out, and a lone Han character closing one is matched as the beginning of a
    token (上 → 上犹). A term that is one lone character is kept, as the beginning of a token.
    """
    found = runs(text)
    if len(found) > 1 and _is_lone_han(found[0]):
        found = found[1:]
    return found, bool(found) and _is_lone_han(found[-1])


def _chain(text_runs):
    """Tokens of runs in reading order, and the last characters of the Han runs."""
    tokens, tails = [], []
    for run in text_runs:
        if is_han(run):
            tokens.extend(bigrams(run))
            if len(run) > 1:
                tails.append(run[-1])
        else:
            tokens.append(run[:MAX_TOKEN_LENGTH])
    return tokens, tails


def _document_number_token(prefix, year, number):
    # Han, digits and Han again: no bigram or run of letters and digits can
    # equal it, so it only ever matches another folded 文号.
    return f"{prefix}{year}年{int(number)}号"


def document_number_token(value):
    """The folded 文号 token when ``value`` as a whole is a 文号, else ""."""
    if not value or len(value) > MAX_DOCUMENT_NUMBER_LENGTH:
        return ""
    match = _DOCUMENT_NUMBER.fullmatch(fold_for_search(normalize_document_number(value)))
    return _document_number_token(*match.groups()) if match else ""


def index_tokens(text):
    """The tokens to index for one field value."""
    if not text:
        return []
    tokens, tails = _chain(runs(text))
    number = document_number_token(text)
    return ([number] if number else []) + tokens + list(dict.fromkeys(tails))


def index_text(text):
    """One field value as the space-separated tokens the database indexes."""
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class Phrase:
    """Tokens that must occur next to each other, in this order."""

    tokens: tuple
    #: The last token may be the beginning of a longer one (one Han character, autocomplete).
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    """One thing the user asked for."""

    #: The part of the query it comes from, folded.
    text: str
    #: Any one of these matches the term: the text as typed first, then its
    #: folded 文号, the agencies it abbreviates and its synonyms.
    phrases: tuple
    #: One phrase per word of the term; these find documents that have the
    #: words apart and should count for less than ``phrases``.
    words: tuple = field(default=())
    #: The term names an agency (市房管局 征收评估): it should rank that
    #: agency's documents higher without matching documents on its own,
    #: unless the whole query is qualifiers.
    qualifier: bool = False
    #: Folded 文号 tokens: a document that has one is the one the user means,
    #: and goes before documents that only cite the 文号.
    exact: tuple = field(default=())


def _load_lines(path):
    with open(path, encoding="utf-8") as lines:
        return [line.split() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def synonyms():
    """Maps a word to the other words of its line in synonyms.txt."""
    table = {}
    for group in _load_lines(SYNONYMS_PATH):
        group = [fold_for_search(word) for word in group]
        for word in group:
            table.setdefault(word, []).extend(other for other in group if other != word)
    return table


@cache
def _cutter(segmenter):
    """A word cutter loaded with the domain dictionary and the synonym words."""
    words = _load_lines(DICTIONARY_PATH) + [[word] for word in synonyms()]
    if segmenter == "jieba":
        import jieba

        tokenizer = jieba.Tokenizer()
        for word, *freq in words:
            tokenizer.add_word(word, int(freq[0]) if freq else None)
        return lambda text: list(tokenizer.cut(text))
    if segmenter == "rjieba":
        import rjieba

        tokenizer = rjieba.Jieba()
        for word, *freq in words:
            tokenizer.add_word(word, int(freq[0]) if freq else None, None)
        return tokenizer.cut
    raise ValueError(f"GK_WAGTAIL_SEGMENTER must be 'rjieba' or 'jieba', not {segmenter!r}.")


def cut_words(text):
    """Dictionary words of folded text (rjieba or jieba, per GK_WAGTAIL_SEGMENTER)."""
    return _cutter(gk_settings.SEGMENTER)(text)


def _phrase(text, prefix=False):
    tokens, _tails = _chain(runs(text))
    return Phrase(tuple(tokens), prefix) if tokens else None


def _term_phrase(text, prefix=False):
    """The phrase of a query term (see ``term_runs``); ``prefix`` makes its last token a beginning in any case."""
    found, partial = term_runs(text)
    tokens, _tails = _chain(found)
    return Phrase(tuple(tokens), prefix or partial) if tokens else None


def _word_phrases(text, exclude):
    phrases = []
    for run in runs(text):
        if not is_han(run):
            phrases.append(Phrase((run[:MAX_TOKEN_LENGTH],)))
            continue
        for word in cut_words(run):
            if len(word) > 1:
                phrases.append(Phrase(tuple(bigrams(word))))
                phrases.extend(Phrase(tuple(_chain(synonym)[0])) for synonym in synonyms().get(word, ()))
    return [phrase for phrase in dict.fromkeys(phrases) if phrase not in exclude]


def parse_phrase(text):
    """A quoted query: all of its text as one phrase, or None when nothing in it is searchable."""
    return _term_phrase((text or "")[:MAX_QUERY_LENGTH])


def _document_number_term(match):
    prefix, year, number = match["prefix"], match["year"], match["number"]
    # The prefix may carry words typed before the 机关代字 (关于沪房规范…);
    # every tail of it is tried as the 代字.
    tokens = [_document_number_token(prefix[start:], year, number) for start in range(max(len(prefix) - 1, 1))]
    phrases = [Phrase((token,)) for token in tokens]
    phrases.append(Phrase(tuple(bigrams(prefix)) + (year, str(int(number)), "号")))
    return Term(f"{prefix}〔{year}〕{int(number)}号", tuple(phrases), exact=tuple(tokens))


def parse_query(text, agencies=None, autocomplete=False):
    """The terms of a search query, at most MAX_TERMS of them.

    ``agencies`` (an ``AgencyNames``) expands agency abbreviations;
    ``autocomplete`` lets the last term end in the middle of a token.
    Text with nothing searchable (punctuation, emoji) gives no terms.
    """
    folded = fold_for_search(text or "")[:MAX_QUERY_LENGTH]
    terms = []

    def take_document_number(match):
        terms.append(_document_number_term(match))
        return " "

    rest = _QUERY_DOCUMENT_NUMBER.sub(take_document_number, folded)
    chunks = [" ".join(runs(chunk))[:MAX_TERM_LENGTH] for chunk in rest.split()]
    chunks = [chunk for chunk in chunks if chunk]
    for position, chunk in enumerate(chunks):
        last = position == len(chunks) - 1
        primary = _term_phrase(chunk, prefix=autocomplete and last)
        expansions = agencies.expand(chunk) if agencies else []
        alternatives = [_phrase(name) for name in expansions]
        alternatives += [_phrase(synonym) for synonym in synonyms().get(chunk, ())]
        phrases = tuple(dict.fromkeys([primary, *filter(None, alternatives)]))
        # An agency's full name already says everything; its words would only add noise.
        words = () if expansions else tuple(_word_phrases(chunk, phrases))
        terms.append(Term(chunk, phrases, words, qualifier=bool(expansions)))
    return tuple(terms[:MAX_TERMS])


# Administrative levels an agency name starts with; an abbreviation keeps
# the level word (市, 区) or the place name, and drops the rest of it.
_PLACE = re.compile(
    r"^(?P<province>[^省市区县]{2,7}(?:省|自治区))?"
    r"(?P<city>[^省市区县]{2,7}(?:市|自治州|州|盟))?"
    # A town only after its county, or 住房和城乡… would read as a town.
    r"(?:(?P<county>[^省市区县]{1,7}(?:新区|区|县|旗))(?P<town>[^省市区县乡镇]{1,7}(?:镇|乡|街道))?)?"
)
_LEVEL_WORD = re.compile(r"(?:自治区|自治州|新区|街道|[省市州盟区县旗镇乡])$")


def _is_subsequence(short, long):
    remaining = iter(long)
    return all(char in remaining for char in short)


class AgencyNames:
    """Full agency names and the abbreviations citizens type for them.

    An abbreviation matches a name when it starts with the name's level word
    (市 for 上海市…, 区 for …区…) or place name, ends with a character that
    names a kind of agency (局, 委, 办, …) found among the last three of the
    name, and its characters appear in the name in order: 市房管局 →
    上海市房屋管理局, 市住建委 → 上海市住房和城乡建设管理委员会, 市府办 →
    上海市人民政府办公厅. Registered short names match as they are.
    """

    MIN_LENGTH = 3
    MAX_EXPANSIONS = 5
    #: Last characters of agency names (管理局, 委员会, 办公厅, 人民政府, 中心, …).
    KIND_CHARACTERS = frozenset("局委会办厅室府院所处站队署部心馆")

    def __init__(self, names, short_names=()):
        """``names``: full names; ``short_names``: (short name, full name) pairs."""
        self.short_names = {}
        for short, name in short_names:
            if short and name:
                self.short_names.setdefault(fold_for_search(short), []).append(name)
        self.forms = {}
        for name in dict.fromkeys(filter(None, names)):
            for form in self._forms(fold_for_search(name)):
                self.forms.setdefault(form[0], []).append((form, name))

    @staticmethod
    def _forms(name):
        match = _PLACE.match(name)
        rest = name[match.end() :]
        if not rest:
            return []
        forms = [rest]
        for level in ("town", "county", "city", "province"):
            place = match[level]
            if place:
                # 上海市民政局 → 市民政局; 浦东新区规划和自然资源局 → 区…, 浦东新区…, 浦东…
                level = _LEVEL_WORD.search(place)[0]
                forms += [level[-1] + rest, place + rest]
                if len(place) - len(level) > 1:
                    forms.append(place[: -len(level)] + rest)
                break
        return forms

    def expand(self, chunk):
        """Full names that ``chunk`` (folded text) abbreviates, shortest first."""
        found = list(self.short_names.get(chunk, []))
        if len(chunk) >= self.MIN_LENGTH and chunk[-1] in self.KIND_CHARACTERS and _HAN_RUN.fullmatch(chunk):
            for form, name in self.forms.get(chunk[0], ()):
                if chunk[-1] in form[-3:] and _is_subsequence(chunk, form):
                    found.append(name)
        return sorted(dict.fromkeys(found), key=len)[: self.MAX_EXPANSIONS]
