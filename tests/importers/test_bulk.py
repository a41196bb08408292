"""Publishing new pages at once (gk_wagtail.importers.bulk) gives what publishing them one by one gives."""

import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from gk_wagtail.formats.legacy_pages import parse_legacy_page
from gk_wagtail.importers import writer
from gk_wagtail.importers.bulk import publish_new_pages
from gk_wagtail.importers.html import html_paths, import_html
from gk_wagtail.importers.writer import IndexEntry, save_page
from gk_wagtail.index_numbers import IssuedIndexNumber, assign_index_number, assign_index_numbers
from gk_wagtail.models import Organization, PolicyDocumentPage, Theme
from tests.factories import make_organization

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
SEARCHED = ["通知", "规划", "政府", "办法", "实施", "意见", "公开"]


def jsonl(path, count):
    lines = [
        {
            "id": f"b-{n:03d}",
            "title": f"关于第{n}项{'规划' if n % 3 else '公开'}工作的通知",
            "document_number": f"示政〔2024〕{n}号",
            "issuing_organ": ["示范县人民政府", "示范县财政局", "示范县教育局"][n % 3],
            "publish_date": "" if n % 7 == 0 else f"2024-05-{n % 28 + 1:02d}",
            "status": ["有效", "失效", "废止"][n % 3],
            "category": ["综合政务", "规划与土地\\城乡规划", "财政"][n % 3],
            "doc_type": ["通知公告", "办法", "规划与计划"][n % 3],
            "level": f"级别{n % 5}",
            "url": f"https://www.example.gov.cn/zwgk/{n}.html",
            "body": f"第{n}项工作的正文。\n\n实施意见见附件。",
        }
        for n in range(count)
    ]
    lines.append(dict(lines[3]))  # the same document again: skipped, naming the first
    lines.insert(10, {"id": "bad", "title": ""})  # refused by the parser
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def html_folder(folder, copies):
    """``copies`` of every readable fixture page, each with its own 索引号 and 文号."""
    for copy in range(copies):
        target = folder / f"copy{copy}" / "zwgk"
        target.mkdir(parents=True)
        for source in sorted(FIXTURES.glob("*.html")):
            data = source.read_bytes()
            try:
                page = parse_legacy_page(data, str(source))
            except ValueError:
                continue
            for value, new in (
                (page.index_number, f"{page.index_number}-{copy:02d}"),
                (page.document_number, f"{page.document_number[:-1]}{copy:02d}号"),
            ):
                if value:
                    data = data.replace(value.encode(page.encoding), new.encode(page.encoding))
            (target / source.name).write_bytes(data)
        (target / "P020200310395214570001.pdf").write_bytes(f"%PDF-1.4 copy {copy}\n".encode())
    return folder


# --- what is compared ------------------------------------------------------------------------


def natural(value, names, nested=False):
    """``value`` (revision content, a reference) with database ids replaced by what they stand for.

    Ids of the page itself become its key; ids of child rows and block ids are left out.
    """
    if isinstance(value, dict):
        scrubbed = {}
        for key, item in value.items():
            if key in ("translation_key", "last_published_at", "latest_revision_created_at"):
                continue
            if key in ("pk", "id", "page_ptr", "content_object", "page"):
                if item in names["page"] and not (nested and key in ("pk", "id")):
                    scrubbed[key] = names["page"][item]
                continue
            if key in names and item in names[key]:
                scrubbed[key] = names[key][item]
            else:
                scrubbed[key] = natural(item, names, nested=True)
        return scrubbed
    if isinstance(value, list):
        return [natural(item, names, nested=True) for item in value]
    if isinstance(value, str) and value.startswith("[{"):
        return natural(json.loads(value), names)  # a StreamField in revision content
    if isinstance(value, str):
        return re.sub(r'id="(\d+)"', lambda m: f'id="{names["document"].get(int(m.group(1)), "?")}"', value)
    return value


