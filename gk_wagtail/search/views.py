"""The citizen search page and its JSON (``?format=json``)."""

from dataclasses import dataclass, field

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from gk_wagtail.page_types.columns import ColumnPage, bad_request, bad_request_message
from gk_wagtail.search import citizen
from gk_wagtail.search.forms import SearchForm

FACET_HEADINGS = {
    "type": _("Type"),
    "organ": _("Issuing organization"),
    "theme": _("Theme"),
    "year": _("Year"),
    "validity": _("Validity"),
    "site": _("Site"),
}
#: Page numbers shown on each side of the current one; the first and last are always shown.
PAGE_LINKS_AROUND = 2
#: Columns offered to browse when a search finds nothing.
BROWSE_LINKS = 12


@dataclass
class Link:
    label: str
    url: str
    count: int | None = None
    current: bool = False


@dataclass
class Filter:
    """One filter of the form: a labelled select whose options carry their result counts."""

    name: str
    label: str
    options: list = field(default_factory=list)  # FacetValue

    @property
    def selected(self):
        return any(option.selected for option in self.options)


def search(request):
    current_site = Site.find_for_request(request)
    portal = citizen.is_portal(current_site)
    form = SearchForm(request.GET, portal=portal)
    wants_json = request.GET.get("format") == "json"
    if not form.is_valid():
        if wants_json:
            return JsonResponse(
                {"message": bad_request_message(form), "parameters": sorted(form.errors)},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return bad_request(request, form)
    criteria = form.criteria()
    outcome = citizen.search(
        criteria,
        site=None if portal else current_site,
        request=request,
        sites=citizen.Sites.all() if portal else None,
    )
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    if wants_json:
        return JsonResponse(as_json(outcome, request, query), json_dumps_params={"ensure_ascii": False})
    return TemplateResponse(
        request,
        "gk_wagtail/search/search.html",
        {
            "form": form,
            "criteria": criteria,
            "outcome": outcome,
            "items": outcome.page,
            "filters": [
                Filter(name, FACET_HEADINGS[name], values) for name, values in outcome.facets.items() if values
            ],
            "filters_selected": bool(criteria.selected()),
            "sort_links": [
                Link(label, "?" + _with(query, sort=value, page=None), current=criteria.sort == value)
                for value, label in citizen.SORT_LABELS.items()
            ],
            "pagination": pagination(query, outcome.page),
            "suggestion_url": "?" + _with(query, q=outcome.suggestion.q) if outcome.suggestion else "",
            "without_filters_url": "?" + _with(query, **dict.fromkeys(criteria.selected())),
            "browse_links": browse_links(current_site, request) if criteria.q and not outcome.total else [],
        },
    )


def _with(query, **changes):
    """The query string with parameters changed (None removes one)."""
    query = query.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return query.urlencode()


def pagination(query, page):
    """Links to the previous and next pages, and to the first, the last and those around the current one.

    None in ``pages`` marks a gap. Nothing when there is one page.
    """
    if not page.has_other_pages():
        return None
    last = page.paginator.num_pages
    around = range(max(page.number - PAGE_LINKS_AROUND, 1), min(page.number + PAGE_LINKS_AROUND, last) + 1)
    links, shown = [], 0
    for number in sorted({1, last, *around}):
        if number > shown + 1:
            links.append(None)
        links.append(Link(str(number), "?" + _with(query, page=number), current=number == page.number))
        shown = number
    return {
        "previous": "?" + _with(query, page=page.previous_page_number()) if page.has_previous() else "",
        "next": "?" + _with(query, page=page.next_page_number()) if page.has_next() else "",
        "pages": links,
    }


def browse_links(site, request=None):
    """The site's first columns, for a citizen whose search found nothing."""
    if site is None:
        return []
    root = site.root_page
    columns = (
        ColumnPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(depth__lte=root.depth + 2)
        .order_by("path")[:BROWSE_LINKS]
    )
    return [Link(column.title, column.get_url(request)) for column in columns]


def as_json(outcome, request=None, query=None):
    page = outcome.page
    suggestion = outcome.suggestion
    data = {
        "query": outcome.criteria.q,
        "total": outcome.total,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "sort": outcome.criteria.sort,
        "portal": outcome.portal,
        "unfiltered_total": outcome.unfiltered_total,
        "did_you_mean": None,
        "results": [result.as_json() for result in outcome.results],
        "facets": {
            name: [
                {"value": item.value, "label": item.label, "count": item.count, "selected": item.selected}
                for item in values
            ]
            for name, values in outcome.facets.items()
        },
    }
    if suggestion:
        data["did_you_mean"] = {"query": suggestion.q, "total": suggestion.total}
        if request is not None and query is not None:
            data["did_you_mean"]["url"] = request.build_absolute_uri("?" + _with(query, q=suggestion.q, format="json"))
    return data
