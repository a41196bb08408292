"""The citizen search page and its JSON (``?format=json``)."""

from dataclasses import dataclass

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from . import citizen
from .forms import SearchForm

FACET_HEADINGS = {
    "type": _("Type"),
    "organ": _("Issuing organization"),
    "theme": _("Theme"),
    "year": _("Year"),
    "validity": _("Validity"),
}
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Date, newest first")}


@dataclass
class Link:
    label: str
    url: str
    count: int | None = None
    current: bool = False


def search(request):
    form = SearchForm(request.GET)
    criteria = form.criteria()
    outcome = citizen.search(criteria, site=Site.find_for_request(request), request=request)
    if request.GET.get("format") == "json":
        return JsonResponse(as_json(outcome), json_dumps_params={"ensure_ascii": False})
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return TemplateResponse(
        request,
        "gk_wagtail/search/search.html",
        {
            "form": form,
            "criteria": criteria,
            "outcome": outcome,
            "items": outcome.page,
            "facets": [
                (FACET_HEADINGS[name], facet_links(query, name, values)) for name, values in outcome.facets.items() if values
            ],
            "sort_links": [
                Link(label, "?" + _with(query, sort=value), current=criteria.sort == value)
                for value, label in SORT_LABELS.items()
            ],
            "query_string": query.urlencode(),
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


def facet_links(query, name, values):
    """One link per value: selecting it, or, for the selected value, removing the filter."""
    return [
        Link(value.label, "?" + _with(query, **{name: None if value.selected else value.value}), value.count, value.selected)
        for value in values
    ]


def as_json(outcome):
    page = outcome.page
    return {
        "query": outcome.criteria.q,
        "total": outcome.total,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "results": [result.as_json() for result in outcome.results],
        "facets": {
            name: [{"value": item.value, "label": item.label, "count": item.count, "selected": item.selected} for item in values]
            for name, values in outcome.facets.items()
        },
    }
