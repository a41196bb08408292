"""Report how far an organization's columns carry what its standard catalogs promise."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.management.commands._base import GkCommand, find_organization, iso_date
from gk_wagtail.reports.catalog_coverage import coverage_report


class Command(GkCommand):
    help = gettext_lazy(
        "List proactive catalog rows without a column, columns without live content, rows whose column is "
        "older than their time limit, and completion per domain."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organ",
            required=True,
            metavar="NAME_OR_CODE",
            help=gettext_lazy("The organization, by name, short name or credit code."),
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--date", type=iso_date, default=None, help=gettext_lazy("Check as of this date (default: today).")
        )

    def handle(self, *args, organ, format, date, **options):
        report = coverage_report(find_organization(organ), today=date)
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        write = self.stdout.write
        write(
            _(
                "Coverage of %(organization)s on %(date)s: %(catalogs)d catalogs, %(rows)d rows (%(proactive)d proactive)."
            )
            % {
                "organization": report.organization,
                "date": report.date.isoformat(),
                "catalogs": len(report.catalogs),
                "rows": report.rows,
                "proactive": report.proactive_rows,
            }
        )
        write("\n" + _("Proactive rows without a column (%(count)d):") % {"count": len(report.rows_without_column)})
        for ref, reason in report.rows_without_column_explained():
            write(f"  {_row(ref)}: {reason}")
        write("\n" + _("Columns with no live content (%(count)d):") % {"count": len(report.empty_columns)})
        for state in report.empty_columns:
            write(f"  {' / '.join(state.path_titles)} ({state.page.column_code or '-'})")
        write(
            "\n"
            + _("Rows whose latest content is older than their time limit (%(count)d):")
            % {
                "count": len(report.stale_rows),
            }
        )
        for ref, state, due in report.stale_rows:
            write(
                "  "
                + _("%(row)s: latest content %(latest)s in “%(column)s”, due by %(due)s (%(limit)s)")
                % {
                    "row": _row(ref),
                    "latest": state.latest.isoformat(),
                    "column": state.page.title,
                    "due": due.isoformat(),
                    "limit": ref.item.time_limit_text,
                }
            )
        write(
            "\n"
            + _("Not checked for staleness: no time limit in working days (%(count)d):")
            % {
                "count": len(report.rows_without_time_limit),
            }
        )
        for ref in report.rows_without_time_limit:
            write(f"  {_row(ref)}: {ref.item.time_limit_text or '—'}")
        write("\n" + _("Completion per domain:"))
        for completion in report.domains_with_catalogs:
            if completion.completion is None:
                status = _("no proactive rows") + (f" — {completion.notes[0]}" if completion.notes else "")
            else:
                status = _("%(complete)d of %(proactive)d proactive rows complete (%(percent)s)") % {
                    "complete": completion.complete_rows,
                    "proactive": completion.proactive_rows,
                    "percent": f"{completion.completion:.0%}",
                }
            write(f"  {completion.domain.name}: {status}")
        if missing := report.domains_without_catalogs:
            write(_("  No catalog: %(domains)s") % {"domains": "、".join(c.domain.name for c in missing)})


def _row(ref):
    return f"{ref.domain.name} #{ref.number} {ref.item}"
