"""Standard catalog workbooks: reading the county layout, writing it, and refusing bad files."""

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gk_wagtail.formats.catalog_rows import (
    Audience,
    CatalogRow,
    LegalBasis,
    LegalRank,
    Level,
    Method,
    parse_choices,
    parse_legal_bases,
    parse_working_days,
)
from gk_wagtail.formats.catalog_workbook import (
    CatalogImportError,
    CatalogWorkbook,
    read_catalog_workbook,
    write_catalog_workbook,
)
from gk_wagtail.vocabularies import DEFAULT_CHANNELS, DISCLOSURE_STAGES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "catalogs"
COUNTY_FIXTURE = FIXTURES / "county_budget_catalog.xlsx"
TITLE = "示范县财政预决算领域基层政务公开标准目录"


def make_row(**changes):
    values = {
        "first_level_item": "预算公开",
        "second_level_item": "政府预算",
        "content_elements": "政府预算及报表和说明",
        "legal_bases": [LegalBasis("法律", "《中华人民共和国预算法》第十四条")],
        "time_limit_text": "信息形成或者变更之日起20个工作日内",
        "responsible_body": "县财政局",
        "channels": ["政府网站", "公开查阅点"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级"],
    }
    return CatalogRow(**values | changes)


def three_rows():
    return [
        make_row(),
        make_row(second_level_item="部门预算"),
        make_row(first_level_item="决算公开", second_level_item="政府决算"),
    ]


def written(rows=None, note=None, title=TITLE):
    """A workbook from the writer: title in row 1, headers in rows 2-3, data from row 4, columns A-N."""
    return write_catalog_workbook(title, three_rows() if rows is None else rows, note)


def edited(data, change):
    workbook = openpyxl.load_workbook(BytesIO(data))
    change(workbook.active)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(data, **options):
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(BytesIO(data), **options)
    return raised.value.errors


def located(errors):
    return [(error.row, error.column) for error in errors]


# Reading the county fixture


@pytest.fixture(scope="module")
def county():
    return read_catalog_workbook(COUNTY_FIXTURE)


def test_county_catalog_reads_the_title_above_the_header_and_every_row(county):
    assert county.title == TITLE
    assert county.sheet_name == "财政预决算"
    assert [row.second_level_item for row in county.rows] == [
        "政府预算",
        "部门预算",
        "乡镇预算",
        "政府决算",
        "部门决算",
        "政府债务限额、余额",
        "惠民惠农财政补贴资金",
        "财政补助资金拨付明细",
    ]
    assert county.level_columns == ["县级", "乡级"]
    assert county.not_involved_note is None


def test_merged_first_level_item_applies_to_every_row_of_the_item(county):
    assert [row.first_level_item for row in county.rows] == [
        "预算公开",
        "预算公开",
        "预算公开",
        "决算公开",
        "决算公开",
        "政府债务",
        "财政资金",
        "财政资金",
    ]


def test_tagged_citations_keep_their_rank(county):
    assert county.rows[0].legal_bases == [
        LegalBasis("法律", "《中华人民共和国预算法》第十四条"),
        LegalBasis("行政法规", "《中华人民共和国政府信息公开条例》第二十条"),
        LegalBasis("规范性文件", "《地方预决算公开操作规程》（财预〔2016〕143号）"),
    ]


def test_numbered_citations_without_tags_are_ranked_other(county):
    assert county.rows[1].legal_bases == [
        LegalBasis("其他", "《中华人民共和国预算法》第十四条"),
        LegalBasis("其他", "《地方预决算公开操作规程》（财预〔2016〕143号）"),
    ]


def test_rank_headings_rank_the_lines_below_them(county):
    assert county.rows[2].legal_bases == [
        LegalBasis("法律", "《中华人民共和国预算法》第十四条"),
        LegalBasis("规范性文件", "《地方预决算公开操作规程》（财预〔2016〕143号）"),
        LegalBasis("规范性文件", "《关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"),
    ]


def test_channels_are_read_from_tick_lists_and_from_plain_lists(county):
    assert county.rows[0].channels == ["政府网站", "公开查阅点"]  # ■/□ list
    assert county.rows[2].channels == ["政府网站", "社区/企事业单位/村公示栏(电子屏)"]  # full-width brackets
    assert county.rows[3].channels == ["政府网站", "公开查阅点", "政府公报"]  # separated by ；
    assert county.rows[4].channels == ["政府网站", "公开查阅点"]  # separated by /


def test_every_tick_mark_counties_use_is_read(county):
    ticks = [(row.audience, row.method, row.levels) for row in county.rows]
    assert ticks[1] == ("全社会", "主动", ["县级"])  # √
    assert ticks[4] == ("全社会", "主动", ["县级"])  # ●
    assert ticks[7] == ("特定群体", "依申请", ["县级"])  # ✓
    assert ticks[6] == ("特定群体", "主动", ["县级", "乡级"])  # ■ under both levels


def test_five_stages_are_read_with_or_without_the_word_gongkai(county):
    assert [row.five_stages for row in county.rows] == [
        ["结果"],
        ["结果"],
        [],
        ["结果"],
        ["结果"],
        ["管理", "结果"],
        ["执行", "结果"],
        ["服务"],
    ]


def test_remarks_and_the_column_link_are_kept(county):
    assert county.rows[1].remarks == "涉密部门按规定不予公开"
    assert county.rows[0].column_url == "https://www.example.gov.cn/gk/fdzdgknr/czyjs/zfys/"
    assert county.rows[1].column_url == ""


def test_working_days_come_from_the_time_limit_text(county):
    # 批准后20日内 counts calendar days; 二十个工作日 is written in Chinese numerals.
    assert [row.time_limit_working_days for row in county.rows] == [None, None, None, None, None, 20, 20, 20]


def test_county_catalog_survives_export_and_import_unchanged(county):
    exported = write_catalog_workbook(
        county.title, county.rows, county.not_involved_note, level_columns=county.level_columns
    )
    assert read_catalog_workbook(BytesIO(exported)) == county


# Round trip of generated rows

_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_han = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12)
_citation = st.builds(
    lambda title, article, number: f"《{title}》{article}{number}",
    _han,
    st.sampled_from(["", "第十四条", "第二十条第一款"]),
    st.sampled_from(["", "（财预〔2016〕143号）", "(国办发〔2019〕54号)"]),
)
_rows = st.builds(
    CatalogRow,
    first_level_item=st.sampled_from(["", "预算公开", "决算公开"]) | _text,
    second_level_item=_text,
    content_elements=_text,
    legal_bases=st.lists(st.builds(LegalBasis, st.sampled_from(LegalRank.values), _citation), max_size=4),
    time_limit_text=st.sampled_from(["", "实时", "信息形成或者变更之日起20个工作日内", "公告期五个工作日"]) | _text,
    responsible_body=_text,
    channels=st.lists(st.sampled_from(DEFAULT_CHANNELS), unique=True),
    audience=st.sampled_from(Audience.values),
    method=st.sampled_from(Method.values),
    levels=st.lists(st.sampled_from(Level.values), unique=True, min_size=1).map(
        lambda levels: [level for level in Level.values if level in levels]
    ),
    five_stages=st.lists(st.sampled_from(DISCLOSURE_STAGES), unique=True),
    remarks=st.just("") | _text,
    column_url=st.sampled_from(["", "/gk/czyjs/", "https://www.example.gov.cn/gk/2021/index.html"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.just("") | _text,
    rows=st.lists(_rows, min_size=1, max_size=6),
    note=st.none() | _text,
)
def test_any_valid_rows_survive_writing_and_reading(title, rows, note):
    result = read_catalog_workbook(BytesIO(write_catalog_workbook(title, rows, note)))
    assert result.rows == rows
    assert (result.title, result.not_involved_note) == (title, note)


def test_a_catalog_with_only_a_not_involved_note_round_trips():
    note = "本乡无征地补偿事项，由县自然资源局统一公开。"
    result = read_catalog_workbook(BytesIO(write_catalog_workbook("示范乡征地补偿领域标准目录", [], note)))
    assert (result.rows, result.not_involved_note) == ([], note)


# What the writer writes


def test_writer_uses_the_two_level_county_header():
    sheet = openpyxl.load_workbook(BytesIO(written())).active
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert {"A1:N1", "A2:A3", "B2:C2", "D2:D3", "I2:J2", "K2:L2", "M2:N2"} <= merged
    assert [sheet.cell(2, column).value for column in (2, 9, 11, 13)] == [
        "公开事项",
        "公开对象",
        "公开方式",
        "公开层级",
    ]
    assert [sheet.cell(3, column).value for column in range(9, 15)] == [
        "全社会",
        "特定群体",
        "主动",
        "依申请",
        "县级",
        "乡级",
    ]
    assert sheet.freeze_panes == "D4"


def test_writer_ticks_with_filled_and_empty_squares():
    sheet = openpyxl.load_workbook(BytesIO(written([make_row(audience="特定群体", levels=["县级", "乡级"])]))).active
    assert [sheet.cell(4, column).value for column in range(9, 15)] == ["□", "■", "■", "□", "■", "■"]


def test_writer_merges_the_first_level_item_down_its_rows():
    rows = three_rows() + [make_row(first_level_item=""), make_row(first_level_item="")]
    sheet = openpyxl.load_workbook(BytesIO(written(rows))).active
    data_merges = {str(cell_range) for cell_range in sheet.merged_cells.ranges if cell_range.min_row >= 4}
    assert data_merges == {"B4:B5"}  # empty items stay unmerged


def test_formula_like_text_is_written_as_text():
    data = written([make_row(content_elements='=HYPERLINK("http://evil.example")')])
    cell = openpyxl.load_workbook(BytesIO(data)).active["D4"]
    assert cell.data_type == "s"
    assert read_catalog_workbook(BytesIO(data)).rows[0].content_elements == '=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize(
    ("number", "cell"),
    [("7", 7), ("²", "²"), ("١٢", "١٢"), ("１２", "１２"), ("3.1", "3.1"), ("9" * 12, "9" * 12)],
)
def test_the_countys_numbering_is_a_number_cell_only_in_ascii_digits(number, cell):
    # str.isdigit() passed "²", which int() then refused, and "١٢", which it rewrote as 12.
    data = written([make_row(number=number)])
    assert openpyxl.load_workbook(BytesIO(data)).active["A4"].value == cell
    assert read_catalog_workbook(BytesIO(data)).rows[0].number == number


def test_optional_columns_appear_only_when_a_row_uses_them():
    plain = openpyxl.load_workbook(BytesIO(written())).active
    assert plain.max_column == 14
    rich = openpyxl.load_workbook(BytesIO(written([make_row(five_stages=["决策"], remarks="试行")]))).active
    assert [rich.cell(2, 15).value, rich.cell(2, 16).value] == ["五公开", "备注"]


def test_level_columns_cover_the_levels_rows_use():
    data = write_catalog_workbook(TITLE, [make_row(levels=["镇级", "村级"])], level_columns=["镇级"])
    assert read_catalog_workbook(BytesIO(data)).level_columns == ["镇级", "村级"]
    assert read_catalog_workbook(BytesIO(written())).level_columns == ["县级", "乡级"]


# Variants of the layout found in published files


def build_sheet(header_rows, data_rows, merges=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [*header_rows, *data_rows]:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FLAT_HEADER = [
    "序号",
    "一级事项",
    "二级事项",
    "公开内容",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "全社会",
    "特定群体",
    "主动",
    "依申请",
    "县级",
    "乡级",
]
FLAT_ROW = [
    1,
    "预算公开",
    "政府预算",
    "政府预算及报表",
    "《中华人民共和国预算法》",
    "实时",
    "县财政局",
    "政府网站",
    "■",
    "",
    "■",
    "",
    "■",
    "",
]


def test_a_one_row_header_without_title_is_read():
    result = read_catalog_workbook(BytesIO(build_sheet([FLAT_HEADER], [FLAT_ROW])))
    assert result.title == ""
    assert result.rows == [
        CatalogRow(
            "预算公开",
            "政府预算",
            "政府预算及报表",
            [LegalBasis("其他", "《中华人民共和国预算法》")],
            "实时",
            "县财政局",
            ["政府网站"],
            "全社会",
            "主动",
            ["县级"],
        )
    ]


def test_channels_in_one_tick_column_each_are_read():
    top = [
        "序号",
        "公开事项",
        None,
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        None,
        None,
        "公开对象",
        None,
        "公开方式",
        None,
        "公开层级",
    ]
    sub = [
        None,
        "一级事项",
        "二级事项",
        None,
        None,
        None,
        None,
        "政府网站",
        "公开查阅点",
        "社区/企事业单位/村公示栏（电子屏）",
        "全社会",
        "特定群体",
        "主动",
        "依申请",
        "县(市、区)级",
    ]
    data = [1, "预算公开", "政府预算", "内容", "", "", "县财政局", "■", "□", "√", "■", "□", "■", "□", "■"]
    merges = ["A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:J1", "K1:L1", "M1:N1"]
    row = read_catalog_workbook(BytesIO(build_sheet([top, sub], [data], merges))).rows[0]
    assert row.channels == ["政府网站", "社区/企事业单位/村公示栏(电子屏)"]
    assert row.levels == ["县级"]  # 县(市、区)级


def test_rows_numbered_but_not_filled_in_are_skipped():
    data = edited(written(), lambda sheet: [sheet.cell(row, 1, row - 3) for row in (7, 8)])
    assert len(read_catalog_workbook(BytesIO(data)).rows) == 3


def test_a_second_sheet_is_read_by_name():
    workbook = openpyxl.load_workbook(BytesIO(written()))
    workbook.create_sheet("说明", 0).append(["填表说明：每个事项一行。"])
    buffer = BytesIO()
    workbook.save(buffer)
    assert len(read_catalog_workbook(BytesIO(buffer.getvalue()), sheet=TITLE).rows) == 3


# Text forms of row parts


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("信息形成或者变更之日起20个工作日内", 20),
        ("公告期5个工作日", 5),
        ("收到申请之日起二十个工作日内", 20),
        ("十五个工作日内", 15),
        ("２０个工作日内", 20),
        ("实时", 0),
        ("即时公开", 0),
        ("批准后20日内", None),
        ("每年6月底前", None),
        ("", None),
        ("²个工作日内", 2),  # folded like full-width digits
        ("١٢个工作日内", None),
        ("12345个工作日内", None),
        ("9" * 5000 + "个工作日内", None),  # int() refuses more than 4,300 digits
        ("九" * 5000 + "个工作日内", None),
    ],
)
def test_working_days_are_derived_from_time_limit_text(text, days):
    assert parse_working_days(text) == days
    assert make_row(time_limit_text=text).time_limit_working_days == days


