"""Import structured document exports (JSONL, one document per line) as policy documents."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy

from gk_wagtail.importers.documents import import_documents
from gk_wagtail.importers.writer import ImporterError, analyze_written_tables, find_column
from gk_wagtail.management.commands._base import GkCommand, add_page_writing_arguments, find_organization
from gk_wagtail.page_types.policies import PolicyDocumentPage


class Command(GkCommand):
    help = gettext_lazy(
        "Create or update a published policy document for each line of a JSONL export; a second run "
        "changes nothing. Bad lines are reported with their line numbers and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.jsonl")
        parser.add_argument(
            "--organ-default",
            metavar="NAME_OR_CODE",
            help=gettext_lazy(
                "The organization that issues documents naming none, by name, short name or credit code."
            ),
        )
        parser.add_argument(
            "--column",
            metavar="COLUMN_CODE",
            help=gettext_lazy(
                "Code (or page id) of the column to import into (default: the 政策文件 column of the default "
                "organization's site, or the only one)."
            ),
        )
        parser.add_argument("--report", metavar="FILE.csv", help=gettext_lazy("Also write the per-line report as CSV."))
        add_page_writing_arguments(parser)

    def handle(self, *args, file, organ_default, column, report, dry_run, per_page, **options):
        organization = find_organization(organ_default) if organ_default else None
        try:
            result = import_documents(file, find_column(column, organization), organization, dry_run, per_page=per_page)
        except ImporterError as error:
            raise CommandError(str(error)) from None
        if not dry_run:
            analyze_written_tables([PolicyDocumentPage])
        self.write_import_result(result, report, options["verbosity"])
