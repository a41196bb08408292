"""Read and write 标准目录 workbooks in the layout counties publish (domain.md §5).

::

    row 1  示范县财政预决算领域基层政务公开标准目录 (title, merged across)
    row 2  序号 | 公开事项            | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体
    row 3       | 一级事项 | 二级事项 |                  |          |          |          |
    row 4  1    | 预算公开 | 政府预算 | ...              | 【法律】《…》 | ...   | 县财政局 | 政府网站、公开查阅点

    continued to the right:
    row 2  公开对象         | 公开方式      | 公开层级    | 五公开 | 备注   (五公开, 备注 optional)
    row 3  全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级 |        |
    row 4  ■      | □        | ■    | □      | ■    | □    | 结果   |

    last   未涉及领域说明 | 本乡无此类事项 (optional)

The reader accepts the variants found in published files (no title or several lines above the
header, header text with line breaks or full-width brackets, a one-row header, channels as a list,
a tick list or one tick column per channel, ■ √ ✓ ● as ticks, 一级事项 and 序号 cells merged down
the rows of an item). It checks the whole sheet and raises one :class:`CatalogImportError` listing
every problem with its sheet, row and column, so a caller never sees half a catalog.

The writer writes the canonical form, and reading what it wrote gives back the same rows, title,
note and level columns. Both sides are pure: bytes or files in, :mod:`gk_wagtail.catalog_rows`
dataclasses out; storing the rows is the caller's business.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..catalog_rows import (
    TICKED,
    UNTICKED,
    Audience,
    CatalogRow,
    Level,
    Method,
    fold,
    format_choices,
    format_legal_bases,
    is_ticked,
    parse_choices,
    parse_legal_bases,
)
from ..vocabularies import DEFAULT_CHANNELS, DISCLOSURE_STAGES

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 2000
# A few megabytes of xlsx can inflate to gigabytes of XML (a "zip bomb"); real catalogs stay far below.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# The header must start within this many rows; above it there is room for 附件 lines and the title.
HEADER_SEARCH_ROWS = 10

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_INVOLVED_LABEL = "未涉及领域说明"

ITEMS, AUDIENCE, METHOD, LEVEL, CHANNELS = "公开事项", "公开对象", "公开方式", "公开层级", "公开渠道和载体"


@dataclass
class CatalogError:
    """One problem in a workbook; ``row`` is the Excel row number and ``column`` the column letter."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str
    header: str = ""

    def __str__(self):
        if self.column and self.row:
            where = _("sheet “%(sheet)s”, row %(row)d, column %(column)s") % {
                "sheet": self.sheet, "row": self.row, "column": self.column,
            }
        elif self.row:
            where = _("sheet “%(sheet)s”, row %(row)d") % {"sheet": self.sheet, "row": self.row}
        elif self.sheet:
            where = _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        else:
            return self.message
        if self.header:
            where = f"{where} ({self.header})"
        return f"{where}: {self.message}"


class CatalogImportError(ValueError):
    """Raised with every :class:`CatalogError` found; nothing of the workbook is returned."""

    def __init__(self, errors, filename=None):
        self.errors = list(errors)
        self.filename = filename
        count = len(self.errors)
        heading = ngettext("%(count)d error in %(file)s:", "%(count)d errors in %(file)s:", count) % {
            "count": count, "file": filename or _("the workbook"),
        }
        super().__init__("\n".join([heading, *(f"  {error}" for error in self.errors)]))


@dataclass
class CatalogWorkbook:
    """What a catalog sheet holds; ``level_columns`` are the 公开层级 columns it has, in order.

    ``sheet_name``, ``row_numbers`` (the Excel row of each of ``rows``), ``link_column`` and
    ``link_header`` (the letter and header of the 二级事项 column, whose cells carry the links to
    columns) tell where things were read from, for messages about them; they take no part in
    comparisons.
    """

    title: str
    rows: list[CatalogRow]
    not_involved_note: str | None = None
    level_columns: list[str] = field(default_factory=list)
    sheet_name: str = field(default="", compare=False)
    row_numbers: list[int] = field(default_factory=list, compare=False)
    link_column: str = field(default="", compare=False)
    link_header: str = field(default="", compare=False)

    def link_error(self, index, message):
        """A CatalogError about the link of ``rows[index]``, located at its cell when the rows came from a sheet."""
        row = self.row_numbers[index] if index < len(self.row_numbers) else None
        return CatalogError(self.sheet_name or None, row, self.link_column or None, message, self.link_header)