def test_channel_words_containing_slashes_are_not_split():
    assert parse_choices("发布会/听证会/入户/现场、政府网站", DEFAULT_CHANNELS) == [
        "发布会/听证会",
        "入户/现场",
        "政府网站",
    ]


def test_unticked_channels_in_a_tick_list_are_not_chosen():
    assert parse_choices("□政府网站 ■政府公报 ☐其他 ☑12345热线", DEFAULT_CHANNELS) == ["政府公报", "12345热线"]


def test_unknown_channel_words_are_reported_whole_with_the_allowed_words():
    with pytest.raises(ValidationError) as raised:
        parse_choices("政府网站、微信群，政务服务中心等", DEFAULT_CHANNELS)
    message = raised.value.messages[0]
    assert "“微信群”" in message and "“政务服务中心等”" in message
    assert "12345热线" in message  # the allowed words are listed


def test_citations_on_one_line_are_split_and_numbering_dropped():
    assert parse_legal_bases("（1）【法律】《预算法》第十四条；【行政法规】《条例》\n①《规程》、《意见》。") == [
        LegalBasis("法律", "《预算法》第十四条"),
        LegalBasis("行政法规", "《条例》"),
        LegalBasis("其他", "《规程》"),
        LegalBasis("其他", "《意见》"),
    ]


