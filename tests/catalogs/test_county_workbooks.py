"""Catalog workbooks as counties publish them: header spellings, merges, blank ticks, notes, extra columns, layouts."""

from io import BytesIO

import openpyxl
import pytest
from django.utils import translation

from gk_wagtail.formats.catalog_rows import CHANNEL_ALIASES, Level, parse_choices, split_choices
from gk_wagtail.formats.catalog_workbook import (
    CatalogImportError,
    parse_level_label,
    read_catalog_workbook,
    write_catalog_workbook,
)
from gk_wagtail.vocabularies import DEFAULT_CHANNELS
from tests.factories import COUNTY_TITLE, county_budget_sheet, sheet_bytes


def read(rows, merges=(), **options):
    return read_catalog_workbook(BytesIO(sheet_bytes(rows, merges)), **options)


def refused(rows, merges=(), **options):
    with pytest.raises(CatalogImportError) as raised:
        read(rows, merges, **options)
    return raised.value


def located(problems):
    return [(problem.row, problem.column) for problem in problems]


@pytest.fixture(scope="module")
def county():
    # Module-scoped, so made before the autouse english_messages applies.
    with translation.override("en"):
        return read(*county_budget_sheet())


# The county's 财政预决算 sheet


def test_the_title_is_the_title_line_not_the_attachment_number_or_the_note(county):
    assert county.title == COUNTY_TITLE


def test_every_row_is_read_and_the_lines_above_and_below_are_not(county):
    assert [row.second_level_item for row in county.rows] == [
        "政府预算",
        "部门预算",
        "乡镇预算",
        "政府决算",
        "惠民惠农财政补贴资金",
    ]
    assert county.row_numbers == [6, 7, 8, 9, 10]
    notes = [warning for warning in county.warnings if warning.row in (11, 12)]
    assert [warning.row for warning in notes] == [11, 12]
    assert all("note line" in warning.message for warning in notes)


def test_numbers_are_kept_as_printed(county):
    assert [row.number for row in county.rows] == ["1", "2", "5", "5.1", "6"]


def test_merged_item_and_body_apply_to_every_row_they_cover(county):
    assert [row.first_level_item for row in county.rows[:3]] == ["预算公开"] * 3
    assert [row.responsible_body for row in county.rows[:3]] == ["县财政局"] * 3


def test_guideline_spellings_of_ticks_are_read(county):
    # 特定群众, 主动公开, 依申请公开; 乡、村级 ticks both 乡级 and 村级.
    assert [(row.audience, row.method, row.levels) for row in county.rows] == [
        ("全社会", "主动", ["县级"]),
        ("全社会", "主动", ["县级", "乡级", "村级"]),
        ("全社会", "主动", ["乡级", "村级"]),
        ("全社会", "主动", ["县级"]),
        ("特定群体", "依申请", ["县级", "乡级", "村级"]),
    ]
    assert county.level_columns == ["县级", "乡级", "村级"]


def test_channels_from_lists_tick_lists_and_county_words(county):
    assert [row.channels for row in county.rows] == [
        ["政府网站", "公开查阅点"],
        ["政府网站", "两微一端"],
        ["政府网站", "村务公开栏"],
        ["政府网站", "政府公报"],
        ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
    ]


def test_an_extra_column_is_a_warning_naming_it_and_is_not_read(county):
    [warning] = [warning for warning in county.warnings if warning.column == "O"]
    assert (warning.row, warning.header) == (4, "责任科室")
    assert "“责任科室” is not a catalog column" in warning.message
    assert county.rows[0].remarks == ""  # 备注 is column P, not the 责任科室 next to it


def test_blank_ticks_under_the_same_item_take_the_row_above_with_a_warning(county):
    row_8 = [(warning.column, warning.message) for warning in county.warnings if warning.row == 8]
    assert [column for column, _message in row_8] == ["I", "K"]
    assert all("the row above of the same 一级事项 “预算公开”" in message for _column, message in row_8)


