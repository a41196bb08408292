"""Hostile and oversized catalog workbooks are refused from the sheet's XML, before openpyxl builds anything."""

import re
import zipfile
from io import BytesIO

import openpyxl
import pytest

from gk_wagtail.formats import catalog_workbook
from gk_wagtail.formats.catalog_workbook import (
    DEFAULT_MAX_ROWS,
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    SHEET_ROW_MARGIN,
    CatalogImportError,
    read_catalog_workbook,
)
from tests.factories import budget_rows, county_budget_sheet, sheet_bytes, workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_ROWS = DEFAULT_MAX_ROWS + SHEET_ROW_MARGIN


def rewritten(data, change, part=SHEET):
    """The workbook with one part's XML changed by ``change(text) -> text``; the rest copied as it is."""
    source, target = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode()).encode()
            archive.writestr(info.filename, content)
    return target.getvalue()


def with_merge(data, reference):
    def add(xml):
        if "<mergeCells" in xml:
            return re.sub(r"<mergeCells count=\"\d+\">", f'\\g<0><mergeCell ref="{reference}"/>', xml)
        return xml.replace(
            "</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{reference}"/></mergeCells>'
        )

    return rewritten(data, add)


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if openpyxl is asked to load the workbook: refusals must come before it."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(catalog_workbook.openpyxl, "load_workbook", refuse)


def refusal(data):
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(BytesIO(data))
    [error] = raised.value.errors
    return error


def normal():
    return workbook(budget_rows()).getvalue()


def test_a_cell_at_the_last_excel_row_is_refused_from_the_dimension(no_openpyxl):
    book = openpyxl.Workbook()
    book.active["A1048576"] = "x"
    buffer = BytesIO()
    book.save(buffer)
    error = refusal(buffer.getvalue())
    assert "reaches A1048576 (its dimension is A1048576:A1048576)" in error.message
    assert f"at most {SHEET_ROWS} rows and {MAX_COLUMNS} columns" in error.message


def test_a_cell_past_the_bounds_is_refused_when_the_dimension_hides_it(no_openpyxl):
    data = rewritten(normal(), lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml))
    far = f'<row r="{SHEET_ROWS + 1}"><c r="A{SHEET_ROWS + 1}" t="inlineStr"><is><t>x</t></is></c></row>'
    data = rewritten(data, lambda xml: xml.replace("</sheetData>", far + "</sheetData>"))
    assert f"row {SHEET_ROWS + 1}" in refusal(data).message


def test_a_cell_past_the_last_column_is_refused(no_openpyxl):
    column = openpyxl.utils.get_column_letter(MAX_COLUMNS + 1)
    data = rewritten(normal(), lambda xml: re.sub(r'<dimension ref="[^"]*"/>', "", xml))
    data = rewritten(data, lambda xml: xml.replace("</row>", f'<c r="{column}4"><v>1</v></c></row>', 1))
    assert f"reaches {column}4" in refusal(data).message


def test_a_sheet_with_the_whole_grid_merged_is_refused(no_openpyxl):
    error = refusal(with_merge(normal(), "A20:XFD1048576"))
    assert "merged range A20:XFD1048576" in error.message


def test_merges_covering_more_cells_than_allowed_are_refused(no_openpyxl):
    last = openpyxl.utils.get_column_letter(MAX_COLUMNS)
    rows = MAX_MERGED_CELLS // MAX_COLUMNS + 1
    error = refusal(with_merge(normal(), f"A20:{last}{rows + 19}"))
    assert f"covering {MAX_MERGED_CELLS} cells" in error.message


def test_more_rows_than_a_catalog_has_are_refused_early(no_openpyxl):
    rows = "".join(f'<row r="{row}"><c r="A{row}"><v>{row}</v></c></row>' for row in range(1, SHEET_ROWS + 2))
    data = rewritten(
        normal(), lambda xml: re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", xml, flags=re.S)
    )
    data = rewritten(data, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', "", xml))
    assert f"row {SHEET_ROWS + 1}" in refusal(data).message


def test_the_row_limit_follows_max_rows(no_openpyxl):
    with pytest.raises(CatalogImportError, match=f"at most {10 + SHEET_ROW_MARGIN} rows"):
        read_catalog_workbook(BytesIO(sheet_bytes([["x"]] * (SHEET_ROW_MARGIN + 11))), max_rows=10)


def test_openpyxl_reads_only_the_area_that_holds_values(monkeypatch):
    calls = []
    original = openpyxl.worksheet._read_only.ReadOnlyWorksheet.iter_rows

    def iter_rows(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(openpyxl.worksheet._read_only.ReadOnlyWorksheet, "iter_rows", iter_rows)
    book = openpyxl.load_workbook(BytesIO(normal()))
    book.active["Z2000"].style = "Good"  # a styled empty cell widens the dimension, not the area read
    buffer = BytesIO()
    book.save(buffer)
    assert len(read_catalog_workbook(BytesIO(buffer.getvalue())).rows) == 4
    assert [(call["max_row"], call["max_col"]) for call in calls] == [(7, 16)]


# Cells


def county():
    return county_budget_sheet(notes=False)


def refused_cells(rows, merges):
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(BytesIO(sheet_bytes(rows, merges)))
    return raised.value.errors


def test_a_formula_without_a_saved_value_is_reported_as_a_formula_not_as_empty():
    rows, merges = county()
    rows[5][6] = '=CONCATENATE("县","财政局")'  # G6, 公开主体, covering G6:G8
    [error] = refused_cells(rows, merges)
    assert (error.row, error.column) == (6, "G")
    assert 'formula =CONCATENATE("县","财政局") without a saved value' in error.message


def test_a_formula_with_a_saved_value_gives_its_value_and_is_never_evaluated():
    rows, merges = county()
    rows[5][6] = "=1+1"
    # As Excel saves it: the formula with the value it calculated.
    data = rewritten(
        sheet_bytes(rows, merges),
        lambda xml: re.sub(r'(<c r="G6"[^>]*)>(<f>1\+1</f>)(<v\s*/>|<v></v>)?', r'\1 t="str">\2<v>县财政局</v>', xml),
    )
    result = read_catalog_workbook(BytesIO(data))
    assert result.rows[0].responsible_body == "县财政局"


def test_an_excel_error_value_is_reported():
    rows, merges = county()
    rows[5][3] = "#REF!"
    [error] = refused_cells(rows, merges)
    assert (error.row, error.column) == (6, "D") and "#REF!" in error.message


def test_a_cell_over_excels_limit_is_refused_with_its_cell():
    rows, merges = county()
    rows[5][3] = "LONG"
    data = rewritten(sheet_bytes(rows, merges), lambda xml: xml.replace(">LONG<", ">" + "很" * 40_000 + "<"))
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(BytesIO(data))
    [error] = raised.value.errors
    assert (error.row, error.column) == (6, "D") and "more than 32767" in error.message


@pytest.mark.parametrize(("column", "limit"), [(2, 200), (5, 200), (6, 200), (0, 20)])
def test_short_fields_are_refused_over_their_length(column, limit):
    rows, merges = county()
    rows[8][column] = "长" * (limit + 1)
    [error] = refused_cells(rows, merges)
    assert (error.row, error.column) == (9, "ABCDEFG"[column])
    assert f"at most {limit}" in error.message
