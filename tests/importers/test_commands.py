"""The import commands: gk_import_documents (JSONL) and gk_import_html (saved pages)."""

import json
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gk_wagtail.importers import writer
from gk_wagtail.models import Organization, PolicyDocumentPage
from gk_wagtail.page_types.columns import ColumnType
from tests.factories import COUNTY_CREDIT_CODE, make_column, make_organization, make_site

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"


def command(name, *arguments):
    out, err = StringIO(), StringIO()
    call_command(name, *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export(path, count, **fields):
    lines = [
        {
            "id": f"t-{n:03d}",
            "title": f"关于第{n}项工作的通知",
            "document_number": f"示政〔2024〕{n}号",
            "issuing_organ": "示范县人民政府",
            "publish_date": "2024-05-01",
            "status": "有效",
            "category": "综合政务",
            "doc_type": "通知公告",
            "level": "县级",
            "url": "",
            "body": f"第{n}项工作的正文。",
            **fields,
        }
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


# --- gk_import_documents ------------------------------------------------------------------------


def test_import_documents_prints_the_summary_and_a_rerun_changes_nothing(tmp_path, column):
    path = export(tmp_path / "docs.jsonl", 3)
    out, _err = command("gk_import_documents", str(path))
    assert "3 created, 0 updated, 0 unchanged, 0 skipped (3 in all)." in out
    assert PolicyDocumentPage.objects.child_of(column).count() == 3
    out, _err = command("gk_import_documents", str(path))
    assert "0 created, 0 updated, 3 unchanged, 0 skipped (3 in all)." in out


def test_import_documents_reports_bad_lines_with_their_numbers(tmp_path, column):
    path = export(tmp_path / "docs.jsonl", 2)
    path.write_text(path.read_text(encoding="utf-8") + '{"id": "x"}\n', encoding="utf-8")
    out, _err = command("gk_import_documents", str(path))
    assert "2 created" in out and "  docs.jsonl, line 3: “title” is missing or empty." in out


def test_import_documents_takes_the_column_and_default_organ_given(tmp_path, column):
    county = make_organization()
    other = make_column(column.get_parent(), title="部门文件", code="bmwj", column_type=ColumnType.POLICY_DOCUMENTS)
    path = export(tmp_path / "docs.jsonl", 1, issuing_organ="")
    command("gk_import_documents", str(path), "--column", "bmwj", "--organ-default", COUNTY_CREDIT_CODE.lower())
    page = PolicyDocumentPage.objects.get()
    assert (page.get_parent().pk, page.issuing_organ) == (other.pk, county)


def test_import_documents_dry_run_saves_nothing(tmp_path, column):
    out, _err = command("gk_import_documents", str(export(tmp_path / "docs.jsonl", 2)), "--dry-run")
    assert "Dry run, nothing was saved: 2 would be created" in out
    assert not PolicyDocumentPage.objects.exists() and not Organization.objects.exists()


def test_import_documents_shows_warnings_at_verbosity_two(tmp_path, column):
    path = export(tmp_path / "docs.jsonl", 1, publish_date="2024-05")
    out, _err = command("gk_import_documents", str(path))
    assert "1 warnings (run with -v 2 to see them)." in out
    out, _err = command("gk_import_documents", str(path), "--verbosity", "2")
    assert "docs.jsonl, line 1: The publication date 2024-05 has no day" in out


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["missing.jsonl"], "missing.jsonl is not a file."),
        (["docs.jsonl", "--column", "nothing"], "No column has the code or page id “nothing”."),
        (
            ["docs.jsonl", "--organ-default", "91350100M000100Y43"],
            "No organization has the name, short name or credit code “91350100M000100Y43”",
        ),
    ],
)
def test_import_documents_refuses_what_it_cannot_find(tmp_path, column, monkeypatch, arguments, message):
    export(tmp_path / "docs.jsonl", 1)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        command("gk_import_documents", *arguments)
    assert not PolicyDocumentPage.objects.exists()


def test_import_documents_without_a_policy_column_asks_for_one(tmp_path, db):
    make_column(make_site().root_page)
    with pytest.raises(CommandError, match="There is no column of type 政策文件 to import into; pass --column"):
        command("gk_import_documents", str(export(tmp_path / "docs.jsonl", 1)))


