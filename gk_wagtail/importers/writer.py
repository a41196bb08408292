"""The page writer: imported records become pages, idempotently.

The parsers of :mod:`gk_wagtail.formats` read sources into
:class:`~gk_wagtail.formats.records.DocumentRecord`s; :func:`import_records` stores them as
published ``PolicyDocumentPage``s under one column and returns an :class:`ImportResult`.
:func:`save_page` is the one way an importer adds or revises a page (the catalog import uses it
too), so every imported page gets a revision and is published the way an editor's would be.

* **Idempotent.** Every record carries a key (``import_source``). A page with that key is
  updated, not duplicated, and when none of the values the importer sets differ from the
  page's, it is left alone: no revision, no log entry.
* **Interruption-safe.** Records are written in batches (``BATCH_SIZE``), each in one
  transaction: every record in a savepoint of its own, with its organizations, themes, keywords,
  documents and images, and the batch's new pages then published together
  (:func:`~gk_wagtail.importers.bulk.publish_new_pages`). A record that fails leaves nothing
  behind (files stored for it are deleted again) and is reported as skipped while the rest
  import; a batch whose pages cannot be published together is written again one page at a
  time, each page in its own transaction and published through a revision as an editor's would
  be. A run killed half-way is finished by running it again, because what was committed is
  found by its key.
* **Cheap per record.** Organizations, themes, keywords, page keys and column slugs are read
  once and kept in dictionaries, so a record costs the queries of saving and publishing one
  page, or a few when its batch is published together.

Attachments and inline images that exist as local files (inside the folder being imported)
become Wagtail documents and images, shared by file content; those that do not are kept as
links to the old site, when its address is known, and a warning says so.
"""

import datetime
import posixpath
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import get_image_dimensions
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelsearch.conf import get_app_config as search_app_config
from modelsearch.signal_handlers import post_save_signal_handler as search_index_on_save
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update, update_reference_index_on_save
from wagtail.utils.file import hash_filelike

from gk_wagtail.blocks import AttachmentBlock
from gk_wagtail.conf import gk_settings
from gk_wagtail.formats.records import (
    KEYED_BY_CONTENT,
    WEB_SCHEMES,
    RecordError,
    Skipped,
    first_organization_name,
    max_length,
)
from gk_wagtail.formats.sanitize import ImageSegment, RichTextSegment, TableSegment, url_scheme
from gk_wagtail.formats.slugs import free_slug, pinyin_slug
from gk_wagtail.formats.text import ascii_integer, fold
from gk_wagtail.importers.bulk import publish_new_pages
from gk_wagtail.index_numbers import claim_index_number, claim_index_numbers
from gk_wagtail.page_types.columns import ColumnPage, ColumnType
from gk_wagtail.page_types.policies import PolicyDocumentPage
from gk_wagtail.page_types.slugs import PINYIN, TITLE, WAGTAIL_SLUG_LENGTH, base_slug
from gk_wagtail.registers import Organization, Theme
from gk_wagtail.setup.columns import organization_sites

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
#: Records read and written together; their new pages are published at once.
BATCH_SIZE = 500
#: Batches smaller than this are written page by page: publishing at once saves little there.
BULK_MINIMUM = 100
# The block's own limit, which only the admin's form would otherwise check.
ATTACHMENT_TITLE_LENGTH = AttachmentBlock.base_blocks["title"].field.max_length
_THEME_SEPARATOR_RE = re.compile(r"\s*[\\/＼]\s*")
IndexEntry = search_app_config().get_model("IndexEntry", require_ready=False)


class ImporterError(Exception):
    """The import cannot start: its file or column is missing or ambiguous."""


class BatchNotWritten(Exception):
    """A batch cannot be written at once; it is written page by page instead."""


