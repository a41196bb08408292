"""Admin screens of policies and interpretations: listings, the two lateness reports, the dashboard panel,
and "Add an interpretation" on a policy, which opens a new interpretation with the policy filled in."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from gk_wagtail.admin.base import (
    AbsoluteDateColumn,
    EditablePagesReportView,
    PageAccessMenuItem,
    edit_url,
    editable_pages,
    user_has_page_access,
    with_absolute_dates,
)
from gk_wagtail.admin.pages import visible_filter
from gk_wagtail.conf import gk_settings
from gk_wagtail.page_types.columns import MAX_ID, ColumnPage, ColumnType, PlainIntegerField
from gk_wagtail.page_types.policies import PolicyDocumentPage, PolicyInterpretationLink, PolicyInterpretationPage
from gk_wagtail.reports.interpretation_lag import late_interpretations, policies_without_interpretation


class AddInterpretationColumn(Column):
    """A row's "Add an interpretation" link, for clerks who may interpret a policy they cannot open."""

    cell_template_name = "gk_wagtail/policies/add_interpretation_cell.html"


def policies_to_interpret(user):
    """The policies ``user`` may edit, and the live ones they may add an interpretation of.

    A clerk of a 政策解读 column alone cannot edit the policies they interpret, so the live policies of
    each site where they may add to such a column are theirs to interpret too; ``add_interpretation``
    still decides the column the interpretation goes in.
    """
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return PolicyDocumentPage.objects.filter(
        Q(pk__in=editable.values("pk")) | (Q(live=True) & interpretable_sites_filter(user))
    ).annotate(gk_editable=Exists(editable.filter(pk=OuterRef("pk"))))


def interpretable_sites_filter(user):
    """Pages of the sites where ``user`` may add pages to a 政策解读 column (a filter matching none if nowhere)."""
    roots = [site.root_page.path for site in Site.objects.select_related("root_page")]
    matched = Q(pk__in=[])
    for permission in PagePermissionPolicy().get_cached_permissions_for_user(user):
        if permission.permission.codename != "add_page":
            continue
        columns = ColumnPage.objects.filter(
            path__startswith=permission.page.path, column_type=ColumnType.POLICY_INTERPRETATIONS
        )
        for column in columns:
            site_roots = [root for root in roots if column.path.startswith(root)]
            if site_roots and can_add_interpretation_at(column, user):
                matched |= Q(path__startswith=max(site_roots, key=len))
    return matched


def edit_url_if_editable(page):
    return edit_url(page) if page.gk_editable else None


class PoliciesWithoutInterpretationView(EditablePagesReportView):
    """规章 and 规范性文件 that are live but have no live interpretation, with a link to add one.

    A clerk who may only add interpretations sees the policies of their site here too (``policies_to_interpret``).
    """

    page_title = _("Policies without interpretation")
    header_icon = "warning"
    index_url_name = "gk_wagtail_admin:policies_without_interpretation"
    index_results_url_name = "gk_wagtail_admin:policies_without_interpretation_results"
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
        TitleColumn("title", label=_("Title"), get_url=edit_url_if_editable),
        Column("document_number", label=_("Document number")),
        Column("issuing_organ_name", label=_("Issuing organization")),
        Column("get_document_kind_display", label=_("Kind of document")),
        AbsoluteDateColumn("date_published", label=_("Date published")),
        AddInterpretationColumn("add_interpretation", label=_("Interpretation")),
    ]

    def get_queryset(self):
        return policies_without_interpretation(policies_to_interpret(self.request.user))


class LateInterpretationsView(EditablePagesReportView):
    """Interpretations published later than the lag limit after their policy."""

    page_title = _("Late interpretations")
    header_icon = "time"
    index_url_name = "gk_wagtail_admin:late_interpretations"
    index_results_url_name = "gk_wagtail_admin:late_interpretations_results"
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
        AbsoluteDateColumn("date_published", label=_("Date published")),
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
    template_name = "gk_wagtail/policies/disclosure_status_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from gk_wagtail.workdays import years_without_data

        this_year = timezone.localdate().year
        return {
            "policies_without_interpretation": policies_without_interpretation(
                policies_to_interpret(self.request.user)
            ).count(),
            "late_interpretations": len(
                late_interpretations(editable_pages(self.request.user, PolicyInterpretationPage))
            ),
            "lag_limit": gk_settings.INTERPRETATION_LAG_DAYS,
            "years_without_calendar": years_without_data([this_year, this_year + 1]),
            "calendar_url": reverse("wagtailsnippets_gk_wagtail_workingdayoverride:list"),
        }


