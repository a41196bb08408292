"""Pages per second of the two importers, one page at a time and in batches, measured in the same run.

For each way of writing (``--per-page``, then the batches the importers use by default) it builds a
fresh test database the way the test suite does (tests.settings: SQLite, or PostgreSQL with
GK_TEST_DATABASE=postgres), then for each importer measures

* the baseline: reading and checking the input without touching the database;
* the peak memory of the import (tracemalloc, in a dry run of the same input, which does all the
  work and keeps nothing; tracing slows Python down, so it is not timed);
* the import: creating and publishing every page;
* the re-run: the same input again, which must change nothing.

It ends with how many times faster the batches are than page by page. Runs of fewer than 100
records (``writer.BULK_MINIMUM``) are written page by page either way, so measure with more.

Usage, from the repository root::

    .venv/bin/python benchmarks/import_speed.py [--jsonl ../shared/eval/docs.jsonl] [--limit N] [--html-copies 20]

On PostgreSQL, name a database of your own: GK_TEST_DATABASE=postgres GK_TEST_DATABASE_NAME=gk_bench
(the run creates and drops test_gk_bench).

The figures depend on the machine and on what else it runs; compare runs of one machine only.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORK = Path(tempfile.mkdtemp(prefix="gk-import-speed-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("GK_TEST_SQLITE_NAME", str(WORK / "db.sqlite3"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from gk_wagtail.formats.jsonl import read_documents  # noqa: E402
from gk_wagtail.formats.legacy_pages import parse_legacy_page  # noqa: E402
from gk_wagtail.formats.records import Skipped  # noqa: E402
from gk_wagtail.importers.documents import import_documents  # noqa: E402
from gk_wagtail.importers.html import html_paths, import_html  # noqa: E402
from gk_wagtail.page_types.columns import ColumnType  # noqa: E402
from tests.factories import make_column, make_organization, make_site  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "html"
DEFAULT_EXPORT = REPO.parent / "shared" / "eval" / "docs.jsonl"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Timing:
    """Wall-clock and CPU seconds of this process, and the queries it sent."""

    def __init__(self, function):
        counter = QueryCounter()
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter):
            self.value = function()
        self.wall, self.cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.queries = counter.count

    def line(self, label, count, unit="pages", queries=True):
        # CPU time says more than wall time on a shared machine; with SQLite it includes the database's work.
        rates = f"{count / self.wall:8.1f} {unit}/s ({count / self.cpu:8.1f} per CPU second)"
        extra = f"  {self.queries / count:5.1f} queries/page" if queries and count else ""
        print(f"  {label:<27} {count:5d} {unit} in {self.wall:7.2f} s  {rates}{extra}")


def peak_memory(function):
    """Peak bytes Python allocated while ``function`` ran."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sample(path, limit):
    if not limit:
        return path
    source = WORK / "sample.jsonl"
    if not source.exists():
        with path.open(encoding="utf-8") as lines:
            source.write_text("".join(next(lines) for _ in range(limit)), encoding="utf-8")
    return source


def jsonl_figures(source, per_page):
    print(f"JSONL: {source.name}, {connection.vendor}, {'page by page' if per_page else 'in batches'}")
    read = Timing(lambda: [record for record in read_documents(source) if not isinstance(record, Skipped)])
    read.line("baseline: read and check", len(read.value), "lines", queries=False)
    memory = peak_memory(lambda: import_documents(source, dry_run=True, per_page=per_page))
    run = Timing(lambda: import_documents(source, per_page=per_page))
    run.line("import: create and publish", run.value.created)
    print(f"  {'peak memory (dry run)':<27} {memory / 2**20:8.1f} MiB")
    skipped(run.value)
    again = Timing(lambda: import_documents(source, per_page=per_page))
    assert again.value.created == again.value.updated == 0, again.value.summary()
    again.line("re-run: nothing changes", again.value.unchanged)
    return run.value.created / run.wall, run.value.created / run.cpu, memory


def skipped(result):
    if result.skipped:
        print(f"  ({len(result.skipped)} skipped, e.g. {result.skipped[0][0]}: {result.skipped[0][1]})")