def test_a_document_number_in_brackets_is_not_taken_for_a_rank():
    assert parse_legal_bases("〔2016〕143号文") == [LegalBasis("其他", "〔2016〕143号文")]


def test_unknown_rank_tags_are_refused():
    with pytest.raises(ValidationError, match="【党内法规】"):
        parse_legal_bases("【党内法规】《中国共产党党务公开条例（试行）》")


def test_row_clean_names_each_missing_element():
    with pytest.raises(ValidationError) as raised:
        CatalogRow(second_level_item="政府预算", levels=["国家级"]).clean()
    assert set(raised.value.message_dict) == {"content_elements", "responsible_body", "audience", "method", "levels"}


# Bad files: every one fails with located errors and yields no rows


def test_an_old_xls_workbook_is_refused_with_advice_to_save_as_xlsx():
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(FIXTURES / "catalog_excel97.xls")
    [error] = raised.value.errors
    assert "save it as an Excel workbook (.xlsx)" in error.message
    assert raised.value.filename == "catalog_excel97.xls"
    assert str(raised.value).startswith("1 error in catalog_excel97.xls:")


def test_a_renamed_word_document_is_refused():
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(FIXTURES / "catalog_renamed_docx.xlsx")
    assert "Word document" in raised.value.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html><table><tr><td>\xe5\xba\x8f\xe5\x8f\xb7</td></tr></table></html>", "not an Excel workbook"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_zip_archives_are_refused(data, words):
    [error] = errors_of(data)
    assert words in error.message


