"""Scaffold the standard 政府信息公开专栏 columns on a site; running it again changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from ...columns_setup import LEVELS, SetupError, setup_columns
from ._arguments import organization_by_credit_code


class Command(BaseCommand):
    help = gettext_lazy(
        "Create the standard disclosure columns (domain.md §4) under a site's root page. Existing columns, "
        "found by their codes, are kept as they are; nothing is moved or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, metavar="HOSTNAME", help=gettext_lazy("Hostname of the site."))
        parser.add_argument(
            "--organ", required=True, metavar="CODE",
            help=gettext_lazy("Unified social credit code of the organization the site speaks for."),
        )
        parser.add_argument(
            "--level", choices=LEVELS,
            help=gettext_lazy("Which 条例第二十一条 columns to add; by default from the organization's type."),
        )

    def handle(self, *args, site, organ, level, **options):
        organization = organization_by_credit_code(organ)
        sites = list(Site.objects.filter(hostname=site))
        if not sites:
            raise CommandError(_("No site has the hostname %(hostname)s.") % {"hostname": site})
        if len(sites) > 1:
            raise CommandError(_("Several sites have the hostname %(hostname)s (ports %(ports)s).") % {
                "hostname": site, "ports": ", ".join(str(each.port) for each in sites),
            })
        try:
            result = setup_columns(sites[0], organization, level)
        except SetupError as error:
            raise CommandError(str(error)) from None
        root_depth = sites[0].root_page.depth
        for column in result.created:
            indent = "  " * (column.depth - root_depth - 1)
            self.stdout.write(indent + _("Created “%(title)s” (%(code)s)") % {"title": column.title, "code": column.column_code})
        for note in result.notes:
            self.stdout.write(note)
        if result.settings_changed:
            self.stdout.write(_("The site now speaks for %(organization)s.") % {"organization": organization})
        if result.changed:
            self.stdout.write(self.style.SUCCESS(
                _("Created %(created)d columns; %(kept)d were already there.") % {
                    "created": len(result.created), "kept": len(result.kept),
                }
            ))
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Nothing to change: all %(count)d standard columns are already there.") % {"count": len(result.kept)}
            ))

