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
from django.utils import translation

from gk_wagtail.models import Organization, PolicyDocumentPage
from gk_wagtail.page_types.columns import ColumnType
from tests.helpers import COUNTY_CREDIT_CODE, make_column, make_organization, make_site

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "html"


def command(name, *arguments):
    out, err = StringIO(), StringIO()
    call_command(name, *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export(path, count, **fields):
    lines = [
        {"id": f"t-{n:03d}", "title": f"关于第{n}项工作的通知", "document_number": f"示政〔2024〕{n}号",
         "issuing_organ": "示范县人民政府", "publish_date": "2024-05-01", "status": "有效", "category": "综合政务",
         "doc_type": "通知公告", "level": "县级", "url": "", "body": f"第{n}项工作的正文。", **fields}
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def column(db):
    return make_column(make_site(), column_type=ColumnType.POLICY_DOCUMENTS)


# --- gk_import_documents ------------------------------------------------------------------------


def test_import_documents_prints_the_summary_and_a_rerun_changes_nothing(tmp_path, column):
    path = export(tmp_path / "docs.jsonl", 3)
    out, _err = command("gk_import_documents", str(path))
    assert out.startswith("3 created, 0 updated, 0 unchanged, 0 skipped (3 in all).")
    assert PolicyDocumentPage.objects.child_of(column).count() == 3
    out, _err = command("gk_import_documents", str(path))
    assert out.startswith("0 created, 0 updated, 3 unchanged, 0 skipped (3 in all).")


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
    assert out.startswith("Dry run, nothing was saved: 2 would be created")
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
        (["docs.jsonl", "--organ-default", "91350100M000100Y43"], "No organization has the credit code 91350100M000100Y43"),
    ],
)
def test_import_documents_refuses_what_it_cannot_find(tmp_path, column, monkeypatch, arguments, message):
    export(tmp_path / "docs.jsonl", 1)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        command("gk_import_documents", *arguments)
    assert not PolicyDocumentPage.objects.exists()


def test_import_documents_without_a_policy_column_asks_for_one(tmp_path, db):
    make_column(make_site())
    with pytest.raises(CommandError, match="There is no column of type 政策文件 to import into; pass --column"):
        command("gk_import_documents", str(export(tmp_path / "docs.jsonl", 1)))


# --- gk_import_html --------------------------------------------------------------------------------


def test_import_html_imports_a_folder_and_lists_what_it_skipped(tmp_path, column, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_organization()
    out, _err = command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "policies")
    assert f"  {FIXTURES / 'empty.html'}: The file is empty." in out
    assert PolicyDocumentPage.objects.filter(title="望江县农业农村局关于做好2022年耕地地力保护补贴发放工作的通知").exists()


def test_import_html_dry_run_and_list_file(tmp_path, column):
    make_organization()
    listing = tmp_path / "pages.txt"
    listing.write_text(f"{FIXTURES / 'trs_govcn.html'}\n{FIXTURES / 'plain_article.html'}\n", encoding="utf-8")
    out, _err = command("gk_import_html", str(listing), "--organ", COUNTY_CREDIT_CODE, "--column", "policies", "--dry-run")
    assert out.startswith("Dry run, nothing was saved: 2 would be created")
    assert not PolicyDocumentPage.objects.exists()


def test_import_html_needs_the_organ_and_column(tmp_path, column):
    with pytest.raises(CommandError, match="No organization has the credit code"):
        command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "policies")
    make_organization()
    with pytest.raises(CommandError, match="No column has the code or page id “zcjd”"):
        command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "zcjd")
    with pytest.raises(CommandError, match="the following arguments are required: --column"):
        command("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE)


# --- a real interruption -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_import_is_finished_by_running_it_again(tmp_path):
    column = make_column(make_site(), column_type=ColumnType.POLICY_DOCUMENTS)
    count = 40
    path = export(tmp_path / "docs.jsonl", count)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "GK_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONPATH": str(REPO),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "gk_import_documents", str(path)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.time() + 300
    while PolicyDocumentPage.objects.count() < 5 and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    _out, err = process.communicate(timeout=60)
    done = PolicyDocumentPage.objects.count()
    assert 5 <= done < count, f"the import was not caught half-way ({done} of {count} pages): {err.decode()}"
    out, _err = command("gk_import_documents", str(path))
    assert out.startswith(f"{count - done} created, 0 updated, {done} unchanged, 0 skipped ({count} in all).")
    sources = list(PolicyDocumentPage.objects.child_of(column).values_list("import_source", flat=True))
    assert sorted(sources) == [f"jsonl:t-{n:03d}" for n in range(count)]
    assert all(page.live and page.live_revision_id for page in PolicyDocumentPage.objects.all())
