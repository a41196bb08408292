"""List the villages and communities that are late publishing a month or quarter."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.management.commands._base import GkCommand, iso_date
from gk_wagtail.reports.village_overdue import overdue_villages


class Command(GkCommand):
    help = gettext_lazy("List per village or community which month or quarter is overdue.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--date", type=iso_date, default=None, help=gettext_lazy("Check as of this date (default: today).")
        )
        parser.add_argument(
            "--grace-days",
            type=int,
            default=None,
            help=gettext_lazy(
                "Days after a period ends by which it must be published (default: the VILLAGE_GRACE_DAYS setting, 10)."
            ),
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
