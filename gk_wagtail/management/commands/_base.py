"""What the gk_* commands share: a parser that shows translated help, and argument types."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.formats.spreadsheet import open_csv, write_csv
from gk_wagtail.registers import Organization


class GkCommand(BaseCommand):
    """A command whose help may be a lazy translation: argparse only formats plain strings."""

    def write_import_result(self, result, report=None, verbosity=1):
        """Print what became of each file or line (its page's address, or why it was skipped), then the counts.

        ``report`` is a path where the same rows are written as CSV for a spreadsheet.
        """
        labels = {
            "created": _("created"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
            "skipped": _("skipped"),
        }
        rows = [(location, labels[outcome], url, reason) for location, outcome, url, reason in result.report_rows()]
        if verbosity >= 1:
            skipped = labels["skipped"]
            for location, outcome, url, reason in rows:
                line = f"{outcome}\t{location}\t{url or reason or '—'}"
                self.stdout.write(self.style.WARNING(line) if outcome == skipped else line)
        if report:
            with open_csv(report) as file:
                write_csv(file, [_("file or line"), _("outcome"), _("page address"), _("reason")], rows)
        style = self.style.WARNING if result.skipped else self.style.SUCCESS
        self.stdout.write(style(result.summary(warnings=verbosity >= 2)))

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser


def add_page_writing_arguments(parser):
    """The options of the commands that write pages from files: a dry run, and the page-by-page way."""
    parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Report what would change; save nothing."))
    parser.add_argument(
        "--per-page",
        action="store_true",
        help=gettext_lazy(
            "Publish each page on its own, as an editor would, instead of many new pages at once: slower, "
            "with the same result."
        ),
    )


def find_organization(value):
    """The organization ``value`` names: its 统一社会信用代码 (any case), its registered name or its short name.

    Raises CommandError saying what was looked for and how to register the organization.
    """
    value = value.strip()
    found = list(Organization.objects.filter(credit_code=value.upper())) if value else []
    found = (
        found or list(Organization.objects.filter(name=value)) or list(Organization.objects.filter(short_name=value))
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(
            _(
                "No organization has the name, short name or credit code “%(value)s”. Register it with "
                "manage.py gk_register_organization, or under Disclosure registers → Organizations."
            )
            % {"value": value}
        )
    raise CommandError(
        _("“%(value)s” is the short name of several organizations (%(names)s); give the full name or the credit code.")
        % {"value": value, "names": "、".join(organization.name for organization in found)}
    )


def iso_date(value):
    """An argparse type for dates written 2024-05-01."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give a date like 2024-05-01, not %(value)r.") % {"value": value}) from None
