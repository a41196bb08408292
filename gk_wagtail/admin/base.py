"""What every gk_wagtail admin view shares: the page-permission rule, report views and menu items.

A clerk sees an admin screen of this package when they may add, change or publish some page,
as for Wagtail's own page reports; what each screen lists is then narrowed to the pages the
clerk may edit (a township editor sees only its own).

Dates read as clerks write them on paper and in their registers, 2026-03-14 (and 2026-03-14 09:30
in local time for a moment), never as Wagtail's "6 年，8 月之前": on screen, in CSV and in Excel.
"""

import datetime

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from gk_wagtail.formats.spreadsheet import BYTE_ORDER_MARK, safe_cell

PAGE_ACTIONS = ["add", "change", "publish"]


def user_has_page_access(user):
    """True when ``user`` may add, change or publish at least one page."""
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def editable_pages(user, model):
    """The pages of ``model`` that ``user`` may change."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return model.objects.filter(pk__in=editable.values("pk"))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def local_moment(value):
    """An aware datetime in the site's time zone; a naive one, or a date, as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def absolute_date(value):
    """ "2026-03-14" for a date, "2026-03-14 09:30" (local time) for a datetime, "" for anything else."""
    if isinstance(value, datetime.datetime):
        return dateformat.format(local_moment(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return dateformat.format(value, "Y-m-d")
    return ""


class AbsoluteDateColumn(Column):
    """A date or datetime column that reads 2026-03-14 (09:30), not Wagtail's relative "6 年之前"."""

    cell_template_name = "gk_wagtail/admin/date_cell.html"

    def __init__(self, name, **kwargs):
        kwargs.setdefault("classname", "gk-date")
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["value"] = absolute_date(value)
        context["machine_value"] = local_moment(value).isoformat() if isinstance(value, datetime.date) else ""
        return context


class LongTextColumn(Column):
    """Free text (a topic, a promise, a list of periods) cut after three lines, the whole of it in a tooltip."""

    cell_template_name = "gk_wagtail/admin/long_text_cell.html"


def with_absolute_dates(columns):
    """``columns`` with each of Wagtail's relative date columns (e.g. "Updated") turned into an AbsoluteDateColumn."""
    from wagtail.admin.ui.tables import DateColumn

    return [
        AbsoluteDateColumn(
            column.name,
            label=column.label,
            accessor=column.accessor,
            sort_key=column.sort_key,
            width=column.width,
        )
        if isinstance(column, DateColumn)
        else column
        for column in columns
    ]


class PageAccessMixin(PermissionCheckedMixin):
    """Refuses (403) users without any page permission; Wagtail's login check runs first."""

    permission_policy = PagePermissionPolicy()
    any_permission_required = PAGE_ACTIONS


class SafeCsvExportMixin:
    """CSV downloads a clerk can open in Excel or WPS: Chinese intact, no cell run as a formula, 是/否.

    Dates in the CSV are ISO (2026-03-14, 2026-03-14 09:30) and moments in local time in both formats:
    Wagtail would write them in UTC.
    """

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: (
                timezone.make_naive(value) if timezone.is_aware(value) else value
            ),
            SpreadsheetExportMixin.FORMAT_CSV: absolute_date,
        },
        datetime.date: {SpreadsheetExportMixin.FORMAT_XLSX: None, SpreadsheetExportMixin.FORMAT_CSV: absolute_date},
    }

    def stream_csv(self, queryset):
        yield BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class EditablePagesReportView(PageAccessMixin, SafeCsvExportMixin, ReportView):
    """A report over the pages of ``model`` that the user may edit, in a table that fits the screen (admin.css)."""

    table_classname = "listing gk-report"

    def editable_pages(self):
        return editable_pages(self.request.user, self.model)


class PageAccessMenuItem(MenuItem):
    """A menu item shown only to users who may open the screen it leads to."""

    def __init__(self, label, url_name, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)

    def is_shown(self, request):
        return user_has_page_access(request.user)


def admin_stylesheet():
    """For ``insert_global_admin_css``: the styles of the package's admin screens (tables that fit the screen)."""
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("gk_wagtail/css/admin.css"))
