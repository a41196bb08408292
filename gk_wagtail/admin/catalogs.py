"""Admin screens of standard catalogs: the workbook upload, its entry in the log, and the coverage report."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from gk_wagtail.admin.base import PageAccessMenuItem, PageAccessMixin
from gk_wagtail.formats.catalog_workbook import DEFAULT_MAX_BYTES, CatalogImportError
from gk_wagtail.formats.records import size_and_limit
from gk_wagtail.importers.catalogs import IMPORT_ACTION, catalog_parent, find_catalog, import_catalog
from gk_wagtail.page_types.catalogs import StandardCatalogPage
from gk_wagtail.registers import Domain, Organization
from gk_wagtail.reports.catalog_coverage import coverage_report
from gk_wagtail.site_settings import GovSiteSettings


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook"),
        help_text=_(
            "An .xlsx file with the columns of a standard catalog (序号, 公开事项, 公开内容（要素）, 公开依据, … 公开层级), "
            "in the county's own layout and spellings."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.all())
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.all())
    sheet = forms.CharField(label=_("Sheet"), required=False, help_text=_("Leave empty to read the first sheet."))
    dry_run = forms.BooleanField(
        label=_("Only check the file"),
        required=False,
        help_text=_("Report what the import would do and write nothing."),
    )

    def clean_file(self):
        """Refuse a file larger than the reader takes from its size, before anything reads it.

        Django has already received the upload by now (a file over FILE_UPLOAD_MAX_MEMORY_SIZE,
        2.5 MB by default, into a temporary file rather than memory); the size it counted is
        checked here, so the workbook reader never opens an oversized file.
        """
        upload = self.cleaned_data["file"]
        if upload.size > DEFAULT_MAX_BYTES:
            # Built now, in the language the admin speaks to this clerk, not when the page is rendered.
            raise ValidationError(
                gettext(
                    "The file is %(size)s; a catalog workbook may be at most %(limit)s. Split the catalog into several workbooks."
                )
                % size_and_limit(upload.size, DEFAULT_MAX_BYTES),
                code="file_too_large",
            )
        return upload


class CatalogImportView(PageAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a catalog workbook; valid rows replace the domain's rows in a draft of the catalog page."""

    page_title = _("Import a standard catalog")
    header_icon = "upload"
    template_name = "gk_wagtail/catalogs/import.html"
    form_class = CatalogImportForm

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_size"] = DEFAULT_MAX_BYTES
        return context

    def check_permission(self, organization, domain):
        """Editors may import into a catalog they can edit, or create one where they can add pages."""
        page = find_catalog(organization, domain)
        if page is not None:
            allowed = page.permissions_for_user(self.request.user).can_edit()
        else:
            allowed = catalog_parent(organization).permissions_for_user(self.request.user).can_add_subpage()
        if not allowed:
            raise PermissionDenied

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.check_permission(data["organization"], data["domain"])
            result = import_catalog(
                data["file"],
                data["organization"],
                data["domain"],
                data["dry_run"],
                user=self.request.user,
                sheet=data["sheet"] or None,
            )
        except CatalogImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors, import_warnings=error.warnings)
            )
        if result.dry_run:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        messages.success(
            self.request,
            gettext(
                "%(rows)d rows of %(domain)s are in a draft of “%(title)s”: review it, then publish it or submit it for moderation."
            )
            % {"rows": result.rows, "domain": data["domain"].name, "title": result.page.title},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[result.page.pk]), gettext("Edit"))],
        )
        for warning in result.warnings:
            messages.warning(self.request, str(warning))
        return redirect("wagtailadmin_pages:edit", result.page.pk)


class CoverageForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Organizations a report can say something about: those with a site or a catalog.
        with_sites = GovSiteSettings.objects.filter(organization__isnull=False).values("organization")
        with_catalogs = StandardCatalogPage.objects.order_by().values("organization")
        self.fields["organization"].queryset = Organization.objects.filter(
            Q(pk__in=with_sites) | Q(pk__in=with_catalogs)
        )


class CoverageView(PageAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The coverage report of one organization; ``?format=json`` gives the JSON of ``gk_catalog_coverage``."""

    page_title = _("Disclosure coverage")
    header_icon = "tasks"
    template_name = "gk_wagtail/catalogs/coverage.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        form = CoverageForm(request.GET or None)
        report = coverage_report(form.cleaned_data["organization"]) if form.is_bound and form.is_valid() else None
        if report is not None and request.GET.get("format") == "json":
            return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False, "indent": 2})
        return self.render_to_response(self.get_context_data(form=form, report=report))


def coverage_menu_item():
    return PageAccessMenuItem(
        _("Disclosure coverage"), "gk_wagtail_admin:catalogs_coverage", icon_name="tasks", order=1002
    )


def import_menu_item():
    return PageAccessMenuItem(_("Import catalog"), "gk_wagtail_admin:catalogs_import", icon_name="upload", order=220)


class ImportLogFormatter(LogFormatter):
    """How the page history and the site history show a workbook import."""

    label = _("Import catalog workbook")

    def format_message(self, log_entry):
        data = log_entry.data
        return ngettext(
            "Imported %(rows)d row of %(domain)s from “%(file)s”, replacing %(replaced)d",
            "Imported %(rows)d rows of %(domain)s from “%(file)s”, replacing %(replaced)d",
            data.get("rows", 0),
        ) % {
            "rows": data.get("rows", 0),
            "domain": data.get("domain", ""),
            "file": data.get("file", ""),
            "replaced": data.get("replaced", 0),
        }


def register_log_actions(actions):
    """For the ``register_log_actions`` hook."""
    actions.register_action(IMPORT_ACTION)(ImportLogFormatter)
