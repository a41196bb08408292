"""Structured exports are read a bounded line at a time; over-long lines and bodies are refused, saying by how much."""

import io
import json

import pytest

from gk_wagtail.formats import jsonl
from gk_wagtail.formats.jsonl import MAX_BODY_CHARS, MAX_LINE_BYTES, read_documents
from gk_wagtail.formats.records import DocumentRecord, Skipped

KB = "\xa0KB"  # filesizeformat keeps the number and its unit together


def line(**values):
    return json.dumps({"id": "doc-1", "title": "关于印发某办法的通知", **values}, ensure_ascii=False)


def refuse(what):
    def refused(*args, **kwargs):
        raise AssertionError(f"{what} was reached")

    return refused


class RecordingFile(io.BytesIO):
    """A binary file that remembers the largest piece readline() returned."""

    largest = 0

    def readline(self, size=-1):
        assert size > 0, "a line must be read with a limit"
        piece = super().readline(size)
        self.largest = max(self.largest, len(piece))
        return piece


@pytest.fixture
def small_lines(monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1024)
    monkeypatch.setattr(jsonl, "_SKIP_CHUNK", 100)
    return 1024


def test_a_line_over_the_limit_is_skipped_with_its_size_and_the_others_are_read(tmp_path, small_lines):
    path = tmp_path / "docs.jsonl"
    long_line = line(id="doc-2", body="正" * 2000)  # 6,070 bytes
    path.write_text(
        "\n".join([line(id="doc-1"), long_line, line(id="doc-3")]) + "\n",
        encoding="utf-8",
    )
    records = list(read_documents(path))
    assert [type(record) for record in records] == [DocumentRecord, Skipped, DocumentRecord]
    assert records[1] == Skipped("docs.jsonl, line 2", f"The line is 5.9{KB} long; a line may be at most 1.0{KB}.")
    assert records[2].location == "docs.jsonl, line 3"


def test_no_more_than_the_limit_of_a_line_is_ever_in_memory(small_lines):
    file = RecordingFile((line(id="a") + "\n" + "x" * 50_000 + "\n" + line(id="b") + "\n" + "y" * 3000).encode())
    sizes = [item if isinstance(item, int) else len(item) for item in jsonl._bounded_lines(file)]
    assert file.largest <= small_lines + 1
    assert sizes == [len(line(id="a").encode()) + 1, 50_000, len(line(id="b").encode()) + 1, 3000]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"x" * 1024 + b"\n", [(1025, False)]),  # the limit and its newline: whole
        (b"x" * 1024, [(1024, False)]),  # the limit at the end of the file: whole
        (b"x" * 1025 + b"\n", [(1025, True)]),  # one byte over: its size, without the newline
        (b"x" * 1025, [(1025, True)]),
        (b"x" * 1025 + b"\r\n" + b"y\n", [(1026, True), (2, False)]),
    ],
)
def test_the_line_limit_counts_the_content_not_the_newline(small_lines, content, expected):
    lines = list(jsonl._bounded_lines(io.BytesIO(content)))
    assert [(item, True) if isinstance(item, int) else (len(item), False) for item in lines] == expected


def test_a_body_over_the_limit_is_refused_before_it_is_built(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_BODY_CHARS", 100)
    monkeypatch.setattr(jsonl, "body_html", refuse("building the body"))
    path = tmp_path / "docs.jsonl"
    path.write_text(line(body="字" * 101) + "\n", encoding="utf-8")
    assert list(read_documents(path)) == [
        Skipped("docs.jsonl, line 1", "“body” has 101 characters; a body may have at most 100.")
    ]


def test_a_body_at_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_BODY_CHARS", 100)
    path = tmp_path / "docs.jsonl"
    path.write_text(line(body="字" * 100) + "\n", encoding="utf-8")
    [record] = read_documents(path)
    assert isinstance(record, DocumentRecord)


def test_the_line_limit_holds_a_body_at_its_limit_however_it_is_escaped():
    escaped = json.dumps({"id": "x", "title": "x", "body": "正" * MAX_BODY_CHARS}, ensure_ascii=True)
    assert len(escaped) < MAX_LINE_BYTES


LONG_STATUS = "未知" * 100_000
LONG_DATE = "2020" * 100_000


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"status": LONG_STATUS}, f"Unknown status “{LONG_STATUS[:59]}…”; expected one of 有效、"),
        ({"publish_date": LONG_DATE}, f"“publish_date” must be YYYY-MM-DD, YYYY-MM or empty, not “{LONG_DATE[:59]}…”."),
        ({"url": "https://" + "a" * 100_000}, "“url” is too long."),
    ],
)
def test_reasons_quote_no_more_than_the_start_of_a_long_value(tmp_path, values, reason):
    path = tmp_path / "docs.jsonl"
    path.write_text(line(**values) + "\n", encoding="utf-8")
    [skipped] = read_documents(path)
    assert skipped.reason.startswith(reason)
    assert len(skipped.reason) < 200