@dataclass
class ImportResult:
    """What a run did: counts of pages, and every record skipped or warned about, with where it came from."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: ``(location, reason)`` for every record that was not imported.
    skipped: list = field(default_factory=list)
    #: ``(location, message)`` for what looked wrong in records that were imported.
    warnings: list = field(default_factory=list)
    #: Names of the organizations created because a record named one the register lacked.
    organizations_created: list = field(default_factory=list)
    #: ``(location, outcome, page id)`` for every record written, in the order read.
    pages: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.skipped)

    def summary(self, warnings=False):
        """The counts, the organizations created and every record skipped; each warning too if ``warnings``."""
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "total": self.total,
        }
        if self.dry_run:
            heading = (
                _(
                    "Dry run, nothing was saved: %(created)d would be created, %(updated)d updated, "
                    "%(unchanged)d unchanged, %(skipped)d skipped (%(total)d in all)."
                )
                % counts
            )
        else:
            heading = (
                _(
                    "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                    "%(skipped)d skipped (%(total)d in all)."
                )
                % counts
            )
        lines = [heading]
        if self.organizations_created:
            lines.append(_("Organizations created: %(names)s.") % {"names": "、".join(self.organizations_created)})
        if self.warnings and warnings:
            lines.append(_("Warnings:"))
            lines.extend(f"  {location}: {message}" for location, message in self.warnings)
        elif self.warnings:
            lines.append(_("%(count)d warnings (run with -v 2 to see them).") % {"count": len(self.warnings)})
        if self.skipped:
            lines.append(_("Skipped:"))
            lines.extend(f"  {location}: {reason}" for location, reason in self.skipped)
        return "\n".join(lines)

    def report_rows(self):
        """One row per record: ``(location, outcome, page URL, reason)``, written pages first.

        The outcome is created, updated, unchanged or skipped; skipped rows have no URL and say why.
        A dry run has no pages to point to.
        """
        page_ids = [page_id for _location, _outcome, page_id in self.pages]
        pages = {} if self.dry_run else Page.objects.in_bulk(page_ids)
        rows = [
            (location, outcome, (pages[page_id].get_url() or "") if page_id in pages else "", "")
            for location, outcome, page_id in self.pages
        ]
        rows += [(location, SKIPPED, "", reason) for location, reason in self.skipped]
        return rows


def find_column(value=None, organization=None):
    """The ColumnPage to import into: by column code or page id, else the 政策文件 column.

    Without a value: the one 政策文件 column on the sites of ``organization`` (the sites that speak
    for it, as gk_setup_columns records them), else the only one of the installation.
    """
    if value is None:
        columns = list(ColumnPage.objects.filter(column_type=ColumnType.POLICY_DOCUMENTS).order_by("path"))
        if organization is not None and len(columns) > 1:
            roots = [site.root_page.path for site in organization_sites(organization)]
            own = [column for column in columns if any(column.path.startswith(root) for root in roots)]
            columns = own or columns
        if len(columns) == 1:
            return columns[0]
        if not columns:
            raise ImporterError(
                _("There is no column of type 政策文件 to import into; pass --column with the code of a column.")
            )
        raise ImporterError(
            _(
                "There are %(count)d columns of type 政策文件; pass --column with one of these codes or page ids: %(choices)s."
            )
            % {"count": len(columns), "choices": _describe_columns(columns)}
        )
    value = str(value).strip()
    columns = list(ColumnPage.objects.filter(column_code=value).order_by("path"))
    page_id = ascii_integer(value)
    if not columns and page_id is not None:
        columns = list(ColumnPage.objects.filter(pk=page_id))
    if len(columns) == 1:
        return columns[0]
    if not columns:
        raise ImporterError(_("No column has the code or page id “%(value)s”.") % {"value": value})
    raise ImporterError(
        _("%(count)d columns have the code “%(value)s”; pass the page id of one of them: %(choices)s.")
        % {"count": len(columns), "value": value, "choices": _describe_columns(columns)}
    )


def _describe_columns(columns):
    return "; ".join(f"{column.column_code or '-'} (id {column.pk}, {column.title})" for column in columns)


def import_records(records, column, default_organ=None, dry_run=False, update=False, per_page=False):
    """Store ``records`` (DocumentRecords and Skipped) under ``column``; return the ImportResult.

    Records are read in batches of ``BATCH_SIZE``; the new pages of a batch are published together
    (:mod:`gk_wagtail.importers.bulk`), with the same result as one by one. A batch smaller than
    ``BULK_MINIMUM`` records, or one whose pages cannot be published together, is written one
    page at a time, so a bad record is reported and the rest of its batch imports; so is every
    record with ``per_page``.

    ``default_organ`` issues the records that name no organ. A record found by its 索引号 or 文号
    that is another document than the page holding that key (another title) is a conflict: it is
    skipped, unless ``update`` says the newer file replaces the page. A dry run does all the work in
    a transaction that is rolled back and deletes the files it stored, so its counts are exactly
    those a real run would give.
    """
    writer = PageWriter(column, default_organ, ImportResult(dry_run=dry_run), update=update, per_page=per_page)
    try:
        with search_indexing_deferred() as writer.search_deferred:
            if dry_run:
                with transaction.atomic():
                    writer.write_all(records)
                    transaction.set_rollback(True)
            else:
                writer.write_all(records)
    finally:
        if dry_run:
            writer.delete_files(0)
    return writer.result


def analyze_written_tables(models, using=DEFAULT_DB_ALIAS):
    """Refresh PostgreSQL's planner statistics of the tables an import of pages of ``models`` wrote.

    Until autovacuum gets to them, the planner costs queries with the row counts of the tables
    before the import (an empty site, for a first import) and may pick plans that read every row:
    the public pages and the search slow down at once. ANALYZE reads a sample of each table; it
    is run on the pages, the tables of ``models`` (their parents' and many-to-many tables
    included), the search index and the reference index. Other databases keep their statistics
    otherwise, so this does nothing there.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    tables = [Page._meta.db_table, IndexEntry._meta.db_table, ReferenceIndex._meta.db_table]
    for model in models:
        for concrete in [model._meta.concrete_model, *model._meta.get_parent_list()]:
            tables.append(concrete._meta.db_table)
            tables += [field.remote_field.through._meta.db_table for field in concrete._meta.local_many_to_many]
    existing = set(connection.introspection.table_names())
    tables = [table for table in dict.fromkeys(tables) if table in existing]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables


