"""The citizen search: one query with filters, sorting and facet counts over the disclosed pages.

``search()`` is the code path of the search page and of its JSON, and the
benchmarks measure it. It searches every page type that carries the
disclosure metadata (any subclass of ``GovDocumentMixin``, so new document
types appear without edits) and the types named in the setting ``SEARCH_EXTRA_PAGE_TYPES`` (standard catalogs and
village affairs entries by default; see :mod:`gk_wagtail.conf`).

A search covers one site, or, on a portal of an intensive platform (集约化平台, the setting
``SEARCH_PORTAL_SITES``), every site of the installation, with a facet by site.
"""

import datetime
import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, DateField, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractYear, Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from gk_wagtail.conf import gk_settings
from gk_wagtail.formats.metadata import Validity
from gk_wagtail.page_types.documents import (
    GovDocumentMixin,
    content_types_of,
    disclosed_page_models,
    metadata_expression,
)
from gk_wagtail.registers import Organization, Theme
from gk_wagtail.search.highlight import SNIPPET_SOURCE_LENGTH, Highlighter, patterns_for
from gk_wagtail.search.query import QueryCompiler
from gk_wagtail.search.segmentation import runs

PAGE_SIZE = 10
#: Search backends that cannot hand back their matches as a queryset (Elasticsearch)
#: give facet counts over this many best results.
FACET_SAMPLE = 1000
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Date, newest first")}
SORTS = tuple(SORT_LABELS)
#: Search fields a snippet is taken from, after the summary.
SNIPPET_FIELDS = ("body", "intro", "topic")
#: Characters of each snippet field's stored value a result reads from the database. Stored
#: StreamField JSON may spell a Chinese character as a six-character escape such as \u653f, so the
#: window holds SNIPPET_SOURCE_LENGTH characters of text in any case.
STORED_WINDOW = 6 * SNIPPET_SOURCE_LENGTH
_NOT_IN_RUNS = re.compile(r"[\W_]+")


@cache
def result_models():
    """The page models the citizen search returns, in a stable order."""
    models = disclosed_page_models() + [apps.get_model(label) for label in gk_settings.SEARCH_EXTRA_PAGE_TYPES]
    return list(dict.fromkeys(models))


def type_code(model):
    return model._meta.label_lower


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def _is_foreign_key(model, name):
    try:
        return model._meta.get_field(name).many_to_one
    except FieldDoesNotExist:
        return False


def document_date():
    """Each result's date: its date published, else the day it was first published."""
    published = metadata_expression("date_published", result_models(), output_field=DateField())
    # The day in the site's time zone: a page first published at 01:00 on 1 January in Beijing was
    # published on 31 December in UTC.
    first_published = TruncDate("first_published_at", tzinfo=timezone.get_current_timezone())
    return Coalesce(published, first_published, output_field=DateField()) if published else first_published


def _metadata(name):
    return metadata_expression(name, result_models())


@dataclass
class Criteria:
    """What the citizen asked for (see forms.SearchForm)."""

    q: str = ""
    type: str = ""
    organ: int | None = None
    theme: int | None = None
    year: int | None = None
    validity: str = ""
    #: A site of the installation, when a portal searches them all.
    site: int | None = None
    sort: str = "relevance"
    page: int = 1

    #: The facet dimensions, as (criteria attribute, joint-distribution column).
    DIMENSIONS = (
        ("type", "gk_type"),
        ("organ", "gk_organ"),
        ("theme", "gk_theme"),
        ("year", "gk_year"),
        ("validity", "gk_validity"),
        ("site", "gk_site"),
    )

    def selected(self):
        return {name: getattr(self, name) for name, _column in self.DIMENSIONS if getattr(self, name) not in ("", None)}

    def without_filters(self):
        """The same query and sort, every filter removed."""
        return Criteria(q=self.q, sort=self.sort)


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Result:
    page: Page
    title: str
    title_html: str
    url: str
    type: str
    type_label: str
    index_number: str
    document_number: str
    issuing_organ: str
    date_published: datetime.date | None
    snippet: str
    #: The page's address with scheme and host, from its site's root URL.
    full_url: str = ""
    issuing_organ_id: int | None = None
    theme: int | None = None
    theme_label: str = ""
    validity: str = ""
    validity_label: str = ""
    #: The site the page belongs to: a Site, or None for a page outside every site.
    site: Site | None = None
    site_url: str = ""

    @property
    def site_name(self):
        return site_name(self.site) if self.site else ""

    def as_json(self):
        return {
            "id": self.page.pk,
            "title": self.title,
            "url": self.url,
            "full_url": self.full_url,
            "type": self.type,
            "type_label": str(self.type_label),
            "index_number": self.index_number,
            "document_number": self.document_number,
            "issuing_organ": self.issuing_organ,
            "issuing_organ_id": self.issuing_organ_id,
            "theme": self.theme,
            "theme_label": self.theme_label,
            "validity": self.validity,
            "validity_label": str(self.validity_label),
            "date_published": self.date_published.isoformat() if self.date_published else None,
            "site": {"id": self.site.pk, "name": self.site_name, "url": self.site_url} if self.site else None,
            "snippet": str(self.snippet),
        }


