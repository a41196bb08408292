"""Import a structured document export (JSONL, see :mod:`gk_wagtail.formats.jsonl`) under a column."""

from pathlib import Path

from django.utils.translation import gettext as _

from gk_wagtail.formats.jsonl import read_documents
from gk_wagtail.importers.writer import ImporterError, find_column, import_records


def import_documents(path, column=None, organ_default=None, dry_run=False, per_page=False):
    """Import the JSONL file at ``path`` under ``column`` (default: see :func:`find_column`).

    ``organ_default`` (an Organization) issues the documents that name no organ; ``per_page``
    publishes every page on its own (see ``import_records``). Returns an
    :class:`~gk_wagtail.importers.writer.ImportResult`.
    """
    path = Path(path)
    if not path.is_file():
        raise ImporterError(_("%(path)s is not a file.") % {"path": path})
    column = column or find_column(organization=organ_default)
    return import_records(read_documents(path), column, organ_default, dry_run, per_page=per_page)
