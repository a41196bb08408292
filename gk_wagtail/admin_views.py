"""Admin reports: what is late or missing."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .conf import gk_settings
from .page_types.policy import PolicyDocumentPage, PolicyInterpretationPage
from .reports.interpretations import late_interpretations, policies_without_interpretation


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class EditablePagesReportView(ReportView):
    """A report over the pages of ``model`` that the user may edit (a township editor sees only its own)."""

    any_permission_required = ["add", "change", "publish"]

    def editable_pages(self):
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return self.model.objects.filter(pk__in=editable.values("pk"))


class PoliciesWithoutInterpretationView(EditablePagesReportView):
    """规章 and 规范性文件 that are live but have no live interpretation."""

    page_title = _("Policies without interpretation")
    header_icon = "warning"
    index_url_name = "gk_wagtail_reports:policies_without_interpretation"
    index_results_url_name = "gk_wagtail_reports:policies_without_interpretation_results"
    model = PolicyDocumentPage
    list_export = ["title", "document_number", "issuing_organ_name", "date_published", "get_document_kind_display"]
    export_headings = {
        "title": _("Title"),
        "document_number": _("Document number"),
        "issuing_organ_name": _("Issuing organization"),
        "date_published": _("Date published"),
        "get_document_kind_display": _("Kind of document"),
    }
    columns = [
        TitleColumn("title", label=_("Title"), get_url=edit_url),
        Column("document_number", label=_("Document number")),
        Column("issuing_organ_name", label=_("Issuing organization")),
        Column("get_document_kind_display", label=_("Kind of document")),
        DateColumn("date_published", label=_("Date published")),
    ]

    def get_queryset(self):
        return policies_without_interpretation(self.editable_pages())


class LateInterpretationsView(EditablePagesReportView):
    """Interpretations published later than the lag limit after their policy."""

    page_title = _("Late interpretations")
    header_icon = "time"
    index_url_name = "gk_wagtail_reports:late_interpretations"
    index_results_url_name = "gk_wagtail_reports:late_interpretations_results"
    model = PolicyInterpretationPage
    list_export = ["title", "issuing_organ_name", "date_published", "lag_working_days"]
    export_headings = {
        "title": _("Title"),
        "issuing_organ_name": _("Issuing organization"),
        "date_published": _("Date published"),
        "lag_working_days": _("Lag (working days)"),
    }
    columns = [
        TitleColumn("title", label=_("Title"), get_url=edit_url),
        Column("issuing_organ_name", label=_("Issuing organization")),
        DateColumn("date_published", label=_("Date published")),
        Column("lag_working_days", label=_("Lag (working days)")),
    ]

    def get_queryset(self):
        return late_interpretations(self.editable_pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["limit"] = gk_settings.INTERPRETATION_LAG_DAYS
        return context


class DisclosureStatusPanel(Component):
    """Dashboard panel: what is late or missing, and whether the working-day calendar has data."""

    name = "gk_disclosure_status"
    template_name = "gk_wagtail/admin/disclosure_status_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .workdays import years_without_data

        this_year = timezone.localdate().year
        return {
            "policies_without_interpretation": policies_without_interpretation().count(),
            "late_interpretations": len(late_interpretations()),
            "lag_limit": gk_settings.INTERPRETATION_LAG_DAYS,
            "years_without_calendar": years_without_data([this_year, this_year + 1]),
            "calendar_url": reverse("wagtailsnippets_gk_wagtail_workingdayoverride:list"),
        }
