"""Admin registration: registers, listings, reports and dashboard panels."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_urls, catalog_views, ledger_views, village_views
from .admin_views import DisclosureStatusPanel
from .page_types.policy import PolicyDocumentPage, PolicyInterpretationPage
from .registers import Domain, InterpretationForm, Organization, Theme
from .workdays import WorkingDayOverride


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "short_name", "organization_type", "parent", "credit_code"]
    list_filter = ["organization_type"]
    search_fields = ["name", "short_name", "credit_code"]


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "list-ul"
    menu_label = _("Domains")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Themes")
    list_display = ["__str__", "code", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class InterpretationFormViewSet(SnippetViewSet):
    model = InterpretationForm
    icon = "tag"
    menu_label = _("Interpretation forms")
    list_display = ["name", "sort_order"]


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = _("Working-day calendar")
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]


class RegistersGroup(SnippetViewSetGroup):
    menu_label = _("Disclosure registers")
    menu_icon = "folder-inverse"
    menu_name = "gk-registers"
    items = (
        OrganizationViewSet,
        DomainViewSet,
        ThemeViewSet,
        InterpretationFormViewSet,
        WorkingDayOverrideViewSet,
        catalog_views.DisclosureChannelViewSet,
        village_views.VillageAffairsCategoryViewSet,
    )


hooks.register("register_admin_viewset", RegistersGroup)


class InterpretationListingViewSet(PageListingViewSet):
    """All interpretations in one list, with their lag after the policy and late ones flagged."""

    model = PolicyInterpretationPage
    icon = "doc-full"
    menu_label = _("Policy interpretations")
    add_to_admin_menu = True
    menu_order = 210
    columns = PageListingViewSet.columns + [
        DateColumn("date_published", label=_("Date published")),
        Column("lag_working_days", label=_("Lag (working days)")),
        Column("timeliness", label=_("Timeliness")),
    ]


class PolicyListingViewSet(PageListingViewSet):
    """All policy documents in one list."""

    model = PolicyDocumentPage
    icon = "doc-full-inverse"
    menu_label = _("Policy documents")
    add_to_admin_menu = True
    menu_order = 200
    columns = PageListingViewSet.columns + [
        Column("document_number", label=_("Document number")),
        DateColumn("date_published", label=_("Date published")),
    ]


@hooks.register("register_admin_viewset")
def register_page_listings():
    return [PolicyListingViewSet("gk_policies"), InterpretationListingViewSet("gk_interpretations")]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("gk-reports/", include((admin_urls.report_urls, "gk_wagtail_reports"))),
        path("gk-catalogs/", include((catalog_views.urlpatterns, "gk_wagtail_catalogs"))),
        path("gk-ledger/", include((ledger_views.ledger_urls, "gk_wagtail_ledger"))),
        path("gk-villages/", include((village_views.village_urls, "gk_wagtail_villages"))),
    ]


@hooks.register("register_reports_menu_item")
def register_policies_without_interpretation_menu_item():
    return MenuItem(
        _("Policies without interpretation"),
        reverse("gk_wagtail_reports:policies_without_interpretation"),
        icon_name="warning",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_late_interpretations_menu_item():
    return MenuItem(
        _("Late interpretations"),
        reverse("gk_wagtail_reports:late_interpretations"),
        icon_name="time",
        order=1001,
    )


@hooks.register("construct_homepage_panels")
def add_disclosure_status_panel(request, panels):
    panels.append(DisclosureStatusPanel(request))


hooks.register("construct_homepage_panels", village_views.add_village_overdue_panel)
hooks.register("register_reports_menu_item", ledger_views.response_ledger_menu_item)
hooks.register("register_reports_menu_item", ledger_views.commitment_ledger_menu_item)
hooks.register("register_reports_menu_item", village_views.village_overdue_menu_item)


@hooks.register("register_reports_menu_item")
def register_coverage_menu_item():
    return MenuItem(_("Disclosure coverage"), reverse("gk_wagtail_catalogs:coverage"), icon_name="tasks", order=1002)


@hooks.register("register_admin_menu_item")
def register_catalog_import_menu_item():
    return MenuItem(_("Import catalog"), reverse("gk_wagtail_catalogs:import"), icon_name="upload", order=220)