def test_blank_ticks_without_a_row_above_take_the_defaults_with_the_reason():
    rows, merges = county_budget_sheet(notes=False)
    rows[8][8:14] = [None] * 6  # 决算公开 starts a new item: nothing to inherit
    result = read(rows, merges, default_levels=["乡级"])
    assert (result.rows[3].audience, result.rows[3].method, result.rows[3].levels) == ("全社会", "主动", ["乡级"])
    messages = {warning.column: warning.message for warning in result.warnings if warning.row == 9}
    assert set(messages) == {"I", "K", "M"}
    assert "条例第十九条、第二十条" in messages["K"]
    assert "level of the organization" in messages["M"]


def test_no_extra_column_no_notes_no_warnings_but_the_blank_ticks():
    result = read(*county_budget_sheet(extra_column=False, notes=False))
    assert located(result.warnings) == [(8, "I"), (8, "K")]


# Header spellings


def one_row_catalog(header, row):
    return [["示范县涉农补贴领域基层政务公开标准目录"], header, row]


ONE_ROW_HEADER = [
    "序 号",
    "一级\n事项",
    "二级事项",
    "公开内容(要素)",
    "依据",
    "公开\n时限",
    "公开责任主体",
    "公开渠道及载体",
    "全社会",
    "特定群体",
    "主动",
    "依申请",
    "市级",
    "县级以上",
    "乡镇级",
    "备 注",
]
ONE_ROW_DATA = [
    1,
    "补贴政策",
    "耕地地力保护补贴",
    "补贴对象、标准",
    "《中华人民共和国农业法》",
    "实时",
    "县农业农村局",
    "政府网站/便民服务站",
    "■",
    "□",
    "■",
    "□",
    "□",
    "■",
    "■",
    "",
]


def test_a_one_row_header_with_half_width_brackets_spaces_and_level_variants():
    result = read(one_row_catalog(ONE_ROW_HEADER, ONE_ROW_DATA))
    [row] = result.rows
    assert (row.responsible_body, row.channels, row.levels) == (
        "县农业农村局",
        ["政府网站", "便民服务站"],
        ["县级", "乡级"],
    )
    assert result.level_columns == ["市级", "县级", "乡级"]
    assert not result.warnings


@pytest.mark.parametrize(
    ("index", "spelling"),
    [
        (3, "公开内容（要素）"),
        (3, "公开内容要素"),
        (4, "公开依据"),
        (6, "公开主体"),
        (6, "责任主体"),
        (7, "公开渠道和载体"),
        (7, "公开载体"),
        (0, "编号"),
        (9, "特定群众"),
        (10, "主动公开"),
        (11, "依申请公开"),
    ],
)
def test_each_spelling_of_the_guides_is_a_column(index, spelling):
    header = list(ONE_ROW_HEADER)
    header[index] = spelling
    assert len(read(one_row_catalog(header, ONE_ROW_DATA)).rows) == 1


@pytest.mark.parametrize(
    ("label", "levels"),
    [
        ("县级", ("县级",)),
        ("县(市、区)级", ("县级",)),
        ("县级以上", ("县级",)),
        ("乡、村级", ("乡级", "村级")),
        ("乡村级", ("乡级", "村级")),
        ("乡镇级", ("乡级",)),
        ("乡（镇）级", ("乡级",)),
        ("村（居）级", ("村级",)),
        ("市级", ("市级",)),
        ("省级", ("省级",)),
        ("公开层级", ()),
        ("一级事项", ()),
    ],
)
def test_level_labels(label, levels):
    assert parse_level_label(label) == levels


def test_a_three_row_header_with_an_outer_group_is_read():
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    top += ["公开要求", None, None, None, None, None]
    middle = [None, "一级事项", "二级事项", None, None, None, None, None, "公开对象", None, "公开方式", None]
    middle += ["公开层级", None]
    bottom = [None, None, None, None, None, None, None, None, "全社会", "特定群众", "主动", "依申请", "县级", "乡级"]
    data = [1, "救助政策", "低保政策", "政策文件", "《社会救助暂行办法》", "实时", "县民政局", "政府网站"]
    data += ["√", None, "√", None, "√", "√"]
    merges = ["A1:A3", "B1:C1", "B2:B3", "C2:C3", "D1:D3", "E1:E3", "F1:F3", "G1:G3", "H1:H3", "I1:N1"]
    merges += ["I2:J2", "K2:L2", "M2:N2"]
    result = read([top, middle, bottom, data], merges)
    [row] = result.rows
    assert (row.first_level_item, row.second_level_item, row.levels) == ("救助政策", "低保政策", ["县级", "乡级"])
    assert not result.warnings


