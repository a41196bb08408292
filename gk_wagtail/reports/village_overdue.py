"""Which village or community is late publishing which month or quarter (村民委员会组织法 第三十条; see docs/villages.md).

Each category with a schedule must have a live entry for every period from the village's start:
财务 every month or quarter as the village's finance setting says, ordinary matters (党务, 村务)
every quarter. A period is overdue once ``VILLAGE_GRACE_DAYS`` (a setting) have passed after it ends without an entry
published by then; a month entry meets a quarterly duty, a quarter entry does not meet a monthly one.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models.functions import Length, Substr
from django.utils import timezone

from gk_wagtail.conf import gk_settings
from gk_wagtail.page_types.villages import Period, VillageAffairsCategory, VillageAffairsIndexPage, VillageAffairsPage


@dataclass(frozen=True)
class MissingPeriod:
    category: VillageAffairsCategory
    period: Period
    due_date: datetime.date

    def as_dict(self):
        return {
            "category": self.category.name,
            "period": self.period.code,
            "label": self.period.label,
            "due_date": self.due_date.isoformat(),
        }


@dataclass
class VillageOverdue:
    index_page: VillageAffairsIndexPage
    missing: list = field(default_factory=list)

    @property
    def village(self):
        return self.index_page.village

    @property
    def township(self):
        return self.index_page.township

    @property
    def village_name(self):
        return self.village.name

    @property
    def township_name(self):
        return self.township.name if self.township else ""

    @property
    def missing_text(self):
        """One line for tables and exports, e.g. "财务 3/2024, 财务 4/2024; 村务 Q1 2024"."""
        return "; ".join(f"{item.category.name} {item.period.label}" for item in self.missing)

    def as_dict(self):
        return {
            "village": self.village.name,
            "township": self.township_name,
            "page_id": self.index_page.pk,
            "finance_frequency": self.index_page.finance_frequency,
            "missing": [item.as_dict() for item in self.missing],
        }


def start_date(index_page):
    """The first day whose period the village must publish for, or None if it has no start yet."""
    if index_page.checks_from:
        return index_page.checks_from
    if index_page.first_published_at:
        return timezone.localdate(index_page.first_published_at)
    return None


def due_date(period, grace_days):
    return period.end + datetime.timedelta(days=grace_days)


def missing_periods(index_page, today, categories, entries, grace_days):
    """Periods of ``categories`` that are due by ``today`` and that no entry in ``entries`` meets.

    ``entries`` are (category id, Period) pairs of the village's entries published by ``today``.
    """
    start = start_date(index_page)
    if start is None:
        return []
    missing = []
    for category in categories:
        unit = category.required_unit(index_page.finance_frequency)
        if unit is None:
            continue
        published = [period for category_id, period in entries if category_id == category.pk]
        period = Period.containing(start, unit)
        while due_date(period, grace_days) < today:
            if not any(entry.satisfies(period) for entry in published):
                missing.append(MissingPeriod(category, period, due_date(period, grace_days)))
            period = period.next()
    return missing


def overdue_villages(today=None, index_pages=None, grace_days=None):
    """Every live village page with something overdue as of ``today``, by township and village name."""
    today = today or timezone.localdate()
    grace_days = gk_settings.VILLAGE_GRACE_DAYS if grace_days is None else grace_days
    index_pages = VillageAffairsIndexPage.objects.all() if index_pages is None else index_pages
    index_pages = list(index_pages.live().select_related("village__parent"))
    categories = list(VillageAffairsCategory.objects.all())
    by_path = {page.path: page.pk for page in index_pages}
    # One query for the entries of all these villages: an entry's parent path is its own minus one step.
    published = (
        VillageAffairsPage.objects.live()
        .filter(date_published__lte=today)
        .annotate(parent_path=Substr("path", 1, Length("path") - VillageAffairsPage.steplen))
        .filter(parent_path__in=list(by_path))
        .values_list("parent_path", "category_id", "period_year", "period_unit", "period_number")
    )
    entries = {}
    for parent_path, category_id, year, unit, number in published:
        entries.setdefault(by_path[parent_path], []).append((category_id, Period(year, unit, number)))
    result = []
    for page in index_pages:
        missing = missing_periods(page, today, categories, entries.get(page.pk, []), grace_days)
        if missing:
            result.append(VillageOverdue(page, missing))
    result.sort(key=lambda item: (item.township_name, item.village_name))
    return result
