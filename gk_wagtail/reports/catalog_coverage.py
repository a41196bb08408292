"""How far an organization's columns carry what its standard catalogs promise (see docs/catalogs.md).

Four findings, from the live catalogs of the organization and the live columns of its sites:

* 主动 rows with no column (粤府办〔2020〕10号: every proactive matter has a column where it is
  published), or whose column is not live;
* columns with no live content: columns without live sub-columns that hold no live page and no
  introduction text (a parent column is empty exactly when all its sub-columns are);
* stale rows: 主动 rows whose column's latest content is older than the row's time limit, i.e. the
  time limit counted in working days from that content's date has passed. Rows whose 公开时限 names
  no working days (e.g. 每年6月底前) cannot be checked and are listed apart;
* completion per domain: of a domain's 主动 rows, those with a live column that has live content
  that is not stale.

"Latest content" is the newest 发布日期 of the disclosed documents under the column, or the
publishing date of other pages (catalogs, village pages) and of the column's own introduction.
``CoverageReport.as_dict`` is the stable JSON form documented in docs/catalogs.md.
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from gk_wagtail.formats.catalog_rows import Method
from gk_wagtail.page_types.catalogs import CatalogItem, StandardCatalogPage
from gk_wagtail.page_types.columns import ColumnPage, disclosed_documents, disclosed_page_models
from gk_wagtail.registers import Domain
from gk_wagtail.setup.columns import organization_sites
from gk_wagtail.workdays import add_working_days

FORMAT = "gk_wagtail.coverage/1"

NO_COLUMN, COLUMN_NOT_LIVE = "no_column", "column_not_live"
#: Why a proactive row counts as having no column, in words (the JSON keeps the codes).
REASONS = {NO_COLUMN: _("No column chosen"), COLUMN_NOT_LIVE: _("Its column is not live")}


@dataclass
class CatalogRowRef:
    """A catalog row as the report names it: its catalog, domain and number in the domain's table."""

    item: CatalogItem
    catalog: StandardCatalogPage
    domain: Domain
    number: int

    def as_dict(self):
        return {
            "catalog": self.catalog.title,
            "catalog_id": self.catalog.pk,
            "domain": self.domain.name,
            "number": self.number,
            "first_level_item": self.item.first_level_item,
            "second_level_item": self.item.second_level_item,
            "time_limit": self.item.time_limit_text,
        }


@dataclass
class ColumnState:
    """A live column with the date of its latest live content (None: it has none)."""

    page: ColumnPage
    path_titles: list[str]
    latest: datetime.date | None = None
    is_leaf: bool = True
    on_sites: bool = True  # under a site of the organization, rather than only linked from its catalogs

    def as_dict(self):
        return {
            "id": self.page.pk,
            "code": self.page.column_code,
            "title": self.page.title,
            "path": " / ".join(self.path_titles),
            "url": self.page.get_full_url() or "",
            "latest_content": self.latest.isoformat() if self.latest else None,
        }


@dataclass
class DomainCompletion:
    domain: Domain
    catalogs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    proactive_rows: int = 0
    rows_with_column: int = 0
    rows_with_content: int = 0
    stale_rows: int = 0

    @property
    def complete_rows(self):
        return self.rows_with_content - self.stale_rows

    @property
    def completion(self):
        """Share of 主动 rows that are complete, 0 to 1; None when the domain has no 主动 rows."""
        return round(self.complete_rows / self.proactive_rows, 3) if self.proactive_rows else None

    @property
    def has_catalog(self):
        return bool(self.catalogs)

    def as_dict(self):
        return {
            "domain": self.domain.name,
            "catalogs": self.catalogs,
            "not_involved_note": "\n".join(self.notes),
            "rows": self.rows,
            "proactive_rows": self.proactive_rows,
            "rows_with_column": self.rows_with_column,
            "rows_with_content": self.rows_with_content,
            "stale_rows": self.stale_rows,
            "complete_rows": self.complete_rows,
            "completion": self.completion,
        }


@dataclass
class CoverageReport:
    organization: object
    date: datetime.date
    catalogs: list = field(default_factory=list)
    rows_without_column: list = field(default_factory=list)  # (CatalogRowRef, reason)
    empty_columns: list = field(default_factory=list)  # ColumnState
    stale_rows: list = field(default_factory=list)  # (CatalogRowRef, ColumnState, due date)
    rows_without_time_limit: list = field(default_factory=list)  # CatalogRowRef
    domains: list = field(default_factory=list)  # DomainCompletion, every domain in register order
    rows: int = 0
    proactive_rows: int = 0

    @property
    def domains_with_catalogs(self):
        return [completion for completion in self.domains if completion.has_catalog]

    @property
    def domains_without_catalogs(self):
        return [completion for completion in self.domains if not completion.has_catalog]

    def rows_without_column_explained(self):
        """``(CatalogRowRef, reason in words)`` for each proactive row without a live column."""
        return [(ref, REASONS[reason]) for ref, reason in self.rows_without_column]

    def as_dict(self):
        return {
            "format": FORMAT,
            "organization": {"name": self.organization.name, "credit_code": self.organization.credit_code},
            "date": self.date.isoformat(),
            "summary": {
                "catalogs": len(self.catalogs),
                "rows": self.rows,
                "proactive_rows": self.proactive_rows,
                "rows_without_column": len(self.rows_without_column),
                "empty_columns": len(self.empty_columns),
                "stale_rows": len(self.stale_rows),
                "rows_without_time_limit": len(self.rows_without_time_limit),
            },
            "rows_without_column": [ref.as_dict() | {"reason": reason} for ref, reason in self.rows_without_column],
            "empty_columns": [column.as_dict() for column in self.empty_columns],
            "stale_rows": [
                ref.as_dict()
                | {
                    "time_limit_working_days": ref.item.time_limit_working_days,
                    "column": column.as_dict(),
                    "latest_content": column.latest.isoformat(),
                    "due": due.isoformat(),
                }
                for ref, column, due in self.stale_rows
            ],
            "rows_without_time_limit": [ref.as_dict() for ref in self.rows_without_time_limit],
            "domains": [completion.as_dict() for completion in self.domains],
        }


