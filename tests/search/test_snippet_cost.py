"""Snippets read a bounded window of each result's text, so a huge document costs no more than a small one."""

import json

import pytest

from gk_wagtail.search import citizen, highlight
from gk_wagtail.search.citizen import STORED_WINDOW, Criteria, _json_string_values
from gk_wagtail.search.highlight import SNIPPET_SOURCE_LENGTH
from tests.factories import make_column, make_organization, make_policy, make_search_site

#: Long enough that its stored JSON passes the window several times over.
HUGE = 4 * STORED_WINDOW


@pytest.fixture
def huge_and_small(db):
    home = make_search_site()
    column = make_column(home)
    organ = make_organization()
    huge = make_policy(
        column,
        organ,
        title="关于城市更新工作的实施意见",
        body=[("rich_text", "<p>城市更新" + "的具体措施包括" * (HUGE // 7) + "</p>")],
    )
    small = make_policy(
        column,
        organ,
        title="关于老旧小区改造的通知",
        document_number="示范〔2024〕2号",
        body=[("rich_text", "<p>推进城市更新，改造老旧小区。</p>")],
    )
    return huge, small


def test_the_highlighter_never_reads_more_than_the_window(huge_and_small, monkeypatch):
    folded = []
    original = highlight.fold_with_positions

    def counting(text):
        folded.append(len(text))
        return original(text)

    monkeypatch.setattr(highlight, "fold_with_positions", counting)
    outcome = citizen.search(Criteria(q="城市更新"))
    assert {result.page.pk for result in outcome.results} == {page.pk for page in huge_and_small}
    assert folded and max(folded) <= SNIPPET_SOURCE_LENGTH
    huge = next(result for result in outcome.results if result.page.pk == huge_and_small[0].pk)
    assert huge.snippet.startswith("<mark>城市更新</mark>的具体措施包括")
    small = next(result for result in outcome.results if result.page.pk == huge_and_small[1].pk)
    assert "推进<mark>城市更新</mark>，改造老旧小区。" in small.snippet


def test_a_huge_body_is_read_from_the_database_as_a_window(huge_and_small, monkeypatch):
    loaded = []
    original = citizen._window_text

    def recording(page, field, raw):
        loaded.append((field.name, len(raw)))
        return original(page, field, raw)

    monkeypatch.setattr(citizen, "_window_text", recording)
    outcome = citizen.search(Criteria(q="城市更新"))
    assert ("body", STORED_WINDOW + 1) in loaded
    assert all(length <= STORED_WINDOW + 1 for _name, length in loaded)
    huge = next(result.page for result in outcome.results if result.page.pk == huge_and_small[0].pk)
    # The full body was never loaded onto the page; the small one's whole body was, as usual.
    assert "body" not in huge.__dict__
    small = next(result.page for result in outcome.results if result.page.pk == huge_and_small[1].pk)
    assert small.body[0].value.source == "<p>推进城市更新，改造老旧小区。</p>"


def test_text_is_read_from_stream_data_cut_anywhere():
    data = json.dumps(
        [
            {"type": "rich_text", "value": "<p>第一段😀</p>", "id": "a1b2"},
            {"type": "attachments", "value": {"heading": "附件", "items": [{"document": 3, "title": "预算表"}]}},
        ]
    )
    assert list(_json_string_values(data)) == ["<p>第一段😀</p>", "附件", "预算表"]
    for cut in range(len(data)):
        for value in _json_string_values(data[:cut]):
            value.encode("utf-8")  # never half of a surrogate pair
