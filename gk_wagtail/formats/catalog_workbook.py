"""Read and write 标准目录 workbooks in the layouts counties publish (see docs/catalogs.md).

The canonical layout, which the writer produces when it has no county layout to follow::

    row 1  示范县财政预决算领域基层政务公开标准目录 (title, merged across)
    row 2  序号 | 公开事项            | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体
    row 3       | 一级事项 | 二级事项 |                  |          |          |          |
    row 4  1    | 预算公开 | 政府预算 | ...              | 【法律】《…》 | ...   | 县财政局 | 政府网站、公开查阅点

    continued to the right:
    row 2  公开对象         | 公开方式      | 公开层级    | 五公开 | 备注   (五公开, 备注 optional)
    row 3  全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级 |        |
    row 4  ■      | □        | ■    | □      | ■    | □    | 结果   |

    last   未涉及领域说明 | 本乡无此类事项 (optional)

The reader finds columns by their labels, not their position: a header of one to three rows with
group cells merged across their sub-columns (公开事项 → 一级事项/二级事项, 公开对象 → 全社会/特定群众,
公开方式 → 主动公开/依申请公开, 公开层级 → 县级/乡、村级 …), in the spellings of the 26 domains'
standard guides and of county sheets. Lines above the header (附件2, 填报说明, the title, 单位（盖章）)
and note lines below the rows are not rows; columns it does not know (责任科室, 联系电话) are
ignored with a warning. Cells merged down the rows of an item apply to every row they cover.
Where a row leaves a tick group blank the reader fills it in by one rule and warns with the cell
(see :class:`_SheetReader`).

Before openpyxl sees the file, the sheet's XML is streamed once to check its dimension, its merged
ranges and where its cells lie against fixed bounds, so no file can make the reader build a huge
structure; openpyxl then reads only the bounded area, in read-only mode. Formulas are never
evaluated: the value Excel saved with one is used, and one without a saved value is an error.

The reader checks the whole sheet and raises one :class:`CatalogImportError` listing every problem
with its sheet, row and column, so a caller never sees half a catalog. What it read also describes
the county's layout (``CatalogWorkbook.layout``: the lines above the table, the header rows with
their merges and what each column holds), and the writer re-creates that layout from it, so a
county can re-publish its own sheet; without a layout it writes the canonical form. Both sides are
pure: bytes or files in, :mod:`gk_wagtail.formats.catalog_rows` dataclasses out; storing the rows
is the caller's business.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

from gk_wagtail.formats.catalog_rows import (
    CHANNEL_ALIASES,
    MARKS,
    NUMBER_LENGTH,
    SHORT_TEXT_LENGTH,
    TICKED,
    UNTICKED,
    Audience,
    CatalogRow,
    Level,
    Method,
    format_choices,
    format_legal_bases,
    is_ticked,
    parse_choices,
    parse_legal_bases,
    split_choices,
)
from gk_wagtail.formats.text import ascii_integer, fold
from gk_wagtail.vocabularies import DEFAULT_CHANNELS, DISCLOSURE_STAGES

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 2000
# A few megabytes of xlsx can inflate to gigabytes of XML (a "zip bomb"); real catalogs stay far below.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Rows a sheet may have besides its catalog rows: title and note lines, the header, notes below.
SHEET_ROW_MARGIN = 100
# The widest real catalogs (one tick column per channel) have about 35 columns.
MAX_COLUMNS = 64
MAX_MERGED_RANGES = 5000
# Cells all merged ranges together may cover; each covered cell is looked up while reading.
MAX_MERGED_CELLS = 100_000
# Excel's own limit for the text of a cell.
MAX_CELL_CHARS = 32_767
# The header must start within this many rows; above it there is room for 附件 lines, notes and the title.
HEADER_SEARCH_ROWS = 12
MAX_HEADER_ROWS = 3

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_INVOLVED_LABEL = "未涉及领域说明"
LAYOUT_VERSION = 1

ITEMS, AUDIENCE, METHOD, LEVEL, CHANNELS = "公开事项", "公开对象", "公开方式", "公开层级", "公开渠道和载体"
_GROUP_HEADERS = {ITEMS: ITEMS, AUDIENCE: AUDIENCE, METHOD: METHOD, LEVEL: LEVEL, CHANNELS: "公开渠道和载体"}


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
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
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


def _in_sheet_order(problems):
    return sorted(problems, key=lambda error: (error.row or 0, len(error.column or ""), error.column or ""))


class CatalogImportError(ValueError):
    """Raised with every :class:`CatalogError` found; nothing of the workbook is returned.

    ``warnings`` are the problems that alone would not have stopped the import, listed after the errors.
    """

    def __init__(self, errors, filename=None, warnings=()):
        self.errors = list(errors)
        self.warnings = list(warnings)
        self.filename = filename
        count = len(self.errors)
        heading = ngettext("%(count)d error in %(file)s:", "%(count)d errors in %(file)s:", count) % {
            "count": count,
            "file": filename or _("the workbook"),
        }
        lines = [heading, *(f"  {error}" for error in self.errors)]
        if self.warnings:
            lines.append(
                ngettext("%(count)d warning:", "%(count)d warnings:", len(self.warnings))
                % {"count": len(self.warnings)}
            )
            lines += [f"  {warning}" for warning in self.warnings]
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, message, filename=None, sheet=None):
        """The error for one problem with the file or the import as a whole, not with a cell."""
        return cls([CatalogError(sheet, None, None, message)], filename)


@dataclass
class CatalogWorkbook:
    """What a catalog sheet holds; ``level_columns`` are the 公开层级 levels its columns tick, in :class:`Level` order.

    ``sheet_name``, ``row_numbers`` (the Excel row of each of ``rows``), ``link_column`` and
    ``link_header`` (the letter and header of the 二级事项 column, whose cells carry the links to
    columns) tell where things were read from, for messages about them; ``warnings`` are the
    located problems that did not stop the reading; ``layout`` describes the sheet's own layout for
    :func:`write_catalog_workbook` (plain JSON data). None of these take part in comparisons.
    """

    title: str
    rows: list[CatalogRow]
    not_involved_note: str | None = None
    level_columns: list[str] = field(default_factory=list)
    sheet_name: str = field(default="", compare=False)
    row_numbers: list[int] = field(default_factory=list, compare=False)
    link_column: str = field(default="", compare=False)
    link_header: str = field(default="", compare=False)
    warnings: list[CatalogError] = field(default_factory=list, compare=False)
    layout: dict | None = field(default=None, compare=False)

    def link_error(self, index, message):
        """A CatalogError about the link of ``rows[index]``, located at its cell when the rows came from a sheet."""
        row = self.row_numbers[index] if index < len(self.row_numbers) else None
        return CatalogError(self.sheet_name or None, row, self.link_column or None, message, self.link_header)


@dataclass(frozen=True)
class _Kind:
    """What a column holds: a CatalogRow field; for a tick column also the choice it ticks (levels: the levels)."""

    field: str
    choice: str = ""
    group: str = ""
    levels: tuple = ()

    def as_json(self):
        return {"field": self.field, "choice": self.choice, "levels": list(self.levels)}

    @classmethod
    def from_json(cls, data):
        return cls(data.get("field", ""), data.get("choice", ""), levels=tuple(data.get("levels", ())))


_TEXT_FIELDS = (
    "first_level_item",
    "second_level_item",
    "content_elements",
    "time_limit_text",
    "responsible_body",
    "remarks",
)
# Fields stored in fields of limited length (the row model's CharFields).
_FIELD_LENGTHS = {
    "number": NUMBER_LENGTH,
    "first_level_item": SHORT_TEXT_LENGTH,
    "second_level_item": SHORT_TEXT_LENGTH,
    "time_limit_text": SHORT_TEXT_LENGTH,
    "responsible_body": SHORT_TEXT_LENGTH,
}
_NUMBER = _Kind("number")
_CHANNEL_LIST = _Kind("channels")


def _key(text):
    """Header text as compared: folded, without whitespace and bracketed asides (公开内容（要素）, 县(市、区)级)."""
    return re.sub(r"\s+", "", re.sub(r"\(.*?\)", "", fold(text)))


def _keys(*labels):
    return {_key(label) for label in labels}


# Column labels in the spellings of the standard guides and county sheets, by what the column holds.
_LEAVES = {
    **dict.fromkeys(_keys("序号", "编号", "序"), _NUMBER),
    **dict.fromkeys(_keys("一级事项", "一级事项名称"), _Kind("first_level_item", group=ITEMS)),
    **dict.fromkeys(_keys("二级事项", "二级事项名称"), _Kind("second_level_item", group=ITEMS)),
    **dict.fromkeys(_keys("公开内容（要素）", "公开内容要素", "公开要素"), _Kind("content_elements")),
    **dict.fromkeys(_keys("公开依据", "依据"), _Kind("legal_bases")),
    **dict.fromkeys(_keys("公开时限", "时限"), _Kind("time_limit_text")),
    **dict.fromkeys(_keys("公开主体", "公开责任主体", "责任主体"), _Kind("responsible_body")),
    **dict.fromkeys(_keys("五公开", "五公开类别"), _Kind("five_stages")),
    **dict.fromkeys(_keys("备注"), _Kind("remarks")),
}
_CHANNEL_HEADERS = _keys(
    "公开渠道和载体", "公开渠道及载体", "公开渠道与载体", "公开渠道、载体", "公开载体", "公开渠道", "渠道和载体"
)
_GROUPS = {ITEMS: ITEMS, AUDIENCE: AUDIENCE, METHOD: METHOD, LEVEL: LEVEL} | dict.fromkeys(_CHANNEL_HEADERS, CHANNELS)
_CHOICES = {
    AUDIENCE: {
        **dict.fromkeys(_keys("全社会"), Audience.PUBLIC.value),
        **dict.fromkeys(_keys("特定群体", "特定群众", "特定对象"), Audience.SPECIFIC_GROUPS.value),
    },
    METHOD: {
        **dict.fromkeys(_keys("主动", "主动公开"), Method.PROACTIVE.value),
        **dict.fromkeys(_keys("依申请", "依申请公开"), Method.ON_REQUEST.value),
    },
}
_FIELD_OF_GROUP = {AUDIENCE: "audience", METHOD: "method", LEVEL: "levels"}

# The parts of a 公开层级 label (县(市、区)级, 乡、村级, 乡镇级, 县级以上) and the levels they stand for.
# 乡镇 and 街道 are the township tier, which Level calls 乡级; 社区 is the village tier.
_LEVEL_PARTS = {
    "省": (Level.PROVINCE,),
    "市": (Level.CITY,),
    "地市": (Level.CITY,),
    "市州": (Level.CITY,),
    "设区的市": (Level.CITY,),
    "县": (Level.COUNTY,),
    "区": (Level.COUNTY,),
    "县区": (Level.COUNTY,),
    "县市区": (Level.COUNTY,),
    "县市": (Level.COUNTY,),
    "乡": (Level.TOWNSHIP,),
    "乡镇": (Level.TOWNSHIP,),
    "街道": (Level.TOWNSHIP,),
    "乡镇街道": (Level.TOWNSHIP,),
    "镇": (Level.TOWN,),
    "村": (Level.VILLAGE,),
    "社区": (Level.VILLAGE,),
    "村居": (Level.VILLAGE,),
    "村社区": (Level.VILLAGE,),
    "乡村": (Level.TOWNSHIP, Level.VILLAGE),
}


def parse_level_label(text):
    """The levels a 公开层级 column label stands for, in :class:`Level` order, or () for no level label.

    县级 → 县级; 县(市、区)级 → 县级; 县级以上 → 县级 (the county is the lowest of the levels it names);
    乡镇级 → 乡级; 乡、村级 and 乡村级 → 乡级 and 村级; 省级 → 省级.
    """
    key = _key(text)
    key = key.removesuffix("以上")
    key = key.removesuffix("两级").removesuffix("级")
    if not key:
        return ()
    levels = set()
    for part in re.split(r"[、,/和及与]", key):
        part = part.removesuffix("级")
        if part in _LEVEL_PARTS:
            levels.update(_LEVEL_PARTS[part])
        elif part and all(char in _LEVEL_PARTS for char in part):
            for char in part:
                levels.update(_LEVEL_PARTS[char])
        else:
            return ()
    return tuple(level.value for level in Level if level in levels)


def _level_kind(text):
    levels = parse_level_label(text)
    return _Kind("levels", "、".join(levels), LEVEL, levels) if levels else None


def _choice_kind(group, text):
    if group == LEVEL:
        return _level_kind(text)
    choice = _CHOICES[group].get(_key(text))
    return _Kind(_FIELD_OF_GROUP[group], choice, group) if choice else None


def _leaf_kind(text):
    """What a column labelled ``text`` without a group above it holds, or None."""
    key = _key(text)
    if key in _LEAVES:
        return _LEAVES[key]
    if key in _CHANNEL_HEADERS:
        return _CHANNEL_LIST
    for group in (AUDIENCE, METHOD):
        if kind := _choice_kind(group, text):
            return kind
    # A level label needs 级 in it, so that a 一级事项 value such as 乡村 is no header.
    return _level_kind(text) if "级" in key else None


_REQUIRED = {
    "first_level_item": "一级事项",
    "second_level_item": "二级事项",
    "content_elements": "公开内容（要素）",
    "legal_bases": "公开依据",
    "time_limit_text": "公开时限",
    "responsible_body": "公开主体",
    "channels": CHANNELS,
}

# Lines above and below the table that are not rows: 附件2, 填报说明：…, 单位（盖章）：…, 注：….
_ATTACHMENT_LINE = re.compile(r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*$")
_NOTE_LINE = re.compile(
    r"^(?:注|说明|填报说明|填表说明|备注|填表人|填报人|审核人|制表人|负责人|联系人|联系电话|单位|填报单位|"
    r"日期|填报日期|制表日期)\s*(?:[（(][^）)]*[）)])?\s*[:：]"
)


def _is_note_line(text):
    return bool(_ATTACHMENT_LINE.match(text) or _NOTE_LINE.match(text))


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _read_bytes(path_or_file, max_bytes):
    if isinstance(path_or_file, (str, Path)):
        path = Path(path_or_file)
        if path.stat().st_size > max_bytes:
            raise CatalogImportError.single(_too_big(max_bytes), path.name)
        return path.read_bytes(), path.name
    filename = Path(getattr(path_or_file, "name", "") or "").name or None
    data = path_or_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise CatalogImportError.single(_too_big(max_bytes), filename)
    return data, filename


def _too_big(max_bytes):
    return _("The file is larger than %(size)s; split the catalog into several workbooks.") % {
        "size": filesizeformat(max_bytes),
    }


def _open_archive(data, filename, max_uncompressed_bytes):
    if data.startswith(OLE2_SIGNATURE):
        raise CatalogImportError.single(
            _(
                "This is an Excel 97-2003 workbook (.xls), a WPS .et file or a password-protected workbook. "
                "Open it in Excel or WPS, remove any password and save it as an Excel workbook (.xlsx)."
            ),
            filename,
        )
    if not data:
        raise CatalogImportError.single(_("The file is empty."), filename)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise CatalogImportError.single(
            _("This file is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx."), filename
        ) from None
    names = archive.namelist()
    if not any(name.startswith("xl/") for name in names):
        archive.close()
        if any(name.startswith("word/") for name in names):
            raise CatalogImportError.single(
                _(
                    "This is a Word document renamed to a workbook name, not an Excel workbook (.xlsx). "
                    "Copy its table into a workbook and save that as .xlsx."
                ),
                filename,
            )
        raise CatalogImportError.single(_("This zip archive is not an Excel workbook (.xlsx)."), filename)
    if sum(info.file_size for info in archive.infolist()) > max_uncompressed_bytes:
        archive.close()
        raise CatalogImportError.single(
            _("The workbook unpacks to more than %(size)s, far more than a catalog needs.")
            % {"size": filesizeformat(max_uncompressed_bytes)},
            filename,
        )
    return archive


def _unreadable(filename, reason):
    return CatalogImportError.single(
        _("The workbook could not be read (%(reason)s). Open it in Excel or WPS and save it again as .xlsx.")
        % {"reason": reason},
        filename,
    )


def _local(tag):
    return tag.rsplit("}", 1)[-1]


_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _relationships(archive, part):
    """Relationship id → (target path inside the archive or external address, external?) of a part."""
    path = PurePosixPath(part)
    rels = str(path.parent / "_rels" / f"{path.name}.rels")
    if rels not in archive.namelist():
        return {}
    found = {}
    for element in ElementTree.parse(archive.open(rels)).getroot():
        target = element.get("Target", "")
        external = element.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else str(path.parent / target)
            target = str(PurePosixPath(*[p for p in PurePosixPath(target).parts if p != "."]))
        found[element.get("Id")] = (target, external)
    return found


def _sheet_parts(archive):
    """(name, path of its XML) of each worksheet, in the workbook's order."""
    rels = _relationships(archive, "xl/workbook.xml")
    sheets = []
    for element in ElementTree.parse(archive.open("xl/workbook.xml")).iter():
        if _local(element.tag) == "sheet":
            target, _external = rels.get(element.get(_RELATIONSHIP_ID), ("", False))
            if target.startswith("xl/worksheets/"):
                sheets.append((element.get("name", ""), target))
    return sheets


