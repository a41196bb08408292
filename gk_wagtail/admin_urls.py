from django.urls import path

from .admin_views import LateInterpretationsView, PoliciesWithoutInterpretationView

report_urls = [
    path(
        "policies-without-interpretation/",
        PoliciesWithoutInterpretationView.as_view(),
        name="policies_without_interpretation",
    ),
    path(
        "policies-without-interpretation/results/",
        PoliciesWithoutInterpretationView.as_view(results_only=True),
        name="policies_without_interpretation_results",
    ),
    path("late-interpretations/", LateInterpretationsView.as_view(), name="late_interpretations"),
    path(
        "late-interpretations/results/",
        LateInterpretationsView.as_view(results_only=True),
        name="late_interpretations_results",
    ),
]
