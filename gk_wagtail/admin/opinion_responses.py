"""Admin screens of the 舆情回应 台账: responses and commitments, filterable and exportable, overdue rows highlighted."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusFlagColumn, Table, TitleColumn

from gk_wagtail.admin.base import (
    AbsoluteDateColumn,
    EditablePagesReportView,
    LongTextColumn,
    PageAccessMenuItem,
    edit_url,
)
from gk_wagtail.page_types.opinion_responses import (
    CommitmentStatus,
    OpinionCommitment,
    OpinionResponsePage,
    ResponseStatus,
    Severity,
)
from gk_wagtail.registers import Organization
from gk_wagtail.reports.opinion_response_ledger import commitment_ledger, response_ledger


class LedgerTable(Table):
    """Marks overdue rows so the stylesheet can highlight them; the Overdue column says it in words."""

    def get_row_classname(self, instance):
        return "gk-ledger-overdue" if instance.overdue else ""


class OverdueColumn(StatusFlagColumn):
    def __init__(self, **kwargs):
        super().__init__("overdue", true_label=_("Overdue"), label=_("Overdue"), **kwargs)

    class Media:
        css = {"all": ["gk_wagtail/css/opinion-responses-admin.css"]}


def organizations_with_responses(request):
    return Organization.objects.filter(pk__in=OpinionResponsePage.objects.values("responsible_organization"))


class ResponseLedgerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ResponseStatus.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    responsible_organization = django_filters.ModelChoiceFilter(
        label=_("Responsible organization"), queryset=organizations_with_responses
    )
    first_noticed_at = django_filters.DateFromToRangeFilter(label=_("First noticed"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("Overdue"))

    class Meta:
        model = OpinionResponsePage
        fields = []


class CommitmentLedgerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    organization = django_filters.ModelChoiceFilter(
        label=_("Responsible organization"),
        field_name="page__responsible_organization",
        queryset=organizations_with_responses,
    )
    due_date = django_filters.DateFromToRangeFilter(label=_("Due date"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("Overdue"))

    class Meta:
        model = OpinionCommitment
        fields = []


class LedgerView(EditablePagesReportView):
    """Both ledgers cover the responses the user may edit (a township sees only its own)."""

    model = OpinionResponsePage
    table_class = LedgerTable
    header_icon = "list-ul"

    def get_filename(self):
        return f"{self.filename_prefix}-{timezone.localdate().isoformat()}"


class ResponseLedgerView(LedgerView):
    """Every response with its deadlines, status and overdue commitments."""

    page_title = _("Opinion response ledger")
    index_url_name = "gk_wagtail_admin:opinion_responses_ledger"
    index_results_url_name = "gk_wagtail_admin:opinion_responses_ledger_results"
    filterset_class = ResponseLedgerFilterSet
    filename_prefix = "opinion-response-ledger"
    columns = [
        TitleColumn("title", label=_("Title"), get_url=edit_url),
        LongTextColumn("topic", label=_("Topic")),
        Column("get_severity_display", label=_("Severity")),
        Column("responsible_organization_name", label=_("Responsible organization")),
        # An exact local time: deadlines count hours, so "2 days ago" would not do.
        AbsoluteDateColumn("first_noticed_at", label=_("First noticed"), sort_key="first_noticed_at"),
        Column("get_status_display", label=_("Status"), classname="gk-nowrap"),
        LongTextColumn("deadline_text", label=_("Deadlines")),
        Column("overdue_commitment_count", label=_("Overdue commitments")),
        OverdueColumn(),
    ]
    list_export = [
        "title",
        "topic",
        "get_severity_display",
        "responsible_organization_name",
        "first_noticed_at",
        "first_noticed_where",
        "get_status_display",
        "responded_at",
        "press_conference_at",
        "deadline_text",
        "overdue_commitment_count",
        "overdue",
    ]
    export_headings = {
        "title": _("Title"),
        "topic": _("Topic"),
        "get_severity_display": _("Severity"),
        "responsible_organization_name": _("Responsible organization"),
        "first_noticed_at": _("First noticed"),
        "first_noticed_where": _("First noticed where"),
        "get_status_display": _("Status"),
        "responded_at": _("First response released"),
        "press_conference_at": _("Press conference"),
        "deadline_text": _("Deadlines"),
        "overdue_commitment_count": _("Overdue commitments"),
        "overdue": _("Overdue"),
    }

    def get_queryset(self):
        return response_ledger(self.editable_pages())


class CommitmentLedgerView(LedgerView):
    """Every commitment made in a response, and whether it was kept with its outcome published."""

    page_title = _("Commitment ledger")
    index_url_name = "gk_wagtail_admin:opinion_responses_commitments"
    index_results_url_name = "gk_wagtail_admin:opinion_responses_commitments_results"
    filterset_class = CommitmentLedgerFilterSet
    filename_prefix = "commitment-ledger"
    columns = [
        TitleColumn("page", label=_("Response"), get_url=lambda commitment: edit_url(commitment.page)),
        LongTextColumn("promise", label=_("What was promised")),
        Column(
            "responsible_organization",
            label=_("Responsible organization"),
            accessor="page.responsible_organization_name",
        ),
        AbsoluteDateColumn("due_date", label=_("Due date"), sort_key="due_date"),
        Column("get_status_display", label=_("Status"), classname="gk-nowrap"),
        Column("evidence_page", label=_("Page showing it was kept")),
        OverdueColumn(),
    ]
    list_export = [
        "page.title",
        "promise",
        "page.responsible_organization_name",
        "due_date",
        "get_status_display",
        "evidence_title",
        "outcome_published",
        "overdue",
    ]
    export_headings = {
        "page.title": _("Response"),
        "promise": _("What was promised"),
        "page.responsible_organization_name": _("Responsible organization"),
        "due_date": _("Due date"),
        "get_status_display": _("Status"),
        "evidence_title": _("Page showing it was kept"),
        "outcome_published": _("Outcome published"),
        "overdue": _("Overdue"),
    }

    def get_queryset(self):
        return commitment_ledger(self.editable_pages())


def ledger_menu_item():
    return PageAccessMenuItem(
        _("Opinion response ledger"), "gk_wagtail_admin:opinion_responses_ledger", icon_name="list-ul", order=1010
    )


def commitments_menu_item():
    return PageAccessMenuItem(
        _("Commitment ledger"), "gk_wagtail_admin:opinion_responses_commitments", icon_name="tasks", order=1011
    )