@dataclass
class Suggestion:
    """A query close to the one typed that finds what it did not: the text, and how many it finds."""

    q: str
    total: int


@dataclass
class Outcome:
    criteria: Criteria
    total: int
    facets: dict
    page: object  # a django.core.paginator.Page of Result
    results: list = field(default_factory=list)
    #: How many pages the text finds with no filter: what removing the filters would give.
    unfiltered_total: int = 0
    #: A near query that finds results when the text finds none (see ``suggest``), or None.
    suggestion: Suggestion | None = None
    #: Whether the search covered every site of the installation (a portal).
    portal: bool = False


def is_portal(site):
    """Whether ``site``'s search covers every site: the setting SEARCH_PORTAL_SITES names its host name or id."""
    if site is None:
        return False
    entries = gk_settings.SEARCH_PORTAL_SITES
    if isinstance(entries, (str, int)):
        entries = [entries]
    return any(str(entry).strip().lower() in (site.hostname.lower(), str(site.pk)) for entry in entries)


def site_name(site):
    return site.site_name or site.hostname


class Sites:
    """The sites a portal's search covers, and which of them each page belongs to.

    A page belongs to the site with the deepest root page above it, as Wagtail routes it; sites
    that share a root page (two host names for one site) count as the first of them.
    """

    def __init__(self, sites):
        self.by_root = {}
        for site in sorted(sites, key=lambda site: (not site.is_default_site, site.pk)):
            self.by_root.setdefault(site.root_page.path, site)
        self.by_pk = {site.pk: site for site in self.by_root.values()}

    @classmethod
    def all(cls):
        return cls(Site.objects.select_related("root_page"))

    def covering(self):
        """A condition on Page: below the root of one of the sites."""
        condition = Q(pk__in=[])
        for path in self.by_root:
            condition |= Q(path__startswith=path)
        return condition

    def expression(self):
        """The pk of the site each page belongs to, deepest root first."""
        roots = sorted(self.by_root.items(), key=lambda item: -len(item[0]))
        whens = [When(path__startswith=path, then=Value(site.pk)) for path, site in roots]
        return Case(*whens, default=None, output_field=IntegerField()) if whens else Value(None, IntegerField())


class _RankedSlice:
    """A sequence a Paginator can page through: the count is known, slices run the search."""

    def __init__(self, search, total):
        self.search, self.total = search, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return list(self.search[key])


def base_queryset(site=None, sites=None):
    """The pages a search looks through: of one site, of the portal's ``sites`` (a Sites), or of all."""
    pages = Page.objects.live().public().filter(content_type__in=content_types_of(result_models()))
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    if sites is not None:
        pages = pages.filter(sites.covering())
    return pages


def _filtered(pages, criteria, sites=None):
    """``pages`` narrowed to the selected filters, as pk subqueries the search backends accept."""
    if sites is not None and criteria.site is not None:
        in_site = Page.objects.alias(gk_site=sites.expression()).filter(gk_site=criteria.site)
        pages = pages.filter(pk__in=in_site.values("pk"))
    models = result_models()
    if criteria.type:
        models = [model for model in models if type_code(model) == criteria.type]
        pages = pages.filter(content_type__in=content_types_of(models))
    conditions = {}
    if criteria.organ is not None:
        conditions["issuing_organ"] = criteria.organ
    if criteria.theme is not None:
        conditions["theme"] = criteria.theme
    if criteria.validity:
        conditions["validity"] = criteria.validity
    if conditions:
        models = [model for model in models if issubclass(model, GovDocumentMixin)]
    if not conditions and criteria.year is None:
        return pages
    matches = Q(pk__in=[])
    for model in models:
        subset = model.objects.filter(**conditions)
        if criteria.year is not None:
            if _has_field(model, "date_published"):
                # A range, not __year, so an index on the date can serve.
                year = (datetime.date(criteria.year, 1, 1), datetime.date(criteria.year, 12, 31))
                in_year = Q(date_published__range=year) | Q(
                    date_published__isnull=True, first_published_at__year=criteria.year
                )
            else:
                in_year = Q(first_published_at__year=criteria.year)
            subset = subset.filter(in_year)
        matches |= Q(pk__in=subset.values("pk"))
    return pages.filter(matches)


