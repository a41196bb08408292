"""List the villages and communities that are late publishing a month or quarter."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...reports.village_overdue import GRACE_DAYS, overdue_villages


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--date must be a date like 2024-05-01, not %(value)r.") % {"value": value}) from None


class Command(BaseCommand):
    help = gettext_lazy("List per village or community which month or quarter is overdue.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--date", type=iso_date, default=None, help=gettext_lazy("Check as of this date (default: today)."))
        parser.add_argument(
            "--grace-days", type=int, default=GRACE_DAYS,
            help=gettext_lazy("Days after a period ends by which it must be published (default %(default)s)."),
        )

    def handle(self, *args, format, date, grace_days, **options):
        overdue = overdue_villages(today=date, grace_days=grace_days)
        if format == "json":
            self.stdout.write(json.dumps([item.as_dict() for item in overdue], ensure_ascii=False, indent=2))
            return
        for item in overdue:
            township = f"{item.township_name} " if item.township_name else ""
            self.stdout.write(f"{township}{item.village_name}: {item.missing_text}")
        self.stdout.write(_("%(count)d village(s) or community(ies) with overdue periods.") % {"count": len(overdue)})