def test_a_zip_archive_without_a_workbook_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "目录")
    assert "zip archive is not an Excel workbook" in errors_of(buffer.getvalue())[0].message


def test_an_oversized_file_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(written())
    with pytest.raises(CatalogImportError, match="larger than 1.0\xa0KB"):
        read_catalog_workbook(path, max_bytes=1024)
    assert "larger than" in errors_of(written(), max_bytes=1024)[0].message


def test_a_workbook_that_unpacks_too_large_is_refused():
    assert "unpacks to more than" in errors_of(written(), max_uncompressed_bytes=10_000)[0].message


def test_too_many_rows_are_refused_at_the_first_row_over_the_limit():
    [error] = errors_of(written(), max_rows=2)
    assert (error.row, error.sheet) == (6, TITLE)
    assert "more than 2" in error.message


def test_an_empty_workbook_is_refused():
    buffer = BytesIO()
    openpyxl.Workbook().save(buffer)
    [error] = errors_of(buffer.getvalue())
    assert error.message == "The sheet is empty."


def test_a_sheet_without_the_catalog_header_is_refused():
    [error] = errors_of(build_sheet([["事项", "内容"]], [["预算", "报表"]]))
    assert "No catalog header" in error.message


def test_a_header_without_rows_or_note_is_refused():
    [error] = errors_of(written([]))
    assert "no catalog rows" in error.message