def test_a_group_written_once_over_unmerged_sub_columns_and_a_column_number_row():
    top = ["序号", "公开事项", "", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象"]
    top += ["", "公开方式", "", "公开层级", "", ""]
    sub = [
        "",
        "一级事项",
        "二级事项",
        "",
        "",
        "",
        "",
        "",
        "全社会",
        "特定群体",
        "主动",
        "依申请",
        "县级",
        "乡级",
        "村级",
    ]
    numbers = list(range(1, 16))
    data = [1, "预算公开", "政府预算", "报表", "", "实时", "县财政局", "政府网站", "√", "", "√", "", "√", "", "√"]
    result = read([top, sub, numbers, data])
    assert [row.levels for row in result.rows] == [["县级", "村级"]]


def test_a_group_without_sub_columns_is_refused():
    header = list(ONE_ROW_HEADER)
    header[13] = "公开层级"
    error = refused(one_row_catalog(header, ONE_ROW_DATA)).errors
    assert ("needs its sub-columns" in error[0].message) or any("needs its sub-columns" in e.message for e in error)


# Merges in the data area


def test_merged_ticks_and_channels_apply_to_each_row():
    rows, merges = county_budget_sheet(notes=False)
    rows[6][7] = None  # H7 is covered by the merge
    rows[6][8:12] = [None] * 4
    result = read(rows, [*merges, "H6:H7", "I6:I7", "K6:K7"])
    assert result.rows[1].channels == ["政府网站", "公开查阅点"]
    assert (result.rows[1].audience, result.rows[1].method) == ("全社会", "主动")
    assert not [warning for warning in result.warnings if warning.row == 7]


@pytest.mark.parametrize(("merge", "column"), [("D6:D8", "D"), ("E6:E7", "E"), ("F7:F9", "F")])
def test_content_bases_and_time_limits_merged_down_are_errors_naming_the_range(merge, column):
    rows, merges = county_budget_sheet(notes=False)
    errors = refused(rows, [*merges, merge]).errors
    [error] = [error for error in errors if merge in error.message]
    assert (error.row, error.column) == (int(merge[1]), column)


def test_a_merge_across_columns_in_the_data_area_is_an_error_naming_the_range():
    rows, merges = county_budget_sheet(notes=False)
    [error] = refused(rows, [*merges, "C9:D9"]).errors
    assert (error.row, error.column) == (9, "C") and "C9:D9" in error.message


# Channels


def test_unknown_channels_are_kept_with_a_warning_naming_the_cell():
    rows, merges = county_budget_sheet(notes=False)
    rows[8][7] = "政府网站、微信公众号、□抖音"
    result = read(rows, merges)
    assert (result.rows[3].channels, result.rows[3].other_channels) == (["政府网站"], ["微信公众号"])
    [warning] = [warning for warning in result.warnings if warning.row == 9]
    assert warning.column == "H" and "“微信公众号”" in warning.message


def test_county_spellings_of_channels_map_to_the_register():
    text = "√门户网站 □政府公报 √新闻发布会 √12345政务服务热线 √电子屏 √报纸"
    assert parse_choices(text, DEFAULT_CHANNELS, aliases=CHANNEL_ALIASES) == [
        "政府网站",
        "发布会/听证会",
        "12345热线",
        "公示栏(电子屏)",
        "报刊",
    ]


def test_an_alias_applies_only_where_the_register_has_its_word():
    assert split_choices("报纸", ["政府网站"], aliases=CHANNEL_ALIASES) == ([], ["报纸"])


def test_channels_as_tick_columns_with_an_unknown_channel_column():
    top = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", None]
    top += [None, "全社会", "特定群体", "主动", "依申请", "县级"]
    sub = [None] * 7 + ["政府网站", "行政服务中心", "抖音号"] + [None] * 5
    data = [1, "预算公开", "政府预算", "报表", "", "实时", "县财政局", "√", "√", "√", "√", "", "√", "", "√"]
    merges = ["H1:J1"] + [f"{letter}1:{letter}2" for letter in "ABCDEFGKLMNO"]
    result = read([top, sub, data], merges)
    assert (result.rows[0].channels, result.rows[0].other_channels) == (["政府网站", "行政服务中心"], ["抖音号"])
    assert [warning.column for warning in result.warnings] == ["J"]
    assert result.layout["columns"][9] == {"field": "other_channel", "choice": "抖音号", "levels": []}


# All problems at once


def refused_county_sheet():
    """The county sheet with a misspelt header and problems in four rows."""
    rows, merges = county_budget_sheet()
    rows[3][5] = "办理时限"  # not a spelling of 公开时限
    rows[5][12] = "x"  # M6: not a tick
    rows[6][10:12] = ["√", "√"]  # K7, L7: both methods
    rows[8][2] = "政" * 201  # C9: longer than the field
    rows[9][3] = "=D9"  # D10: a formula with no saved value
    return rows, [*merges, "E8:E9"]  # 公开依据 merged over two matters


def test_a_refused_file_lists_every_header_and_row_problem_with_its_cell():
    error = refused(*refused_county_sheet())
    assert located(error.errors) == [
        (4, None),  # 公开时限 is missing …
        (4, "F"),  # … and 办理时限 is not a column,
        (4, "O"),  # nor is 责任科室: with a column missing, unknown columns are errors, not warnings
        (6, "M"),
        (7, "K"),
        (8, "E"),
        (9, "C"),
        (10, "D"),
    ]
    messages = [problem.message for problem in error.errors]
    assert messages[0] == "Column “公开时限” is missing."
    assert "Unknown column header “办理时限”" in messages[1]
    assert "E8:E9" in messages[5]
    assert "201 characters" in messages[6]
    assert "formula =D9" in messages[7] and "empty" not in messages[7]
    report = str(error)
    assert report.startswith("8 errors in the workbook:\n  sheet “Sheet1”, row 4: Column “公开时限” is missing.")
    assert "warnings:" in report and "row 11: Read as a note line" in report


# The county's own layout


def test_the_layout_recreates_the_county_sheet_and_reads_back_the_same(county):
    data = write_catalog_workbook(county.title, county.rows, layout=county.layout)
    again = read_catalog_workbook(BytesIO(data))
    assert again == county
    assert [row.number for row in again.rows] == ["1", "2", "5", "5.1", "6"]
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    assert [sheet["A1"].value, sheet["A2"].value] == ["附件2", COUNTY_TITLE]
    assert sheet["A3"].value.startswith("填报说明")
    assert [sheet.cell(5, column).value for column in range(9, 15)] == [
        "全社会",
        "特定群众",
        "主动公开",
        "依申请公开",
        "县级",
        "乡、村级",
    ]
    assert sheet["O4"].value == "责任科室" and sheet["O6"].value is None
    assert {"B4:C4", "M4:N4", "A4:A5", "B6:B8"} <= {str(merged) for merged in sheet.merged_cells.ranges}
    assert [sheet.cell(row, 13).value for row in (6, 7, 8)] == ["■", "■", "□"]


def test_the_layout_takes_the_current_title():
    rows, merges = county_budget_sheet(notes=False)
    first = read(rows, merges)
    data = write_catalog_workbook("示范县财政预决算标准目录（2024年修订）", first.rows, layout=first.layout)
    assert openpyxl.load_workbook(BytesIO(data)).active["A2"].value == "示范县财政预决算标准目录（2024年修订）"
    assert read_catalog_workbook(BytesIO(data)).title == "示范县财政预决算标准目录（2024年修订）"


def test_the_layout_is_plain_json_data(county):
    import json

    assert json.loads(json.dumps(county.layout)) == county.layout


def test_a_new_level_is_a_choice_in_order():
    assert Level.values[:3] == ["省级", "市级", "县级"]