@dataclass(frozen=True)
class _Kind:
    """What a column holds: a CatalogRow field, for a tick column also the choice it ticks."""

    field: str
    choice: str = ""
    group: str = ""


_TEXT_FIELDS = (
    "first_level_item", "second_level_item", "content_elements", "time_limit_text", "responsible_body", "remarks",
)
_NUMBER = _Kind("number")
_LEAVES = {
    "序号": _NUMBER,
    "编号": _NUMBER,
    "一级事项": _Kind("first_level_item", group=ITEMS),
    "二级事项": _Kind("second_level_item", group=ITEMS),
    "公开内容": _Kind("content_elements"),
    "公开依据": _Kind("legal_bases"),
    "公开时限": _Kind("time_limit_text"),
    "公开主体": _Kind("responsible_body"),
    "公开渠道和载体": _Kind("channels"),
    "公开渠道及载体": _Kind("channels"),
    "公开渠道": _Kind("channels"),
    "五公开": _Kind("five_stages"),
    "备注": _Kind("remarks"),
    **{choice.value: _Kind("audience", choice.value, AUDIENCE) for choice in Audience},
    **{choice.value: _Kind("method", choice.value, METHOD) for choice in Method},
    **{choice.value: _Kind("levels", choice.value, LEVEL) for choice in Level},
}
_GROUPS = {
    ITEMS: ITEMS, AUDIENCE: AUDIENCE, METHOD: METHOD, LEVEL: LEVEL,
    "公开渠道和载体": CHANNELS, "公开渠道及载体": CHANNELS, "公开渠道": CHANNELS,
}
_REQUIRED = {
    "first_level_item": "一级事项", "second_level_item": "二级事项", "content_elements": "公开内容（要素）",
    "legal_bases": "公开依据", "time_limit_text": "公开时限", "responsible_body": "公开主体", "channels": CHANNELS,
}


def _key(text):
    """Header text as compared: folded, without whitespace and bracketed asides (公开内容（要素）, 县(市、区)级)."""
    return re.sub(r"\s+", "", re.sub(r"\(.*?\)", "", fold(text)))


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _fail(message, filename):
    raise CatalogImportError([CatalogError(None, None, None, message)], filename)


def _read_bytes(path_or_file, max_bytes):
    if isinstance(path_or_file, (str, Path)):
        path = Path(path_or_file)
        if path.stat().st_size > max_bytes:
            _fail(_too_big(max_bytes), path.name)
        return path.read_bytes(), path.name
    filename = Path(getattr(path_or_file, "name", "") or "").name or None
    data = path_or_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        _fail(_too_big(max_bytes), filename)
    return data, filename


def _too_big(max_bytes):
    return _("The file is larger than %(size)s; split the catalog into several workbooks.") % {
        "size": filesizeformat(max_bytes),
    }