# --- gk_import_html --------------------------------------------------------------------------------


def test_import_html_imports_a_folder_and_lists_what_it_skipped(tmp_path, column, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_organization()
    out, _err = command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "policies")
    assert f"  {FIXTURES / 'empty.html'}: The file is empty." in out
    assert PolicyDocumentPage.objects.filter(
        title="望江县农业农村局关于做好2022年耕地地力保护补贴发放工作的通知"
    ).exists()


def test_import_html_dry_run_and_list_file(tmp_path, column):
    make_organization()
    listing = tmp_path / "pages.txt"
    listing.write_text(f"{FIXTURES / 'trs_govcn.html'}\n{FIXTURES / 'plain_article.html'}\n", encoding="utf-8")
    out, _err = command(
        "gk_import_html", str(listing), "--organ", COUNTY_CREDIT_CODE, "--column", "policies", "--dry-run"
    )
    assert "Dry run, nothing was saved: 2 would be created" in out
    assert not PolicyDocumentPage.objects.exists()


def test_import_html_needs_the_organ_and_column(tmp_path, column):
    with pytest.raises(CommandError, match="No organization has the name, short name or credit code"):
        command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "policies")
    make_organization()
    with pytest.raises(CommandError, match="No column has the code or page id “zcjd”"):
        command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "zcjd")
    with pytest.raises(CommandError, match="the following arguments are required: --organ"):
        command("gk_import_html", str(FIXTURES), "--column", "policies")


def saved_page(path, title, index_number, body="正文。"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<table><tr><td>索引号：</td><td>{index_number}</td><td>发布日期：</td><td>2024-03-01</td></tr></table>"
        f'<div class="TRS_Editor"><p>{body}</p></div></body></html>',
        encoding="utf-8",
    )
    return path


def test_import_html_takes_the_organ_by_name_and_defaults_to_its_sites_policy_column(tmp_path, db):
    county = make_organization(name="示范县人民政府")
    other = make_site("other.example.gov.cn", default=False)
    make_column(other.root_page, code="other-policies", column_type=ColumnType.POLICY_DOCUMENTS)
    own = make_column(make_site(organization=county).root_page, column_type=ColumnType.POLICY_DOCUMENTS)
    saved_page(tmp_path / "a.html", "关于甲事项的通知", "114403000075421709/2024-00001")
    out, _err = command("gk_import_html", str(tmp_path), "--organ", "示范县人民政府")
    page = PolicyDocumentPage.objects.get()
    assert page.get_parent().pk == own.pk
    assert f"created\t{tmp_path / 'a.html'}\t{page.get_url()}" in out


def test_import_html_prints_each_file_and_writes_a_csv_report_safe_to_open(tmp_path, column):
    make_organization()
    saved_page(tmp_path / "site" / "a.html", "关于甲事项的通知", "X/2024-00001")
    saved_page(tmp_path / "site" / "b.html", "关于乙事项的通知", "X/2024-00002")
    (tmp_path / "site" / "empty.html").write_text("", encoding="utf-8")
    report = tmp_path / "report.csv"
    out, _err = command(
        "gk_import_html", str(tmp_path / "site"), "--organ", COUNTY_CREDIT_CODE, "--report", str(report)
    )
    assert f"skipped\t{tmp_path / 'site' / 'empty.html'}\tThe file is empty." in out
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese only with the byte-order mark
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "file or line,outcome,page address,reason"
    assert len(lines) == 4
    assert any(line.startswith(f"{tmp_path / 'site' / 'a.html'},created,/policies/") for line in lines)
    assert any(line.startswith(f"{tmp_path / 'site' / 'empty.html'},skipped,,") for line in lines)


def test_a_later_file_with_the_same_index_number_is_a_conflict_unless_update(tmp_path, column):
    make_organization()
    saved_page(tmp_path / "old" / "a.html", "关于甲事项的通知", "X/2024-00001")
    command("gk_import_html", str(tmp_path / "old"), "--organ", COUNTY_CREDIT_CODE)
    saved_page(tmp_path / "new" / "b.html", "关于乙事项的通知", "X/2024-00001")
    out, _err = command("gk_import_html", str(tmp_path / "new"), "--organ", COUNTY_CREDIT_CODE)
    assert "Conflict: the page “关于甲事项的通知”" in out and "--update" in out
    assert PolicyDocumentPage.objects.get().title == "关于甲事项的通知"
    out, _err = command("gk_import_html", str(tmp_path / "new"), "--organ", COUNTY_CREDIT_CODE, "--update")
    assert "1 updated" in out
    assert PolicyDocumentPage.objects.get().title == "关于乙事项的通知"