@contextmanager
def search_indexing_deferred():
    """Stop indexing policy pages on every save; yields whether the writer must index them itself.

    Unlike Wagtail's switch for the reference index this one is process-wide, not per
    thread: run imports from commands and scripts, not from a threaded web server.
    """
    disconnected = post_save.disconnect(search_index_on_save, sender=PolicyDocumentPage)
    try:
        yield disconnected
    finally:
        if disconnected:
            post_save.connect(search_index_on_save, sender=PolicyDocumentPage)


class PageWriter:
    """Creates or updates the page of each record; keeps what it has looked up for the next record."""

    def __init__(self, column, default_organ, result, update=False, per_page=False):
        self.column = column
        self.per_page = per_page
        self.update = update
        self.default_organ = default_organ
        self.result = result
        self.organizations = {organization.name: organization for organization in Organization.objects.all()}
        self.short_names = defaultdict(list)
        for organization in self.organizations.values():
            if organization.short_name:
                self.short_names[organization.short_name].append(organization)
        self.themes = {
            (theme.parent.name if theme.parent_id else "", theme.name): theme
            for theme in Theme.objects.select_related("parent")
        }
        # Newest first, so that should two pages share a key the oldest one wins.
        self.pages = dict(
            PolicyDocumentPage.objects.exclude(import_source="").order_by("-pk").values_list("import_source", "pk")
        )
        self.slugs = set(column.get_children().values_list("slug", flat=True))
        # Given to the tag manager as tags rather than names, they cost it no query.
        self.tags = {tag.name: tag for tag in PolicyDocumentPage.keywords.through.tag_model().objects.all()}
        self.documents = None
        self.images = None
        self.search_deferred = False
        #: (storage, name) of every file stored in this run, so failures can delete theirs.
        self.stored_files = []
        #: Undoes cache entries made for the record being written, should its transaction roll back.
        self.undo = []
        #: The same for every record of the batch being written, should the batch roll back.
        self.batch_undo = None

    def write_all(self, records):
        seen = {}
        if self.per_page:
            for record in records:
                self.write_one(record, seen)
            return
        records = iter(records)
        while batch := list(islice(records, BATCH_SIZE)):
            if len(batch) < BULK_MINIMUM or not self.write_batch(batch, seen):
                for record in batch:
                    self.write_one(record, seen)

    def write_batch(self, batch, seen):
        """Write ``batch``, publishing its new pages at once; False, with nothing kept, if that failed."""
        result = self.result
        counts = (result.created, result.updated, result.unchanged)
        lengths = (len(result.skipped), len(result.warnings), len(result.pages), len(result.organizations_created))
        first_file, keys_seen = len(self.stored_files), []
        # Writing a record adds to its warnings: written again, it must start from the parser's.
        record_warnings = [(record, len(record.warnings)) for record in batch if not isinstance(record, Skipped)]
        self.batch_undo = []
        pending = []
        try:
            with transaction.atomic():
                for record in batch:
                    if not isinstance(record, Skipped) and record.key not in seen:
                        keys_seen.append(record.key)
                    self.write_one(record, seen, pending)
                if pending:
                    self.publish_pending(pending)
        except Exception:  # noqa: BLE001  (the batch is written again page by page, which reports the error)
            for undo in reversed(self.batch_undo):
                undo()
            self.delete_files(first_file)
            result.created, result.updated, result.unchanged = counts
            for values, length in zip(
                (result.skipped, result.warnings, result.pages, result.organizations_created), lengths, strict=True
            ):
                del values[length:]
            for key in keys_seen:
                seen.pop(key, None)
            for record, count in record_warnings:
                del record.warnings[count:]
            return False
        finally:
            self.batch_undo = None
        return True

    def publish_pending(self, pending):
        pages = [page for _record, page, _row in pending]
        publish_new_pages(self.column, pages)
        claim_index_numbers(
            [
                (page.index_number, page.issuing_organ or self.default_organ, page.title, page.pk)
                for page in pages
                if page.index_number
            ]
        )
        for record, page, row in pending:
            self.remember(self.pages, record.key, page.pk)
            self.result.pages[row] = (record.location, CREATED, page.pk)
        self.batch_undo.extend(self.undo)

    def write_one(self, record, seen, pending=None):
        """Write one record and count it; ``pending`` collects new pages to publish later, if given."""
        if isinstance(record, Skipped):
            self.result.skipped.append((record.location, record.reason))
            return
        if record.key in seen:
            earlier, earlier_title = seen[record.key]
            if not record.key.startswith(KEYED_BY_CONTENT) or same_title(earlier_title, record.title):
                reason = _("The same document as %(location)s (key %(key)s).")
            elif not self.update:
                reason = _(
                    "Conflict: %(location)s has the same key (%(key)s) but is another document; "
                    "run with --update to let this file replace it."
                )
            else:
                reason = None
            if reason:
                self.result.skipped.append((record.location, reason % {"location": earlier, "key": record.key}))
                return
        if pending and any(record.key == earlier.key for earlier, _page, _row in pending):
            # It replaces a page not written yet: the batch is written page by page instead.
            raise BatchNotWritten
        try:
            outcome = self.write(record, pending)
        except (RecordError, ValidationError) as error:
            self.result.skipped.append((record.location, describe_error(error)))
        except Exception as error:  # noqa: BLE001  (one broken record must not stop thousands of others)
            self.result.skipped.append((record.location, f"{type(error).__name__}: {error}"))
        else:
            seen[record.key] = (record.location, record.title)
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            if pending and pending[-1][0] is record:
                # The page gets its id when the batch is published.
                pending[-1] = (record, pending[-1][1], len(self.result.pages))
                self.result.pages.append(None)
            else:
                self.result.pages.append((record.location, outcome, self.pages[record.key]))
            self.result.warnings.extend((record.location, warning) for warning in record.warnings)

    def write(self, record, pending=None):
        """Write one record in its own transaction; on any failure undo everything it did."""
        first_file = len(self.stored_files)
        self.undo = []
        try:
            with transaction.atomic():
                outcome = self._write(record, pending)
        except BaseException:
            for undo in reversed(self.undo):
                undo()
            self.delete_files(first_file)
            raise
        if self.batch_undo is not None:
            self.batch_undo.extend(self.undo)
        return outcome

    def delete_files(self, first):
        for storage, name in self.stored_files[first:]:
            storage.delete(name)
        del self.stored_files[first:]

    def _write(self, record, pending=None):
        organ_name = first_organization_name(record.issuing_organ)
        organ = self.organization(organ_name) if organ_name else self.default_organ
        attachments, body = self.files_and_body(record)
        values = {
            "title": record.title,
            "index_number": record.index_number,
            "document_number": record.document_number,
            "issuing_organ": organ,
            "theme": self.theme(record.theme) if record.theme else None,
            "date_written": record.date_written,
            "date_published": record.date_published,
            "validity": record.validity,
            "document_kind": record.document_kind,
            "source_url": record.source_url,
            "information_source": record.information_source[: max_length(PolicyDocumentPage, "information_source")],
            "import_source": record.key,
        }
        keywords = []
        for keyword in dict.fromkeys(record.keywords):
            if len(keyword) > max_length(Tag, "name"):
                record.warnings.append(
                    _("The keyword “%(keyword)s” is too long and was left out.") % {"keyword": keyword}
                )
            else:
                keywords.append(keyword)
        page_id = self.pages.get(record.key)
        if page_id is None and pending is not None:
            page = self.new_page(record, values, keywords, body, attachments)
            if page.index_number and not (page.issuing_organ or self.default_organ):
                self.claim(page)  # refuses the number, as it would once the page is saved
            pending.append((record, page, None))
            return CREATED
        if page_id is None:
            self.create(record, values, keywords, body, attachments)
            return CREATED
        page = PolicyDocumentPage.objects.get(pk=page_id)
        if page.has_unpublished_changes:
            # The newest content is in the latest revision, not in the page row.
            page = page.get_latest_revision_as_object()
        if record.key.startswith(KEYED_BY_CONTENT) and not self.update and not same_title(page.title, record.title):
            raise RecordError(
                _(
                    "Conflict: the page “%(title)s” (id %(id)d) already has this key (%(key)s) but is another "
                    "document; run with --update to let this file replace it."
                )
                % {"title": page.title, "id": page.pk, "key": record.key}
            )
        if record.date_published is None:
            # The model dates a live page it publishes undated; the source knowing no date is no reason to change it.
            values["date_published"] = page.date_published
        if not self.differs(page, values, keywords, body, attachments):
            return UNCHANGED
        self.assign(page, values, keywords, body, attachments)
        self.save_and_publish(page, new=False)
        return UPDATED

    def create(self, record, values, keywords, body, attachments):
        page = self.new_page(record, values, keywords, body, attachments)
        self.save_and_publish(page, new=True)
        self.remember(self.pages, record.key, page.pk)

    def new_page(self, record, values, keywords, body, attachments):
        page = PolicyDocumentPage(slug=self.unique_slug(record.slug, record.title, record.date_published), live=False)
        self.assign(page, values, keywords, body, attachments)
        if record.date_published:
            # The page went public on the old site then, not now.
            page.first_published_at = timezone.make_aware(
                datetime.datetime.combine(record.date_published, datetime.time())
            )
        return page

    def save_and_publish(self, page, new):
        # Wagtail updates the search and reference indexes on each of the three saves that create
        # and publish a page (two for an update); once, after the last, does the same job.
        with disable_reference_index_auto_update():
            # An editor may have unpublished the page on purpose: it gets a new draft, not a new life.
            save_page(page, parent=self.column if new else None, publish=new or page.live)
        update_reference_index_on_save(instance=page)
        if self.search_deferred:
            search_index_on_save(instance=page)
        self.claim(page)

    def assign(self, page, values, keywords, body, attachments):
        for name, value in values.items():
            setattr(page, name, value)
        page.keywords.set([self.tags.get(keyword, keyword) for keyword in keywords])
        if any(keyword not in self.tags for keyword in keywords):
            for tag in page.keywords.all():
                if tag.name not in self.tags:
                    self.remember(self.tags, tag.name, tag)
        page.body = body
        page.attachments = attachments

    @staticmethod
    def differs(page, values, keywords, body, attachments):
        for name, value in values.items():
            if name in ("issuing_organ", "theme"):
                if getattr(page, f"{name}_id") != (value.pk if value else None):
                    return True
            elif getattr(page, name) != value:
                return True
        return (
            set(page.keywords.names()) != set(keywords)
            or stream_content(page.body) != stream_content(body)
            or stream_content(page.attachments) != stream_content(attachments)
        )

    def claim(self, page):
        # A legacy number is recorded so that numbers assigned later skip it.
        if page.index_number:
            owner = page.issuing_organ or self.default_organ
            if owner is None:
                raise RecordError(
                    _("The index number %(value)s needs an issuing organization.") % {"value": page.index_number}
                )
            claim_index_number(page.index_number, owner, page.title, page.pk)

    def remember(self, cache, key, value):
        cache[key] = value
        self.undo.append(lambda: cache.pop(key, None))

    def unique_slug(self, wanted, title, date):
        """A slug free in the column, in ``SLUG_STYLE``: of ``wanted`` (the source's id, 索引号 or 文号), else the title."""
        style = gk_settings.SLUG_STYLE
        if style == TITLE:
            base = (slugify(wanted, allow_unicode=True) or slugify(title, allow_unicode=True) or "document")[:200]
            max_length = WAGTAIL_SLUG_LENGTH
        else:
            max_length = gk_settings.SLUG_MAX_LENGTH
            base = (style == PINYIN and pinyin_slug(wanted, max_length)) or base_slug(title, date)
        slug = free_slug(base, self.slugs.__contains__, max(max_length, len(base)))
        self.slugs.add(slug)
        self.undo.append(lambda: self.slugs.discard(slug))
        return slug

    # --- registers ---------------------------------------------------------------------

    def organization(self, name):
        """The organization called ``name`` (or, if only one has it, with that short name); created when missing."""
        found = self.organizations.get(name)
        if found is None and len(self.short_names.get(name, ())) == 1:
            found = self.short_names[name][0]
        if found is not None:
            return found
        if len(name) > max_length(Organization, "name"):
            raise RecordError(
                _("The issuing organization “%(name)s” is longer than an organization name may be.") % {"name": name}
            )
        organization = Organization.objects.create(name=name)
        self.remember(self.organizations, name, organization)
        self.result.organizations_created.append(name)
        self.undo.append(lambda: self.result.organizations_created.remove(name))
        return organization

    def theme(self, text):
        """The theme a source names: "first\\second" (or first/second), or one heading at either level."""
        parts = [part for part in _THEME_SEPARATOR_RE.split(text.strip()) if part]
        if not parts:
            return None
        for part in parts:
            if len(part) > max_length(Theme, "name"):
                raise RecordError(_("The theme “%(name)s” is longer than a theme name may be.") % {"name": part})
        if len(parts) == 1:
            [name] = parts
            if ("", name) in self.themes:
                return self.themes["", name]
            second_level = [
                theme for (parent, theme_name), theme in self.themes.items() if parent and theme_name == name
            ]
            if len(second_level) == 1:
                return second_level[0]
            return self.new_theme(name, None)
        parent_name, name = parts[0], parts[-1]
        parent = self.themes.get(("", parent_name)) or self.new_theme(parent_name, None)
        return self.themes.get((parent_name, name)) or self.new_theme(name, parent)

    def new_theme(self, name, parent):
        theme = Theme.objects.create(name=name, parent=parent)
        self.remember(self.themes, (parent.name if parent else "", name), theme)
        return theme

    # --- files and body ----------------------------------------------------------------

    def files_and_body(self, record):
        """The attachments stream and the body stream of a record, as raw StreamField data."""
        attachments, remote, link_targets = [], [], {}
        for url, title in record.attachments:
            path = self.local_file(url, record, title)
            if path is not None:
                document = self.document(path, title)
                value = {"document": document, "title": title[:ATTACHMENT_TITLE_LENGTH]}
                attachments.append({"type": "attachment", "value": value})
                link_targets[url] = ("document", document)
                continue
            address = web_address(url, record)
            if address is None:
                record.warnings.append(
                    _(
                        "The attachment “%(title)s” (%(url)s) was not found and the old site's address is unknown; "
                        "it was left out."
                    )
                    % {"title": title, "url": url}
                )
                continue
            record.warnings.append(
                _("The attachment “%(title)s” is not among the saved files; it links to %(url)s.")
                % {"title": title, "url": address}
            )
            remote.append((address, title))
            link_targets[url] = ("url", address)
        blocks, linked = [], set()
        for segment in record.body:
            if isinstance(segment, RichTextSegment):
                blocks.append(("rich_text", self.rewrite_links(segment.html, record, link_targets, linked)))
            elif isinstance(segment, TableSegment):
                blocks.append(("table", segment.table_block_value()))
            elif isinstance(segment, ImageSegment):
                image = self.image_block(segment, record)
                if image is not None:
                    blocks.append(image)
        unlinked = [(address, title) for address, title in remote if address not in linked]
        if unlinked:
            items = [
                f'<li><a href="{escape(address)}">{escape(title or address)}</a></li>' for address, title in unlinked
            ]
            blocks.append(("rich_text", f"<ul>{''.join(items)}</ul>"))
        merged = []
        for block_type, value in blocks:
            if block_type == "rich_text" and merged and merged[-1][0] == "rich_text":
                merged[-1] = ("rich_text", merged[-1][1] + value)
            else:
                merged.append((block_type, value))
        return attachments, [{"type": block_type, "value": value} for block_type, value in merged]

    def rewrite_links(self, html, record, targets, linked):
        """Point the body's links at the stored documents or the old site; unlink what cannot be reached."""
        if "<a " not in html:
            return html
        soup = BeautifulSoup(html, "html.parser")
        for link in soup.find_all("a", href=True):
            href = link["href"]
            target = targets.get(urljoin(record.base_url, href) if record.base_url else href)
            if target and target[0] == "document":
                link.attrs = {"linktype": "document", "id": str(target[1])}
            elif target:
                link["href"] = target[1]
                linked.add(target[1])
            elif not url_scheme(href):
                address = web_address(href, record)
                if address:
                    link["href"] = address
                else:
                    record.warnings.append(
                        _(
                            "The link “%(text)s” (%(href)s) is relative and the old site's address is unknown; "
                            "its text was kept without the link."
                        )
                        % {"text": link.get_text(), "href": href}
                    )
                    link.unwrap()
        return str(soup)

    def image_block(self, segment, record):
        path = self.local_file(segment.url, record, segment.alt)
        if path is not None:
            if get_image_dimensions(path) == (None, None):
                record.warnings.append(
                    _("The image %(path)s is not a readable image; it was left out.") % {"path": path}
                )
                return None
            alt = segment.alt
            if not alt:
                alt = record.title
                record.warnings.append(
                    _("The image %(path)s has no alternative text; the title was used. Describe the image instead.")
                    % {"path": path}
                )
            image = self.image(path, segment.alt)
            return ("figure", {"image": image, "alt_text": alt[:250], "caption": "", "long_description": ""})
        address = web_address(segment.url, record)
        if address is None:
            record.warnings.append(
                _("The image %(url)s was not found and the old site's address is unknown; it was left out.")
                % {"url": segment.url}
            )
            return None
        record.warnings.append(
            _("The image %(url)s is not among the saved files; the body links to it instead.") % {"url": address}
        )
        return ("rich_text", f'<p><a href="{escape(address)}">{escape(segment.alt or address)}</a></p>')

    def local_file(self, url, record, title):
        """The file a ``file://`` address names, if it exists inside the import's folder; else None."""
        if url_scheme(url) != "file" or record.local_root is None:
            return None
        path = Path(url2pathname(urlsplit(url).path))
        try:
            path = path.resolve(strict=True)
        except OSError:
            return None
        if not path.is_file():
            return None
        if not path.is_relative_to(record.local_root):
            # A hostile page must not publish files from elsewhere on the importing machine.
            record.warnings.append(
                _("“%(title)s” points to %(path)s, outside the folder being imported; it was not read.")
                % {"title": title, "path": path}
            )
            return None
        return path

    def document(self, path, title):
        model = get_document_model()
        if self.documents is None:
            self.documents = dict(model.objects.exclude(file_hash="").order_by("-pk").values_list("file_hash", "pk"))
        return self.stored(model, self.documents, path, title or path.name)

    def image(self, path, alt):
        model = get_image_model()
        if self.images is None:
            self.images = dict(model.objects.exclude(file_hash="").order_by("-pk").values_list("file_hash", "pk"))
        return self.stored(model, self.images, path, alt or path.stem)

    def stored(self, model, by_hash, path, title):
        """The id of the document or image with this file's content, stored now if there is none."""
        with path.open("rb") as file:
            digest = hash_filelike(file)
            if digest in by_hash:
                return by_hash[digest]
            instance = model(title=title[: max_length(model, "title")], file_hash=digest)
            if hasattr(instance, "file_size"):
                instance.file_size = path.stat().st_size
            instance.file.save(path.name, File(file), save=False)
        self.stored_files.append((instance.file.storage, instance.file.name))
        instance.save()
        self.remember(by_hash, digest, instance.pk)
        return instance.pk


