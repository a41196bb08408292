"""Importing structured exports (gk_wagtail.importers.documents) through the shared page writer."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from gk_wagtail.formats.jsonl import body_html
from gk_wagtail.formats.records import first_organization_name
from gk_wagtail.importers.documents import import_documents
from gk_wagtail.importers.writer import ImporterError, PageWriter, find_column
from gk_wagtail.models import Organization, PolicyDocumentPage, Theme
from gk_wagtail.page_types.columns import ColumnType
from tests.factories import make_column, make_site

REAL_EXPORT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "docs.jsonl"

GOOD = {
    "id": "sh-0001",
    "title": "关于印发《上海市国土空间近期实施规划（2026—2030年）》的通知",
    "document_number": "沪规划资源总〔2026〕262号",
    "issuing_organ": "上海市规划和自然资源局",
    "publish_date": "2026-08-28",
    "status": "有效",
    "category": "规划与土地",
    "doc_type": "规划与计划",
    "level": "市级",
    "url": "https://www.shanghai.gov.cn/zhengce/detail/0032::15f956ae58a844ceb7caba8781940458",
    "body": "各区规划资源局:\n\n经研究，现印发给你们。\n\n特此通知。",
}


def real_export_lines():
    if not REAL_EXPORT.is_file():
        pytest.fail(
            f"The evaluation export {REAL_EXPORT} is missing: check out the shared/ folder beside the repository."
        )
    return REAL_EXPORT.read_text(encoding="utf-8").splitlines()


def document(**changes):
    return {**GOOD, **changes}


def export(tmp_path, *lines, name="docs.jsonl"):
    """A JSONL file of ``lines``: dicts are written as JSON, strings as they are."""
    path = tmp_path / name
    path.write_text(
        "".join((json.dumps(line, ensure_ascii=False) if isinstance(line, dict) else line) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def page_of(record_id):
    return PolicyDocumentPage.objects.get(import_source=f"jsonl:{record_id}")


# --- what a line becomes -------------------------------------------------------------------


def test_every_field_of_a_line_is_stored_on_a_published_page(tmp_path, column):
    result = import_documents(export(tmp_path, GOOD))
    assert (result.created, result.skipped) == (1, [])
    page = page_of("sh-0001")
    assert page.get_parent().pk == column.pk and page.live and page.slug == "sh-0001"
    assert page.title == GOOD["title"]
    assert (page.document_number, page.document_number_normalized) == (
        "沪规划资源总〔2026〕262号",
        "沪规划资源总〔2026〕262号",
    )
    assert page.issuing_organ.name == "上海市规划和自然资源局"
    assert page.date_published == datetime.date(2026, 8, 28)
    assert (page.validity, page.document_kind) == ("valid", "plan")
    assert str(page.theme) == "规划与土地" and page.theme.parent is None
    assert sorted(page.keyword_names) == ["市级", "规划与计划"]
    assert page.source_url == GOOD["url"]
    assert [block.block_type for block in page.body] == ["rich_text"]
    assert page.body[0].value.source == "<p>各区规划资源局:</p><p>经研究，现印发给你们。</p><p>特此通知。</p>"
    # A legacy document keeps its history: no new index number, published on its own date.
    assert page.index_number == ""
    assert timezone.localdate(page.first_published_at) == datetime.date(2026, 8, 28)
    assert page.revisions.count() == 1 and page.live_revision_id == page.latest_revision_id


def test_imported_pages_are_in_the_search_index_and_later_saves_are_indexed_again(tmp_path, column):
    import_documents(export(tmp_path, document(title="关于加强城市绿道建设的通知")))
    assert [page.title for page in PolicyDocumentPage.objects.live().search("绿道")] == ["关于加强城市绿道建设的通知"]
    # The import defers indexing while it runs, and must hand it back afterwards.
    page = page_of("sh-0001")
    page.title = "关于加强城市驿站建设的通知"
    page.save_revision().publish()
    assert [page.title for page in PolicyDocumentPage.objects.live().search("驿站")] == ["关于加强城市驿站建设的通知"]


def test_body_text_is_escaped_into_paragraphs_and_line_breaks():
    text = "第一段<script>alert(1)</script>\n续行 & 更多\n\n\n  第二段 <b onmouseover=x>  \n"
    assert body_html(text) == (
        "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;<br/>续行 &amp; 更多</p><p>第二段 &lt;b onmouseover=x&gt;</p>"
    )


def test_a_line_without_body_gets_an_empty_body(tmp_path, column):
    import_documents(export(tmp_path, document(body="")))
    assert list(page_of("sh-0001").body) == []


@pytest.mark.parametrize(
    "status, validity",
    [("有效", "valid"), ("", "valid"), ("失效", "expired"), ("实际不再执行", "expired"), ("废止", "repealed")],
)
def test_status_becomes_validity(tmp_path, column, status, validity):
    result = import_documents(export(tmp_path, document(status=status)))
    assert result.skipped == []
    assert page_of("sh-0001").validity == validity


@pytest.mark.parametrize(
    "doc_type, kind",
    [
        ("政府规章", "rules"),
        ("办法", "normative_document"),
        ("实施意见", "normative_document"),
        ("行政规范性文件", "normative_document"),
        ("规划与计划", "plan"),
        ("通知公告", "other"),
        ("技术规定与导则", "other"),
        ("地方性法规", "other"),
        ("", "other"),
    ],
)
def test_doc_type_becomes_the_kind_of_document(tmp_path, column, doc_type, kind):
    import_documents(export(tmp_path, document(doc_type=doc_type)))
    assert page_of("sh-0001").document_kind == kind


def test_a_keyword_too_long_for_the_register_is_left_out_with_a_warning(tmp_path, column):
    result = import_documents(export(tmp_path, document(doc_type="类" * 101)))
    assert page_of("sh-0001").keyword_names == ["市级"]
    assert result.warnings == [("docs.jsonl, line 1", f"The keyword “{'类' * 101}” is too long and was left out.")]


def test_uninformative_doc_type_and_level_are_not_keywords(tmp_path, column):
    import_documents(export(tmp_path, document(doc_type="其他", level="其他")))
    assert page_of("sh-0001").keyword_names == []


def test_month_only_date_is_stored_as_the_first_of_the_month_with_a_warning(tmp_path, column):
    result = import_documents(export(tmp_path, document(publish_date="2021-07")))
    assert page_of("sh-0001").date_published == datetime.date(2021, 7, 1)
    assert result.warnings == [
        ("docs.jsonl, line 1", "The publication date 2021-07 has no day; the first of the month was stored."),
    ]


def test_undated_line_keeps_the_date_the_page_has_on_a_second_run(tmp_path, column):
    path = export(tmp_path, document(publish_date=""))
    import_documents(path)
    page = page_of("sh-0001")
    page.date_published = datetime.date(2015, 3, 1)  # looked up by an editor
    page.save_revision().publish()
    assert import_documents(path).unchanged == 1
    assert page_of("sh-0001").date_published == datetime.date(2015, 3, 1)


# --- organizations and themes --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, first",
    [
        ("上海市交通委员会、上海市发展和改革委员会", "上海市交通委员会"),
        ("上海市财政局 上海市发展和改革委员会", "上海市财政局"),
        ("共青团上海市委 、上海市妇女联合会", "共青团上海市委"),
        (
            "上海市浦东新区生态环境局（水务局、海洋局、绿化和市容管理局）",
            "上海市浦东新区生态环境局（水务局、海洋局、绿化和市容管理局）",
        ),
        (
            "自贸区保税区管理局（上海东方枢纽国际商务合作区管理局）、上海市商务委员会",
            "自贸区保税区管理局（上海东方枢纽国际商务合作区管理局）",
        ),
        ("  上海市水务局", "上海市水务局"),
    ],
)
def test_the_first_of_several_organs_is_the_issuing_organ(text, first):
    assert first_organization_name(text) == first


def test_missing_organizations_are_created_once_and_existing_ones_found_by_name_or_short_name(tmp_path, column):
    housing = Organization.objects.create(name="上海市房屋管理局", short_name="市房管局")
    lines = [
        document(id="a", issuing_organ="上海市房屋管理局"),
        document(id="b", issuing_organ="市房管局"),
        document(id="c", issuing_organ="上海市交通委员会、上海市财政局"),
        document(id="d", issuing_organ="上海市交通委员会"),
    ]
    result = import_documents(export(tmp_path, *lines))
    assert page_of("a").issuing_organ == housing and page_of("b").issuing_organ == housing
    assert page_of("c").issuing_organ == page_of("d").issuing_organ
    assert result.organizations_created == ["上海市交通委员会"]
    assert Organization.objects.filter(name="上海市交通委员会").count() == 1
    assert not Organization.objects.filter(name="上海市财政局").exists()


def test_organ_default_issues_the_lines_that_name_no_organ(tmp_path, column):
    county = Organization.objects.create(name="示范县人民政府")
    import_documents(export(tmp_path, document(issuing_organ="")), organ_default=county)
    assert page_of("sh-0001").issuing_organ == county


def test_category_is_found_as_a_theme_at_either_level_or_created_at_the_first(tmp_path, column):
    parent = Theme.objects.create(name="城乡建设、环境保护")
    child = Theme.objects.create(name="房屋与住房", parent=parent)
    import_documents(export(tmp_path, document(id="a", category="房屋与住房"), document(id="b", category="消防与人防")))
    assert page_of("a").theme == child
    new = page_of("b").theme
    assert (new.name, new.parent) == ("消防与人防", None)


# --- idempotence --------------------------------------------------------------------------


def test_second_run_changes_nothing(tmp_path, column):
    path = export(tmp_path, GOOD, document(id="sh-0002", title="第二份文件", status="失效"))
    import_documents(path)
    counts = (
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Organization.objects.count(),
        Theme.objects.count(),
    )
    result = import_documents(path)
    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 2, [])
    assert (
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Organization.objects.count(),
        Theme.objects.count(),
    ) == counts


def test_a_changed_line_updates_its_page_with_one_new_revision(tmp_path, column):
    import_documents(export(tmp_path, GOOD, document(id="sh-0002")))
    result = import_documents(export(tmp_path, document(status="废止", level="区级"), document(id="sh-0002")))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    page = page_of("sh-0001")
    assert page.validity == "repealed" and sorted(page.keyword_names) == ["区级", "规划与计划"]
    assert page.revisions.count() == 2 and page.live_revision_id == page.latest_revision_id
    assert PolicyDocumentPage.objects.count() == 2


def test_a_page_an_editor_unpublished_gets_a_draft_not_a_new_publication(tmp_path, column):
    import_documents(export(tmp_path, GOOD))
    page_of("sh-0001").unpublish()
    path = export(tmp_path, document(title="新标题"))
    assert import_documents(path).updated == 1
    page = page_of("sh-0001")
    assert not page.live and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "新标题"
    # The draft is what the next run compares with.
    assert import_documents(path).unchanged == 1
    assert page.revisions.count() == 2


def test_an_interrupted_run_is_finished_by_running_it_again(tmp_path, column, monkeypatch):
    path = export(tmp_path, *(document(id=f"n-{n}", title=f"文件{n}", issuing_organ=f"机构{n}") for n in range(5)))
    save_and_publish = PageWriter.save_and_publish

    def interrupted_at_the_fourth(writer, page, new):
        if page.title == "文件3":
            raise KeyboardInterrupt
        save_and_publish(writer, page, new)

    monkeypatch.setattr(PageWriter, "save_and_publish", interrupted_at_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        import_documents(path)
    assert sorted(PolicyDocumentPage.objects.values_list("title", flat=True)) == ["文件0", "文件1", "文件2"]
    # The organization made for the interrupted page went with it.
    assert not Organization.objects.filter(name="机构3").exists()
    monkeypatch.undo()
    result = import_documents(path)
    assert (result.created, result.unchanged) == (2, 3)
    assert sorted(PolicyDocumentPage.objects.values_list("import_source", flat=True)) == [
        f"jsonl:n-{n}" for n in range(5)
    ]


def test_a_page_that_fails_is_skipped_without_a_trace_and_the_rest_import(tmp_path, column, monkeypatch):
    save_and_publish = PageWriter.save_and_publish

    def failing_for_one(writer, page, new):
        if page.title == "坏文件":
            raise RuntimeError("disk full")
        save_and_publish(writer, page, new)

    monkeypatch.setattr(PageWriter, "save_and_publish", failing_for_one)
    lines = [
        document(id="a", issuing_organ="甲局"),
        document(id="b", title="坏文件", issuing_organ="乙局"),
        document(id="c"),
    ]
    result = import_documents(export(tmp_path, *lines))
    assert result.created == 2
    assert result.skipped == [("docs.jsonl, line 2", "RuntimeError: disk full")]
    assert not Organization.objects.filter(name="乙局").exists()
    assert "乙局" not in result.organizations_created


def test_dry_run_counts_what_would_change_and_saves_nothing(tmp_path, column):
    import_documents(export(tmp_path, GOOD))
    path = export(tmp_path, document(title="改过的标题"), document(id="new", issuing_organ="新机构"), "{broken")
    pages, organizations = PolicyDocumentPage.objects.count(), Organization.objects.count()
    result = import_documents(path, dry_run=True)
    assert (result.created, result.updated, len(result.skipped)) == (1, 1, 1)
    assert result.summary().startswith("Dry run, nothing was saved: 1 would be created, 1 updated")
    assert (PolicyDocumentPage.objects.count(), Organization.objects.count()) == (pages, organizations)
    assert page_of("sh-0001").title == GOOD["title"]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"id": "x", "title": ', "Not valid JSON at column 22: Expecting value."),
        ('["sh-1", "标题"]', "Not a JSON object."),
        (json.dumps(document(id="")), "“id” is missing or empty."),
        (json.dumps({k: v for k, v in GOOD.items() if k != "title"}), "“title” is missing or empty."),
        (json.dumps(document(title=None)), "“title” is missing or empty."),
        (json.dumps(document(id=17)), "“id” must be text, not int."),
        (json.dumps(document(issuing_organ=["甲局"])), "“issuing_organ” must be text, not list."),
        (
            json.dumps(document(publish_date="2023-02-30")),
            "“publish_date” must be YYYY-MM-DD, YYYY-MM or empty, not “2023-02-30”.",
        ),
        (
            json.dumps(document(publish_date="2023/01/05")),
            "“publish_date” must be YYYY-MM-DD, YYYY-MM or empty, not “2023/01/05”.",
        ),
        (
            json.dumps(document(publish_date="2023-13")),
            "“publish_date” must be YYYY-MM-DD, YYYY-MM or empty, not “2023-13”.",
        ),
        (
            json.dumps(document(status="草稿")),
            "Unknown status “草稿”; expected one of 有效、现行有效、已修改、已修订、失效、实际不再执行、废止、已废止.",
        ),
        (json.dumps(document(url="javascript:alert(1)")), "“url” is not a web address: javascript:alert(1)"),
        (json.dumps(document(title="长" * 256)), "“title” is longer than 255 characters."),
        (json.dumps(document(document_number="号" * 101)), "“document_number” is longer than 100 characters."),
        (
            json.dumps(document(issuing_organ="局" * 201)),
            f"The issuing organization “{'局' * 201}” is longer than an organization name may be.",
        ),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_the_others_import(tmp_path, column, line, reason):
    path = export(tmp_path, document(id="first"), line, document(id="third"))
    result = import_documents(path)
    assert result.skipped == [("docs.jsonl, line 2", reason)]
    assert sorted(PolicyDocumentPage.objects.values_list("import_source", flat=True)) == ["jsonl:first", "jsonl:third"]


def test_a_line_that_is_not_utf8_is_reported_and_blank_lines_are_ignored(tmp_path, column):
    path = tmp_path / "docs.jsonl"
    good = json.dumps(GOOD, ensure_ascii=False).encode()
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n\n" + '{"id": "x", "title": "坏"}'.encode("gbk") + b"\n")
    result = import_documents(path)
    assert result.created == 1
    [(location, reason)] = result.skipped
    assert location == "docs.jsonl, line 3" and reason.startswith("The line is not UTF-8 text")


def test_a_repeated_id_is_skipped_naming_the_line_that_had_it_first(tmp_path, column):
    result = import_documents(export(tmp_path, GOOD, document(title="另一个标题")))
    assert result.created == 1
    assert result.skipped == [("docs.jsonl, line 2", "The same document as docs.jsonl, line 1 (key jsonl:sh-0001).")]
    assert page_of("sh-0001").title == GOOD["title"]


def test_summary_lists_counts_new_organizations_and_skipped_lines(tmp_path, column):
    result = import_documents(export(tmp_path, GOOD, "nonsense"))
    assert result.summary() == (
        "1 created, 0 updated, 0 unchanged, 1 skipped (2 in all).\n"
        "Organizations created: 上海市规划和自然资源局.\n"
        "Skipped:\n"
        "  docs.jsonl, line 2: Not valid JSON at column 1: Expecting value."
    )


def test_missing_file_is_refused_before_anything_happens(tmp_path, column):
    with pytest.raises(ImporterError, match="is not a file"):
        import_documents(tmp_path / "nowhere.jsonl")


# --- the column -----------------------------------------------------------------------------


def test_without_a_policy_column_the_error_says_to_pass_one(db):
    make_column(make_site().root_page, column_type=ColumnType.OTHER)
    with pytest.raises(ImporterError, match="There is no column of type 政策文件 to import into; pass --column"):
        find_column()


def test_with_several_policy_columns_the_error_lists_them(column):
    other = make_column(column.get_parent(), title="部门文件", code="bmwj", column_type=ColumnType.POLICY_DOCUMENTS)
    with pytest.raises(ImporterError) as error:
        find_column()
    assert f"policies (id {column.pk}, 政策文件)" in str(error.value) and f"bmwj (id {other.pk}, 部门文件)" in str(
        error.value
    )


def test_a_column_is_found_by_code_or_page_id_and_a_shared_code_asks_for_the_id(column):
    assert find_column("policies") == find_column(str(column.pk)) == column
    with pytest.raises(ImporterError, match="No column has the code or page id “nothing”"):
        find_column("nothing")
    second_site = make_site("other")
    make_column(second_site.root_page)
    with pytest.raises(ImporterError, match="2 columns have the code “policies”; pass the page id"):
        find_column("policies")


def digits_in(zero, number):
    return "".join(chr(ord(zero) + int(digit)) for digit in str(number))


def test_a_page_id_in_other_digits_is_refused_not_misread(column):
    # str.isdigit() passes each of these: int() read the first two as the column's id and refused "²".
    for value in (digits_in("٠", column.pk), digits_in("０", column.pk), "²", "9" * 30, "9" * 5000):
        with pytest.raises(ImporterError, match="No column has the code or page id"):
            find_column(value)


# --- the real export ------------------------------------------------------------------------


def real_slice(lines):
    """Every 50th line and the first few lines of each kind that maps differently: a deterministic sample."""
    chosen = set(range(0, len(lines), 50))
    records = [json.loads(line) for line in lines]
    kinds = [
        lambda r: r["body"],
        lambda r: r["status"] != "有效",
        lambda r: len(r["publish_date"]) != 10,
        lambda r: any(mark in r["issuing_organ"] for mark in "、 "),
        lambda r: not r["document_number"],
        lambda r: r["doc_type"] == "政府规章",
    ]
    for kind in kinds:
        chosen.update([index for index, record in enumerate(records) if kind(record)][:4])
    return [lines[index] for index in sorted(chosen)]


def test_a_sample_of_the_real_export_is_stored_with_its_metadata_and_a_second_run_changes_nothing(tmp_path, column):
    # The whole file (2,578 documents) takes minutes; docs/importing.md gives the full run's figures.
    lines = real_slice(real_export_lines())
    path = export(tmp_path, *lines)
    result = import_documents(path)
    assert (result.created, result.skipped) == (len(lines), [])
    for line in lines:
        record = json.loads(line)
        page = page_of(record["id"])
        assert page.title == record["title"].strip()
        assert page.document_number == record["document_number"].strip()
        assert page.issuing_organ.name == first_organization_name(record["issuing_organ"])
        assert (
            page.validity
            == {"有效": "valid", "失效": "expired", "废止": "repealed", "实际不再执行": "expired"}[record["status"]]
        )
        assert str(page.theme) == record["category"]
        if record["publish_date"]:
            assert page.date_published.isoformat().startswith(record["publish_date"])
        assert page.source_url == record["url"]
        text = "".join(block.value.source for block in page.body)
        plain = [paragraph.strip() for paragraph in record["body"].split("\n\n") if not set("<&") & set(paragraph)]
        assert all(paragraph in text for paragraph in plain)
    revisions = Revision.objects.count()
    again = import_documents(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(lines))
    assert Revision.objects.count() == revisions
