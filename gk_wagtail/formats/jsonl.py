"""Read structured document exports: one JSON object per line, into DocumentRecords.

The format is that of ``docs.jsonl`` in the search evaluation set::

    {"id": "sh-0001", "title": "…", "document_number": "沪规划资源总〔2026〕262号",
     "issuing_organ": "上海市规划和自然资源局", "publish_date": "2026-08-28", "status": "有效",
     "category": "规划与土地", "doc_type": "规划与计划", "level": "市级",
     "url": "https://…", "body": "…"}

Each line becomes a ``PolicyDocumentPage`` keyed by ``jsonl:<id>``. How the values map
(documented in docs/importing.md):

* ``issuing_organ``: the first organ when several are named (``甲局、乙局``), found by name or
  short name, created when missing; ``--organ-default`` when empty.
* ``status`` → 有效性 by :data:`VALIDITY`; ``doc_type`` → kind of document by :func:`document_kind`.
* ``category`` → theme (主题分类), a heading found at either level or created at the first;
  ``doc_type`` and ``level`` → keywords (主题词), except the uninformative 其他.
* ``publish_date``: ``YYYY-MM-DD``, ``YYYY-MM`` (stored as the first of the month, with a
  warning) or empty.
* ``body``: plain text; blank lines separate paragraphs, single line breaks are kept.

A line that is not a JSON object, lacks ``id`` or ``title``, has a value of the wrong type, a
status not in the table or an impossible date is reported with its line number and skipped.

The file is read one line at a time and never more than :data:`MAX_LINE_BYTES` of a line at once,
so memory stays flat however large the file or one of its lines: a longer line is skipped,
reporting its size, and a body longer than :data:`MAX_BODY_CHARS` is refused before it is built.
"""

import datetime
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import escape
from django.utils.translation import gettext as _

from gk_wagtail.formats.metadata import DocumentKind, Validity
from gk_wagtail.formats.records import (
    MAX_BODY_CHARS,
    DocumentRecord,
    RecordError,
    Skipped,
    max_length,
    shorten,
    size_and_limit,
)
from gk_wagtail.formats.sanitize import RichTextSegment
from gk_wagtail.page_types.policies import PolicyDocumentPage

#: The longest line read. A body at MAX_BODY_CHARS written with JSON escapes such as \u653f (6 bytes a
#: character, as ensure_ascii writes Chinese) takes 6 MB; the other fields fit in the rest.
MAX_LINE_BYTES = 8 * 1024 * 1024
# How much of an over-long line is read at a time while it is skipped.
_SKIP_CHUNK = 1024 * 1024

TEXT_FIELDS = (
    "id",
    "title",
    "document_number",
    "issuing_organ",
    "publish_date",
    "status",
    "category",
    "doc_type",
    "level",
    "url",
    "body",
)

#: 状态 → 有效性. 实际不再执行 ("no longer applied in practice") was never formally repealed.
VALIDITY = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "已修改": Validity.AMENDED,
    "已修订": Validity.AMENDED,
    "失效": Validity.EXPIRED,
    "实际不再执行": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "已废止": Validity.REPEALED,
}

_KIND = DocumentKind
#: 类型 → kind of document; any other type is "other".
DOCUMENT_KINDS = {
    "行政法规": _KIND.ADMINISTRATIVE_REGULATION,
    "政府规章": _KIND.RULES,
    "规章": _KIND.RULES,
    "规范性文件": _KIND.NORMATIVE_DOCUMENT,
    "行政规范性文件": _KIND.NORMATIVE_DOCUMENT,
    # The forms a 规范性文件 takes (上海市行政规范性文件管理规定).
    "办法": _KIND.NORMATIVE_DOCUMENT,
    "规定": _KIND.NORMATIVE_DOCUMENT,
    "实施细则": _KIND.NORMATIVE_DOCUMENT,
    "实施意见": _KIND.NORMATIVE_DOCUMENT,
    "审查与许可规则": _KIND.NORMATIVE_DOCUMENT,
    "规划与计划": _KIND.PLAN,
}

#: Values of ``doc_type`` and ``level`` that say nothing worth a keyword.
UNINFORMATIVE = {"", "其他"}

_DATE_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_URL_VALIDATOR = URLValidator()