def _open_workbook(data, filename, max_uncompressed_bytes):
    if data.startswith(OLE2_SIGNATURE):
        _fail(_("This is an Excel 97-2003 workbook (.xls), a WPS .et file or a password-protected workbook. "
                "Open it in Excel or WPS, remove any password and save it as an Excel workbook (.xlsx)."), filename)
    if not data:
        _fail(_("The file is empty."), filename)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        _fail(_("This file is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx."), filename)
    with archive:
        names = archive.namelist()
        if not any(name.startswith("xl/") for name in names):
            if any(name.startswith("word/") for name in names):
                _fail(_("This is a Word document renamed to a workbook name, not an Excel workbook (.xlsx). "
                        "Copy its table into a workbook and save that as .xlsx."), filename)
            _fail(_("This zip archive is not an Excel workbook (.xlsx)."), filename)
        if sum(info.file_size for info in archive.infolist()) > max_uncompressed_bytes:
            _fail(_("The workbook unpacks to more than %(size)s, far more than a catalog needs.") % {
                "size": filesizeformat(max_uncompressed_bytes),
            }, filename)
    try:
        return openpyxl.load_workbook(BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML parse errors on broken files
        _fail(_("The workbook could not be read (%(reason)s). Open it in Excel or WPS and save it again as .xlsx.")
              % {"reason": exc}, filename)


def read_catalog_workbook(
    path_or_file,
    channel_vocabulary=DEFAULT_CHANNELS,
    *,
    stage_vocabulary=DISCLOSURE_STAGES,
    sheet=None,
    max_bytes=DEFAULT_MAX_BYTES,
    max_rows=DEFAULT_MAX_ROWS,
    max_uncompressed_bytes=DEFAULT_MAX_UNCOMPRESSED_BYTES,
):
    """Read one catalog sheet (``sheet`` by name, else the first) of an xlsx file path or binary file.

    ``channel_vocabulary`` and ``stage_vocabulary`` are the words allowed in 公开渠道和载体 and 五公开
    (pass the site's registers); the limits refuse oversized files before openpyxl parses them.
    Returns a :class:`CatalogWorkbook`; raises :class:`CatalogImportError` listing every problem.
    """
    data, filename = _read_bytes(path_or_file, max_bytes)
    workbook = _open_workbook(data, filename, max_uncompressed_bytes)
    if sheet is None:
        worksheet = workbook.worksheets[0]
    elif sheet in workbook.sheetnames:
        worksheet = workbook[sheet]
    else:
        _fail(_("The workbook has no sheet “%(sheet)s”; it has %(sheets)s.") % {
            "sheet": sheet, "sheets": "、".join(workbook.sheetnames),
        }, filename)
    reader = _SheetReader(worksheet, channel_vocabulary, stage_vocabulary, max_rows)
    result = reader.read()
    if reader.errors:
        raise CatalogImportError(
            sorted(reader.errors, key=lambda error: (error.row or 0, len(error.column or ""), error.column or "")),
            filename,
        )
    return result


class _SheetReader:
    def __init__(self, worksheet, channel_vocabulary, stage_vocabulary, max_rows):
        self.sheet = worksheet
        self.channel_vocabulary = channel_vocabulary
        self.stage_vocabulary = stage_vocabulary
        self.max_rows = max_rows
        self.errors = []
        self.columns = {}  # column number -> _Kind
        self.headers = {}  # column number -> header text shown in errors
        self.merged = {}  # (row, column) -> the merged range covering it
        for cell_range in worksheet.merged_cells.ranges:
            for row, column in cell_range.cells:
                self.merged[row, column] = cell_range
        self.width = worksheet.max_column

    def error(self, row, column, message):
        self.errors.append(CatalogError(
            self.sheet.title, row, get_column_letter(column) if column else None, message,
            self.headers.get(column, ""),
        ))

    def raw(self, row, column):
        return _cell_text(self.sheet.cell(row, column).value)

    def text(self, row, column):
        """Cell text; a cell inside a merged range reads as the range's top-left cell."""
        cell_range = self.merged.get((row, column))
        if cell_range is not None:
            return self.raw(cell_range.min_row, cell_range.min_col)
        return self.raw(row, column)

    def read(self):
        header_row = self.find_header_row()
        if header_row is None:
            return None
        data_start = self.read_header(header_row)
        if self.errors:
            return None  # rows read against a broken header would only repeat its errors
        title = self.read_title(header_row)
        self.check_merges(data_start)
        rows, row_numbers, note = self.read_rows(data_start)
        level_columns = [kind.choice for _column, kind in sorted(self.columns.items()) if kind.field == "levels"]
        link_column = self.first_column("second_level_item")
        return CatalogWorkbook(
            title, rows, note, level_columns, self.sheet.title, row_numbers,
            get_column_letter(link_column), self.headers.get(link_column, ""),
        )

    def find_header_row(self):
        last = min(self.sheet.max_row, HEADER_SEARCH_ROWS)
        for row in range(1, last + 1):
            keys = {_key(self.text(row, column)) for column in range(1, self.width + 1)}
            if len(keys & (_LEAVES.keys() | _GROUPS.keys())) >= 3:
                return row
        if not any(self.raw(row, column) for row in range(1, last + 1) for column in range(1, self.width + 1)):
            self.error(None, None, _("The sheet is empty."))
        else:
            self.error(None, None, _(
                "No catalog header found in the first %(count)d rows; expected a row with 序号, 公开事项, "
                "公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式 and 公开层级."
            ) % {"count": HEADER_SEARCH_ROWS})
        return None

    def read_title(self, header_row):
        lines = [text for row in range(1, header_row) for column in range(1, self.width + 1)
                 if (text := self.raw(row, column))]
        return next((line for line in lines if "目录" in line), lines[0] if lines else "")

    def read_header(self, header_row):
        """Map columns to row fields and return the first data row."""
        # 公开渠道和载体 is a single column as often as a group, so it does not make the header two-level.
        columns = range(1, self.width + 1)
        two_level = any(_key(self.text(header_row, column)) in (ITEMS, AUDIENCE, METHOD, LEVEL) for column in columns)
        sub_row = header_row + 1
        seen = {}
        previous_group = ""
        for column in columns:
            top = self.text(header_row, column)
            cell_range = self.merged.get((header_row, column))
            spans_both = cell_range is not None and cell_range.max_row >= sub_row
            sub = self.text(sub_row, column) if two_level and not spans_both else ""
            if not top and sub and previous_group:
                top = previous_group  # a group header written once instead of merged across its columns
            previous_group = _GROUPS.get(_key(top), "") if sub else ""
            if not top and not sub:
                continue
            self.headers[column] = re.sub(r"\s+", "", f"{top}/{sub}" if sub else top)
            kind = self.header_kind(top, sub, sub_row if sub else header_row, column)
            if kind is None:
                continue
            if (kind.field, kind.choice) in seen and kind != _NUMBER:
                self.error(sub_row if sub else header_row, column, _(
                    "Column “%(header)s” appears twice, also in column %(other)s."
                ) % {"header": self.headers[column], "other": get_column_letter(seen[kind.field, kind.choice])})
                continue
            seen[kind.field, kind.choice] = column
            self.columns[column] = kind
        self.check_required_columns(header_row, seen)
        return sub_row + 1 if two_level else sub_row

    def header_kind(self, top, sub, row, column):
        if not sub:
            kind = _LEAVES.get(_key(top))
            if kind is None and _GROUPS.get(_key(top)) == CHANNELS:
                kind = _LEAVES["公开渠道和载体"]
            if kind is None:
                if _key(top) in _GROUPS:
                    self.error(row, column, _("“%(header)s” needs its sub-columns in the row below.") % {"header": top})
                else:
                    self.error(row, column, _(
                        "Unknown column header “%(header)s”; expected one of 序号, 一级事项, 二级事项, 公开内容（要素）, "
                        "公开依据, 公开时限, 公开主体, 公开渠道和载体, 全社会, 特定群体, 主动, 依申请, %(levels)s, 五公开, 备注."
                    ) % {"header": top, "levels": ", ".join(Level.values)})
            return kind
        group = _GROUPS.get(_key(top))
        if group == CHANNELS:
            try:
                words = parse_choices(sub, self.channel_vocabulary)
            except ValidationError as error:
                self.error(row, column, error.messages[0])
                return None
            if len(words) == 1:
                return _Kind("channels", words[0], CHANNELS)
        kind = _LEAVES.get(_key(sub))
        if group is None or kind is None or kind.group != group:
            self.error(row, column, _("“%(sub)s” does not belong under “%(header)s”.") % {"sub": sub, "header": top})
            return None
        return kind

    def check_required_columns(self, header_row, seen):
        fields = {kind.field for kind in self.columns.values()}
        for field_name, header in _REQUIRED.items():
            if field_name not in fields:
                self.error(header_row, None, _("Column “%(header)s” is missing.") % {"header": header})
        for group, field_name, choices in ((AUDIENCE, "audience", Audience.values), (METHOD, "method", Method.values)):
            for choice in choices:
                if (field_name, choice) not in seen:
                    self.error(header_row, None, _("Column “%(group)s: %(choice)s” is missing.") % {
                        "group": group, "choice": choice,
                    })
        if "levels" not in fields:
            self.error(header_row, None, _("Column “%(group)s” with at least one of %(choices)s is missing.") % {
                "group": LEVEL, "choices": "、".join(Level.values),
            })

    def check_merges(self, data_start):
        """Only 一级事项 and 序号 cells may be merged in the data area, and only down one column."""
        for cell_range in self.sheet.merged_cells.ranges:
            if cell_range.max_row < data_start:
                continue
            if cell_range.min_row < data_start:
                self.error(cell_range.min_row, cell_range.min_col, _(
                    "Cells %(range)s are merged across the header and the first rows; unmerge them."
                ) % {"range": cell_range.coord})
                continue
            if self.is_note_row(cell_range.min_row) and cell_range.max_row == cell_range.min_row:
                continue
            kind = self.columns.get(cell_range.min_col)
            mergeable = kind is not None and kind.field in ("number", "first_level_item")
            if not mergeable or cell_range.max_col != cell_range.min_col:
                self.error(cell_range.min_row, cell_range.min_col, _(
                    "Cells %(range)s are merged; only 一级事项 (and 序号) cells may be merged down the rows of "
                    "an item. Unmerge them and fill in every row."
                ) % {"range": cell_range.coord})

    def is_note_row(self, row):
        first = next((text for column in range(1, self.width + 1) if (text := self.raw(row, column))), "")
        return _key(first).startswith(NOT_INVOLVED_LABEL)

    def read_note(self, row):
        texts = [text for column in range(1, self.width + 1) if (text := self.raw(row, column))]
        note = re.sub(rf"^\s*{NOT_INVOLVED_LABEL}\s*[:：]?\s*", "", texts[0])
        return note or (texts[1] if len(texts) > 1 else "")

    def read_rows(self, data_start):
        rows, row_numbers, note = [], [], None
        for row in range(data_start, self.sheet.max_row + 1):
            # Templates number rows ahead of filling them in; a row with only its 序号 holds nothing.
            columns = (column for column in range(1, self.width + 1) if self.columns.get(column) != _NUMBER)
            if not any(self.raw(row, column) for column in columns):
                continue
            if self.is_note_row(row):
                if note is not None:
                    self.error(row, None, _("A second 未涉及领域说明 row; keep one."))
                note = self.read_note(row) or None
                continue
            if len(rows) == self.max_rows:
                self.error(row, None, _("The sheet has more than %(count)d catalog rows; split it.") % {
                    "count": self.max_rows,
                })
                break
            rows.append(self.read_row(row))
            row_numbers.append(row)
        if not rows and note is None and not self.errors:
            self.error(data_start, None, _("The sheet has no catalog rows and no 未涉及领域说明."))
        return rows, row_numbers, note

    def read_row(self, row):
        catalog_row = CatalogRow()
        ticked = {"audience": [], "method": [], "levels": []}
        channel_ticks = []
        failed = set()  # fields already reported, so that clean() does not report them again
        for column in range(1, self.width + 1):
            kind = self.columns.get(column)
            text = self.text(row, column)
            if kind is None:
                if text and column not in self.headers:
                    self.error(row, column, _("This cell has a value but its column has no header."))
                continue
            try:
                self.read_cell(catalog_row, kind, text, ticked, channel_ticks)
            except ValidationError as error:
                failed.add(kind.field)
                self.error(row, column, " ".join(error.messages))
        if channel_ticks:
            catalog_row.channels = channel_ticks
        for field_name in ("audience", "method"):
            if len(ticked[field_name]) > 1:
                failed.add(field_name)
                self.error(row, self.first_column(field_name), _(
                    "Both %(choices)s are ticked; tick one. A matter disclosed both ways is two rows."
                ) % {"choices": "、".join(ticked[field_name])})
            elif ticked[field_name]:
                setattr(catalog_row, field_name, ticked[field_name][0])
        catalog_row.levels = [level for level in Level.values if level in ticked["levels"]]
        second_level_column = self.first_column("second_level_item")
        if second_level_column and (link := self.sheet.cell(row, second_level_column).hyperlink):
            catalog_row.column_url = link.target or ""
        try:
            catalog_row.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                if field_name not in failed:
                    self.error(row, self.first_column(field_name), " ".join(messages))
        return catalog_row

    def read_cell(self, catalog_row, kind, text, ticked, channel_ticks):
        if kind.field in _TEXT_FIELDS:
            setattr(catalog_row, kind.field, text)
        elif kind.field == "legal_bases":
            catalog_row.legal_bases = parse_legal_bases(text)
        elif kind.field == "channels" and kind.choice:
            if is_ticked(text):
                channel_ticks.append(kind.choice)
        elif kind.field == "channels":
            catalog_row.channels = parse_choices(text, self.channel_vocabulary)
        elif kind.field == "five_stages":
            catalog_row.five_stages = parse_choices(text, self.stage_vocabulary, suffix="公开")
        elif kind.field in ticked and is_ticked(text):
            ticked[kind.field].append(kind.choice)

    def first_column(self, field_name):
        return next((column for column, kind in sorted(self.columns.items()) if kind.field == field_name), None)


@dataclass(frozen=True)
class _Out:
    group: str
    header: str
    width: int
    value: object  # callable(number, row) -> cell value
    tick: bool = False


def _put(sheet, row, column, value):
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


def _tick(condition):
    return TICKED if condition else UNTICKED


def _layout(rows, level_columns):
    columns = [
        _Out("", "序号", 6, lambda number, row: number),
        _Out(ITEMS, "一级事项", 14, lambda number, row: row.first_level_item),
        _Out(ITEMS, "二级事项", 18, lambda number, row: row.second_level_item),
        _Out("", "公开内容（要素）", 36, lambda number, row: row.content_elements),
        _Out("", "公开依据", 44, lambda number, row: format_legal_bases(row.legal_bases)),
        _Out("", "公开时限", 20, lambda number, row: row.time_limit_text),
        _Out("", "公开主体", 16, lambda number, row: row.responsible_body),
        _Out("", CHANNELS, 24, lambda number, row: format_choices(row.channels)),
    ]
    for group, field_name, choices in ((AUDIENCE, "audience", Audience.values), (METHOD, "method", Method.values)):
        columns += [
            _Out(group, choice, 8, lambda number, row, f=field_name, c=choice: _tick(getattr(row, f) == c), tick=True)
            for choice in choices
        ]
    columns += [
        _Out(LEVEL, level, 6, lambda number, row, level=level: _tick(level in row.levels), tick=True)
        for level in level_columns
    ]
    if any(row.five_stages for row in rows):
        columns.append(_Out("", "五公开", 12, lambda number, row: format_choices(row.five_stages)))
    if any(row.remarks for row in rows):
        columns.append(_Out("", "备注", 16, lambda number, row: row.remarks))
    return columns


def write_catalog_workbook(catalog_title, rows, not_involved_note=None, *, level_columns=None):
    """The catalog as xlsx bytes in the county layout.

    ``level_columns`` defaults to 县级 and 乡级 plus any other level the rows use, in :class:`Level`
    order. The 五公开 and 备注 columns appear when a row has a value for them.
    """
    used = {level for row in rows for level in row.levels}
    wanted = used | (set(level_columns) if level_columns is not None else {Level.COUNTY, Level.TOWNSHIP})
    columns = _layout(rows, [level for level in Level.values if level in wanted])
    last = len(columns)
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    wrap = Alignment(wrap_text=True, vertical="top")
    centered = Alignment(wrap_text=True, horizontal="center", vertical="center")

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\']", "", catalog_title)[:31] or sheet.title
    header_row = 1
    if catalog_title:
        _put(sheet, 1, 1, catalog_title).font = Font(bold=True, size=16)
        sheet.cell(1, 1).alignment = centered
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
        sheet.row_dimensions[1].height = 36
        header_row = 2
    sub_row, data_start = header_row + 1, header_row + 2

    fill = PatternFill("solid", fgColor="EDEDED")
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
        for row in (header_row, sub_row):
            cell = sheet.cell(row, number)
            cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), fill, border, centered
        if not column.group:
            sheet.cell(header_row, number, column.header)
            sheet.merge_cells(start_row=header_row, start_column=number, end_row=sub_row, end_column=number)
            continue
        sheet.cell(sub_row, number, column.header)
        if number == 1 or columns[number - 2].group != column.group:
            span = sum(1 for _column in columns[number - 1:] if _column.group == column.group)
            sheet.cell(header_row, number, column.group)
            sheet.merge_cells(
                start_row=header_row, start_column=number, end_row=header_row, end_column=number + span - 1
            )

    for index, catalog_row in enumerate(rows):
        row = data_start + index
        for number, column in enumerate(columns, start=1):
            cell = _put(sheet, row, number, column.value(index + 1, catalog_row))
            cell.border = border
            cell.alignment = centered if column.tick or number == 1 else wrap
        if catalog_row.column_url:
            cell = sheet.cell(row, 3)
            cell.hyperlink = catalog_row.column_url
            cell.font = Font(color="0563C1", underline="single")

    # Merge 一级事项 down the consecutive rows of each item, as published catalogs do.
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].first_level_item != rows[start].first_level_item:
            if index - start > 1 and rows[start].first_level_item:
                sheet.merge_cells(
                    start_row=data_start + start, start_column=2, end_row=data_start + index - 1, end_column=2
                )
            start = index

    if not_involved_note:
        row = data_start + len(rows)
        sheet.cell(row, 1, NOT_INVOLVED_LABEL).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        _put(sheet, row, 4, not_involved_note).alignment = wrap
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=last)

    sheet.freeze_panes = sheet.cell(data_start, 4)
    sheet.print_title_rows = f"{header_row}:{sub_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
