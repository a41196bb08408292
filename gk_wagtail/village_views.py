"""Admin views for village and community affairs: the overdue list, its dashboard panel, the category register.

Registered by wagtail_hooks.py: ``village_urls`` under ``gk-villages/`` with the namespace
``gk_wagtail_villages``, the reports menu item, the dashboard panel and the category viewset.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import EditablePagesReportView, edit_url
from .page_types.village import VillageAffairsCategory, VillageAffairsIndexPage
from .reports.village_overdue import overdue_villages


def editable_village_pages(user):
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return VillageAffairsIndexPage.objects.filter(pk__in=editable.values("pk"))


class VillageOverdueView(EditablePagesReportView):
    """Villages and communities the user may edit that are late publishing a month or quarter."""

    page_title = _("Overdue village affairs")
    header_icon = "warning"
    index_url_name = "gk_wagtail_villages:overdue"
    index_results_url_name = "gk_wagtail_villages:overdue_results"
    model = VillageAffairsIndexPage
    columns = [
        TitleColumn("village_name", label=_("Village or community"), get_url=lambda item: edit_url(item.index_page)),
        Column("township_name", label=_("Township")),
        Column("missing_text", label=_("Overdue periods")),
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
    template_name = "gk_wagtail/admin/village_overdue_panel.html"
    order = 150
    shown = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        overdue = overdue_villages(index_pages=editable_village_pages(parent_context["request"].user))
        context.update(overdue=overdue[: self.shown], total=len(overdue), report_url=reverse("gk_wagtail_villages:overdue"))
        return context


class VillageAffairsCategoryViewSet(SnippetViewSet):
    model = VillageAffairsCategory
    icon = "tag"
    menu_label = _("Village affairs categories")
    list_display = ["name", "schedule", "sort_order"]


village_urls = [
    path("overdue/", VillageOverdueView.as_view(), name="overdue"),
    path("overdue/results/", VillageOverdueView.as_view(results_only=True), name="overdue_results"),
]


def village_overdue_menu_item():
    return MenuItem(_("Overdue village affairs"), reverse("gk_wagtail_villages:overdue"), icon_name="warning", order=1020)


def add_village_overdue_panel(request, panels):
    """For the construct_homepage_panels hook."""
    panels.append(VillageOverduePanel())
