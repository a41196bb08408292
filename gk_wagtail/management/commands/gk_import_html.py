"""Import pages saved from a legacy government site (TRS, Hanweb, Ucap, 公开目录 platforms) as policy documents."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy

from gk_wagtail.importers.html import html_paths, import_html
from gk_wagtail.importers.writer import ImporterError, analyze_written_tables, find_column
from gk_wagtail.management.commands._base import GkCommand, add_page_writing_arguments, find_organization
from gk_wagtail.page_types.policies import PolicyDocumentPage


class Command(GkCommand):
    help = gettext_lazy(
        "Create or update a published policy document for each saved HTML page of a folder (searched "
        "recursively) or of a file listing their paths; a second run changes nothing. Prints the page "
        "each file became, or why it was skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help=gettext_lazy("A folder of .htm/.html/.shtml files, or a file listing them.")
        )
        parser.add_argument(
            "--organ",
            required=True,
            metavar="NAME_OR_CODE",
            help=gettext_lazy(
                "The organization whose site this was, by name, short name or credit code; it issues pages "
                "naming no organ."
            ),
        )
        parser.add_argument(
            "--column",
            metavar="COLUMN_CODE",
            help=gettext_lazy(
                "Code (or page id) of the column to import into (default: the 政策文件 column of the "
                "organization's site, or the only one)."
            ),
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=gettext_lazy(
                "Let a page replace an earlier, different document with the same index number or document "
                "number (otherwise it is reported as a conflict and skipped)."
            ),
        )
        parser.add_argument("--report", metavar="FILE.csv", help=gettext_lazy("Also write the per-file report as CSV."))
        add_page_writing_arguments(parser)

    def handle(self, *args, path, organ, column, update, report, dry_run, per_page, **options):
        organization = find_organization(organ)
        try:
            paths, root = html_paths(path)
            target = find_column(column, organization)
            result = import_html(paths, organization, target, dry_run, root=root, update=update, per_page=per_page)
        except ImporterError as error:
            raise CommandError(str(error)) from None
        if not dry_run:
            analyze_written_tables([PolicyDocumentPage])
        self.write_import_result(result, report, options["verbosity"])
