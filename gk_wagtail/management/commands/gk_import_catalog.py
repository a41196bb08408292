"""Import a 标准目录 workbook (xlsx, county layout) as one domain's rows of an organization's catalog."""

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.formats.catalog_workbook import CatalogImportError
from gk_wagtail.importers.catalogs import import_catalog
from gk_wagtail.importers.writer import analyze_written_tables
from gk_wagtail.management.commands._base import GkCommand, find_organization
from gk_wagtail.page_types.catalogs import CatalogDomain, CatalogItem, StandardCatalogPage
from gk_wagtail.registers import Domain


class Command(GkCommand):
    help = gettext_lazy(
        "Replace one domain's rows of an organization's standard catalog with the rows of an xlsx workbook. "
        "Nothing is written unless the whole file is valid; the rows go into a draft unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=gettext_lazy("The .xlsx workbook."))
        parser.add_argument(
            "--organ",
            required=True,
            metavar="NAME_OR_CODE",
            help=gettext_lazy("The organization, by name, short name or credit code."),
        )
        parser.add_argument(
            "--domain", required=True, metavar="NAME", help=gettext_lazy("Domain name, e.g. 财政预决算.")
        )
        parser.add_argument(
            "--create-domain",
            action="store_true",
            help=gettext_lazy("Add the domain to the domain register if it is not there yet."),
        )
        parser.add_argument("--sheet", help=gettext_lazy("Sheet to read (default: the first)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Check the file and report; write nothing.")
        )
        parser.add_argument("--publish", action="store_true", help=gettext_lazy("Publish the new revision at once."))

    def handle(self, *args, file, organ, domain, sheet, dry_run, publish, create_domain, **options):
        organization = find_organization(organ)
        try:
            # A domain added for the import goes with it: not kept when the file is refused or only checked.
            with transaction.atomic():
                domain_object, added = self.domain(domain.strip(), create_domain)
                result = import_catalog(file, organization, domain_object, dry_run, publish=publish, sheet=sheet)
                transaction.set_rollback(dry_run)
        except (CatalogImportError, OSError) as error:
            raise CommandError(str(error)) from None
        if not dry_run:
            analyze_written_tables([StandardCatalogPage, CatalogItem, CatalogDomain])
        if added and not dry_run:
            self.stdout.write(_("Added the domain “%(name)s” to the domain register.") % {"name": domain_object.name})
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        values = {
            "rows": result.rows,
            "replaced": result.replaced,
            "domain": domain_object.name,
            "title": result.page.title if result.page else "",
            "parent": result.parent.title if result.parent else "",
        }
        if dry_run and result.created:
            message = _("Dry run: %(rows)d rows would go into a new catalog under “%(parent)s”; nothing was written.")
        elif dry_run:
            message = _(
                "Dry run: %(rows)d rows would replace %(replaced)d rows of %(domain)s in “%(title)s”; "
                "nothing was written."
            )
        elif result.created:
            message = _("Created “%(title)s” under “%(parent)s” with %(rows)d rows.")
        else:
            message = _("%(rows)d rows replaced %(replaced)d rows of %(domain)s in “%(title)s”.")
        self.stdout.write(self.style.SUCCESS(message % values))
        if not dry_run and not result.published:
            self.stdout.write(
                _("The rows are in a draft: review and publish it in the admin, or run again with --publish.")
            )

    def domain(self, name, create):
        """The domain called ``name`` and whether it was added; with ``create``, added to the register when missing."""
        found = Domain.objects.filter(name=name).first()
        if found is not None:
            return found, False
        if create and name:
            last = Domain.objects.aggregate(last=Max("sort_order"))["last"]
            return Domain.objects.create(name=name, sort_order=0 if last is None else last + 1), True
        raise CommandError(
            _(
                "No domain is called “%(name)s”; domains are: %(names)s. Add it in the admin under Disclosure "
                "registers → Domains, or run the command again with --create-domain."
            )
            % {"name": name, "names": "、".join(Domain.objects.values_list("name", flat=True))}
        )