def _boundaries(reference):
    """(min_col, min_row, max_col, max_row) of a cell or range reference; None parts for whole rows or columns."""
    try:
        return range_boundaries(reference.replace("$", ""))
    except (ValueError, TypeError):
        return None


@dataclass
class _SheetScan:
    """What the streaming pass over a sheet's XML found, all within the bounds it checks."""

    name: str
    last_row: int = 0  # the last row and column holding a value
    last_column: int = 0
    merges: list = field(default_factory=list)  # (min_row, min_col, max_row, max_col)
    formulas: dict = field(default_factory=dict)  # (row, column) -> formula text, for formulas without a saved value
    error_values: dict = field(default_factory=dict)  # (row, column) -> #REF! and the like
    hyperlinks: dict = field(default_factory=dict)  # (row, column) -> address


class _Bounds:
    def __init__(self, sheet, filename, max_rows):
        self.sheet = sheet
        self.filename = filename
        self.rows = max_rows + SHEET_ROW_MARGIN
        self.columns = MAX_COLUMNS

    def refuse(self, message):
        raise CatalogImportError.single(message, self.filename, self.sheet)

    def check_cell(self, row, column, where):
        if row > self.rows or column > self.columns:
            self.refuse(
                _(
                    "The sheet reaches %(where)s; a catalog sheet may have at most %(rows)d rows and %(columns)d "
                    "columns (%(last)s). Delete everything below and to the right of the table, empty rows and "
                    "columns included, and save the workbook again."
                )
                % {
                    "where": where,
                    "rows": self.rows,
                    "columns": self.columns,
                    "last": f"A1:{get_column_letter(self.columns)}{self.rows}",
                }
            )


