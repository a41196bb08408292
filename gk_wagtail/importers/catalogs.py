"""Store a catalog workbook as rows of the organization's StandardCatalogPage (see docs/catalogs.md).

``import_catalog`` reads the sheet with :mod:`gk_wagtail.formats.catalog_workbook` against the site's channel
and 五公开 registers, finds the organization's catalog for the domain (or the 标准目录 column to
create one in), and replaces that domain's rows in a new revision of the page. Everything happens in
one transaction and any problem raises :class:`CatalogImportError` before anything is kept. The
revision is a draft unless ``publish`` is given, so an import goes through review like an edit.

Rows with blank tick groups are filled in by the reader's rule, with the organization's own level
for rows without a level tick; channels the register lacks are kept on the row as written. Both are
warnings, like the links below. The layout of the county's sheet is kept with the domain's entry so
that the download can re-create it.

Every import that writes is recorded in Wagtail's log (the page's history and 站点历史) as
``gk_wagtail.import_catalog``, with the file, the domain and the number of rows, next to the
revision's own entry.

Each row's link (the hyperlink of its 二级事项 cell, as exports write it) is resolved to a column page
of this installation; a link that leads nowhere is reported as a warning and the row is stored
without a column, because catalogs copied from another county carry that county's links.
"""

import os
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from gk_wagtail.formats.catalog_rows import Level
from gk_wagtail.formats.catalog_workbook import CatalogError, CatalogImportError, read_catalog_workbook
from gk_wagtail.importers.writer import save_page
from gk_wagtail.page_types.catalogs import CatalogDomain, CatalogItem, DisclosureChannel, StandardCatalogPage
from gk_wagtail.page_types.columns import ColumnPage
from gk_wagtail.registers import DisclosureStage, Organization
from gk_wagtail.setup.columns import CATALOG_COLUMN_CODE, organization_sites

#: The log action of an import, registered with its label in wagtail_hooks.py.
IMPORT_ACTION = "gk_wagtail.import_catalog"


@dataclass
class CatalogImportResult:
    """What an import did, or would do when ``dry_run``.

    ``page`` is the catalog written (None for a dry run that would create one); ``parent`` the
    column a new catalog goes under; ``rows`` the rows read and ``replaced`` the rows of the domain
    they replace; ``warnings`` are located problems that did not stop the import.
    """

    organization: object
    domain: object
    rows: int
    replaced: int
    page: object = None
    parent: object = None
    created: bool = False
    dry_run: bool = False
    published: bool = False
    revision: object = None
    warnings: list[CatalogError] = field(default_factory=list)


def find_catalog(organization, domain, *, for_update=False):
    """The organization's catalog page covering ``domain``, or None; more than one is an error."""
    pages = StandardCatalogPage.objects.filter(organization=organization, catalog_domains__domain=domain).distinct()
    found = list(pages.order_by("path")[:2])
    if len(found) > 1:
        raise CatalogImportError.single(
            _("%(organization)s has several catalogs for %(domain)s (%(titles)s); merge them before importing.")
            % {
                "organization": organization,
                "domain": domain,
                "titles": "、".join(page.title for page in found),
            }
        )
    if found and for_update:
        return StandardCatalogPage.objects.select_for_update().get(pk=found[0].pk)
    return found[0] if found else None


def catalog_parent(organization):
    """The 标准目录 column of the organization's site, where a new catalog is created."""
    sites = organization_sites(organization)
    if not sites:
        raise CatalogImportError.single(
            _(
                "No site speaks for %(organization)s, so there is no 标准目录 column to put its catalog in. "
                "Run gk_setup_columns for its site first."
            )
            % {"organization": organization}
        )
    under_a_site = reduce(or_, (Q(path__startswith=site.root_page.path) for site in sites))
    column = ColumnPage.objects.filter(under_a_site, column_code=CATALOG_COLUMN_CODE).order_by("path").first()
    if column is None:
        raise CatalogImportError.single(
            _(
                "The site of %(organization)s has no 标准目录 column (code “%(code)s”). Run gk_setup_columns, or give "
                "a column that code."
            )
            % {"organization": organization, "code": CATALOG_COLUMN_CODE}
        )
    return column


def column_for_url(url, organization):
    """The column page a link leads to: full URLs by their site, paths on the organization's sites."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).lstrip("/")
    if path and not path.endswith("/"):
        path += "/"
    if parts.hostname:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        sites = Site.objects.filter(hostname=parts.hostname, port=port).select_related("root_page")
    else:
        sites = organization_sites(organization)
    url_paths = [site.root_page.url_path + path for site in sites]
    return ColumnPage.objects.filter(url_path__in=url_paths).order_by("path").first() if url_paths else None


def _resolve_columns(workbook, organization):
    columns, warnings, cache = [], [], {}
    for index, row in enumerate(workbook.rows):
        url = row.column_url
        if url and url not in cache:
            cache[url] = column_for_url(url, organization)
        column = cache.get(url)
        if url and column is None:
            warnings.append(
                workbook.link_error(
                    index,
                    _(
                        "The link %(url)s does not lead to a column of this installation; the row is imported without one."
                    )
                    % {"url": url},
                )
            )
        columns.append(column)
    return columns, warnings


# The level of a row that ticks none, by the kind of organization whose catalog it is (see
# docs/catalogs.md): townships and subdistricts are the 乡级 tier, village and residents' committees
# the 村级 tier, people's governments and departments of the counties this package serves 县级.
_OWN_LEVELS = {
    Organization.Type.TOWNSHIP: Level.TOWNSHIP,
    Organization.Type.SUBDISTRICT: Level.TOWNSHIP,
    Organization.Type.VILLAGE_COMMITTEE: Level.VILLAGE,
    Organization.Type.RESIDENTS_COMMITTEE: Level.VILLAGE,
}


def own_levels(organization):
    """The 公开层级 of ``organization``'s own catalog rows."""
    return [_OWN_LEVELS.get(organization.organization_type, Level.COUNTY).value]


