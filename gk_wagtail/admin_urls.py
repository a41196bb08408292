"""Every admin screen of gk_wagtail, mounted by wagtail_hooks.py at ``<admin>/gk/`` under one namespace.

Names are ``gk_wagtail_admin:<feature>_<screen>``; report views have a ``…_results`` twin that
Wagtail's listing uses to refresh the table when filters change.
"""

from django.urls import path

from gk_wagtail.admin.catalogs import CatalogImportView, CoverageView
from gk_wagtail.admin.opinion_responses import CommitmentLedgerView, ResponseLedgerView
from gk_wagtail.admin.policies import (
    InterpretationCreateView,
    LateInterpretationsView,
    PoliciesWithoutInterpretationView,
    add_interpretation,
)
from gk_wagtail.admin.villages import VillageOverdueView

app_name = "gk_wagtail_admin"


def report(route, view, name):
    """The report at ``route`` and the results-only view its filters reload."""
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [
    *report("policies/without-interpretation/", PoliciesWithoutInterpretationView, "policies_without_interpretation"),
    *report("policies/late-interpretations/", LateInterpretationsView, "late_interpretations"),
    path("policies/<int:policy_id>/add-interpretation/", add_interpretation, name="policies_add_interpretation"),
    path(
        "policies/interpretations/add/<int:parent_page_id>/",
        InterpretationCreateView.as_view(),
        name="policies_interpretation_add",
    ),
    path("catalogs/import/", CatalogImportView.as_view(), name="catalogs_import"),
    path("catalogs/coverage/", CoverageView.as_view(), name="catalogs_coverage"),
    *report("opinion-responses/ledger/", ResponseLedgerView, "opinion_responses_ledger"),
    *report("opinion-responses/commitments/", CommitmentLedgerView, "opinion_responses_commitments"),
    *report("villages/overdue/", VillageOverdueView, "villages_overdue"),
]
