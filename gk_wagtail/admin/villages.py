"""Admin screens of village and community affairs: the overdue report and its dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn

from gk_wagtail.admin.base import (
    EditablePagesReportView,
    LongTextColumn,
    PageAccessMenuItem,
    edit_url,
    editable_pages,
)
from gk_wagtail.page_types.villages import VillageAffairsIndexPage
from gk_wagtail.reports.village_overdue import overdue_villages


class VillageOverdueView(EditablePagesReportView):
    """Villages and communities the user may edit that are late publishing a month or quarter."""

    page_title = _("Overdue village affairs")
    header_icon = "warning"
    index_url_name = "gk_wagtail_admin:villages_overdue"
    index_results_url_name = "gk_wagtail_admin:villages_overdue_results"
    model = VillageAffairsIndexPage
    columns = [
        TitleColumn("village_name", label=_("Village or community"), get_url=lambda item: edit_url(item.index_page)),
        Column("township_name", label=_("Township")),
        LongTextColumn("missing_text", label=_("Overdue periods")),
    ]
    list_export = ["township_name", "village_name", "missing_text"]
    export_headings = {
        "township_name": _("Township"),
        "village_name": _("Village or community"),
        "missing_text": _("Overdue periods"),
    }
    export_filename = "village-affairs-overdue"

    def get_queryset(self):
        return overdue_villages(index_pages=self.editable_pages())


class VillageOverduePanel(Component):
    """Dashboard panel: the user's villages with overdue periods, the first few in full."""

    name = "gk_village_overdue"
    template_name = "gk_wagtail/villages/overdue_panel.html"
    order = 150
    shown = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        overdue = overdue_villages(index_pages=editable_pages(parent_context["request"].user, VillageAffairsIndexPage))
        context.update(
            overdue=overdue[: self.shown], total=len(overdue), report_url=reverse("gk_wagtail_admin:villages_overdue")
        )
        return context


def report_menu_item():
    return PageAccessMenuItem(
        _("Overdue village affairs"), "gk_wagtail_admin:villages_overdue", icon_name="warning", order=1020
    )


def add_overdue_panel(request, panels):
    """For the construct_homepage_panels hook."""
    panels.append(VillageOverduePanel())
