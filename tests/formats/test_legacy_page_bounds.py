"""Saved pages past a limit are refused before the costly step, saying which limit and what the page had."""

from pathlib import Path
from warnings import catch_warnings, simplefilter

import pytest
from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, Doctype, ProcessingInstruction

from gk_wagtail.formats import legacy_pages
from gk_wagtail.formats.legacy_pages import (
    MAX_PAGE_DEPTH,
    MAX_PAGE_ELEMENTS,
    LegacyPageError,
    decode_html,
    markup_counts,
    page_record,
    parse_legacy_page,
)
from gk_wagtail.formats.records import DocumentRecord, Skipped

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
KB = "\xa0KB"  # filesizeformat keeps the number and its unit together


def page_bytes(body, title="测试页面"):
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def refuse(what):
    def refused(*args, **kwargs):
        raise AssertionError(f"{what} was reached")

    return refused


@pytest.fixture
def no_soup(monkeypatch):
    """BeautifulSoup, the costly step, must not be reached."""
    monkeypatch.setattr(legacy_pages, "BeautifulSoup", refuse("BeautifulSoup"))


def reason(path, tmp_path):
    record = page_record(path, "", tmp_path)
    assert isinstance(record, Skipped), record
    assert record.location == str(path)
    return record.reason


# --- the file's size ---------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_skipped_from_its_size_without_being_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", 1024)
    page = tmp_path / "big.html"
    page.write_bytes(page_bytes("正" * 500))  # 1,584 bytes
    monkeypatch.setattr(Path, "open", refuse("opening the file"))
    monkeypatch.setattr(Path, "read_bytes", refuse("reading the file"))
    assert reason(page, tmp_path) == f"The file is 1.5{KB}; a saved page may be at most 1.0{KB}."


def test_a_file_just_over_the_limit_gives_its_size_in_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", 1024)
    page = tmp_path / "big.html"
    page.write_bytes(b"x" * 1025)
    assert reason(page, tmp_path) == f"The file is 1025 bytes; a saved page may be at most 1.0{KB}."


def test_a_file_at_the_size_limit_is_read(tmp_path, monkeypatch):
    data = page_bytes('<div class="TRS_Editor"><p>正文。</p></div>')
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", len(data))
    page = tmp_path / "page.html"
    page.write_bytes(data)
    assert isinstance(page_record(page, "", tmp_path), DocumentRecord)


def test_the_parser_refuses_bytes_over_the_size_limit_too(monkeypatch, no_soup):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", 1024)
    monkeypatch.setattr(legacy_pages, "decode_html", refuse("decoding"))
    with pytest.raises(LegacyPageError) as raised:
        parse_legacy_page(b"<p>" + b"x" * 2048, "big.html")
    assert raised.value.message == f"The file is 2.0{KB}; a saved page may be at most 1.0{KB}."


def test_a_file_that_grew_after_its_size_was_read_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", 1024)
    page = tmp_path / "growing.html"
    page.write_bytes(b"x" * 4096)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: _small(real_stat(self, **kwargs)))
    assert reason(page, tmp_path) == f"The file is 1025 bytes; a saved page may be at most 1.0{KB}."


class _small:
    """A stat() result that reports the file as empty, as when it grows after being listed."""

    def __init__(self, result):
        self.result = result
        self.st_size = 0

    def __getattr__(self, name):
        return getattr(self.result, name)


# --- tags and their nesting ----------------------------------------------------------------------


def test_a_page_with_too_many_tags_is_refused_before_the_soup_is_built(monkeypatch, no_soup):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_ELEMENTS", 100)
    # html, head, title, body, 150 spans and a comment.
    data = page_bytes("<span>字</span>" * 150 + "<!-- 注释 -->")
    with pytest.raises(LegacyPageError) as raised:
        parse_legacy_page(data, "many.html")
    assert raised.value.message == "The page has 155 tags and comments; a saved page may have at most 100."


def test_a_page_nested_too_deep_is_refused_before_the_soup_is_built(monkeypatch, no_soup):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_DEPTH", 50)
    with pytest.raises(LegacyPageError) as raised:
        parse_legacy_page(page_bytes("<div>" * 60 + "正文"), "deep.html")
    assert raised.value.message == "The page nests its tags 62 deep; a saved page may nest them at most 50 deep."


def test_tags_the_parser_closes_itself_do_not_count_as_nesting(monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_DEPTH", 50)
    page = parse_legacy_page(page_bytes('<div class="TRS_Editor">' + "<p>一段" * 100 + "</div>"), "p.html")
    assert len(page.body) == 1


def test_two_hundred_thousand_nested_divs_are_refused_at_the_real_limits(no_soup):
    data = page_bytes("<div>" * 200_000 + "正文" + "</div>" * 200_000)
    with pytest.raises(LegacyPageError) as raised:
        parse_legacy_page(data, "deep.html")
    assert raised.value.message == (
        f"The page has 200004 tags and comments; a saved page may have at most {MAX_PAGE_ELEMENTS}."
    )


def test_a_page_too_deep_is_skipped_in_an_import_and_named(tmp_path, no_soup):
    page = tmp_path / "deep.html"
    page.write_bytes(page_bytes("<font>" * (MAX_PAGE_DEPTH + 10) + "正文"))
    assert reason(page, tmp_path) == (
        f"The page nests its tags {MAX_PAGE_DEPTH + 12} deep; a saved page may nest them at most {MAX_PAGE_DEPTH} deep."
    )


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.htm*")))
def test_the_counts_are_those_of_the_soup_the_page_becomes(name):
    text = decode_html((FIXTURES / name).read_bytes())[0]
    with catch_warnings():
        simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    elements, deepest = 0, 0
    for node in soup.descendants:
        if isinstance(node, Tag):
            elements += 1
            deepest = max(deepest, len(list(node.parents)))
        elif isinstance(node, (Comment, ProcessingInstruction)) and not isinstance(node, Doctype):
            elements += 1
    assert markup_counts(text) == (elements, deepest)


def test_nested_headings_and_containers_at_the_depth_limit_stay_linear():
    # Every heading a title candidate and every container a body candidate: each is looked at
    # without reading all that is nested inside it.
    levels = MAX_PAGE_DEPTH // 2 - 10
    body = (
        "<div>"
        + '<h1 class="title">标题文字' * levels
        + "</h1>" * levels
        + '<div class="content">正文内容' * levels
        + "</div>" * levels
        + "</div>"
    )
    page = parse_legacy_page(page_bytes(body), "nested.html")
    assert page.title


def test_a_body_over_the_length_limit_is_refused_before_it_becomes_a_record(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_BODY_CHARS", 20)
    page = tmp_path / "long.html"
    rows = "".join(f"<tr><td>第{number}行</td><td>某村</td></tr>" for number in range(3))
    page.write_bytes(page_bytes(f'<div class="TRS_Editor"><p>一二三四五&amp;六七八九十</p><table>{rows}</table></div>'))
    # 11 characters of text (&amp; is one), and 3 × (3 + 2) in the table's cells.
    assert reason(page, tmp_path) == "The body (.TRS_Editor) has 26 characters; a body may have at most 20."
    monkeypatch.setattr(legacy_pages, "MAX_BODY_CHARS", 26)
    assert isinstance(page_record(page, "", tmp_path), DocumentRecord)