def snapshot(column, result):
    """Everything an import leaves behind, with ids replaced by natural keys so that two runs compare."""
    pages = list(PolicyDocumentPage.objects.child_of(column).order_by("path"))

    names = {
        "page": {page.pk: page.import_source or page.title for page in pages},
        "issuing_organ": dict(Organization.objects.values_list("pk", "name")),
        "theme": dict(Theme.objects.values_list("pk", "name")),
        "tag": {tag.pk: tag.name for tag in PolicyDocumentPage.keywords.through.tag_model().objects.all()},
        "document": dict(get_document_model().objects.values_list("pk", "file_hash")),
    }
    names["organization"] = names["issuing_organ"]
    keys = names["page"]
    page_rows = []
    for page in pages:
        row = {
            field.attname: getattr(page, field.attname)
            for field in page._meta.concrete_fields
            if field.attname
            not in (
                "id",
                "page_ptr_id",
                "translation_key",
                "last_published_at",
                "latest_revision_created_at",
                "latest_revision_id",
                "live_revision_id",
            )
        }
        row["issuing_organ_id"] = names["issuing_organ"].get(row["issuing_organ_id"])
        row["theme_id"] = names["theme"].get(row["theme_id"])
        row["body"] = natural(list(page.body.raw_data), names)
        row["attachments"] = natural(list(page.attachments.raw_data), names)
        row["keywords"] = sorted(page.keyword_names)
        row["url"] = page.get_url()
        row["revisions"] = [
            natural(revision.content, names)
            for revision in Revision.objects.filter(object_id=str(page.pk), base_content_type__model="page")
        ]
        row["live_is_latest"] = page.live_revision_id == page.latest_revision_id is not None
        if page.first_published_at and page.date_published and page.import_source:
            row["first_published_at"] = page.first_published_at
        else:
            row["first_published_at"] = page.first_published_at is not None
        row["history"] = sorted(
            (
                entry.action,
                entry.label,
                entry.content_changed,
                entry.user_id,
                json.dumps(entry.data),
                entry.uuid,
                entry.revision_id and entry.revision_id == page.live_revision_id,
            )
            for entry in PageLogEntry.objects.filter(page_id=page.pk)
        )
        references = []
        for reference in ReferenceIndex.objects.filter(object_id=str(page.pk), base_content_type__model="page"):
            target = ContentType.objects.get_for_id(reference.to_content_type_id).model_class()
            try:
                target_name = str(target._base_manager.get(pk=reference.to_object_id))
            except target.DoesNotExist:
                target_name = "missing"
            references.append(
                (
                    reference.content_type_id,
                    reference.to_content_type_id,
                    target_name,
                    reference.model_path,
                    re.sub(r"\.(\d+|[0-9a-f-]{36})(\.|$)", r".N\2", reference.content_path),
                )
            )
        row["references"] = sorted(references)
        index_entries = IndexEntry.objects.filter(
            object_id=str(page.pk),
            content_type__in=ContentType.objects.get_for_models(Page, PolicyDocumentPage).values(),
        ).values("content_type_id", "title", "autocomplete", "body")
        row["search_index"] = sorted(index_entries, key=lambda entry: entry["content_type_id"])
        page_rows.append(row)
    issued = sorted(
        (record.value, names["organization"][record.organization_id], record.title, keys.get(record.page_id))
        for record in IssuedIndexNumber.objects.all()
    )
    hits = {term: sorted(keys[hit.pk] for hit in PolicyDocumentPage.objects.live().search(term)) for term in SEARCHED}
    outcome = (
        result.summary(warnings=True),
        [(location, outcome_, keys.get(page_id)) for location, outcome_, page_id in result.pages],
    )
    return {"pages": page_rows, "issued": issued, "hits": hits, "result": outcome, "numchild": column.numchild}


