"""Import pages saved from legacy government sites as ``PolicyDocumentPage``s.

:func:`html_paths` finds the pages (a folder, searched recursively, or a file listing them);
:func:`import_html` parses each with :func:`~gk_wagtail.importers.html.parse_legacy_page` and
stores it with :func:`~gk_wagtail.importers.pages.import_records`.

A page is keyed, so that a re-run finds it, by its 索引号; else by its 文号 and issuing
organ; else by its path relative to the folder imported. Its attachments and images are
taken from the saved files when they exist inside that folder.
"""

import hashlib
import os
from pathlib import Path

from django.utils.translation import gettext as _

from ..codes import normalize_document_number
from ..page_types.document import Validity
from ..page_types.policy import PolicyDocumentPage
from .html import LegacyPageError, parse_legacy_page
from .pages import (
    WEB_SCHEMES,
    DocumentRecord,
    ImporterError,
    Skipped,
    first_organization_name,
    import_records,
    max_length,
)
from .sanitize import url_scheme

HTML_SUFFIXES = (".htm", ".html", ".shtml")


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
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise ImporterError(_("%(path)s is not a UTF-8 list of paths.") % {"path": path}) from None
    pages = [path.parent / line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not pages:
        raise ImporterError(_("%(path)s lists no pages.") % {"path": path})
    return pages, Path(os.path.commonpath([page.resolve().parent for page in pages]))


def import_html(paths, organ, column, dry_run=False, root=None):
    """Import the saved pages at ``paths`` under ``column``; returns an ImportResult.

    ``organ`` is the organization whose old site this is: it issues the pages that name no
    organ. ``root`` is the folder the pages were found in (default: the one holding them all);
    keys are paths relative to it, and attachments are only read from inside it.
    """
    paths = [Path(path) for path in paths]
    if root is None:
        root = os.path.commonpath([path.resolve().parent for path in paths]) if paths else "."
    root = Path(root).resolve()
    records = (page_record(path, organ, root) for path in paths)
    return import_records(records, column, organ, dry_run)


def page_record(path, organ, root):
    """The DocumentRecord of one saved page, or Skipped saying why it cannot be imported."""
    location = str(path)
    try:
        data = path.read_bytes()
        resolved = path.resolve(strict=True)
    except OSError as error:
        return Skipped(location, _("The file cannot be read: %(error)s.") % {"error": error.strerror or error})
    try:
        page = parse_legacy_page(data, location, base_url=resolved.as_uri())
    except LegacyPageError as error:
        return Skipped(location, error.message)
    except Exception as error:  # noqa: BLE001  (a page that trips the parser must not stop the others)
        return Skipped(location, f"{type(error).__name__}: {error}")
    key, slug = page_key(page, organ, resolved, root)
    record = DocumentRecord(
        key=key,
        location=location,
        title=page.title,
        slug=slug,
        index_number=page.index_number,
        document_number=page.document_number,
        issuing_organ=page.issuing_organ,
        theme=page.theme,
        date_written=page.date_written,
        date_published=page.date_published,
        keywords=page.keywords,
        validity=page.validity or Validity.VALID,
        document_kind=PolicyDocumentPage.Kind.OTHER,
        body=page.body,
        attachments=page.attachments,
        base_url=page.base_url,
        original_url=page.original_url,
        local_root=root,
        warnings=page.warnings,
    )
    if url_scheme(page.original_url) in WEB_SCHEMES:
        if len(page.original_url) <= max_length(PolicyDocumentPage, "source_url"):
            record.source_url = page.original_url
        else:
            record.warnings.append(_("The page's original address is too long to keep."))
    return record


def page_key(page, organ, path, root):
    """``(import_source, slug)``: by 索引号, else 文号 and issuing organ, else the path under ``root``."""
    if page.index_number:
        key, slug = f"html:index:{page.index_number}", page.index_number
    elif page.document_number:
        organ_name = first_organization_name(page.issuing_organ) or organ.name
        number = normalize_document_number(page.document_number)
        key, slug = f"html:docnum:{organ_name}:{number}", number
    else:
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        key, slug = f"html:path:{relative}", path.stem
    limit = max_length(PolicyDocumentPage, "import_source")
    if len(key) > limit:
        key = f"html:sha1:{hashlib.sha1(key.encode()).hexdigest()}"
    return key, slug