def _latest(current, candidate):
    return candidate if current is None or (candidate and candidate > current) else current


def _under(paths):
    return reduce(or_, (Q(path__startswith=path) for path in paths))


def column_states(sites, linked_ids=()):
    """Every live column under the sites' roots, and the live columns ``linked_ids`` wherever they are,
    each with the date of its latest live content; keyed by page id."""
    roots = [site.root_page.path for site in sites]
    linked = list(
        ColumnPage.objects.live().filter(pk__in=linked_ids).exclude(_under(roots))
        if roots
        else ColumnPage.objects.live().filter(pk__in=linked_ids)
    )
    scopes = roots + [column.path for column in linked]
    if not scopes:
        return {}
    columns = {column.path: column for column in ColumnPage.objects.live().filter(_under(scopes)).order_by("path")}
    states = {}
    for path, column in columns.items():
        ancestors = [
            columns[path[:end]]
            for end in range(ColumnPage.steplen, len(path), ColumnPage.steplen)
            if path[:end] in columns
        ]
        states[path] = ColumnState(column, [ancestor.title for ancestor in ancestors] + [column.title])
        if column.intro.strip() and column.last_published_at:
            states[path].latest = timezone.localdate(column.last_published_at)
        parent = states.get(path[: -ColumnPage.steplen])
        if parent is not None:
            parent.is_leaf = False
        states[path].on_sites = any(path.startswith(root) for root in roots)

    def record(path, day):
        for end in range(ColumnPage.steplen, len(path), ColumnPage.steplen):
            state = states.get(path[:end])
            if state is not None:
                state.latest = _latest(state.latest, day)

    for path, day in disclosed_documents().filter(_under(scopes)).values_list("path", "doc_date"):
        record(path, day)
    others = (
        Page.objects.live()
        .filter(_under(scopes))
        .not_type(ColumnPage, *disclosed_page_models())
        .values_list("path", "last_published_at")
    )
    for path, published in others:
        record(path, timezone.localdate(published) if published else None)
    return {state.page.pk: state for state in states.values()}


def coverage_report(organization, today=None):
    """The :class:`CoverageReport` for ``organization`` as of ``today`` (default: the local date)."""
    today = today or timezone.localdate()
    report = CoverageReport(organization, today)
    report.catalogs = list(
        StandardCatalogPage.objects.live()
        .filter(organization=organization)
        .order_by("path")
        .prefetch_related("catalog_domains__domain")
    )
    items = list(
        CatalogItem.objects.filter(page__in=report.catalogs)
        .select_related("domain")
        .order_by("page__path", "sort_order", "pk")
    )
    states_by_id = column_states(organization_sites(organization), {item.column_id for item in items if item.column_id})
    report.empty_columns = [
        state for state in states_by_id.values() if state.on_sites and state.is_leaf and state.latest is None
    ]
    report.empty_columns.sort(key=lambda state: state.page.path)
    completions = {domain.pk: DomainCompletion(domain) for domain in Domain.objects.all()}
    items_by_page = {}
    for item in items:
        items_by_page.setdefault(item.page_id, []).append(item)
    for catalog in report.catalogs:
        entries = list(catalog.catalog_domains.all())
        only = entries[0].domain if len(entries) == 1 else None
        numbers = {}
        for entry in entries:
            completion = completions[entry.domain_id]
            completion.catalogs.append(catalog.title)
            if entry.not_involved_note:
                completion.notes.append(entry.not_involved_note)
        for item in items_by_page.get(catalog.pk, []):
            domain = item.domain or only
            numbers[domain.pk] = numbers.get(domain.pk, 0) + 1
            ref = CatalogRowRef(item, catalog, domain, numbers[domain.pk])
            _check_row(report, completions[domain.pk], ref, states_by_id, today)
    report.domains = list(completions.values())
    return report


def _check_row(report, completion, ref, states_by_id, today):
    report.rows += 1
    completion.rows += 1
    if ref.item.method != Method.PROACTIVE:
        return
    report.proactive_rows += 1
    completion.proactive_rows += 1
    state = states_by_id.get(ref.item.column_id)
    if state is None:
        report.rows_without_column.append((ref, NO_COLUMN if ref.item.column_id is None else COLUMN_NOT_LIVE))
        return
    completion.rows_with_column += 1
    if state.latest is None:
        return
    completion.rows_with_content += 1
    days = ref.item.time_limit_working_days
    if days is None:
        report.rows_without_time_limit.append(ref)
        return
    due = add_working_days(state.latest, days)
    if due < today:
        report.stale_rows.append((ref, state, due))
        completion.stale_rows += 1
