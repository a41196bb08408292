"""CSV for clerks: safe to open in Excel or WPS, Chinese intact."""

import csv
import io

import pytest

from gk_wagtail.formats.spreadsheet import open_csv, safe_cell, write_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("关于甲事项的通知", "关于甲事项的通知"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "是"),
        (False, "否"),
        (12, "12"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(value, expected):
    assert safe_cell(value) == expected


def test_the_file_has_a_byte_order_mark_and_every_cell_is_made_safe(tmp_path):
    path = tmp_path / "report.csv"
    with open_csv(path) as file:
        write_csv(file, ["来源", "结果"], [["=1+1", "已创建"], ["甲,乙", "跳过"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["来源", "结果"], ["'=1+1", "已创建"], ["甲,乙", "跳过"]]
