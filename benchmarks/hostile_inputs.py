"""Time and peak memory of every import path given hostile files, against a normal file of the same kind read in the same run.

Each file is built in one subprocess and read in another, through the entry point an import uses,
so that each case's peak RSS (``VmHWM``) is its own:

* saved pages, through ``page_record`` (the size check, ``parse_legacy_page`` and the record): a
  normal page; nested layout tables holding data tables whose every cell asks for
  ``rowspan="99999" colspan="99999"``; a 50 MB page; a page of text just under the size limit; a
  page whose body is just under the length limit; 200,000 nested ``<div>``s; and the costliest page the limits let through (just under the tag
  limit, nested just under the depth limit);
* structured exports, through ``read_documents``: a normal export; one line of 200 MB (written a
  chunk at a time); a body at the length limit; 20,000 lines, to show memory stays flat;
* catalog workbooks, through ``read_catalog_workbook``: a normal catalog, 200,000 rows, a cell at
  A1048576 (the workbooks of ``benchmarks/catalog_bounds.py``);
* whole imports, through ``import_html`` and ``import_documents`` as dry runs into a test database
  (they write the pages, then roll back): the normal page, the tables with huge spans, the costliest
  accepted page, the page of text, a page and a line whose body is at the length limit, a normal line.

Usage, from the repository root::

    .venv/bin/python benchmarks/hostile_inputs.py [--no-import]

Every case must finish within 5 s and 300 MB; the ratios say how much more time and memory it took
than the normal file of its kind. The subprocesses load the test settings (Django, Wagtail and the
package: about 130 MB before any file is read). The figures depend on the machine and on what else
it runs; CPU seconds are steadier than wall-clock ones on a shared machine.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TITLE = "关于做好2024年春季农业生产工作的通知"
ORGANIZATION = "示范县人民政府"
PARAGRAPH = "各乡镇人民政府，县直各有关单位：为切实做好今年春季农业生产工作，确保粮食和重要农产品稳定安全供给，现将有关事项通知如下。"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


# --- building the files ---------------------------------------------------------------------------


def _page(body, title=TITLE):
    head = f'<meta charset="utf-8"><title>{title}_示范县人民政府</title>'
    metadata = (
        '<table class="xxgk"><tr><td>索引号：</td><td>11620521013920731W/2024-00041</td>'
        "<td>发文机关：</td><td>示范县人民政府办公室</td></tr>"
        "<tr><td>成文日期：</td><td>2024-03-06</td><td>发布日期：</td><td>2024-03-10</td></tr></table>"
    )
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body>"
        f'<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>'
        f'{metadata}<h1 class="title">{title}</h1><div class="TRS_Editor">{body}</div>'
        '<div class="footer">版权所有：示范县人民政府 ICP备12345678号</div></body></html>'
    )


def _normal_body():
    rows = "".join(
        f"<tr><td>{number}</td><td>某某镇</td><td>小麦</td><td>{number * 120}亩</td></tr>" for number in range(20)
    )
    return "".join(f"<p>{PARAGRAPH}</p>" for _ in range(30)) + f"<table>{rows}</table>"


def _huge_spans_body():
    """Layout tables 400 deep, holding three 100 × 100 data tables whose every cell spans 99,999 × 99,999:
    as many as fit under MAX_PAGE_ELEMENTS, so that the page is read and its tables built."""
    span = ' rowspan="99999" colspan="99999"'
    layout = f"<table><tr><td{span}>" * 400
    data = "<table>" + ("<tr>" + f"<td{span}>格</td>" * 100 + "</tr>") * 100 + "</table>"
    return layout + f"<p>{PARAGRAPH}</p>" + data * 3 + "</td></tr></table>" * 400


def _costliest_body():
    """Just under MAX_PAGE_ELEMENTS tags, nested just under MAX_PAGE_DEPTH: BeautifulSoup's linking of
    text that follows a closed tag walks up the whole nesting each time."""
    from gk_wagtail.formats.legacy_pages import MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS

    depth = MAX_PAGE_DEPTH - 20
    paragraphs = (MAX_PAGE_ELEMENTS - depth - 100) // 2
    return "<div>" * depth + "<p><b>第一条</b>正文内容。</p>" * paragraphs + "</div>" * depth


def _jsonl_line(number, body=PARAGRAPH * 10):
    return json.dumps(
        {
            "id": f"bench-{number:06d}",
            "title": f"{TITLE}（{number}）",
            "document_number": f"示政办发〔2024〕{number}号",
            "issuing_organ": ORGANIZATION,
            "publish_date": "2024-03-10",
            "status": "有效",
            "category": "农业、林业、水利",
            "doc_type": "规范性文件",
            "level": "县级",
            "url": f"https://www.example.gov.cn/zwgk/{number}.html",
            "body": body,
        },
        ensure_ascii=False,
    )


def _write_long_line(path, megabytes):
    """One JSON line of ``megabytes`` MB, written a megabyte at a time."""
    chunk = "正文" * (1024 * 1024 // 6)  # 1 MB of UTF-8
    with path.open("w", encoding="utf-8") as file:
        file.write('{"id": "long", "title": "很长的一行", "body": "')
        for _ in range(megabytes):
            file.write(chunk)
        file.write('"}\n')
        file.write(_jsonl_line(2) + "\n")


def build(case, path):
    """Write the file of ``case`` at ``path``."""
    path = Path(path)
    if case.kind == "page":
        if case.name in ("50 MB page", "5 MB of text", "body at the limit"):
            from gk_wagtail.formats.legacy_pages import MAX_BODY_CHARS, MAX_PAGE_BYTES

            paragraph = f"<p>{PARAGRAPH}</p>\n".encode()
            paragraphs = {
                "50 MB page": 50 * 1024 * 1024 // len(paragraph),
                "5 MB of text": (MAX_PAGE_BYTES - 1024) // len(paragraph),
                "body at the limit": MAX_BODY_CHARS // len(PARAGRAPH) - 1,
            }
            with path.open("wb") as file:
                file.write(_page("").split('<div class="TRS_Editor">')[0].encode() + b'<div class="TRS_Editor">')
                for _ in range(paragraphs[case.name]):
                    file.write(paragraph)
                file.write(b"</div></body></html>")
            return
        bodies = {
            "normal page": _normal_body,
            "nested tables, huge spans": _huge_spans_body,
            "200,000 nested divs": lambda: "<div>" * 200_000 + PARAGRAPH + "</div>" * 200_000,
            "costliest accepted page": _costliest_body,
        }
        path.write_text(_page(bodies[case.name]()), encoding="utf-8")
    elif case.kind == "jsonl":
        if case.name == "one 200 MB line":
            _write_long_line(path, 200)
            return
        from gk_wagtail.formats.jsonl import MAX_BODY_CHARS

        lines = {
            "normal export": lambda: (_jsonl_line(number) for number in range(100)),
            "one normal line": lambda: [_jsonl_line(1)],
            "line with the body at the limit": lambda: [
                _jsonl_line(1, ("正文内容。" * MAX_BODY_CHARS)[:MAX_BODY_CHARS])
            ],
            "20,000 lines": lambda: (_jsonl_line(number) for number in range(20_000)),
        }
        with path.open("w", encoding="utf-8") as file:
            for line in lines[case.name]():
                file.write(line + "\n")
    elif case.kind == "catalog":
        from benchmarks.catalog_bounds import build as build_workbook

        names = {"normal catalog": "baseline", "200,000 rows": "200,000 rows", "cell at A1048576": "cell at A1048576"}
        path.write_bytes(build_workbook(names[case.name]))
    else:
        raise ValueError(case)


# --- measuring ------------------------------------------------------------------------------------


class Case:
    def __init__(self, kind, name, importing=False):
        self.kind, self.name, self.importing = kind, name, importing

    @property
    def label(self):
        return f"{'import' if self.importing else self.kind}: {self.name}"

    @property
    def suffix(self):
        return {"page": ".html", "jsonl": ".jsonl", "catalog": ".xlsx"}[self.kind]

    @classmethod
    def from_label(cls, label):
        kind, name = label.split(": ", 1)
        if kind == "import":
            return next(case for case in IMPORT_CASES if case.name == name)
        return cls(kind, name)


CASES = [
    Case("page", "normal page"),
    Case("page", "nested tables, huge spans"),
    Case("page", "50 MB page"),
    Case("page", "5 MB of text"),
    Case("page", "body at the limit"),
    Case("page", "200,000 nested divs"),
    Case("page", "costliest accepted page"),
    Case("jsonl", "normal export"),
    Case("jsonl", "one 200 MB line"),
    Case("jsonl", "line with the body at the limit"),
    Case("jsonl", "20,000 lines"),
    Case("catalog", "normal catalog"),
    Case("catalog", "200,000 rows"),
    Case("catalog", "cell at A1048576"),
]
IMPORT_CASES = [
    Case("page", "normal page", importing=True),
    Case("page", "nested tables, huge spans", importing=True),
    Case("page", "costliest accepted page", importing=True),
    Case("page", "5 MB of text", importing=True),
    Case("page", "body at the limit", importing=True),
    Case("jsonl", "one normal line", importing=True),
    Case("jsonl", "line with the body at the limit", importing=True),
]


def _outcome_of_records(records):
    from gk_wagtail.formats.records import Skipped

    read, skipped, reason = 0, 0, ""
    for record in records:  # one at a time, as the importer takes them: nothing is kept
        if isinstance(record, Skipped):
            skipped += 1
            reason = reason or record.reason
        else:
            read += 1
    return f"read {read}" + (f", skipped {skipped}: {reason}" if skipped else "")


def _read(case, path):
    if case.kind == "page":
        from gk_wagtail.formats.legacy_pages import page_record
        from gk_wagtail.formats.records import Skipped

        record = page_record(path, ORGANIZATION, path.parent)
        if isinstance(record, Skipped):
            return f"refused: {record.reason}"
        segments = len(record.body)
        return f"read: {segments} segment{'s' if segments > 1 else ''}" + (
            f"; {record.warnings[0]}" if record.warnings else ""
        )
    if case.kind == "jsonl":
        from gk_wagtail.formats.jsonl import read_documents

        return _outcome_of_records(read_documents(path))
    from gk_wagtail.formats.catalog_workbook import CatalogImportError, read_catalog_workbook

    try:
        return f"read {len(read_catalog_workbook(path).rows)} rows"
    except CatalogImportError as error:
        return "refused: " + error.errors[0].message


def _import(case, path):
    from django.test.utils import override_settings

    from gk_wagtail.importers.documents import import_documents
    from gk_wagtail.importers.html import import_html
    from gk_wagtail.importers.writer import find_column
    from gk_wagtail.models import Organization

    organization = Organization.objects.get(name=ORGANIZATION)
    column = find_column()
    with override_settings(MEDIA_ROOT=path.parent / "media"):
        if case.kind == "page":
            result = import_html([path], organization, column, dry_run=True, root=path.parent)
        else:
            result = import_documents(path, column, organization, dry_run=True)
    reason = f": {result.skipped[0][1]}" if result.skipped else ""
    return f"would create {result.created}, skip {len(result.skipped)}{reason}"


def measure(label, path):
    """Run in the subprocess: read the file, print wall and CPU seconds, peak RSS in MB and the outcome."""
    _setup()
    from django.utils.translation import activate, gettext

    case, path = Case.from_label(label), Path(path)
    activate("en")
    gettext("The file is empty.")  # load the translation catalogues before timing, in every case
    if case.importing:
        from gk_wagtail.models import Organization

        Organization.objects.exists()  # open the database connection before timing
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = (_import if case.importing else _read)(case, path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{wall:.4f}\t{cpu:.4f}\t{_peak_megabytes():.1f}\t{outcome}")


def _peak_megabytes():
    """Peak RSS of this process: VmHWM, which belongs to the process image alone (ru_maxrss would
    carry the parent's peak across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status: this benchmark needs Linux")


def _database(folder):
    """A test database holding a site with a 政策文件 column and the importing organization; its file name."""
    os.environ["GK_TEST_SQLITE_NAME"] = str(folder / "db.sqlite3")
    _setup()
    from django.db import connection

    from gk_wagtail.page_types.columns import ColumnType
    from tests.factories import make_column, make_organization, make_site

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    make_column(make_site().root_page, column_type=ColumnType.POLICY_DOCUMENTS)
    make_organization(name=ORGANIZATION)
    connection.close()
    return name


def _size(path):
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f}MB" if size >= 1024 * 1024 else f"{size / 1024:.0f}KB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-import", action="store_true", help="skip the whole imports (no database)")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gk-hostile-"))
    try:
        cases = CASES + ([] if arguments.no_import else IMPORT_CASES)
        environment = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings")
        if not arguments.no_import:
            environment["GK_WORKER_DB_NAME"] = subprocess.run(
                [sys.executable, __file__, "--database", str(folder)], capture_output=True, text=True, check=True
            ).stdout.split()[-1]
        results, files = [], {}
        for case in cases:
            key = (case.kind, case.name)
            if key not in files:
                files[key] = folder / f"{len(files)}{case.suffix}"
                subprocess.run([sys.executable, __file__, "--build", case.label, str(files[key])], check=True)
            output = subprocess.run(
                [sys.executable, __file__, "--measure", case.label, str(files[key])],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
            ).stdout.strip()
            wall, cpu, peak, outcome = output.splitlines()[-1].split("\t")
            results.append((case, float(wall), float(cpu), float(peak), outcome, _size(files[key])))
            if case.name == "20,000 lines":
                files.pop(key).unlink()  # the largest file of the run: no case reads it again
        _print(results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _print(results):
    baselines = {}
    print(f"{'case':<40} {'file':>8} {'time':>8} {'CPU':>8} {'× base':>6} {'peak RSS':>9} {'× base':>6}  outcome")
    for case, wall, cpu, peak, outcome, size in results:
        base = baselines.setdefault((case.kind, case.importing), (cpu, peak))
        print(
            f"{case.label:<40} {size:>8} {wall:>7.2f}s {cpu:>7.2f}s {cpu / base[0]:>6.1f} "
            f"{peak:>7.1f}MB {peak / base[1]:>6.2f}  {outcome[:110]}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        _setup()
        build(Case.from_label(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "--database":
        print(_database(Path(sys.argv[2])))
    else:
        main()