def _joint_counts(matching, sites=None):
    """How many matching pages have each combination of type, organ, theme, year, validity (and site)."""
    rows = (
        Page.objects.filter(pk__in=matching)
        .annotate(
            gk_type=F("content_type"),
            gk_organ=_metadata("issuing_organ"),
            gk_theme=_metadata("theme"),
            gk_validity=_metadata("validity"),
            gk_year=ExtractYear(document_date()),
            gk_site=sites.expression() if sites is not None else Value(None, IntegerField()),
        )
        .order_by()
        .values("gk_type", "gk_organ", "gk_theme", "gk_validity", "gk_year", "gk_site")
        .annotate(count=Count("pk"))
    )
    return list(rows)


def _facets(rows, criteria, sites=None):
    """Facet values with counts; each facet counts under every other selected filter, not its own.

    A selected value is listed even when nothing matches it, so that it can be seen and removed.
    """
    selected = criteria.selected()
    types = {ContentType.objects.get_for_model(model, for_concrete_model=False).pk: model for model in result_models()}
    wanted = dict(selected)
    if "type" in wanted:
        wanted["type"] = next((pk for pk, model in types.items() if type_code(model) == wanted["type"]), None)
    columns = dict(Criteria.DIMENSIONS)

    def keep(row, skip=None):
        return all(row[columns[name]] == value for name, value in wanted.items() if name != skip)

    total = sum(row["count"] for row in rows if keep(row))
    counts = {}
    for name, column in Criteria.DIMENSIONS:
        tally = {}
        for row in rows:
            if row[column] is not None and keep(row, skip=name):
                tally[row[column]] = tally.get(row[column], 0) + row["count"]
        counts[name] = tally
    for name, value in wanted.items():
        if value is not None:
            counts[name].setdefault(value, 0)
    organs = Organization.objects.in_bulk(list(counts["organ"]))
    themes = Theme.objects.select_related("parent").in_bulk(list(counts["theme"]))
    labels = {
        "type": {pk: (type_code(model), model._meta.verbose_name) for pk, model in types.items()},
        "organ": {pk: (pk, organ.name) for pk, organ in organs.items()},
        "theme": {pk: (pk, str(theme)) for pk, theme in themes.items()},
        "validity": {value: (value, label) for value, label in Validity.choices},
        "site": {pk: (pk, site_name(site)) for pk, site in (sites.by_pk if sites is not None else {}).items()},
    }
    facets = {}
    for name, tally in counts.items():
        if name in labels and name != "year":
            # A selected value that names nothing (an organization since deleted) is not listed.
            tally = {key: count for key, count in tally.items() if count or key in labels[name]}
        values = []
        for key, count in tally.items():
            value, label = labels[name].get(key, (key, str(key))) if name in labels else (key, str(key))
            values.append(FacetValue(value, str(label), count, selected.get(name) == value))
        if name == "year":
            values.sort(key=lambda item: -item.value)
        else:
            values.sort(key=lambda item: (-item.count, item.label))
        facets[name] = values
    return total, facets


def _matching_pks(results):
    """The matches as something ``pk__in`` takes: a subquery when the backend can give one."""
    matching_queryset = getattr(results, "matching_queryset", None)
    if matching_queryset is not None:
        return matching_queryset().values("pk")
    return [page.pk for page in results[:FACET_SAMPLE]]


def _date_order(backend_handles_expressions):
    if backend_handles_expressions:
        return [document_date().desc(nulls_last=True), "-id"]
    return ["-first_published_at"]


def near_query(text):
    """The query without its punctuation and spaces (GB 2260 → GB2260), or "" when that cuts it the same way."""
    if len(runs(text)) < 2:
        return ""
    # Han characters, letters and digits are word characters: what is left is the runs, as typed.
    return _NOT_IN_RUNS.sub("", text)


def suggest(text, pages, search_backend):
    """A Suggestion for a text that finds nothing: its near query, when that finds something.

    At most one more search, and only a count.
    """
    candidate = near_query(text)
    if not candidate:
        return None
    total = search_backend.search(candidate, pages).count()
    return Suggestion(candidate, total) if total else None


