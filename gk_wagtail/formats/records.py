"""Documents as importers read them from their sources: plain data, before any page exists.

The parsers in :mod:`gk_wagtail.formats` turn a source (a JSONL line, a saved page) into a
:class:`DocumentRecord`, or a :class:`Skipped` saying why they cannot; the page writer in
:mod:`gk_wagtail.importers.writer` stores the records.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import ngettext

from gk_wagtail.formats.metadata import DocumentKind, Validity

WEB_SCHEMES = {"http", "https", "ftp"}
#: The longest body a document may have, in characters of text: far beyond any one document a
#: county publishes (a national 五年规划纲要 has about 70,000). Storing a page costs about 150 bytes
#: a character of its body (the revision, the search index's segments), so a body at the limit
#: imports within 300 MB.
MAX_BODY_CHARS = 1_000_000
#: Keys made from what a document says of itself (its 索引号, or its 文号 and issuer): two files
#: with the same such key and different titles are different documents in conflict.
KEYED_BY_CONTENT = ("html:index:", "html:docnum:")
# Several organs issue one document jointly: "甲局、乙局" or "甲局 乙局". A separator inside
# brackets belongs to one name: 浦东新区生态环境局（水务局、海洋局）.
_ORGAN_SEPARATORS = "、，,;；/ \t\u3000"
_OPENING, _CLOSING = "（(【[〔", "）)】]〕"


class RecordError(ValueError):
    """One record cannot be imported; the message says why."""


@dataclass
class DocumentRecord:
    """One document as an importer read it, in the terms of ``PolicyDocumentPage``.

    ``body`` is a list of :mod:`~gk_wagtail.formats.sanitize` segments, already safe; ``attachments`` are
    ``(url, title)`` pairs. File addresses (``file://``) are looked up on disk, inside
    ``local_root`` only; ``base_url`` is what the body's relative links are relative to, and
    ``original_url`` the page's address on the old site, where missing files are linked to.
    """

    key: str
    location: str
    title: str
    slug: str
    index_number: str = ""
    document_number: str = ""
    issuing_organ: str = ""
    information_source: str = ""
    theme: str = ""
    date_written: datetime.date | None = None
    date_published: datetime.date | None = None
    keywords: list = field(default_factory=list)
    validity: str = Validity.VALID
    document_kind: str = DocumentKind.OTHER
    source_url: str = ""
    body: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    base_url: str = ""
    original_url: str = ""
    local_root: Path | None = None
    warnings: list = field(default_factory=list)


@dataclass
class Skipped:
    """A record an importer could not read: yielded instead of a DocumentRecord."""

    location: str
    reason: str


def first_organization_name(text):
    """The first of several organs named together (甲局、乙局 or 甲局 乙局): the lead issuer."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif char in _ORGAN_SEPARATORS and depth == 0 and text[:index].strip():
            return text[:index].strip()
    return text.strip()


def size_and_limit(size, limit):
    """``{"size": …, "limit": …}`` for a message refusing a file of ``size`` bytes over ``limit``:
    both rounded, the size in bytes when rounding would make it look the same as the limit."""
    shown = filesizeformat(size)
    if shown == filesizeformat(limit):
        # Django's own catalogue translates this message.
        shown = ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    return {"size": shown, "limit": filesizeformat(limit)}


def shorten(text, limit=60):
    """``text`` on one line, cut to ``limit`` characters: a value quoted in a message from a hostile
    source must not make every report that keeps the message as large as the source."""
    head = " ".join(text[: 4 * limit].split())  # only the start: the rest is never shown
    if len(head) <= limit and len(text) <= 4 * limit:
        return head
    return head[: limit - 1] + "…"


def max_length(model, field_name):
    """The longest value ``model.field_name`` holds, which a record must respect to be stored."""
    return model._meta.get_field(field_name).max_length
