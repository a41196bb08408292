"""Import a 标准目录 workbook (xlsx, county layout) as one domain's rows of an organization's catalog."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...importers.catalog import import_catalog
from ...importers.xlsx import CatalogImportError
from ...registers import Domain
from ._arguments import organization_by_credit_code


class Command(BaseCommand):
    help = gettext_lazy(
        "Replace one domain's rows of an organization's standard catalog with the rows of an xlsx workbook. "
        "Nothing is written unless the whole file is valid; the rows go into a draft unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=gettext_lazy("The .xlsx workbook."))
        parser.add_argument("--organ", required=True, metavar="CODE", help=gettext_lazy("Credit code of the organization."))
        parser.add_argument("--domain", required=True, metavar="NAME", help=gettext_lazy("Domain name, e.g. 财政预决算."))
        parser.add_argument("--sheet", help=gettext_lazy("Sheet to read (default: the first)."))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Check the file and report; write nothing."))
        parser.add_argument("--publish", action="store_true", help=gettext_lazy("Publish the new revision at once."))

    def handle(self, *args, file, organ, domain, sheet, dry_run, publish, **options):
        organization = organization_by_credit_code(organ)
        try:
            domain_object = Domain.objects.get(name=domain.strip())
        except Domain.DoesNotExist:
            raise CommandError(_("No domain is called “%(name)s”; domains are: %(names)s.") % {
                "name": domain, "names": "、".join(Domain.objects.values_list("name", flat=True)),
            }) from None
        try:
            result = import_catalog(file, organization, domain_object, dry_run, publish=publish, sheet=sheet)
        except (CatalogImportError, OSError) as error:
            raise CommandError(str(error)) from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        values = {
            "rows": result.rows, "replaced": result.replaced, "domain": domain_object.name,
            "title": result.page.title if result.page else "", "parent": result.parent.title if result.parent else "",
        }
        if dry_run and result.created:
            message = _("Dry run: %(rows)d rows would go into a new catalog under “%(parent)s”; nothing was written.")
        elif dry_run:
            message = _("Dry run: %(rows)d rows would replace %(replaced)d rows of %(domain)s in “%(title)s”; "
                        "nothing was written.")
        elif result.created:
            message = _("Created “%(title)s” under “%(parent)s” with %(rows)d rows.")
        else:
            message = _("%(rows)d rows replaced %(replaced)d rows of %(domain)s in “%(title)s”.")
        self.stdout.write(self.style.SUCCESS(message % values))
        if not dry_run and not result.published:
            self.stdout.write(_("The rows are in a draft: review and publish it in the admin, or run again with --publish."))
