"""Import pages saved from a legacy government site (TRS, Hanweb, Ucap, 公开目录 platforms) as policy documents."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from ...importers.legacy_html import html_paths, import_html
from ...importers.pages import ImporterError, find_column
from ._arguments import organization_by_credit_code


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or update a published policy document for each saved HTML page of a folder (searched "
        "recursively) or of a file listing their paths; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help=gettext_lazy("A folder of .htm/.html/.shtml files, or a file listing them.")
        )
        parser.add_argument(
            "--organ", required=True, metavar="CODE",
            help=gettext_lazy("Credit code of the organization whose site this was; it issues pages naming no organ."),
        )
        parser.add_argument(
            "--column", required=True, metavar="COLUMN_CODE",
            help=gettext_lazy("Code (or page id) of the column to import into."),
        )
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Report what would change; save nothing."))

    def handle(self, *args, path, organ, column, dry_run, **options):
        organization = organization_by_credit_code(organ)
        try:
            paths, root = html_paths(path)
            result = import_html(paths, organization, find_column(column), dry_run, root=root)
        except ImporterError as error:
            raise CommandError(str(error)) from None
        style = self.style.WARNING if result.skipped else self.style.SUCCESS
        self.stdout.write(style(result.summary(warnings=options["verbosity"] >= 2)))
