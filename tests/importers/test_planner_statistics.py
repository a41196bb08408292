"""After an import the PostgreSQL planner knows the new row counts: each import command analyzes what it wrote."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gk_wagtail.importers.writer import analyze_written_tables
from gk_wagtail.models import PolicyDocumentPage
from tests.factories import (
    COUNTY_CREDIT_CODE,
    budget_rows,
    make_column,
    make_county,
    make_organization,
    make_site,
    workbook,
)
from tests.importers.test_commands import export

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
ALWAYS = ["wagtailcore_page", "wagtailsearch_indexentry", "wagtailcore_referenceindex"]
DOCUMENT_TABLES = ALWAYS + ["gk_wagtail_policydocumentpage", "gk_wagtail_policydocumentkeyword"]
CATALOG_TABLES = ALWAYS + ["gk_wagtail_standardcatalogpage", "gk_wagtail_catalogitem", "gk_wagtail_catalogdomain"]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")


def analyzed_since(started, tables):
    """Of ``tables``, those analyzed (by an ANALYZE command, not autovacuum) since ``started``."""
    with connection.cursor() as cursor:
        # Statistics views keep one snapshot per transaction; the test runs in one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND last_analyze >= %s",
            [tables, started],
        )
        return sorted(name for (name,) in cursor.fetchall())


def clock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def run(name, *arguments):
    call_command(name, *arguments, stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def policy_column(db):
    return make_column(make_site().root_page, "政策文件", "policies", column_type="政策文件")


@on_postgresql
def test_a_jsonl_import_analyzes_the_pages_and_indexes(tmp_path, policy_column):
    started = clock()
    run("gk_import_documents", str(export(tmp_path / "docs.jsonl", 3)))
    assert PolicyDocumentPage.objects.count() == 3
    assert analyzed_since(started, DOCUMENT_TABLES) == sorted(DOCUMENT_TABLES)


@on_postgresql
def test_a_dry_run_analyzes_nothing(tmp_path, policy_column):
    started = clock()
    run("gk_import_documents", str(export(tmp_path / "docs.jsonl", 3)), "--dry-run")
    assert analyzed_since(started, DOCUMENT_TABLES) == []


@on_postgresql
def test_a_saved_pages_import_analyzes_the_pages_and_indexes(tmp_path, policy_column, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_organization()
    started = clock()
    run("gk_import_html", str(FIXTURES), "--organ", COUNTY_CREDIT_CODE, "--column", "policies")
    assert PolicyDocumentPage.objects.exists()
    assert analyzed_since(started, DOCUMENT_TABLES) == sorted(DOCUMENT_TABLES)


@on_postgresql
def test_a_catalog_import_analyzes_the_catalog_tables(tmp_path, db):
    county = make_county()
    section = make_column(make_site(organization=county).root_page, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(workbook(budget_rows()).getvalue())
    started = clock()
    run("gk_import_catalog", str(path), "--organ", county.credit_code, "--domain", "财政预决算", "--publish")
    assert analyzed_since(started, CATALOG_TABLES) == sorted(CATALOG_TABLES)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the other databases keep their own statistics")
def test_other_databases_are_left_alone(db):
    assert analyze_written_tables([PolicyDocumentPage]) == []
