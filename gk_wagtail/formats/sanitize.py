"""Rebuild the body of a legacy page as safe Wagtail content.

Wagtail's rich text has no table feature, yet government documents are full of tables
(budgets, name lists, catalogue rows) that must survive the move. The body is therefore a
list of segments in reading order, one per StreamField block:

* :class:`RichTextSegment`: rich text in Wagtail's database format, passed through
  Wagtail's own whitelister (``EditorHTMLConverter(features=RICH_TEXT_FEATURES)
  .to_database_format``) for a ``RichTextBlock`` with those features.
* :class:`TableSegment`: a data table rebuilt from its cells' text, keeping row and column
  spans. ``table_block_value()`` is a value for ``wagtail.contrib.table_block.TableBlock``
  (editable in the admin); ``html`` is the same table as minimal, escaped HTML. A table that
  holds other tables, or has a single cell, is page layout and is unwrapped into the flow.
* :class:`ImageSegment`: an inline image's address and alternative text, for an image
  block once the importer has stored the file.

Work is bounded whatever the page asks for. A ``rowspan`` is cut at the rows the table has
left and a ``colspan`` at :data:`MAX_COLSPAN`; a table whose grid (rows × columns, counting
the cells a span covers) would exceed :data:`MAX_TABLE_CELLS` is not built as a table at all:
its rows are kept as paragraphs, one per row, and a warning says so. So ``<td rowspan=99999
colspan=99999>`` costs no more than the cell it is, and a 2,000-row 名单 of ten columns
still becomes a table.

Nothing of the source markup is copied through: paragraphs, headings, lists, bold, italic
and links are rebuilt from the text, so scripts, styles, ``<font>``, event handlers and
``javascript:`` links cannot survive, and the whitelister checks the result again.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, NamedTuple
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from bs4.element import NavigableString, PreformattedString, Tag
from django.utils.html import escape
from django.utils.translation import gettext

from gk_wagtail.formats.text import ascii_integer

#: Rich text features the body is cleaned for; the StreamField's RichTextBlock needs them.
RICH_TEXT_FEATURES = ("h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link")
# SVG is left out on purpose: it can carry script when served from the site's own domain.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp")
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Deeper lists are flattened into their items' text.
_MAX_LIST_DEPTH = 4
#: The widest span kept: no real table is wider; broken pages write colspan="99999".
MAX_COLSPAN = 100
#: The most grid cells (rows × columns, counting those a span covers) one table block gets:
#: a 2,000-row list of ten columns. The admin's table editor cannot work with more, and a
#: hostile page could otherwise ask for millions.
MAX_TABLE_CELLS = 20_000
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_INLINE_STYLES = {"b": "strong", "strong": "strong", "i": "em", "em": "em"}
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_URL_SCHEME_RE = re.compile(r"^([a-z0-9][-+.a-z0-9]*):")
_URL_JUNK_RE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")
LINK_SCHEMES = {"http", "https", "ftp", "mailto", "tel"}
FILE_SCHEMES = {"http", "https", "ftp", "file"}
_TAG_LIKE_RE = re.compile(r"<[a-zA-Z/!?][^<>]*>?")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_NEWLINE_RE = re.compile(rf"(?<=[{_CJK}，。；：、！？])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACES_RE = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True)
class RichTextSegment:
    """Rich text in Wagtail's database format, cleaned for :data:`RICH_TEXT_FEATURES`."""

    block_type: ClassVar[str] = "rich_text"
    html: str