def test_a_missing_sheet_name_lists_the_sheets():
    assert "has no sheet “目录”" in errors_of(written(), sheet="目录")[0].message


def test_a_wrong_header_is_located():
    missing, unknown = errors_of(edited(written(), lambda sheet: sheet.cell(2, 5, "法律依据")))
    assert (unknown.row, unknown.column, unknown.header) == (2, "E", "法律依据")
    assert "Unknown column header “法律依据”" in unknown.message
    assert missing.message == "Column “公开依据” is missing."


def test_a_missing_column_is_named():
    def drop_responsible_body(sheet):
        sheet.unmerge_cells("G2:G3")
        for row in range(2, 7):
            sheet.cell(row, 7).value = None

    [error] = errors_of(edited(written(), drop_responsible_body))
    assert (error.row, error.column) == (2, None)
    assert error.message == "Column “公开主体” is missing."


def test_a_sub_header_under_the_wrong_group_is_located():
    errors = errors_of(edited(written(), lambda sheet: sheet.cell(3, 11, "全社会")))
    assert [(error.row, error.column, error.message) for error in errors] == [
        (2, None, "Column “公开方式: 主动” is missing."),
        (3, "K", "“全社会” does not belong under “公开方式”."),
    ]


def test_a_column_given_twice_is_refused():
    errors = errors_of(edited(written(), lambda sheet: sheet.cell(2, 5, "公开时限")))
    assert [(error.row, error.column, error.message) for error in errors] == [
        (2, None, "Column “公开依据” is missing."),
        (2, "F", "Column “公开时限” appears twice, also in column E."),
    ]