def test_two_files_of_one_run_with_the_same_index_number_and_different_titles_conflict(tmp_path, column):
    make_organization()
    saved_page(tmp_path / "a.html", "关于甲事项的通知", "X/2024-00001")
    saved_page(tmp_path / "b.html", "关于乙事项的通知", "X/2024-00001")
    out, _err = command("gk_import_html", str(tmp_path), "--organ", COUNTY_CREDIT_CODE)
    assert f"Conflict: {tmp_path / 'a.html'} has the same key (html:index:X/2024-00001)" in out
    assert list(PolicyDocumentPage.objects.values_list("title", flat=True)) == ["关于甲事项的通知"]


# --- gk_register_organization ----------------------------------------------------------------------


def test_register_organization_checks_the_credit_code_and_updates_by_name(db):
    with pytest.raises(CommandError) as raised:
        command("gk_register_organization", "示范县财政局", "--credit-code", "114403000075421708")
    assert "示范县财政局 was not registered" in str(raised.value)
    assert "check character" in str(raised.value)
    assert not Organization.objects.exists()
    out, _err = command(
        "gk_register_organization",
        "示范县人民政府",
        "--type",
        "government",
        "--credit-code",
        COUNTY_CREDIT_CODE.lower(),
    )
    assert "Registered 示范县人民政府." in out
    out, _err = command(
        "gk_register_organization", "示范县财政局", "--short-name", "县财政局", "--parent", COUNTY_CREDIT_CODE
    )
    finance = Organization.objects.get(name="示范县财政局")
    assert (finance.parent.name, finance.organization_type) == ("示范县人民政府", "department")
    out, _err = command("gk_register_organization", "示范县财政局", "--type", "government")
    assert "Updated 示范县财政局." in out
    assert Organization.objects.count() == 2
    assert Organization.objects.get(name="示范县人民政府").credit_code == COUNTY_CREDIT_CODE


def test_an_organ_is_found_by_short_name_unless_several_share_it(tmp_path, column):
    make_organization(name="示范县人民政府", short_name="县政府")
    make_organization(name="另一县人民政府", credit_code="", short_name="县政府")
    saved_page(tmp_path / "a.html", "关于甲事项的通知", "X/2024-00001")
    with pytest.raises(CommandError, match="is the short name of several organizations"):
        command("gk_import_html", str(tmp_path), "--organ", "县政府")
    command("gk_import_html", str(tmp_path), "--organ", "示范县人民政府")
    assert PolicyDocumentPage.objects.get().issuing_organ.name == "示范县人民政府"


# --- a real interruption -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("count", "arguments", "step"),
    [(40, ["--per-page"], 1), (1200, [], writer.BATCH_SIZE)],
    ids=["page by page", "in batches"],
)
def test_a_killed_import_is_finished_by_running_it_again(tmp_path, count, arguments, step):
    column = make_column(make_site().root_page, column_type=ColumnType.POLICY_DOCUMENTS)
    path = export(tmp_path / "docs.jsonl", count)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "GK_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONPATH": str(REPO),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "gk_import_documents", str(path), *arguments],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 300
    while PolicyDocumentPage.objects.count() < 5 and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    _out, err = process.communicate(timeout=60)
    done = PolicyDocumentPage.objects.count()
    assert 5 <= done < count, f"the import was not caught half-way ({done} of {count} pages): {err.decode()}"
    # What was committed is whole: every page, or every batch.
    assert done % step == 0
    out, _err = command("gk_import_documents", str(path), *arguments)
    assert f"{count - done} created, 0 updated, {done} unchanged, 0 skipped ({count} in all)." in out
    sources = list(PolicyDocumentPage.objects.child_of(column).values_list("import_source", flat=True))
    assert sorted(sources) == sorted(f"jsonl:t-{n:03d}" for n in range(count))
    assert all(page.live and page.live_revision_id for page in PolicyDocumentPage.objects.all())
