"""Import pages saved from legacy government sites as ``PolicyDocumentPage``s.

:func:`html_paths` finds the pages (a folder, searched recursively, or a file listing them);
:func:`import_html` reads each into a record with :func:`~gk_wagtail.formats.legacy_pages.page_record`
and stores the records with :func:`~gk_wagtail.importers.writer.import_records`. Its attachments
and images are taken from the saved files when they exist inside the folder imported.
"""

import os
from pathlib import Path

from django.utils.translation import gettext as _

from gk_wagtail.formats.legacy_pages import page_record
from gk_wagtail.formats.records import size_and_limit
from gk_wagtail.importers.writer import ImporterError, import_records

HTML_SUFFIXES = (".htm", ".html", ".shtml")
#: The largest list of pages read: 100,000 paths of a hundred characters. The list is read whole;
#: anything larger is not a list someone wrote.
MAX_LIST_BYTES = 10 * 1024 * 1024


def html_paths(path):
    """``(pages, folder)`` for PATH: the HTML files under a folder, one page, or the pages a list file names.

    A list file has one path per line, relative to the list file or absolute; blank lines and
    lines starting with # are ignored. The folder is where local attachments may be read
    from: the folder given, or the one that holds all the listed pages.
    """
    path = Path(path)
    if path.is_dir():
        pages = sorted(page for page in path.rglob("*") if page.suffix.lower() in HTML_SUFFIXES and page.is_file())
        return pages, path
    if not path.is_file():
        raise ImporterError(_("%(path)s is neither a folder nor a file.") % {"path": path})
    if path.suffix.lower() in HTML_SUFFIXES:
        return [path], path.parent
    size = path.stat().st_size
    if size > MAX_LIST_BYTES:
        raise ImporterError(
            _("%(path)s is %(size)s; a list of pages may be at most %(limit)s.")
            % {"path": path, **size_and_limit(size, MAX_LIST_BYTES)}
        )
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise ImporterError(_("%(path)s is not a UTF-8 list of paths.") % {"path": path}) from None
    pages = [path.parent / line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not pages:
        raise ImporterError(_("%(path)s lists no pages.") % {"path": path})
    return pages, Path(os.path.commonpath([page.resolve().parent for page in pages]))


def import_html(paths, organ, column, dry_run=False, root=None, update=False, per_page=False):
    """Import the saved pages at ``paths`` under ``column``; returns an ImportResult.

    ``organ`` is the organization whose old site this is: it issues the pages that name no
    organ. ``root`` is the folder the pages were found in (default: the one holding them all);
    keys are paths relative to it, and attachments are only read from inside it. ``update`` lets a
    page replace another document that has the same 索引号 or 文号 (see ``import_records``).
    """
    paths = [Path(path) for path in paths]
    if root is None:
        root = os.path.commonpath([path.resolve().parent for path in paths]) if paths else "."
    root = Path(root).resolve()
    records = (page_record(path, organ.name if organ else "", root) for path in paths)
    return import_records(records, column, organ, dry_run, update=update, per_page=per_page)