def html_copies(copies):
    """``copies`` of each fixture page, each with its own 索引号 and 文号 so that each is a document of its own."""
    folder = WORK / "html"
    pages = []
    for source in sorted(FIXTURES.glob("*.html")):
        data = source.read_bytes()
        try:
            page = parse_legacy_page(data, str(source))
        except ValueError:
            continue  # the empty and broken fixtures test refusals, not speed
        pages.append((source, data, page))
    for copy in range(copies):
        target = folder / f"copy{copy:03d}" / "zwgk" / "zfwj" / "202003"
        target.mkdir(parents=True)
        for source, data, page in pages:
            for value, new in (
                (page.index_number, f"{page.index_number}-{copy:04d}"),
                (page.document_number, f"{page.document_number[:-1]}{copy:04d}号"),
            ):
                if value:
                    data = data.replace(value.encode(page.encoding), new.encode(page.encoding))
            (target / source.name).write_bytes(data)
        (target / "P020200310395214570001.pdf").write_bytes(f"%PDF-1.4 copy {copy}\n".encode())
    return folder, len(pages)


def html_figures(folder, layouts, copies, organization, column, per_page):
    paths, root = html_paths(folder)
    label = "page by page" if per_page else "in batches"
    print(f"HTML: {layouts} fixture layouts x {copies} copies, {connection.vendor}, {label}")
    parse = Timing(lambda: [parse_legacy_page(path.read_bytes(), str(path), base_url=path.as_uri()) for path in paths])
    parse.line("baseline: parse only", len(paths), queries=False)
    with override_settings(MEDIA_ROOT=WORK / ("media-per-page" if per_page else "media")):
        memory = peak_memory(
            lambda: import_html(paths, organization, column, dry_run=True, root=root, per_page=per_page)
        )
        run = Timing(lambda: import_html(paths, organization, column, root=root, per_page=per_page))
        run.line("import: create and publish", run.value.created)
        print(f"  {'peak memory (dry run)':<27} {memory / 2**20:8.1f} MiB")
        skipped(run.value)
        again = Timing(lambda: import_html(paths, organization, column, root=root, per_page=per_page))
        assert again.value.created == again.value.updated == 0, again.value.summary()
        again.line("re-run: nothing changes", again.value.unchanged)
    return run.value.created / run.wall, run.value.created / run.cpu, memory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, default=DEFAULT_EXPORT)
    parser.add_argument("--limit", type=int, default=0, help="import only the first N lines (default: all)")
    parser.add_argument("--html-copies", type=int, default=20)
    arguments = parser.parse_args()
    if not arguments.jsonl.is_file():
        parser.error(
            f"{arguments.jsonl} is missing: check out the shared/ folder beside the repository or pass --jsonl"
        )
    figures = {}
    try:
        source = sample(arguments.jsonl, arguments.limit)
        folder, layouts = html_copies(arguments.html_copies)
        for per_page in (True, False):
            name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                column = make_column(make_site().root_page, column_type=ColumnType.POLICY_DOCUMENTS)
                figures["JSONL", per_page] = jsonl_figures(source, per_page)
                figures["HTML", per_page] = html_figures(
                    folder, layouts, arguments.html_copies, make_organization(), column, per_page
                )
            finally:
                connection.creation.destroy_test_db(name, verbosity=0)
        print(f"In batches against page by page, {connection.vendor}:")
        for importer in ("JSONL", "HTML"):
            (one, one_cpu, one_memory), (batched, batched_cpu, batched_memory) = (
                figures[importer, True],
                figures[importer, False],
            )
            print(
                f"  {importer:<6} {one:7.1f} -> {batched:7.1f} pages/s: {batched / one:5.1f} times as fast "
                f"({one_cpu:.1f} -> {batched_cpu:.1f} per CPU second: {batched_cpu / one_cpu:.1f} times); "
                f"peak memory {one_memory / 2**20:.1f} -> {batched_memory / 2**20:.1f} MiB"
            )
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
