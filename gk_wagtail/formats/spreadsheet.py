"""CSV that is safe to open in Excel or WPS: UTF-8 with a BOM so Chinese shows, no formula injection."""

import csv

# Excel takes a CSV file for the local code page (GBK on Chinese Windows) unless it starts with this.
BYTE_ORDER_MARK = "\ufeff"
# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as CSV text; a leading formula character is quoted with an apostrophe, as OWASP recommends."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(file, header, rows):
    """Write ``header`` and ``rows`` to the text ``file`` (opened with ``newline=""``), every cell made safe."""
    writer = csv.writer(file)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def open_csv(path):
    """A new CSV file at ``path`` with the byte-order mark Excel needs to read it as UTF-8."""
    return open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115  (the caller closes it)