class InterpretationListingViewSet(PageListingViewSet):
    """All interpretations in one list, with their lag after the policy and late ones flagged."""

    model = PolicyInterpretationPage
    icon = "doc-full"
    menu_label = _("Policy interpretations")
    add_to_admin_menu = True
    menu_order = 210
    columns = with_absolute_dates(PageListingViewSet.columns) + [
        AbsoluteDateColumn("date_published", label=_("Date published")),
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
    columns = with_absolute_dates(PageListingViewSet.columns) + [
        Column("document_number", label=_("Document number"), classname="gk-wrap"),
        AbsoluteDateColumn("date_published", label=_("Date published")),
    ]


def without_interpretation_menu_item():
    return PageAccessMenuItem(
        _("Policies without interpretation"),
        "gk_wagtail_admin:policies_without_interpretation",
        icon_name="warning",
        order=1000,
    )


def late_interpretations_menu_item():
    return PageAccessMenuItem(
        _("Late interpretations"), "gk_wagtail_admin:late_interpretations", icon_name="time", order=1001
    )


# Adding an interpretation to a policy


def visible_policy(user, policy_id):
    """The policy ``user`` may see in the admin (live, or a draft they may edit), or None."""
    return PolicyDocumentPage.objects.filter(visible_filter(user), pk=policy_id).first()


def can_add_interpretation_at(column, user):
    return column.permissions_for_user(user).can_add_subpage() and PolicyInterpretationPage.can_create_at(column)


def interpretation_column_for(policy, user):
    """Where ``user`` adds an interpretation of ``policy``: the 政策解读 column nearest to it, else its own column.

    Nearest by the page tree, so that a department's policy gets the department's 政策解读 column
    rather than the county's. None when the user may add an interpretation in neither.
    """

    def shared_depth(column):
        common = 0
        while common < min(len(column.path), len(policy.path)) and column.path[common] == policy.path[common]:
            common += 1
        return common

    columns = ColumnPage.objects.filter(column_type=ColumnType.POLICY_INTERPRETATIONS).order_by("path")
    for column in sorted(columns, key=shared_depth, reverse=True):
        if can_add_interpretation_at(column, user):
            return column
    own = policy.get_parent().specific
    return own if isinstance(own, ColumnPage) and can_add_interpretation_at(own, user) else None


def add_interpretation(request, policy_id):
    """Opens a new interpretation of the policy in the column it belongs in (``interpretation_column_for``)."""
    if not user_has_page_access(request.user):
        raise PermissionDenied
    policy = visible_policy(request.user, policy_id)
    if policy is None:
        raise Http404
    column = interpretation_column_for(policy, request.user)
    if column is None:
        messages.error(
            request,
            gettext("There is no column of policy interpretations where you may add pages; ask an administrator."),
        )
        return redirect("wagtailadmin_pages:edit", policy.pk)
    url = reverse("gk_wagtail_admin:policies_interpretation_add", args=[column.pk])
    return redirect(f"{url}?{urlencode({'policy': policy.pk})}")


class PolicyParameterForm(forms.Form):
    policy = PlainIntegerField(min_value=1, max_value=MAX_ID)


class InterpretationCreateView(CreateView):
    """Wagtail's page editor for a new interpretation under a column, with ``?policy=<id>`` filled in.

    The policy is added to "Policies interpreted", and its issuing organization and theme are taken
    as the interpretation's (谁起草谁解读); the editor may change all three. Only the empty form is served
    here: it posts to Wagtail's own create view, as any new page's form does. A policy the clerk may not
    see, or an address that names none, leaves the form empty with a warning.
    """

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, parent_page_id):
        return super().dispatch(request, "gk_wagtail", "policyinterpretationpage", parent_page_id)

    def get(self, request):
        if "policy" in request.GET:
            form = PolicyParameterForm(request.GET)
            policy = visible_policy(request.user, form.cleaned_data["policy"]) if form.is_valid() else None
            if policy is None:
                messages.warning(request, gettext("The policy in the address was not found; choose it below."))
            else:
                self.page.policy_links.add(PolicyInterpretationLink(policy=policy))
                self.page.issuing_organ = policy.issuing_organ
                self.page.theme = policy.theme
        return super().get(request)


class AddInterpretationButton(PageMenuItem):
    """ "Add an interpretation" in a policy's menus: the edit view's header and the listings' rows."""

    label = _("Add an interpretation")
    icon_name = "doc-full"

    @property
    def url(self):
        return reverse("gk_wagtail_admin:policies_add_interpretation", args=[self.page.pk])

    def is_shown(self, user):
        return issubclass(self.page.specific_class or object, PolicyDocumentPage) and user_has_page_access(user)


def add_interpretation_buttons(page, user, next_url=None, view_name=None):
    """For ``register_page_header_buttons`` and ``register_page_listing_more_buttons``."""
    yield AddInterpretationButton(page=page, priority=16)