def import_catalog(path_or_file, organization, domain, dry_run=False, *, user=None, publish=False, sheet=None):
    """Replace ``domain``'s rows in ``organization``'s catalog with the rows of an xlsx workbook.

    Creates the catalog page under the 标准目录 column when the organization has none for the domain.
    Returns a :class:`CatalogImportResult`; raises :class:`CatalogImportError` (nothing written) for
    any problem with the file or the target.
    """
    channels = {channel.name: channel for channel in DisclosureChannel.objects.all()}
    stages = {stage.name: stage for stage in DisclosureStage.objects.all()}
    workbook = read_catalog_workbook(
        path_or_file,
        list(channels),
        stage_vocabulary=list(stages),
        sheet=sheet,
        default_levels=own_levels(organization),
    )
    with transaction.atomic():
        page = find_catalog(organization, domain, for_update=not dry_run)
        parent = catalog_parent(organization) if page is None else None
        columns, warnings = _resolve_columns(workbook, organization)
        items = [
            CatalogItem.from_row(row, domain=domain, channels=channels, stages=stages, column=column)
            for row, column in zip(workbook.rows, columns, strict=True)
        ]
        result = CatalogImportResult(
            organization,
            domain,
            rows=len(items),
            replaced=0,
            page=page,
            parent=parent,
            created=page is None,
            dry_run=dry_run,
            warnings=workbook.warnings + warnings,
        )
        if page is None:
            page = _new_catalog(workbook, organization, domain, items)
        else:
            page, result.replaced = _updated_catalog(page, workbook, domain, items)
        if dry_run:
            return result
        try:
            result.revision = save_page(
                page, parent=parent if result.created else None, publish=publish, user=user, log_action=True
            )
        except ValidationError as error:
            raise CatalogImportError.single(" ".join(error.messages)) from error
        result.published = publish
        result.page = page
        log(
            instance=page,
            action=IMPORT_ACTION,
            user=user,
            revision=result.revision,
            content_changed=True,
            data={
                "file": _file_name(path_or_file),
                "domain": domain.name,
                "rows": result.rows,
                "replaced": result.replaced,
                "created": result.created,
                "published": publish,
                "warnings": len(result.warnings),
            },
        )
    return result


def _file_name(path_or_file):
    """The workbook's file name as the log shows it: printable characters only, and bounded."""
    if isinstance(path_or_file, (str, os.PathLike)):
        name = os.path.basename(path_or_file)
    else:
        name = getattr(path_or_file, "name", None) or ""
    return "".join(character for character in str(name) if character.isprintable())[:255]


def _new_catalog(workbook, organization, domain, items):
    page = StandardCatalogPage(
        title=(workbook.title or _("%(domain)s standard catalog") % {"domain": domain.name})[:255],
        organization=organization,
        level_columns=workbook.level_columns,
        live=False,
    )
    page.catalog_domains = _numbered(
        [
            CatalogDomain(
                domain=domain, not_involved_note=workbook.not_involved_note or "", workbook_layout=workbook.layout
            )
        ]
    )
    page.items = _numbered(items)
    return page


def _updated_catalog(page, workbook, domain, items):
    """The latest revision of ``page`` with ``domain``'s rows, note and level columns from the workbook."""
    draft = page.get_latest_revision_as_object()
    # Entries added in code may lack a sort order; databases disagree on where NULLs sort, so put them last.
    entries = sorted(draft.catalog_domains.all(), key=lambda entry: (entry.sort_order is None, entry.sort_order or 0))
    entry = next((entry for entry in entries if entry.domain_id == domain.pk), None)
    if entry is None:  # the draft dropped the domain the live page has
        entry = CatalogDomain(domain=domain)
        entries.append(entry)
    entry.not_involved_note = workbook.not_involved_note or ""
    entry.workbook_layout = workbook.layout
    draft.catalog_domains = _numbered(entries)

    only = entries[0].domain_id if len(entries) == 1 else None
    current = list(draft.items.all())
    kept = [item for item in current if (item.domain_id or only) != domain.pk]
    # Rows stay grouped by domain, in the catalog's order of domains.
    order = {entry.domain_id: number for number, entry in enumerate(entries)}
    draft.items = _numbered(sorted(kept + items, key=lambda item: order.get(item.domain_id or only, len(order))))
    wanted = set(draft.level_columns) | set(workbook.level_columns)
    draft.level_columns = [level for level in Level.values if level in wanted]
    return draft, len(current) - len(kept)


def _numbered(children):
    for number, child in enumerate(children):
        child.sort_order = number
    return children