def both_ways(column, monkeypatch, run):
    from django.test import TestCase

    django_capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks

    """Snapshots after ``run(per_page)`` one by one (then rolled back) and at once, in batches of four."""
    column.refresh_from_db()
    with transaction.atomic():
        result = run(True)
        column.refresh_from_db()
        one_by_one = snapshot(column, result)
        transaction.set_rollback(True)
    column.refresh_from_db()
    monkeypatch.setattr(writer, "BULK_MINIMUM", 1)
    monkeypatch.setattr(writer, "BATCH_SIZE", 4)
    published = []
    page_published.connect(lambda instance, **kwargs: published.append(instance.pk), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = run(False)
    finally:
        page_published.disconnect(dispatch_uid="t")
    # Sent on commit, not before: none while the batches were written.
    assert callbacks
    column.refresh_from_db()
    return one_by_one, snapshot(column, result), published


def assert_same(one_by_one, at_once):
    assert at_once["pages"] and len(at_once["pages"]) == len(one_by_one["pages"])
    for expected, got in zip(one_by_one["pages"], at_once["pages"], strict=True):
        for key in expected:
            if key == "revisions" and got[key] != expected[key]:
                for name in expected[key][0]:
                    assert got[key][0].get(name) == expected[key][0][name], name
                assert set(got[key][0]) == set(expected[key][0])
            assert got[key] == expected[key], key
        assert got == expected
    assert at_once["result"][0].splitlines() == one_by_one["result"][0].splitlines()
    for key in ("issued", "hits", "result", "numchild"):
        assert at_once[key] == one_by_one[key], key


# --- the comparisons -------------------------------------------------------------------------


def test_jsonl_imported_at_once_gives_what_one_by_one_gives(tmp_path, column, monkeypatch):
    path = jsonl(tmp_path / "docs.jsonl", 23)
    one_by_one, at_once, published = both_ways(
        column, monkeypatch, lambda per_page: import_documents_per(path, per_page)
    )
    assert_same(one_by_one, at_once)
    assert len(at_once["pages"]) == 23
    # Publishing at once sends page_published for every page, once, when its batch commits.
    assert sorted(published) == sorted(PolicyDocumentPage.objects.values_list("pk", flat=True))


def import_documents_per(path, per_page):
    from gk_wagtail.formats.jsonl import read_documents
    from gk_wagtail.importers.writer import find_column, import_records

    return import_records(read_documents(path), find_column(), per_page=per_page)


def test_html_imported_at_once_gives_what_one_by_one_gives(tmp_path, column, monkeypatch, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    organ = make_organization("示范县人民政府")
    # A 索引号 that another page already holds: that record is refused in either way.
    paths, root = html_paths(html_folder(tmp_path / "site", 3))
    taken = parse_legacy_page(paths[4].read_bytes(), str(paths[4])).index_number
    IssuedIndexNumber.objects.create(value=taken, organization=organ, page_id=999999, title="another page")

    one_by_one, at_once, published = both_ways(
        column, monkeypatch, lambda per_page: import_html(paths, organ, column, root=root, per_page=per_page)
    )
    assert_same(one_by_one, at_once)
    assert "(id 999999)" in at_once["result"][0]
    # The batch holding the refused record was published page by page, which sends the signal at
    # once, also for the page then rolled back; the pages of the other batches get it on commit.
    assert set(PolicyDocumentPage.objects.values_list("pk", flat=True)) <= set(published)
    assert len(at_once["pages"]) > 10


def test_new_pages_published_at_once_are_numbered_and_logged_as_one_by_one(column, monkeypatch):
    county = make_organization()
    theme = Theme.objects.create(name="综合政务", code="ZW")

    def pages():
        return [
            PolicyDocumentPage(
                title=f"关于第{n}项工作的通知",
                slug=f"doc-{n}",
                issuing_organ=county,
                theme=theme,
                document_number=f" 示政〔2025〕{n}号",
                date_published=datetime.date(2025, 3, n + 1) if n % 2 else None,
            )
            for n in range(6)
        ]

    # A number the rule would give next is already taken (a legacy import): both ways skip it.
    year = datetime.date.today().year
    IssuedIndexNumber.objects.create(value=f"{county.credit_code}/{year}-00002", organization=county, title="legacy")
    column.refresh_from_db()
    with transaction.atomic():
        for page in pages():
            save_page(page, column)
        column.refresh_from_db()
        one_by_one = snapshot(column, writer.ImportResult())
        transaction.set_rollback(True)
    column.refresh_from_db()
    publish_new_pages(column, pages())
    column.refresh_from_db()
    at_once = snapshot(column, writer.ImportResult())
    assert_same(one_by_one, at_once)
    numbers = [row["index_number"] for row in at_once["pages"]]
    assert f"{county.credit_code}/{year}-00002" not in numbers and f"{county.credit_code}/{year}-00004" in numbers


def test_assign_index_numbers_gives_the_numbers_one_by_one_assignment_gives(db):
    county = make_organization()
    other = make_organization("示范县财政局", "91350100M000100Y43")
    when = datetime.date(2024, 5, 1)
    IssuedIndexNumber.objects.create(value=f"{county.credit_code}/2024-00003", organization=county, title="x")
    IssuedIndexNumber.objects.create(value=f"{county.credit_code}/2024-00004", organization=county, title="y")
    records = assign_index_numbers([(county, "a", when, None), (other, "b", when, None), (county, "c", when, None)])
    records += assign_index_numbers([(county, "d", when, None), (county, "e", when, None)])
    assert [record.value for record in records] == [
        f"{county.credit_code}/2024-00001",
        f"{other.credit_code}/2024-00001",
        f"{county.credit_code}/2024-00002",
        f"{county.credit_code}/2024-00005",
        f"{county.credit_code}/2024-00006",
    ]
    assert assign_index_number(county, "f", when) == f"{county.credit_code}/2024-00007"
    assert IssuedIndexNumber.objects.filter(value__in=[record.value for record in records]).count() == 5


def test_pages_published_at_once_cost_a_few_queries_each_against_dozens_one_by_one(tmp_path, column, monkeypatch):
    path = jsonl(tmp_path / "docs.jsonl", 60)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as one_by_one:
            assert import_documents_per(path, True).created == 60
        transaction.set_rollback(True)
    monkeypatch.setattr(writer, "BULK_MINIMUM", 1)
    with CaptureQueriesContext(connection) as at_once:
        assert import_documents_per(path, False).created == 60
    per_page, bulk = len(one_by_one) / 60, len(at_once) / 60
    assert per_page > 40, per_page
    assert bulk < 5, bulk


def test_a_batch_that_cannot_be_published_at_once_is_written_one_by_one(tmp_path, column, monkeypatch):
    monkeypatch.setattr(writer, "BULK_MINIMUM", 1)

    def failing(parent, pages, user=None):
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(writer, "publish_new_pages", failing)
    result = import_documents_per(jsonl(tmp_path / "docs.jsonl", 12), False)
    assert result.created == 12 and PolicyDocumentPage.objects.count() == 12
    assert [outcome for _location, outcome, _page in result.pages] == ["created"] * 12
    assert all(page.live_revision_id for page in PolicyDocumentPage.objects.all())


def test_both_commands_take_per_page(tmp_path, column, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_organization("示范县人民政府")
    out = StringIO()
    call_command("gk_import_documents", str(jsonl(tmp_path / "docs.jsonl", 12)), "--per-page", stdout=out)
    assert "12 created, 0 updated, 0 unchanged, 2 skipped" in out.getvalue()
    out = StringIO()
    call_command(
        "gk_import_html", str(html_folder(tmp_path / "site", 1)), "--organ", "示范县人民政府", "--per-page", stdout=out
    )
    assert " created, 0 updated, 0 unchanged" in out.getvalue()
    assert PolicyDocumentPage.objects.count() > 12


def test_a_run_interrupted_between_batches_keeps_the_batches_written_and_is_finished_by_running_it_again(
    tmp_path, column, monkeypatch
):
    monkeypatch.setattr(writer, "BULK_MINIMUM", 1)
    monkeypatch.setattr(writer, "BATCH_SIZE", 5)
    path = jsonl(tmp_path / "docs.jsonl", 12)
    publish_pending = writer.PageWriter.publish_pending
    calls = []

    def killed_in_the_second(self, pending):
        calls.append(len(pending))
        if len(calls) == 2:
            raise KeyboardInterrupt
        publish_pending(self, pending)

    monkeypatch.setattr(writer.PageWriter, "publish_pending", killed_in_the_second)
    with pytest.raises(KeyboardInterrupt):
        import_documents_per(path, False)
    assert PolicyDocumentPage.objects.count() == 5
    monkeypatch.setattr(writer.PageWriter, "publish_pending", publish_pending)
    result = import_documents_per(path, False)
    assert (result.created, result.unchanged) == (7, 5)
    assert sorted(PolicyDocumentPage.objects.values_list("import_source", flat=True)) == [
        f"jsonl:b-{n:03d}" for n in range(12)
    ]