@dataclass(frozen=True)
class TableCell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableSegment:
    """A data table as rows of text cells; spans are kept, all other markup is dropped."""

    block_type: ClassVar[str] = "table"
    rows: tuple[tuple[TableCell, ...], ...]
    caption: str = ""

    @property
    def html(self):
        parts = ["<table>"]
        if self.caption:
            parts.append(f"<caption>{escape(self.caption)}</caption>")
        parts.append("<tbody>")
        for index, row in enumerate(self.rows):
            parts.append("<tr>")
            for cell in row:
                name = "th" if cell.header else "td"
                attrs = f' scope="{"col" if index == 0 else "row"}"' if cell.header else ""
                if cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                if cell.colspan > 1:
                    attrs += f' colspan="{cell.colspan}"'
                text = "<br/>".join(escape(line) for line in cell.text.split("\n"))
                parts.append(f"<{name}{attrs}>{text}</{name}>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
        return "".join(parts)

    def table_block_value(self):
        """The value ``wagtail.contrib.table_block.TableBlock`` stores for this table.

        Cells covered by a span are empty and marked hidden, as the admin's table editor
        saves them. Raises ValueError for a table larger than :data:`MAX_TABLE_CELLS`, which
        :func:`body_segments` never makes.
        """
        grid = _place_cells(self.rows, MAX_TABLE_CELLS)
        if grid is None:
            raise ValueError(f"the table spans more than {MAX_TABLE_CELLS} cells")
        texts, headers, hidden, merges = {}, {}, [], []
        for (r, c), (cell, origin) in grid.items():
            texts[r, c] = cell.text if (r, c) == origin else ""
            headers[r, c] = cell.header
            if (r, c) != origin:
                hidden.append({"row": r, "col": c, "hidden": True})
            elif cell.rowspan > 1 or cell.colspan > 1:
                rowspan = min(cell.rowspan, len(self.rows) - r)
                merges.append({"row": r, "col": c, "rowspan": rowspan, "colspan": cell.colspan})
        width = max((c for _, c in texts), default=-1) + 1
        data = [[texts.get((r, c), "") for c in range(width)] for r in range(len(self.rows))]
        header_row = bool(data) and all(headers.get((0, c), False) for c in range(width))
        first_body_row = 1 if header_row else 0
        header_col = len(data) > first_body_row and all(
            headers.get((r, 0), False) for r in range(first_body_row, len(data))
        )
        choice = {(True, True): "both", (True, False): "row", (False, True): "column"}.get(
            (header_row, header_col), "neither"
        )
        return {
            "data": data,
            "cell": sorted(hidden, key=lambda item: (item["row"], item["col"])),
            "mergeCells": sorted(merges, key=lambda item: (item["row"], item["col"])),
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_col,
            "table_header_choice": choice,
            "table_caption": self.caption,
        }


def _place_cells(rows, limit):
    """``{(row, col): (cell, (row, col) of the cell's origin)}`` for the grid the rows span,
    or None as soon as it needs more than ``limit`` positions (so hostile spans cost at most
    ``limit`` steps)."""
    grid = {}
    for row_index, row in enumerate(rows):
        col = 0
        for cell in row:
            while (row_index, col) in grid:
                col += 1
            rowspan = min(cell.rowspan, len(rows) - row_index)
            if len(grid) + rowspan * cell.colspan > limit:
                return None
            for r in range(row_index, row_index + rowspan):
                for c in range(col, col + cell.colspan):
                    grid.setdefault((r, c), (cell, (row_index, col)))
            col += cell.colspan
    return grid


@dataclass(frozen=True)
class ImageSegment:
    """An inline image of the old page, to be stored before it can be shown."""

    block_type: ClassVar[str] = "image"
    url: str
    alt: str = ""


def body_segments(body, base, link_base, warnings=None):
    """The segments of the body container ``body``.

    Images are resolved against ``base``; links only against ``link_base`` (a web address,
    or "" to keep them as written), because a ``file://`` link must not reach a public page.
    What was changed to keep the work bounded (a table too large for a table block) is
    appended to ``warnings``, as translated sentences, when a list is given.
    """
    builder = _BodyBuilder(base, link_base)
    segments = builder.build(body)
    if warnings is not None:
        warnings.extend(builder.warnings)
    return segments


def events(root):
    """Yield ("start", tag), ("text", str) and ("end", tag) for what is inside ``root``.

    Iterative, because broken pages nest thousands of unclosed tags, deeper than Python's
    recursion limit.
    """
    stack = [iter(root.contents)]
    open_tags = []
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if open_tags:
                yield "end", open_tags.pop()
        elif isinstance(child, Tag):
            yield "start", child
            open_tags.append(child)
            stack.append(iter(child.contents))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            yield "text", str(child)


class _Stats(NamedTuple):
    tags: int
    chars: int
    tables: int
    cells: int


def subtree_stats(root):
    """``id(tag) -> _Stats`` of what lies inside each tag under ``root``, in one pass."""
    stats, stack = {}, []
    for event, node in events(root):
        if event == "text":
            if stack:
                stack[-1][1] += len(node.strip())
        elif event == "start":
            stack.append([0, 0, 0, 0])
        else:
            counts = stats[id(node)] = _Stats(*stack.pop())
            if stack:
                outer = stack[-1]
                outer[0] += counts.tags + 1
                outer[1] += counts.chars
                outer[2] += counts.tables + (node.name == "table")
                outer[3] += counts.cells + (node.name in ("td", "th"))
    return stats


def tags_in(root, names=None):
    """The tags inside ``root`` (named one of ``names``), in document order; faster than find_all."""
    return [node for node in root.descendants if isinstance(node, Tag) and (names is None or node.name in names)]


def url_scheme(url):
    match = _URL_SCHEME_RE.match(_URL_JUNK_RE.sub("", url).lower())
    return match[1] if match else ""


def resolve_url(raw, base, schemes):
    """``raw`` resolved against ``base``, or None when it is empty, an anchor or a scheme not in ``schemes``."""
    raw = (raw or "").strip()
    if not raw or raw.startswith("#"):
        return None
    scheme = url_scheme(raw)
    if scheme and scheme not in schemes:
        return None
    if scheme and _URL_JUNK_RE.search(raw.split(":", 1)[0]):
        return None  # control characters inside a scheme are an evasion trick, never a real link
    try:
        url = urljoin(base, raw) if base else raw
    except ValueError:
        return None
    scheme = url_scheme(url)
    return url if not scheme or scheme in schemes else None


def file_name_in(url, extensions):
    """The file name in ``url`` (path or query) that ends with one of ``extensions``, or ""."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.lower().endswith(extensions):
        return path.rsplit("/", 1)[-1]
    for _, value in parse_qsl(parts.query):
        if value.lower().endswith(extensions):
            return value.rsplit("/", 1)[-1]
    return ""


def plain_text(value):
    """Text with tag-like fragments removed and white space collapsed."""
    return re.sub(r"\s+", " ", _TAG_LIKE_RE.sub("", value or "")).strip()


def _is_hidden(tag):
    return tag.has_attr("hidden") or bool(_HIDDEN_STYLE_RE.search(tag.get("style", "")))


@cache
def _rich_text_converter():
    # Imported late: the converter needs Django's app registry.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=RICH_TEXT_FEATURES)


class _Paragraph:
    """Inline content being collected: text pieces and markup, with open inline elements."""

    def __init__(self, reopen=()):
        self.open = list(reopen)  # (name, start markup)
        self.parts = [("markup", start) for _, start in self.open]

    def text(self, value):
        if self.parts and self.parts[-1][0] == "text":
            self.parts[-1] = ("text", self.parts[-1][1] + value)
        else:
            self.parts.append(("text", value))

    def markup(self, html):
        self.parts.append(("markup", html))

    def render(self):
        """The inline HTML, or None when there is no text."""
        texts = [i for i, (kind, value) in enumerate(self.parts) if kind == "text" and value.strip()]
        if not texts:
            return None
        html = []
        for index, (kind, value) in enumerate(self.parts):
            if kind == "markup":
                if value == "<br/>" and not texts[0] < index < texts[-1]:
                    continue
                html.append(value)
                continue
            value = _SPACES_RE.sub(" ", _CJK_NEWLINE_RE.sub("", value))
            if index <= texts[0]:
                value = value.lstrip()
            if index >= texts[-1]:
                value = value.rstrip()
            html.append(escape(value))
        html.extend(f"</{name}>" for name, _ in reversed(self.open))
        return "".join(html)


class _BodyBuilder:
    """Turns the body container into segments, rebuilding the markup it keeps."""

    def __init__(self, base, link_base):
        self.base = base
        self.link_base = link_base
        self.warnings = []

    def build(self, body):
        self.segments = []
        self.blocks = []
        self.paragraph = _Paragraph()
        self.opened = set()  # ids of the elements whose inline markup is open
        self.stats = subtree_stats(body)
        self._walk(body, flat=False)
        self._flush()
        return self.segments

    def _end_paragraph(self, name="p"):
        inner = self.paragraph.render()
        if inner is not None:
            self.blocks.append(f"<{name}>{inner}</{name}>")
        self.paragraph = _Paragraph(self.paragraph.open)

    def _flush(self):
        self._end_paragraph()
        if self.blocks:
            html = _rich_text_converter().to_database_format("".join(self.blocks))
            if html.strip():
                self.segments.append(RichTextSegment(html))
        self.blocks = []

    def _walk(self, root, flat):
        """Walk ``root``'s content; in flat mode (inside a list item) blocks become line breaks."""
        skipping = None
        for event, node in events(root):
            if skipping is not None:
                if event == "end" and node is skipping:
                    skipping = None
                continue
            if event == "text":
                self.paragraph.text(node)
                continue
            if event == "start" and _is_hidden(node):
                skipping = node
                continue
            name = node.name
            if name in _INLINE_STYLES:
                self._inline(event, node, _INLINE_STYLES[name], f"<{_INLINE_STYLES[name]}>")
            elif name == "a":
                href = resolve_url(node.get("href"), self.link_base, LINK_SCHEMES) if event == "start" else None
                if event == "end" or href is not None:
                    self._inline(event, node, "a", f'<a href="{escape(href or "")}">')
            elif event == "end":
                if name in _HEADINGS and not flat:
                    self._end_paragraph(_HEADINGS[name])
                elif name in BLOCK_TAGS:
                    self._block_boundary(flat)
            elif name == "br":
                self.paragraph.markup("<br/>")
            elif name in ("ul", "ol") and not flat:
                self._end_paragraph()
                self.blocks.append(self._list(node, depth=0))
                skipping = node
            elif name == "table" and not flat and not self._is_layout_table(node):
                table = _table_segment(node)
                if table is not None and _place_cells(table.rows, MAX_TABLE_CELLS) is None:
                    self._table_as_paragraphs(table)
                    skipping = node
                elif table is not None:
                    self._segment(table)
                    skipping = node
            elif name == "img" and not flat:
                image = self._image(node)
                if image is not None:
                    self._segment(image)
            elif name == "hr" and not flat:
                self._end_paragraph()
                self.blocks.append("<hr/>")
            elif name in BLOCK_TAGS:
                self._block_boundary(flat)

    def _inline(self, event, node, name, start):
        open_names = [open_name for open_name, _ in self.paragraph.open]
        if event == "start":
            # Bold inside bold means nothing, and unclosed <b>s nest thousands deep.
            if name not in open_names:
                self.paragraph.markup(start)
                self.paragraph.open.append((name, start))
                self.opened.add(id(node))
        elif id(node) in self.opened:
            self.opened.discard(id(node))
            self.paragraph.open.pop(len(open_names) - 1 - open_names[::-1].index(name))
            self.paragraph.markup(f"</{name}>")

    def _block_boundary(self, flat):
        if flat:
            self.paragraph.markup("<br/>")
        else:
            self._end_paragraph()

    def _segment(self, segment):
        self._flush()
        self.segments.append(segment)

    def _list(self, list_tag, depth):
        """A ``<ul>``/``<ol>`` whose items' content is inline; nested lists are kept a few levels deep."""
        items = []
        for child in list_tag.children:
            if isinstance(child, Tag) and not _is_hidden(child):
                nested = child.name in ("ul", "ol") and depth < _MAX_LIST_DEPTH
                inner = self._list(child, depth + 1) if nested else self._list_item(child, depth)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                inner = escape(plain_text(child))
            else:
                continue
            if inner:
                items.append(f"<li>{inner}</li>")
        return f"<{list_tag.name}>{''.join(items)}</{list_tag.name}>" if items else ""

    def _list_item(self, item, depth):
        nested = []
        if depth < _MAX_LIST_DEPTH:
            nested = [child for child in item.children if isinstance(child, Tag) and child.name in ("ul", "ol")]
        for child in nested:
            child.extract()
        outer, self.paragraph = self.paragraph, _Paragraph()
        self._walk(item, flat=True)
        inner = (self.paragraph.render() or "") + "".join(self._list(child, depth + 1) for child in nested)
        self.paragraph = outer
        return inner

    def _table_as_paragraphs(self, table):
        """Keep the text of a table too large for a table block, one paragraph per row."""
        self._end_paragraph()
        if table.caption:
            self.blocks.append(f"<p>{escape(table.caption)}</p>")
        for row in table.rows:
            text = "\u3000".join(cell.text.replace("\n", " ") for cell in row if cell.text)
            if text:
                self.blocks.append(f"<p>{escape(text)}</p>")
        self.warnings.append(
            gettext(
                "A table of %(rows)d rows spans more than %(limit)d cells, more than a table block can hold; "
                "its rows were kept as paragraphs."
            )
            % {"rows": len(table.rows), "limit": MAX_TABLE_CELLS}
        )

    def _is_layout_table(self, table):
        inside = self.stats[id(table)]
        return inside.tables > 0 or inside.cells <= 1

    def _image(self, tag):
        url = resolve_url(tag.get("src"), self.base, FILE_SCHEMES)
        if url is None or not file_name_in(url, IMAGE_EXTENSIONS):
            return None
        for size in (tag.get("width", ""), tag.get("height", "")):
            pixels = ascii_integer(size)
            if pixels is not None and pixels <= 32:
                return None  # file-type icons and spacers
        return ImageSegment(url, plain_text(tag.get("alt", "")))


def _table_segment(table):
    trs = [
        [cell for cell in tr.children if isinstance(cell, Tag) and cell.name in ("td", "th")]
        for tr in tags_in(table, {"tr"})
    ]
    trs = [cells for cells in trs if cells]
    rows = []
    for index, cells in enumerate(trs):
        rows.append(
            tuple(
                TableCell(
                    text=_cell_text(cell),
                    header=cell.name == "th",
                    # A span past the last row covers nothing; cutting it keeps the grid small.
                    rowspan=_span(cell.get("rowspan"), len(trs) - index),
                    colspan=_span(cell.get("colspan"), MAX_COLSPAN),
                )
                for cell in cells
            )
        )
    if not any(cell.text for row in rows for cell in row):
        return None
    caption = next(iter(tags_in(table, {"caption"})), None)
    return TableSegment(rows=tuple(rows), caption=plain_text(caption.get_text(" ")) if caption else "")


def _span(value, limit):
    # Hostile or broken pages give spans like "0", "abc" or 99999.
    try:
        return max(1, min(int(str(value).strip()), limit))
    except ValueError:
        return 1


def _cell_text(cell):
    lines, current = [], []
    for event, node in events(cell):
        if event == "text":
            current.append(node)
        elif node.name == "br" or node.name in BLOCK_TAGS:
            lines.append("".join(current))
            current = []
    lines.append("".join(current))
    cleaned = (plain_text(line) for line in lines)
    return "\n".join(line for line in cleaned if line)
