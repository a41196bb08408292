"""The citizen search: one query with filters, sorting and facet counts over the disclosed pages.

``search()`` is the code path of the search page and of its JSON, and the
benchmarks measure it. It searches every page type that carries the
disclosure metadata (any subclass of ``GovDocumentMixin``, so new document
types appear without edits) and the types named in the Django setting
``GK_WAGTAIL_SEARCH_EXTRA_PAGE_TYPES`` (standard catalogs and village affairs
entries by default).
"""

import datetime
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import Cast, Coalesce, ExtractYear
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from ..page_types.document import GovDocumentMixin, Validity
from ..registers import Organization, Theme
from .highlight import Highlighter, patterns_for
from .query import QueryCompiler

DEFAULT_EXTRA_PAGE_TYPES = ["gk_wagtail.StandardCatalogPage", "gk_wagtail.VillageAffairsPage"]
PAGE_SIZE = 10
#: Search backends that cannot hand back their matches as a queryset (Elasticsearch)
#: give facet counts over this many best results.
FACET_SAMPLE = 1000
SORTS = ("relevance", "date")
#: Search fields a snippet is taken from, after the summary.
SNIPPET_FIELDS = ("body", "intro", "topic")


@cache
def result_models():
    """The page models the citizen search returns, in a stable order."""
    models = [
        model for model in apps.get_models()
        if issubclass(model, Page) and issubclass(model, GovDocumentMixin) and not model._meta.abstract
    ]
    labels = getattr(settings, "GK_WAGTAIL_SEARCH_EXTRA_PAGE_TYPES", DEFAULT_EXTRA_PAGE_TYPES)
    models += [apps.get_model(label) for label in labels]
    return list(dict.fromkeys(models))


def type_code(model):
    return model._meta.label_lower


def _path_from_page(model):
    """The lookup from Page down to ``model``'s table (policydocumentpage, a__b for deeper subclasses)."""
    names = []
    while model is not Page:
        names.append(model._meta.model_name)
        model = next(parent for parent in model._meta.parents if issubclass(parent, Page))
    return "__".join(reversed(names))


def _coalesce(expressions, output_field=None):
    expressions = list(expressions)
    if not expressions:
        return None
    if len(expressions) == 1:
        return expressions[0]
    return Coalesce(*expressions, output_field=output_field)


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def document_date():
    """Each result's date: its date published, else the day it was first published."""
    dates = [F(f"{_path_from_page(model)}__date_published") for model in result_models() if _has_field(model, "date_published")]
    dates.append(Cast("first_published_at", DateField()))
    return _coalesce(dates, output_field=DateField())


def _metadata(name):
    return _coalesce(F(f"{_path_from_page(model)}__{name}") for model in result_models() if issubclass(model, GovDocumentMixin))


@dataclass
class Criteria:
    """What the citizen asked for (see forms.SearchForm)."""

    q: str = ""
    type: str = ""
    organ: int | None = None
    theme: int | None = None
    year: int | None = None
    validity: str = ""
    sort: str = "relevance"
    page: int = 1

    #: The facet dimensions, as (criteria attribute, joint-distribution column).
    DIMENSIONS = (("type", "gk_type"), ("organ", "gk_organ"), ("theme", "gk_theme"), ("year", "gk_year"), ("validity", "gk_validity"))

    def selected(self):
        return {name: getattr(self, name) for name, _column in self.DIMENSIONS if getattr(self, name) not in ("", None)}


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

    def as_json(self):
        return {
            "id": self.page.pk,
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "type_label": str(self.type_label),
            "index_number": self.index_number,
            "document_number": self.document_number,
            "issuing_organ": self.issuing_organ,
            "date_published": self.date_published.isoformat() if self.date_published else None,
            "snippet": str(self.snippet),
        }


@dataclass
class Outcome:
    criteria: Criteria
    total: int
    facets: dict
    page: object  # a django.core.paginator.Page of Result
    results: list = field(default_factory=list)


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


