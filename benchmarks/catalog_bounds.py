"""Time and peak memory of reading hostile catalog workbooks, against a normal catalog read in the same run.

Builds each workbook in memory, writes it to a temporary file and reads it with
``read_catalog_workbook`` in a fresh subprocess, so that each case's peak RSS
(``resource.getrusage``) is its own:

* baseline: a normal 50-row catalog in the canonical layout;
* 200,000 rows: the same header above 200,000 numbered rows;
* cell at A1048576: one value in the last row Excel has;
* huge merged range: the 50-row catalog with A60:XFD1048576 merged.

One subprocess builds each workbook and another reads it, so that neither building it nor the
parent's memory nor another case's shows in the reading's peak.

Usage, from the repository root::

    .venv/bin/python benchmarks/catalog_bounds.py

Every hostile case must be refused; the ratios say how much more time and memory it took than the
baseline. The figures depend on the machine; compare runs of one machine only.
"""

import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _setup():
    import django
    from django.conf import settings

    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()


def _rewritten(data, change):
    source, target = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            archive.writestr(info.filename, content)
    return target.getvalue()


def _catalog(rows=50):
    from gk_wagtail.formats.catalog_rows import CatalogRow, LegalBasis
    from gk_wagtail.formats.catalog_workbook import write_catalog_workbook

    return write_catalog_workbook(
        "示范县财政预决算领域基层政务公开标准目录",
        [
            CatalogRow(
                first_level_item=f"预算公开{number // 5}",
                second_level_item=f"政府预算{number}",
                content_elements="经本级人民代表大会批准的政府预算及报表和说明",
                legal_bases=[LegalBasis("法律", "《中华人民共和国预算法》第十四条")],
                time_limit_text="批准后20日内",
                responsible_body="县财政局",
                channels=["政府网站", "公开查阅点"],
                audience="全社会",
                method="主动",
                levels=["县级"],
            )
            for number in range(rows)
        ],
    )


def build(case):
    """The workbook bytes of one case."""
    import openpyxl

    if case == "baseline":
        return _catalog()
    if case == "200,000 rows":
        rows = "".join(f'<row r="{row}"><c r="A{row}"><v>{row}</v></c></row>' for row in range(4, 200_004))

        def many(xml):
            xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:N200003"/>', xml)
            return re.sub(
                r'(<row r="3".*?</row>).*</sheetData>', lambda m: m.group(1) + rows + "</sheetData>", xml, flags=re.S
            )

        return _rewritten(_catalog(1), many)
    if case == "cell at A1048576":
        book = openpyxl.Workbook()
        book.active["A1048576"] = "x"
        buffer = BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if case == "huge merged range":
        return _rewritten(
            _catalog(),
            lambda xml: re.sub(r'<mergeCells count="\d+">', '\\g<0><mergeCell ref="A60:XFD1048576"/>', xml),
        )
    raise ValueError(case)


CASES = ["baseline", "200,000 rows", "cell at A1048576", "huge merged range"]


def measure(path):
    """Run in the subprocess: read the file, print seconds, peak RSS in MB and the outcome."""
    _setup()
    from django.utils.translation import gettext

    from gk_wagtail.formats.catalog_workbook import CatalogImportError, read_catalog_workbook

    # Load the translation catalogues in every case, so that only the reading differs.
    gettext("The file is empty.")
    start = time.perf_counter()
    try:
        result = read_catalog_workbook(path)  # reads the bytes from the file, as the command does
        outcome = f"read {len(result.rows)} rows"
    except CatalogImportError as error:
        outcome = "refused: " + error.errors[0].message[:90]
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f}\t{_peak_megabytes():.1f}\t{outcome}")


def _peak_megabytes():
    """Peak RSS of this process. Linux keeps ru_maxrss across fork and exec, so the parent's peak would
    show in every child; VmHWM belongs to the process image alone."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    _setup()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            path = Path(folder) / f"{CASES.index(case)}.xlsx"
            subprocess.run([sys.executable, __file__, "--build", case, str(path)], check=True)
            output = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, check=True
            ).stdout.strip()
            seconds, peak, outcome = output.split("\t")
            results[case] = (float(seconds), float(peak), outcome, path.stat().st_size)
    base_seconds, base_peak = results["baseline"][:2]
    print(f"{'case':<20} {'file':>9} {'time':>9} {'× base':>7} {'peak RSS':>10} {'× base':>7}  outcome")
    for case, (seconds, peak, outcome, size) in results.items():
        print(
            f"{case:<20} {size / 1024:>7.0f}KB {seconds * 1000:>7.1f}ms {seconds / base_seconds:>7.2f} "
            f"{peak:>8.1f}MB {peak / base_peak:>7.2f}  {outcome}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        _setup()
        Path(sys.argv[3]).write_bytes(build(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