def read_documents(path):
    """Yield a DocumentRecord for each good line of the file and a Skipped for each bad one."""
    path = Path(path)
    with path.open("rb") as lines:
        for number, line in enumerate(_bounded_lines(lines), start=1):
            location = _("%(file)s, line %(line)d") % {"file": path.name, "line": number}
            if isinstance(line, int):
                yield Skipped(
                    location,
                    _("The line is %(size)s long; a line may be at most %(limit)s.")
                    % size_and_limit(line, MAX_LINE_BYTES),
                )
                continue
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield Skipped(location, _("The line is not UTF-8 text (%(error)s).") % {"error": error})
                continue
            if not text.strip():
                continue
            try:
                yield document_record(text, location)
            except RecordError as error:
                yield Skipped(location, str(error))


def _bounded_lines(file):
    """The lines of a binary file, each as bytes; a line longer than :data:`MAX_LINE_BYTES` as its
    length in bytes instead, found by reading past it a chunk at a time, never whole."""
    while line := file.readline(MAX_LINE_BYTES + 1):
        # A line of MAX_LINE_BYTES and its newline is whole: only its content counts.
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        size, ended = len(line), False
        del line
        while not ended and (chunk := file.readline(_SKIP_CHUNK)):
            ended = chunk.endswith(b"\n")
            size += len(chunk) - ended
        yield size


def document_record(line, location):
    """The DocumentRecord of one line; raises RecordError saying what is wrong with it."""
    try:
        data = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        raise RecordError(
            _("Not valid JSON at column %(column)d: %(error)s.") % {"column": error.colno, "error": error.msg}
        ) from None
    if not isinstance(data, dict):
        raise RecordError(_("Not a JSON object."))
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(
                _("“%(field)s” must be text, not %(type)s.") % {"field": name, "type": type(value).__name__}
            )
    values = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in ("id", "title"):
        if not values[name]:
            raise RecordError(_("“%(field)s” is missing or empty.") % {"field": name})
    # Lengths first, so that nothing is built from a value that cannot be stored.
    for name, field_name in (("id", "import_source"), ("title", "title"), ("document_number", "document_number")):
        limit = max_length(PolicyDocumentPage, field_name) - (len("jsonl:") if name == "id" else 0)
        if len(values[name]) > limit:
            raise RecordError(_("“%(field)s” is longer than %(limit)d characters.") % {"field": name, "limit": limit})
    if len(values["body"]) > MAX_BODY_CHARS:
        raise RecordError(
            _("“body” has %(length)d characters; a body may have at most %(limit)d.")
            % {"length": len(values["body"]), "limit": MAX_BODY_CHARS}
        )
    record = DocumentRecord(
        key=f"jsonl:{values['id']}",
        location=location,
        title=values["title"],
        slug=values["id"],
        document_number=values["document_number"],
        issuing_organ=values["issuing_organ"],
        theme=values["category"],
        keywords=[values[name] for name in ("doc_type", "level") if values[name] not in UNINFORMATIVE],
        validity=validity(values["status"]),
        document_kind=document_kind(values["doc_type"]),
        source_url=source_url(values["url"]),
        body=[RichTextSegment(body_html(values["body"]))] if values["body"] else [],
    )
    record.date_published = publish_date(values["publish_date"], record)
    return record


def validity(status):
    if not status:
        return Validity.VALID
    try:
        return VALIDITY[status]
    except KeyError:
        raise RecordError(
            _("Unknown status “%(status)s”; expected one of %(choices)s.")
            % {"status": shorten(status), "choices": "、".join(VALIDITY)}
        ) from None


def document_kind(doc_type):
    return DOCUMENT_KINDS.get(doc_type, _KIND.OTHER)


def source_url(url):
    if not url:
        return ""
    if len(url) > max_length(PolicyDocumentPage, "source_url"):
        raise RecordError(_("“url” is too long."))
    try:
        _URL_VALIDATOR(url)
    except ValidationError:
        raise RecordError(_("“url” is not a web address: %(url)s") % {"url": shorten(url)}) from None
    return url


def publish_date(text, record):
    """``YYYY-MM-DD``, or ``YYYY-MM`` read as the first of the month (with a warning), or None."""
    if not text:
        return None
    match = _DATE_RE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day = match.groups()
        value = datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        raise RecordError(
            _("“publish_date” must be YYYY-MM-DD, YYYY-MM or empty, not “%(value)s”.") % {"value": shorten(text)}
        ) from None
    if day is None:
        record.warnings.append(
            _("The publication date %(value)s has no day; the first of the month was stored.") % {"value": text}
        )
    return value


def body_html(text):
    """Plain text as rich-text paragraphs: blank lines end a paragraph, other line breaks are kept."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("<p>" + "<br/>".join(escape(line) for line in lines) + "</p>")
    return "".join(paragraphs)