def search(criteria, site=None, backend="default", request=None, page_size=None, sites=None):
    """Run the citizen search; returns an Outcome with the requested page of results.

    ``site`` limits it to one site; ``sites`` (a Sites) makes it a portal's search over them,
    with a facet by site.
    """
    page_size = page_size or PAGE_SIZE
    search_backend = get_search_backend(backend) if isinstance(backend, str) else backend
    pages = base_queryset(site, sites)
    portal = sites is not None
    text = criteria.q.strip()
    if not text:
        empty = Paginator([], page_size).get_page(1)
        return Outcome(criteria, 0, {name: [] for name, _column in Criteria.DIMENSIONS}, empty, portal=portal)
    everything = search_backend.search(text, pages)
    rows = _joint_counts(_matching_pks(everything), sites)
    total, facets = _facets(rows, criteria, sites)
    unfiltered_total = sum(row["count"] for row in rows)
    suggestion = suggest(text, pages, search_backend) if not unfiltered_total else None
    filtered = _filtered(pages, criteria, sites)
    if criteria.sort == "date":
        handles_expressions = getattr(search_backend.query_compiler_class, "HANDLES_ORDER_BY_EXPRESSIONS", False)
        ordered = filtered.order_by(*_date_order(handles_expressions))
        results = search_backend.search(text, ordered, order_by_relevance=False)
    else:
        results = search_backend.search(text, filtered)
    paginator = Paginator(_RankedSlice(results, total), page_size)
    page = paginator.get_page(criteria.page)
    compiled = QueryCompiler().compile(text)
    highlighter = Highlighter(patterns_for(compiled) if compiled else [])
    specific = _specific(page.object_list)
    known_sites = dict(sites.by_pk) if portal else ({site.pk: site} if site is not None else {})
    url_parts = {item.pk: item.get_url_parts(request) for item in specific}
    missing = {parts[0] for parts in url_parts.values() if parts and parts[0] not in known_sites}
    if missing:
        known_sites.update(Site.objects.in_bulk(missing))
    page.object_list = [
        to_result(item, highlighter, request, url_parts=url_parts[item.pk], sites=known_sites) for item in specific
    ]
    return Outcome(
        criteria, total, facets, page, page.object_list, unfiltered_total, suggestion=suggestion, portal=portal
    )


def _window_fields(model):
    """The snippet fields of ``model`` held in its own table: the summary, then the indexed body fields."""
    indexed = {field.field_name for field in model.get_search_fields() if isinstance(field, index.SearchField)}
    fields = []
    for name in ("summary", *SNIPPET_FIELDS):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.is_relation and (name == "summary" or name in indexed):
            fields.append(field)
    return fields


def _specific(pages):
    """The pages as their specific models, each snippet field loaded as a window of its first characters.

    A window is ``STORED_WINDOW`` + 1 characters (the one more telling a cut value from a whole
    one), read without the rest of the value, so a result costs the same whatever the size of its
    document.
    """
    by_type = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    specific = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        snippet_fields = _window_fields(model)
        names = [snippet_field.name for snippet_field in snippet_fields]
        # What a result shows of its organization and theme comes with the page, not a query per result.
        related = [name for name in ("issuing_organ", "theme") if _is_foreign_key(model, name)]
        related += ["theme__parent"] if "theme" in related else []
        items = model.objects.filter(pk__in=pks).defer(*names).select_related(*related)
        if connection.vendor == "sqlite":
            for item in items:
                item._gk_snippet_windows = {
                    snippet_field: _sqlite_prefix(snippet_field, item.pk) for snippet_field in snippet_fields
                }
                specific[item.pk] = item
            continue
        windows = {f"gk_window_{name}": Substr(Cast(name, TextField()), 1, STORED_WINDOW + 1) for name in names}
        for item in items.annotate(**windows):
            item._gk_snippet_windows = {
                snippet_field: getattr(item, f"gk_window_{snippet_field.name}") or ""
                for snippet_field in snippet_fields
            }
            specific[item.pk] = item
    return [specific[page.pk] for page in pages if page.pk in specific]