def test_merged_cells_outside_the_first_level_item_are_refused_once():
    errors = errors_of(edited(written(), lambda sheet: sheet.merge_cells("D4:D5")))
    assert located(errors) == [(4, "D")]
    assert "D4:D5" in errors[0].message and errors[0].header == "公开内容（要素）"


def test_a_first_level_item_merged_across_columns_is_refused():
    errors = errors_of(edited(written(), lambda sheet: sheet.merge_cells("B6:C6")))
    assert located(errors) == [(6, "B")]


def test_merged_cells_across_header_and_data_are_refused():
    def merge(sheet):
        sheet.unmerge_cells("A2:A3")
        sheet.merge_cells("A2:A4")

    assert (2, "A") in located(errors_of(edited(written(), merge)))


def test_unknown_channel_words_are_a_located_warning_and_kept():
    result = read_catalog_workbook(BytesIO(edited(written(), lambda sheet: sheet.cell(5, 8, "政府网站、微信群"))))
    assert (result.rows[1].channels, result.rows[1].other_channels) == (["政府网站"], ["微信群"])
    [warning] = result.warnings
    assert (warning.sheet, warning.row, warning.column, warning.header) == (TITLE, 5, "H", "公开渠道和载体")
    assert "“微信群”" in warning.message
    assert str(warning).startswith(
        f"sheet “{TITLE}”, row 5, column H (公开渠道和载体): Channels not in the channel register"
    )


def test_every_empty_required_cell_is_reported_in_one_go():
    def empty_cells(sheet):
        sheet.cell(4, 3).value = None  # 二级事项
        sheet.cell(5, 4).value = None  # 公开内容
        sheet.cell(6, 7).value = None  # 公开主体
        sheet.cell(6, 9).value = "□"  # 全社会: now no audience ticked
        sheet.cell(6, 11).value = None  # 主动: now no method ticked
        sheet.cell(6, 13).value = "□"  # 县级: now no level ticked

    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(BytesIO(edited(written(), empty_cells)))
    assert located(raised.value.errors) == [(4, "C"), (5, "D"), (6, "G")]
    assert raised.value.errors[0].header == "公开事项/二级事项"
    # Blank tick groups are filled in by the documented rule, each with a warning at its cell.
    assert located(raised.value.warnings) == [(6, "I"), (6, "K"), (6, "M")]


def test_both_methods_ticked_is_refused():
    [error] = errors_of(edited(written(), lambda sheet: sheet.cell(4, 12, "■")))
    assert (error.row, error.column, error.header) == (4, "K", "公开方式/主动")
    assert "Both 主动、依申请 are ticked" in error.message


def test_both_audiences_ticked_is_refused():
    [error] = errors_of(edited(written(), lambda sheet: sheet.cell(5, 10, "√")))
    assert (error.row, error.column) == (5, "I")


def test_an_unknown_tick_mark_is_located():
    [error] = errors_of(edited(written(), lambda sheet: sheet.cell(4, 13, "x")))
    assert (error.row, error.column) == (4, "M")
    assert "Unknown mark “x”" in error.message


def test_an_unknown_rank_tag_is_located():
    [error] = errors_of(edited(written(), lambda sheet: sheet.cell(5, 5, "【党内法规】《条例》")))
    assert (error.row, error.column) == (5, "E")


def test_a_value_in_a_column_without_header_is_refused():
    [error] = errors_of(edited(written(), lambda sheet: sheet.cell(5, 16, "补充说明")))
    assert (error.row, error.column) == (5, "P")


def test_the_error_names_an_uploaded_file():
    upload = BytesIO(edited(written(), lambda sheet: sheet.cell(4, 13, "x")))
    upload.name = "/tmp/uploads/财政预决算目录.xlsx"
    with pytest.raises(CatalogImportError) as raised:
        read_catalog_workbook(upload)
    assert str(raised.value).startswith("1 error in 财政预决算目录.xlsx:\n  sheet")


def test_a_valid_workbook_reads_into_a_catalog_workbook():
    note = "本县无保障性住房分配事项。"
    expected = CatalogWorkbook(TITLE, three_rows(), note, ["县级", "乡级"])
    assert read_catalog_workbook(BytesIO(written(note=note))) == expected
