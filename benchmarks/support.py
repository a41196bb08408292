"""What both benchmarks share: a fresh database, a site with a 政策文件 column, the eval set, timing."""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
COLUMN_CODE = "policies"


def arguments(description, default_name):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--name",
        default=None,
        help=f"SQLite file or PostgreSQL database to create afresh (default: /tmp/{default_name}.sqlite3 or {default_name}).",
    )
    parser.add_argument(
        "--eval-dir", type=Path, default=EVAL_DIR, help="Folder holding docs.jsonl and queries_dev.jsonl."
    )
    parser.add_argument(
        "--syncdb",
        action="store_true",
        help="Build the schema from the models instead of the migrations (for a tree whose migrations lag behind).",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Use the database a previous run left (its pages), instead of creating it afresh.",
    )
    parser.set_defaults(default_name=default_name)
    return parser


def fresh_database(args):
    """Point Django at a new, empty database and build the schema and a site in it."""
    name = args.name or (args.default_name if args.database == "postgres" else f"/tmp/{args.default_name}.sqlite3")
    os.environ["GK_BENCH_DATABASE"] = args.database
    os.environ["GK_BENCH_DATABASE_NAME"] = name
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    sys.path.insert(0, str(ROOT))
    if args.reuse:
        pass
    elif args.database == "postgres":
        import psycopg

        with psycopg.connect(
            dbname="postgres",
            user=os.environ.get("PGUSER", "postgres"),
            host=os.environ.get("PGHOST", "127.0.0.1"),
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(name).unlink(missing_ok=True)

    import django
    from django.conf import settings

    if args.syncdb:
        settings.MIGRATION_MODULES = NoMigrations()
    django.setup()
    from django.core.management import call_command

    if not args.reuse:
        call_command("migrate", run_syncdb=args.syncdb, verbosity=0)
        if args.syncdb:
            build_sqlite_fts_table()
    return name


class NoMigrations(dict):
    """MIGRATION_MODULES for building every table from the models, as pytest --nomigrations does."""

    def __contains__(self, label):
        return True

    def __getitem__(self, label):
        return None


def build_sqlite_fts_table():
    """Built from the models, Wagtail's FTS5 table is a plain table; make it what Wagtail's migration makes."""
    from importlib import import_module

    from django.db import connection
    from wagtail.search.models import IndexEntry

    if connection.vendor != "sqlite":
        return
    fts_table = f"{IndexEntry._meta.db_table}_fts"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [fts_table])
        if "VIRTUAL" in (cursor.fetchone() or [""])[0].upper():
            return
        cursor.execute(f"DROP TABLE {fts_table}")
        migration = import_module("wagtail.search.migrations.0006_customise_indexentry").Migration
        for operation in migration.operations[-1].database_operations:
            cursor.execute(operation.sql)


def make_column():
    """A site whose home page holds the 政策文件 column the importer fills."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from gk_wagtail.models import ColumnPage
    from gk_wagtail.page_types.columns import ColumnType

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="上海市人民政府", slug="gk-bench-home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="上海市人民政府")
    home.add_child(
        instance=ColumnPage(
            title="政策文件", slug=COLUMN_CODE, column_code=COLUMN_CODE, column_type=ColumnType.POLICY_DOCUMENTS
        )
    )
    return Site.objects.get()


def read_jsonl(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def milliseconds(values):
    return f"p50 {statistics.median(values) * 1000:.1f} ms, p95 {percentile(values, 0.95) * 1000:.1f} ms"
