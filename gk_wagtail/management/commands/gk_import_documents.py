"""Import structured document exports (JSONL, one document per line) as policy documents."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from ...importers.jsonl import import_documents
from ...importers.pages import ImporterError, find_column
from ._arguments import organization_by_credit_code


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or update a published policy document for each line of a JSONL export; a second run "
        "changes nothing. Bad lines are reported with their line numbers and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.jsonl")
        parser.add_argument(
            "--organ-default", metavar="CODE",
            help=gettext_lazy("Credit code of the organization that issues documents naming none."),
        )
        parser.add_argument(
            "--column", metavar="COLUMN_CODE",
            help=gettext_lazy("Code (or page id) of the column to import into (default: the only 政策文件 column)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Report what would change; save nothing."))

    def handle(self, *args, file, organ_default, column, dry_run, **options):
        organization = organization_by_credit_code(organ_default) if organ_default else None
        try:
            result = import_documents(file, find_column(column), organization, dry_run)
        except ImporterError as error:
            raise CommandError(str(error)) from None
        style = self.style.WARNING if result.skipped else self.style.SUCCESS
        self.stdout.write(style(result.summary(warnings=options["verbosity"] >= 2)))