def base_queryset(site=None):
    pages = Page.objects.live().public().filter(
        content_type__in=ContentType.objects.get_for_models(*result_models()).values()
    )
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def _filtered(pages, criteria):
    """``pages`` narrowed to the selected filters, as pk subqueries the search backends accept."""
    models = result_models()
    if criteria.type:
        models = [model for model in models if type_code(model) == criteria.type]
        pages = pages.filter(content_type__in=ContentType.objects.get_for_models(*models).values())
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


def _joint_counts(matching):
    """How many matching pages have each combination of type, organ, theme, year and validity."""
    rows = (
        Page.objects.filter(pk__in=matching)
        .annotate(
            gk_type=F("content_type"),
            gk_organ=_metadata("issuing_organ"),
            gk_theme=_metadata("theme"),
            gk_validity=_metadata("validity"),
            gk_year=ExtractYear(document_date()),
        )
        .order_by()
        .values("gk_type", "gk_organ", "gk_theme", "gk_validity", "gk_year")
        .annotate(count=Count("pk"))
    )
    return list(rows)


def _facets(rows, criteria):
    """Facet values with counts; each facet counts under every other selected filter, not its own."""
    selected = criteria.selected()
    types = {ContentType.objects.get_for_model(model).pk: model for model in result_models()}
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
    organs = Organization.objects.in_bulk(list(counts["organ"]))
    themes = Theme.objects.select_related("parent").in_bulk(list(counts["theme"]))
    labels = {
        "type": {pk: (type_code(model), model._meta.verbose_name) for pk, model in types.items()},
        "organ": {pk: (pk, organ.name) for pk, organ in organs.items()},
        "theme": {pk: (pk, str(theme)) for pk, theme in themes.items()},
        "validity": {value: (value, label) for value, label in Validity.choices},
    }
    facets = {}
    for name, tally in counts.items():
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


def search(criteria, site=None, backend="default", request=None, page_size=None):
    """Run the citizen search; returns an Outcome with the requested page of results."""
    page_size = page_size or PAGE_SIZE
    search_backend = get_search_backend(backend) if isinstance(backend, str) else backend
    pages = base_queryset(site)
    text = criteria.q.strip()
    if not text:
        empty = Paginator([], page_size).get_page(1)
        return Outcome(criteria, 0, {name: [] for name, _column in Criteria.DIMENSIONS}, empty)
    everything = search_backend.search(text, pages)
    total, facets = _facets(_joint_counts(_matching_pks(everything)), criteria)
    filtered = _filtered(pages, criteria)
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
    page.object_list = [to_result(item, highlighter, request) for item in _specific(page.object_list)]
    return Outcome(criteria, total, facets, page, page.object_list)


def _specific(pages):
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in pages]).specific()}
    return [specific[page.pk] for page in pages if page.pk in specific]


def _text_of(page):
    """The text a snippet is taken from: the summary, then the indexed body fields."""
    parts = [getattr(page, "summary", "") or ""]
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name in SNIPPET_FIELDS:
            value = search_field.get_value(page)
            parts.extend(value if isinstance(value, list) else [str(value or "")])
    return " ".join(part for part in parts if part)


def to_result(page, highlighter, request=None):
    organ = getattr(page, "issuing_organ", None)
    date = getattr(page, "date_published", None) or (page.first_published_at.date() if page.first_published_at else None)
    return Result(
        page=page,
        title=page.title,
        title_html=highlighter.mark(page.title),
        url=page.get_url(request) or "",
        type=type_code(page.specific_class),
        type_label=page.specific_class._meta.verbose_name,
        index_number=getattr(page, "index_number", "") or "",
        document_number=getattr(page, "document_number", "") or "",
        issuing_organ=organ.name if organ else "",
        date_published=date,
        snippet=highlighter.snippet(_text_of(page)),
    )