def _sqlite_prefix(field, pk):
    """The first ``STORED_WINDOW`` + 1 characters of a stored value, through SQLite's incremental blob I/O.

    SQLite's substr() reads the whole value first; a blob handle reads only the bytes asked for.
    The page tables' primary key is an INTEGER PRIMARY KEY, so it is the rowid the handle needs.
    """
    connection.ensure_connection()
    try:
        blob = connection.connection.blobopen(field.model._meta.db_table, field.column, pk, readonly=True)
    except sqlite3.Error:
        return ""  # NULL, or no such row any more
    with blob:
        wanted = (STORED_WINDOW + 1) * 4  # UTF-8 spends at most four bytes on a character
        data = blob.read(wanted)
        cut = len(blob) > len(data)
    # A cut may fall inside a character's bytes; that character is dropped.
    return data.decode("utf-8", "ignore" if cut else "strict")[: STORED_WINDOW + 1]


#: A JSON string in stored StreamField data, possibly cut short by the window; a colon after it makes it a key.
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)("?)(\s*:)?')
#: Keys whose values name a block's type or identity, not its text.
_STRUCTURAL_KEYS = {"type", "id"}


def _json_string_values(raw):
    """The string values of cut-short StreamField JSON, without keys, block types and ids."""
    key = None
    for match in _JSON_STRING.finditer(raw):
        value, closed, colon = match.groups()
        if colon:
            key = value
            continue
        if key in _STRUCTURAL_KEYS:
            key = None
            continue
        key = None
        if not closed:
            # The window may end inside an escape sequence, or between the halves of a surrogate pair.
            value = re.sub(r"\\(u[0-9a-fA-F]{0,3})?$", "", value)
            value = re.sub(r"\\u[dD][89abAB][0-9a-fA-F]{2}$", "", value)
        try:
            yield json.loads(f'"{value}"')
        except ValueError:
            continue


def _window_text(page, field, raw):
    """The searchable text of one snippet field, from its window of stored characters."""
    if len(raw) > STORED_WINDOW and isinstance(field, StreamField):
        # Cut JSON does not load: read the text of its strings, rich text included.
        return " ".join(get_text_for_indexing(value) for value in _json_string_values(raw))
    if len(raw) <= STORED_WINDOW:
        # The whole value: load it as the field does, so the page holds it as if nothing had been deferred.
        value = field.from_db_value(raw, None, connection) if hasattr(field, "from_db_value") else field.to_python(raw)
        setattr(page, field.attname, value)
    else:
        value = raw
    if hasattr(field, "get_searchable_content"):
        return " ".join(str(part) for part in field.get_searchable_content(value) if part)
    return str(value or "")


def _text_of(page):
    """The text a snippet is taken from: the summary, then the body fields, at most SNIPPET_SOURCE_LENGTH characters.

    Each field contributes the text of its window (see ``_specific``), so the cost does not grow
    with the document.
    """
    windows = getattr(page, "_gk_snippet_windows", {})
    parts = [_window_text(page, field, raw) for field, raw in windows.items()]
    return " ".join(part for part in parts if part)[:SNIPPET_SOURCE_LENGTH]


def to_result(page, highlighter, request=None, url_parts=None, sites=None):
    """A Result for ``page``; ``url_parts`` (``page.get_url_parts(request)``) and ``sites`` ({pk: Site}) spare lookups."""
    organ = getattr(page, "issuing_organ", None)
    theme = getattr(page, "theme", None)
    date = getattr(page, "date_published", None) or (
        timezone.localdate(page.first_published_at) if page.first_published_at else None
    )
    if url_parts is None:
        url_parts = page.get_url_parts(request)
    site_id, root_url, page_path = url_parts or (None, None, None)
    site = (sites or {}).get(site_id)
    if site is None and site_id is not None and sites is None:
        site = Site.objects.filter(pk=site_id).first()
    validity = getattr(page, "validity", "") or ""
    return Result(
        page=page,
        title=page.title,
        title_html=highlighter.mark(page.title),
        url=page.get_url(request) or "",
        full_url=(root_url + page_path) if root_url and page_path is not None else "",
        issuing_organ_id=organ.pk if organ else None,
        theme=theme.pk if theme else None,
        theme_label=str(theme) if theme else "",
        validity=validity,
        validity_label=page.get_validity_display() if validity and hasattr(page, "get_validity_display") else "",
        site=site,
        site_url=root_url or "",
        type=type_code(page.specific_class),
        type_label=page.specific_class._meta.verbose_name,
        index_number=getattr(page, "index_number", "") or "",
        # Shown as normalized (〔2024〕); the form as typed stays searchable.
        document_number=getattr(page, "document_number_normalized", "") or getattr(page, "document_number", "") or "",
        issuing_organ=organ.name if organ else "",
        date_published=date,
        snippet=highlighter.snippet(_text_of(page)),
    )