def _scan_sheet(archive, name, part, filename, max_rows):
    """Stream the sheet's XML once and check it against the bounds before anything is built from it."""
    bounds = _Bounds(name, filename, max_rows)
    scan = _SheetScan(name)
    hyperlink_ids = {}
    merged_cells = 0
    row = 0
    column = 0
    try:
        for event, element in ElementTree.iterparse(archive.open(part), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    row = int(element.get("r") or row + 1)
                    column = 0
                    bounds.check_cell(row, 1, _("row %(row)d") % {"row": row})
                elif tag == "c":
                    reference = element.get("r")
                    if reference:
                        letters, row = coordinate_from_string(reference)
                        column = column_index_from_string(letters)
                    else:
                        column += 1
                    bounds.check_cell(row, column, f"{get_column_letter(min(column, 18278))}{row}")
                elif tag == "dimension":
                    found = _boundaries(element.get("ref", "A1"))
                    _min_col, _min_row, max_col, max_row = found or (None, None, None, None)
                    if max_col is None or max_row is None:
                        bounds.check_cell(bounds.rows + 1, 1, element.get("ref", ""))
                    bounds.check_cell(
                        max_row,
                        max_col,
                        _("%(cell)s (its dimension is %(range)s)")
                        % {"cell": f"{get_column_letter(min(max_col, 18278))}{max_row}", "range": element.get("ref")},
                    )
                elif tag == "mergeCell":
                    reference = element.get("ref", "")
                    found = _boundaries(reference)
                    if found is None or None in found:
                        bounds.refuse(_("The merged range %(range)s is not a range of cells.") % {"range": reference})
                    min_col, min_row, max_col, max_row = found
                    bounds.check_cell(
                        max_row, max_col, _("merged range %(range)s") % {"range": reference.replace("$", "")}
                    )
                    scan.merges.append((min_row, min_col, max_row, max_col))
                    merged_cells += (max_row - min_row + 1) * (max_col - min_col + 1)
                    if len(scan.merges) > MAX_MERGED_RANGES or merged_cells > MAX_MERGED_CELLS:
                        bounds.refuse(
                            _(
                                "The sheet has more merged cells than a catalog sheet has (at most %(ranges)d "
                                "ranges covering %(cells)d cells). Unmerge the cells outside the table."
                            )
                            % {"ranges": MAX_MERGED_RANGES, "cells": MAX_MERGED_CELLS}
                        )
                elif tag == "hyperlink":
                    found = _boundaries(element.get("ref", ""))
                    if found and None not in found and element.get(_RELATIONSHIP_ID):
                        hyperlink_ids[found[1], found[0]] = element.get(_RELATIONSHIP_ID)
                continue
            if tag == "c":
                children = {_local(child.tag): child for child in element}
                value = children.get("v")
                has_value = (value is not None and bool(value.text)) or "is" in children
                if "f" in children and not has_value:
                    scan.formulas[row, column] = "=" + (children["f"].text or "")
                if element.get("t") == "e":
                    scan.error_values[row, column] = value.text if value is not None else ""
                if has_value or "f" in children:
                    scan.last_row = max(scan.last_row, row)
                    scan.last_column = max(scan.last_column, column)
                element.clear()
            elif tag == "row":
                element.clear()
    except ElementTree.ParseError as error:
        raise _unreadable(filename, error) from None
    rels = _relationships(archive, part) if hyperlink_ids else {}
    for cell, rel_id in hyperlink_ids.items():
        target, external = rels.get(rel_id, ("", False))
        if external and target:
            scan.hyperlinks[cell] = target
    return scan


def _load_cells(data, scan, filename):
    """Cell texts of the bounded area of the sheet: {(row, column): text}, only cells with text."""
    if not scan.last_row:
        return {}
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML parse errors on broken files
        raise _unreadable(filename, exc) from exc
    try:
        cells = {}
        rows = workbook[scan.name].iter_rows(
            min_row=1, max_row=scan.last_row, max_col=scan.last_column, values_only=True
        )
        for row, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if text := _cell_text(value):
                    cells[row, column] = text
        return cells
    except Exception as exc:
        raise _unreadable(filename, exc) from exc
    finally:
        workbook.close()


def read_catalog_workbook(
    path_or_file,
    channel_vocabulary=DEFAULT_CHANNELS,
    *,
    stage_vocabulary=DISCLOSURE_STAGES,
    sheet=None,
    default_levels=(Level.COUNTY.value,),
    max_bytes=DEFAULT_MAX_BYTES,
    max_rows=DEFAULT_MAX_ROWS,
    max_uncompressed_bytes=DEFAULT_MAX_UNCOMPRESSED_BYTES,
):
    """Read one catalog sheet (``sheet`` by name, else the first) of an xlsx file path or binary file.

    ``channel_vocabulary`` and ``stage_vocabulary`` are the words known in 公开渠道和载体 and 五公开
    (pass the site's registers); ``default_levels`` the levels of the organization whose catalog it
    is, for rows without a level tick. The limits refuse oversized files before openpyxl parses
    them. Returns a :class:`CatalogWorkbook`; raises :class:`CatalogImportError` listing every problem.
    """
    data, filename = _read_bytes(path_or_file, max_bytes)
    with _open_archive(data, filename, max_uncompressed_bytes) as archive:
        try:
            sheets = _sheet_parts(archive)
        except (KeyError, ElementTree.ParseError) as error:
            raise _unreadable(filename, error) from None
        if not sheets:
            raise _unreadable(filename, _("it has no worksheet"))
        names = [name for name, _part in sheets]
        if sheet is not None and sheet not in names:
            raise CatalogImportError.single(
                _("The workbook has no sheet “%(sheet)s”; it has %(sheets)s.")
                % {"sheet": sheet, "sheets": "、".join(names)},
                filename,
            )
        name, part = sheets[names.index(sheet)] if sheet is not None else sheets[0]
        if part not in archive.namelist():
            raise _unreadable(filename, _("sheet “%(sheet)s” is missing") % {"sheet": name})
        scan = _scan_sheet(archive, name, part, filename, max_rows)
    cells = _load_cells(data, scan, filename)
    reader = _SheetReader(scan, cells, channel_vocabulary, stage_vocabulary, max_rows, default_levels)
    result = reader.read()
    if reader.errors:
        raise CatalogImportError(_in_sheet_order(reader.errors), filename, _in_sheet_order(reader.warnings))
    result.warnings = _in_sheet_order(reader.warnings)
    return result


class _SheetReader:
    """Reads the cells of one sheet into a CatalogWorkbook, collecting every error and warning.

    Blank tick groups: a row with no tick in 公开对象, 公开方式 or 公开层级 takes the choice of the row
    above when that row belongs to the same 一级事项 (counties tick the first row of an item and
    leave the rest blank), else the default: 全社会, 主动 (条例第十九条、第二十条: the matters of a
    standard catalog are disclosed proactively unless the catalog says 依申请), and the levels of
    the organization the catalog belongs to. Each such row gets a warning naming the cell and the
    value taken.
    """

    def __init__(self, scan, cells, channel_vocabulary, stage_vocabulary, max_rows, default_levels):
        self.scan = scan
        self.cells = cells
        self.channel_vocabulary = list(channel_vocabulary)
        self.stage_vocabulary = list(stage_vocabulary)
        self.max_rows = max_rows
        self.default_levels = [level for level in Level.values if level in default_levels]
        self.errors = []
        self.warnings = []
        self.columns = {}  # column number -> _Kind
        self.headers = {}  # column number -> header text shown in messages
        self.ignored = set()  # columns with a header the reader does not import
        self.reported = set()  # cells already reported as formulas or error values
        self.too_long = set()  # cells over MAX_CELL_CHARS, reported once here
        self.merged = {}  # (row, column) -> (min_row, min_col, max_row, max_col) of the merge covering it
        for merge in scan.merges:
            min_row, min_col, max_row, max_col = merge
            for row in range(min_row, max_row + 1):
                for column in range(min_col, max_col + 1):
                    self.merged[row, column] = merge
        self.width = scan.last_column
        self.height = scan.last_row
        for (row, column), text in cells.items():
            if len(text) > MAX_CELL_CHARS:
                self.cells[row, column] = ""
                self.too_long.add((row, column))
                self.error(
                    row,
                    column,
                    _("The cell holds %(length)d characters, more than %(limit)d.")
                    % {"length": len(text), "limit": MAX_CELL_CHARS},
                )

    def problem(self, row, column, message):
        return CatalogError(
            self.scan.name, row, get_column_letter(column) if column else None, message, self.headers.get(column, "")
        )

    def error(self, row, column, message):
        self.errors.append(self.problem(row, column, message))

    def warning(self, row, column, message):
        self.warnings.append(self.problem(row, column, message))

    def raw(self, row, column):
        return self.cells.get((row, column), "")

    def source(self, row, column):
        """The cell whose value (row, column) shows: the top-left cell of a merge covering it."""
        merge = self.merged.get((row, column))
        return (merge[0], merge[1]) if merge else (row, column)

    def text(self, row, column):
        """Cell text; a cell inside a merged range reads as the range's top-left cell."""
        return self.raw(*self.source(row, column))

    def checked_text(self, row, column):
        """Cell text, or None for a cell over the length limit or after reporting a formula without a saved value or an error value in it."""
        cell = self.source(row, column)
        if cell in self.too_long:
            return None
        formula = self.scan.formulas.get(cell)
        error_value = self.scan.error_values.get(cell)
        if formula is None and error_value is None:
            return self.raw(*cell)
        if cell not in self.reported:
            self.reported.add(cell)
            if formula is not None:
                message = _(
                    "The cell holds the formula %(formula)s without a saved value; formulas are not calculated "
                    "on import. Open the workbook in Excel or WPS and save it, or replace the formula by its value."
                ) % {"formula": formula[:100]}
            else:
                message = _("The cell holds the Excel error %(value)s; put the value in.") % {"value": error_value}
            self.error(cell[0], cell[1], message)
        return None

    def read(self):
        header_row = self.find_header_row()
        if header_row is None:
            return None
        band, data_start = self.header_band(header_row)
        self.read_header(header_row, band)
        if not self.columns:
            return None
        title_row, title = self.read_title(header_row)
        self.check_merges(data_start)
        rows, row_numbers, note = self.read_rows(data_start)
        levels = {level for kind in self.columns.values() if kind.field == "levels" for level in kind.levels}
        link_column = self.first_column("second_level_item")
        return CatalogWorkbook(
            title,
            rows,
            note,
            [level for level in Level.values if level in levels],
            self.scan.name,
            row_numbers,
            get_column_letter(link_column) if link_column else "",
            self.headers.get(link_column, ""),
            layout=self.layout(title_row, header_row, data_start),
        )

    # The header

    def row_texts(self, row):
        return [self.text(row, column) for column in range(1, self.width + 1)]

    def find_header_row(self):
        last = min(self.height, HEADER_SEARCH_ROWS)
        for row in range(1, last + 1):
            keys = {_key(text) for text in self.row_texts(row) if text}
            known = {key for key in keys if key in _GROUPS or _leaf_kind(key)}
            if len(known) >= 3:
                return row
        if not self.cells:
            self.error(None, None, _("The sheet is empty."))
        else:
            self.error(
                None,
                None,
                _(
                    "No catalog header found in the first %(count)d rows; expected a row with 序号, 公开事项, "
                    "公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式 and 公开层级."
                )
                % {"count": HEADER_SEARCH_ROWS},
            )
        return None

    def is_label(self, text):
        key = _key(text)
        if key in _GROUPS or _leaf_kind(text):
            return True
        chosen, unknown = split_choices(text, self.channel_vocabulary, aliases=CHANNEL_ALIASES)
        return bool(chosen) and not unknown

    def header_band(self, header_row):
        """The rows holding labels (header_row and up to two more) and the first row after the header.

        A row continues the header when the cells it does not inherit from a merge above are mostly
        labels and none is a tick or a number; a row of column numbers (1 2 3 …, 栏次) under the
        header belongs to it without holding labels.
        """
        band = [header_row]
        row = header_row + 1
        while row <= self.height and len(band) < MAX_HEADER_ROWS:
            own = [
                self.raw(row, column)
                for column in range(1, self.width + 1)
                if self.raw(row, column) and self.merged.get((row, column), (row,))[0] == row
            ]
            covered = any(self.merged.get((row, column), (row,))[0] < row for column in range(1, self.width + 1))
            if not own:
                if not covered:
                    break
                band.append(row)
            else:
                labels = [text for text in own if self.is_label(text)]
                data_like = any(text[0] in MARKS or ascii_integer(text.replace(".", "")) is not None for text in own)
                if not labels or data_like or len(labels) < len(own) - len(labels):
                    break
                band.append(row)
            row += 1
        numbers = [self.raw(row, column) for column in range(1, self.width + 1) if self.raw(row, column)]
        if len(numbers) >= 5 and numbers == [str(number) for number in range(1, len(numbers) + 1)]:
            return band, row + 1
        return band, row

    def column_path(self, band, column):
        """The distinct labels of a column from top to bottom, with the row each was written in."""
        path = []
        for index, row in enumerate(band):
            text = self.text(row, column)
            source_row = self.source(row, column)[0]
            if not text and index < len(band) - 1 and any(self.text(lower, column) for lower in band[index + 1 :]):
                # A group label written once instead of merged across its columns.
                left = column - 1
                while left > 0 and not self.text(row, left) and self.text(band[-1], left):
                    left -= 1
                if left > 0 and _key(self.text(row, left)) in _GROUPS:
                    text, source_row = self.text(row, left), self.source(row, left)[0]
            if text and (not path or path[-1][0] != text):
                path.append((text, source_row))
        return path

    def classify(self, path, column):
        """The kind of a column from its labels; None (after reporting why) for a column not imported."""
        labels = [text for text, _row in path]
        leaf, row = path[-1]
        group = next((_GROUPS[_key(text)] for text in reversed(labels[:-1]) if _key(text) in _GROUPS), None)
        leaf_group = _GROUPS.get(_key(leaf))
        if group is None and leaf_group is not None:
            if leaf_group == CHANNELS:
                return _CHANNEL_LIST
            self.error(row, column, _("“%(header)s” needs its sub-columns in the row below.") % {"header": leaf})
            return None
        if group is None:
            kind = _leaf_kind(leaf)
            if kind is None:
                self.ignored.add(column)
            return kind
        if group == CHANNELS:
            chosen, unknown = split_choices(leaf, self.channel_vocabulary, aliases=CHANNEL_ALIASES)
            if len(chosen) == 1 and not unknown:
                return _Kind("channels", chosen[0], CHANNELS)
            if len(unknown) == 1 and not chosen:
                self.warning(
                    row,
                    column,
                    _(
                        "The channel “%(channel)s” is not in the channel register; its ticks are kept as written "
                        "with the row's other channels. Add it under Disclosure registers → Disclosure channels "
                        "to tick it like the others."
                    )
                    % {"channel": leaf},
                )
                return _Kind("other_channel", re.sub(r"\s+", "", leaf), CHANNELS)
        elif group == ITEMS:
            kind = _LEAVES.get(_key(leaf))
            if kind is not None and kind.group == ITEMS:
                return kind
        elif kind := _choice_kind(group, leaf):
            return kind
        self.error(
            row,
            column,
            _("“%(sub)s” does not belong under “%(header)s”.") % {"sub": leaf, "header": _GROUP_HEADERS[group]},
        )
        return None

    def read_header(self, header_row, band):
        """Map columns to row fields; report what is wrong with the header."""
        seen = {}
        leaf_rows = {}
        for column in range(1, self.width + 1):
            path = self.column_path(band, column)
            if not path:
                continue
            self.headers[column] = "/".join(re.sub(r"\s+", "", text) for text, _row in path)
            leaf_rows[column] = path[-1][1]
            kind = self.classify(path, column)
            if kind is None:
                continue
            if (kind.field, kind.choice) in seen and kind != _NUMBER:
                self.error(
                    leaf_rows[column],
                    column,
                    _("Column “%(header)s” appears twice, also in column %(other)s.")
                    % {"header": self.headers[column], "other": get_column_letter(seen[kind.field, kind.choice])},
                )
                continue
            seen[kind.field, kind.choice] = column
            self.columns[column] = kind
        missing = self.check_required_columns(header_row, seen)
        for column in sorted(self.ignored):
            if missing:
                # With a column missing, an unknown one is likely that column under another name.
                self.error(
                    leaf_rows[column],
                    column,
                    _(
                        "Unknown column header “%(header)s”; a required column is missing, and if this is it, spell it "
                        "as one of 序号, 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, "
                        "全社会, 特定群体, 主动, 依申请, %(levels)s, 五公开, 备注."
                    )
                    % {"header": self.headers[column], "levels": "、".join(Level.values)},
                )
            else:
                self.warning(
                    leaf_rows[column],
                    column,
                    _("Column %(column)s “%(header)s” is not a catalog column; its cells are not imported.")
                    % {"column": get_column_letter(column), "header": self.headers[column]},
                )

    def check_required_columns(self, header_row, seen):
        fields = {kind.field for kind in self.columns.values()}
        missing = False
        for field_name, header in _REQUIRED.items():
            if field_name not in fields:
                missing = True
                self.error(header_row, None, _("Column “%(header)s” is missing.") % {"header": header})
        for group, field_name, choices in ((AUDIENCE, "audience", Audience.values), (METHOD, "method", Method.values)):
            for choice in choices:
                if (field_name, choice) not in seen:
                    missing = True
                    self.error(
                        header_row,
                        None,
                        _("Column “%(group)s: %(choice)s” is missing.") % {"group": group, "choice": choice},
                    )
        if "levels" not in fields:
            missing = True
            self.error(
                header_row,
                None,
                _("Column “%(group)s” with at least one of %(choices)s is missing.")
                % {"group": LEVEL, "choices": "、".join(Level.values)},
            )
        return missing

    def read_title(self, header_row):
        """The title line above the header (the first one naming a 目录, else the first), skipping 附件2 and notes."""
        lines = []
        for row in range(1, header_row):
            text = next((text for column in range(1, self.width + 1) if (text := self.raw(row, column))), "")
            if text and not _is_note_line(text):
                lines.append((row, text))
        found = next((line for line in lines if "目录" in line[1]), lines[0] if lines else (None, ""))
        return found

    # Merges and rows

    # Cells merged down the rows of an item apply to each row; these must differ from row to row.
    _UNMERGEABLE = ("content_elements", "legal_bases", "time_limit_text")

    def check_merges(self, data_start):
        for merge in self.scan.merges:
            min_row, min_col, max_row, max_col = merge
            reference = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            if max_row < data_start:
                continue
            if min_row < data_start:
                self.error(
                    min_row,
                    min_col,
                    _("Cells %(range)s are merged across the header and the first rows; unmerge them.")
                    % {"range": reference},
                )
                continue
            if min_row == max_row and (self.is_note_row(min_row) or self.is_note_line(min_row)):
                continue
            kind = self.columns.get(min_col)
            if max_col != min_col:
                self.error(
                    min_row,
                    min_col,
                    _(
                        "Cells %(range)s are merged across columns; each column of a row holds its own value. "
                        "Unmerge them and fill in every cell."
                    )
                    % {"range": reference},
                )
            elif kind is None and min_col not in self.ignored:
                self.error(
                    min_row,
                    min_col,
                    _("Cells %(range)s are merged in a column without a header; unmerge them.") % {"range": reference},
                )
            elif kind is not None and kind.field in self._UNMERGEABLE:
                self.error(
                    min_row,
                    min_col,
                    _(
                        "Cells %(range)s are merged; each row needs its own %(header)s. Unmerge them and fill in "
                        "every row (only 序号, 一级事项, 二级事项, 公开主体, 公开渠道和载体, the ticks, 五公开 and 备注 "
                        "may be merged down the rows of an item)."
                    )
                    % {"range": reference, "header": self.headers.get(min_col, "")},
                )

    def own_texts(self, row):
        return [text for column in range(1, self.width + 1) if (text := self.raw(row, column))]

    def is_note_row(self, row):
        texts = self.own_texts(row)
        return bool(texts) and _key(texts[0]).startswith(NOT_INVOLVED_LABEL)

    def is_note_line(self, row):
        texts = self.own_texts(row)
        return bool(texts) and len(texts) <= 2 and _is_note_line(texts[0])

    def read_note(self, row):
        texts = self.own_texts(row)
        note = re.sub(rf"^\s*{NOT_INVOLVED_LABEL}\s*[:：]?\s*", "", texts[0])
        return note or (texts[1] if len(texts) > 1 else "")

    def read_rows(self, data_start):
        rows, row_numbers, note = [], [], None
        previous = None
        for row in range(data_start, self.height + 1):
            if self.is_note_row(row):
                if note is not None:
                    self.error(row, None, _("A second 未涉及领域说明 row; keep one."))
                note = self.read_note(row) or None
                continue
            if self.is_note_line(row):
                self.warning(
                    row,
                    None,
                    _("Read as a note line, not as a catalog row: “%(text)s”.") % {"text": self.own_texts(row)[0][:60]},
                )
                continue
            # Templates number rows ahead of filling them in; a row with only its 序号 holds nothing.
            columns = (column for column in range(1, self.width + 1) if self.columns.get(column) != _NUMBER)
            if not any(self.text(row, column) for column in columns):
                continue
            if len(rows) == self.max_rows:
                self.error(
                    row, None, _("The sheet has more than %(count)d catalog rows; split it.") % {"count": self.max_rows}
                )
                break
            catalog_row = self.read_row(row, previous)
            rows.append(catalog_row)
            row_numbers.append(row)
            previous = catalog_row
        if not rows and note is None and not self.errors:
            self.error(data_start, None, _("The sheet has no catalog rows and no 未涉及领域说明."))
        return rows, row_numbers, note

    def read_row(self, row, previous):
        catalog_row = CatalogRow()
        ticked = {"audience": [], "method": [], "levels": []}
        channel_ticks, other_ticks = [], []
        failed = set()  # fields already reported, so that clean() does not report them again
        present = {kind.field for kind in self.columns.values()}
        for column in range(1, self.width + 1):
            kind = self.columns.get(column)
            if kind is None:
                if self.text(row, column) and column not in self.headers:
                    self.error(row, column, _("This cell has a value but its column has no header."))
                continue
            text = self.checked_text(row, column)
            if text is None:
                failed.add(kind.field)
                continue
            limit = _FIELD_LENGTHS.get(kind.field)
            if limit and len(text) > limit:
                failed.add(kind.field)
                self.error(
                    row,
                    column,
                    _("%(length)d characters; this column holds at most %(limit)d.")
                    % {"length": len(text), "limit": limit},
                )
                continue
            try:
                self.read_cell(row, column, catalog_row, kind, text, ticked, channel_ticks, other_ticks)
            except ValidationError as error:
                failed.add(kind.field)
                self.error(row, column, " ".join(error.messages))
        if channel_ticks:
            catalog_row.channels = channel_ticks
        if other_ticks:
            catalog_row.other_channels = other_ticks
        for field_name in ("audience", "method"):
            if len(ticked[field_name]) > 1:
                failed.add(field_name)
                self.error(
                    row,
                    self.first_column(field_name),
                    _("Both %(choices)s are ticked; tick one. A matter disclosed both ways is two rows.")
                    % {"choices": "、".join(ticked[field_name])},
                )
            elif ticked[field_name]:
                setattr(catalog_row, field_name, ticked[field_name][0])
        catalog_row.levels = [level for level in Level.values if level in ticked["levels"]]
        for field_name in ("audience", "method", "levels"):
            if field_name in present and field_name not in failed and not getattr(catalog_row, field_name):
                self.fill_blank_group(row, catalog_row, field_name, previous)
        link_column = self.first_column("second_level_item")
        if link_column:
            catalog_row.column_url = self.scan.hyperlinks.get(self.source(row, link_column), "")
        try:
            catalog_row.clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                if field_name not in failed and field_name in present:
                    self.error(row, self.first_column(field_name), " ".join(messages))
        return catalog_row

    def fill_blank_group(self, row, catalog_row, field_name, previous):
        """Fill a tick group the row leaves blank by the rule in the class docstring, with a warning."""
        group = {"audience": AUDIENCE, "method": METHOD, "levels": LEVEL}[field_name]
        same_item = (
            previous is not None
            and catalog_row.first_level_item
            and previous.first_level_item == catalog_row.first_level_item
            and getattr(previous, field_name)
        )
        if same_item:
            value = getattr(previous, field_name)
            reason = _("as the row above of the same 一级事项 “%(item)s”") % {"item": catalog_row.first_level_item}
        elif field_name == "method":
            value = Method.PROACTIVE.value
            reason = _(
                "the default: the matters of a standard catalog are disclosed proactively unless it says 依申请 "
                "(条例第十九条、第二十条)"
            )
        elif field_name == "audience":
            value = Audience.PUBLIC.value
            reason = _("the default: a matter is disclosed to the public at large unless the catalog names a group")
        else:
            value = list(self.default_levels)
            reason = _("the level of the organization whose catalog this is")
        if not value:
            return
        setattr(catalog_row, field_name, list(value) if field_name == "levels" else value)
        shown = "、".join(value) if field_name == "levels" else value
        self.warning(
            row,
            self.first_column(field_name),
            _("No %(group)s tick; read as %(value)s, %(reason)s. Tick it in the workbook to make it explicit.")
            % {"group": group, "value": shown, "reason": reason},
        )

    def read_cell(self, row, column, catalog_row, kind, text, ticked, channel_ticks, other_ticks):
        if kind.field == "number":
            catalog_row.number = text
        elif kind.field in _TEXT_FIELDS:
            setattr(catalog_row, kind.field, text)
        elif kind.field == "legal_bases":
            catalog_row.legal_bases = parse_legal_bases(text)
        elif kind.field == "channels" and kind.choice:
            if is_ticked(text):
                channel_ticks.append(kind.choice)
        elif kind.field == "other_channel":
            if is_ticked(text):
                other_ticks.append(kind.choice)
        elif kind.field == "channels":
            chosen, unknown = split_choices(text, self.channel_vocabulary, aliases=CHANNEL_ALIASES)
            catalog_row.channels = chosen
            catalog_row.other_channels = unknown
            if unknown:
                self.warning(
                    row,
                    column,
                    _(
                        "Channels not in the channel register: %(words)s; kept as written with the row. Add them "
                        "under Disclosure registers → Disclosure channels to have them ticked like the others."
                    )
                    % {"words": "、".join(f"“{word}”" for word in unknown)},
                )
        elif kind.field == "five_stages":
            catalog_row.five_stages = parse_choices(text, self.stage_vocabulary, suffix="公开")
        elif kind.field in ticked and is_ticked(text):
            ticked[kind.field].extend(kind.levels if kind.field == "levels" else [kind.choice])

    def first_column(self, field_name):
        return next((column for column, kind in sorted(self.columns.items()) if kind.field == field_name), None)

    def layout(self, title_row, header_row, data_start):
        """The sheet's own layout as plain JSON data, for write_catalog_workbook(layout=…)."""
        above = [[self.raw(row, column) or None for column in range(1, self.width + 1)] for row in range(1, data_start)]
        merges = [
            f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            for min_row, min_col, max_row, max_col in self.scan.merges
            if max_row < data_start
        ]
        return {
            "version": LAYOUT_VERSION,
            "sheet": self.scan.name,
            "rows_above": above,
            "title_row": title_row,
            "header_row": header_row,
            "merges": merges,
            "columns": [
                self.columns[column].as_json() if column in self.columns else {} for column in range(1, self.width + 1)
            ],
        }


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


def _number(number, row):
    """The 序号 as the county printed it, else the running number; whole numbers stay numbers."""
    text = row.number or str(number)
    whole = ascii_integer(text, max_digits=9)
    return text if whole is None else whole


def _layout(rows, level_columns):
    columns = [
        _Out("", "序号", 6, lambda number, row: _number(number, row)),
        _Out(ITEMS, "一级事项", 14, lambda number, row: row.first_level_item),
        _Out(ITEMS, "二级事项", 18, lambda number, row: row.second_level_item),
        _Out("", "公开内容（要素）", 36, lambda number, row: row.content_elements),
        _Out("", "公开依据", 44, lambda number, row: format_legal_bases(row.legal_bases)),
        _Out("", "公开时限", 20, lambda number, row: row.time_limit_text),
        _Out("", "公开主体", 16, lambda number, row: row.responsible_body),
        _Out("", CHANNELS, 24, lambda number, row: format_choices(row.channels + row.other_channels)),
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


def write_catalog_workbook(catalog_title, rows, not_involved_note=None, *, level_columns=None, layout=None):
    """The catalog as xlsx bytes: in ``layout`` (a ``CatalogWorkbook.layout``) when given, else the canonical layout.

    In the canonical layout, ``level_columns`` defaults to 县级 and 乡级 plus any other level the
    rows use, in :class:`Level` order, and the 五公开 and 备注 columns appear when a row has a value
    for them. A county layout keeps its own columns, labels, header rows and lines above the table;
    ``level_columns`` does not apply to it.
    """
    if layout:
        return _write_in_layout(catalog_title, rows, not_involved_note, layout)
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
            span = sum(1 for _column in columns[number - 1 :] if _column.group == column.group)
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


_WIDTHS = {
    "number": 6,
    "first_level_item": 14,
    "second_level_item": 18,
    "content_elements": 36,
    "legal_bases": 44,
    "time_limit_text": 20,
    "responsible_body": 16,
    "channels": 24,
    "five_stages": 12,
    "remarks": 16,
}


def _layout_value(kind, number, row):
    """What a county layout's column shows for a row; None for a column the reader does not import."""
    if kind.field == "number":
        return _number(number, row)
    if kind.field in _TEXT_FIELDS:
        return getattr(row, kind.field)
    if kind.field == "legal_bases":
        return format_legal_bases(row.legal_bases)
    if kind.field == "channels" and kind.choice:
        return _tick(kind.choice in row.channels)
    if kind.field == "channels":
        return format_choices(row.channels + row.other_channels)
    if kind.field == "other_channel":
        return _tick(kind.choice in row.other_channels)
    if kind.field in ("audience", "method"):
        return _tick(getattr(row, kind.field) == kind.choice)
    if kind.field == "levels":
        return _tick(any(level in row.levels for level in kind.levels))
    if kind.field == "five_stages":
        return format_choices(row.five_stages)
    return None


def _write_in_layout(catalog_title, rows, not_involved_note, layout):
    kinds = [_Kind.from_json(column) for column in layout["columns"]]
    above = layout["rows_above"]
    last = max(len(kinds), 1)
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    wrap = Alignment(wrap_text=True, vertical="top")
    centered = Alignment(wrap_text=True, horizontal="center", vertical="center")
    fill = PatternFill("solid", fgColor="EDEDED")

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\']", "", layout.get("sheet") or catalog_title)[:31] or sheet.title
    header_row = layout.get("header_row") or len(above)
    for row, texts in enumerate(above, start=1):
        for column, text in enumerate(texts, start=1):
            if row == layout.get("title_row") and text and catalog_title:
                text, catalog_title = catalog_title, ""  # the catalog's current title, once
            cell = _put(sheet, row, column, text) if text else sheet.cell(row, column)
            if row >= header_row:
                cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), fill, border, centered
            elif text and row == layout.get("title_row"):
                cell.font, cell.alignment = Font(bold=True, size=16), centered
    for reference in layout.get("merges", []):
        sheet.merge_cells(reference)
    for column, kind in enumerate(kinds, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(kind.field, 8)

    data_start = len(above) + 1
    link_column = next((column for column, kind in enumerate(kinds, start=1) if kind.field == "second_level_item"), 0)
    item_column = next((column for column, kind in enumerate(kinds, start=1) if kind.field == "first_level_item"), 0)
    for index, catalog_row in enumerate(rows):
        row = data_start + index
        for column, kind in enumerate(kinds, start=1):
            cell = _put(sheet, row, column, _layout_value(kind, index + 1, catalog_row))
            cell.border = border
            text_field = kind.field in _WIDTHS and kind.field not in ("number",) and not kind.choice
            cell.alignment = wrap if text_field else centered
        if link_column and catalog_row.column_url:
            cell = sheet.cell(row, link_column)
            cell.hyperlink = catalog_row.column_url
            cell.font = Font(color="0563C1", underline="single")
    if item_column:
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].first_level_item != rows[start].first_level_item:
                if index - start > 1 and rows[start].first_level_item:
                    sheet.merge_cells(
                        start_row=data_start + start,
                        start_column=item_column,
                        end_row=data_start + index - 1,
                        end_column=item_column,
                    )
                start = index
    if not_involved_note:
        row = data_start + len(rows)
        sheet.cell(row, 1, NOT_INVOLVED_LABEL).font = Font(bold=True)
        if last >= 4:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            _put(sheet, row, 4, not_involved_note).alignment = wrap
            sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=last)
        else:
            _put(sheet, row, 2, not_involved_note)
    sheet.print_title_rows = f"{header_row}:{data_start - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
