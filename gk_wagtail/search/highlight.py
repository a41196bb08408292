"""Marking what a query found in a title or a snippet of text, with ``<mark>``."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from gk_wagtail.search import segmentation

#: Characters of text shown around the first hit.
SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30
#: Characters of a result's text a snippet is looked for in. Marking folds text character by
#: character in Python, so this bound, not the size of the document, sets the cost of a snippet:
#: a hit further into a long document gives a snippet from its beginning.
SNIPPET_SOURCE_LENGTH = 10_000


def fold_with_positions(text):
    """The folded text and, for each of its characters, the index of the character of ``text`` it comes from."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in segmentation.fold_for_search(char):
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


def phrase_text(phrase):
    """The text a phrase of tokens reads as: overlapping bigrams join into one run."""
    tokens = phrase.tokens
    if all(len(token) == 2 and segmentation.is_han(token) for token in tokens):
        return tokens[0] + "".join(token[1] for token in tokens[1:])
    return ""


def patterns_for(compiled):
    """Folded strings to mark for a compiled query (queries.CompiledQuery), longest first."""
    found = set()
    for phrase in compiled.phrases():
        text = phrase_text(phrase)
        if text:
            found.add(text)
        else:
            found.update(
                token for token in phrase.tokens if len(token) > 1 and segmentation.SAFE_TOKEN.fullmatch(token)
            )
    return sorted(found, key=lambda text: (-len(text), text))


class Highlighter:
    def __init__(self, patterns):
        self.pattern = re.compile("|".join(map(re.escape, patterns))) if patterns else None

    def spans(self, text):
        """(start, end) of every hit in ``text``, in order, not overlapping."""
        if not self.pattern or not text:
            return []
        folded, positions = fold_with_positions(text)
        return [(positions[match.start()], positions[match.end() - 1] + 1) for match in self.pattern.finditer(folded)]

    def mark(self, text, spans=None, start=0, end=None):
        """``text[start:end]`` as HTML, its hits in <mark>."""
        end = len(text) if end is None else end
        spans = self.spans(text) if spans is None else spans
        parts, cursor = [], start
        for span_start, span_end in spans:
            span_start, span_end = max(span_start, start), min(span_end, end)
            if span_start >= span_end or span_start < cursor:
                continue
            parts.append(escape(text[cursor:span_start]))
            parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
            cursor = span_end
        parts.append(escape(text[cursor:end]))
        return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped above)

    def snippet(self, text):
        """Some text around the first hit (or the beginning) of the first SNIPPET_SOURCE_LENGTH characters of ``text``.

        As HTML with the hits marked.
        """
        text = " ".join((text or "")[:SNIPPET_SOURCE_LENGTH].split())
        spans = self.spans(text)
        start = max(spans[0][0] - SNIPPET_LEAD, 0) if spans else 0
        end = min(start + SNIPPET_LENGTH, len(text))
        html = self.mark(text, spans, start, end)
        return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