def save_page(page, parent=None, *, publish=True, user=None, log_action=False):
    """Add ``page`` under ``parent`` (when it is new), save a revision and publish it if asked.

    Returns the revision. Publishing validates the page as it saves it, so the revision is only
    validated when it stays a draft.
    """
    if parent is not None:
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=log_action, clean=not publish)
    if publish:
        revision.publish(user=user)
    return revision


def same_title(first, second):
    """Whether two titles name the same document, whatever the spacing and full-width forms."""
    return re.sub(r"\s+", "", fold(first)) == re.sub(r"\s+", "", fold(second))


def web_address(url, record):
    """Where ``url`` (a web, ``file://`` or relative address) is on the old site, or None if unknown."""
    scheme = url_scheme(url)
    if scheme in WEB_SCHEMES:
        return url
    if url_scheme(record.original_url) not in WEB_SCHEMES:
        return None
    if scheme == "file" and url_scheme(record.base_url) == "file":
        # A saved copy keeps the site's folder layout around the page, so the path from the
        # page to the file is the path from the page's web address to it.
        relative = posixpath.relpath(urlsplit(url).path, posixpath.dirname(urlsplit(record.base_url).path))
        return urljoin(record.original_url, relative)
    if not scheme:
        return urljoin(record.original_url, url)
    return None


def stream_content(stream):
    """The block types and values of a StreamField value or raw list, without block ids."""
    raw = stream.raw_data if hasattr(stream, "raw_data") else stream
    return [(block["type"], block["value"]) for block in raw]


def describe_error(error):
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
