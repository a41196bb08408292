"""The working-day calendar (国务院办公厅 holiday notices): the one place that says whether a date is a working day.

A date's status comes from, in order:

1. a ``WorkingDayOverride`` that an administrator entered (it always wins);
2. chinesecalendar, for the years it has data for (it raises ``NotImplementedError`` for any
   year outside the range of its holiday table, e.g. "no available data for year 2027, only year
   between [2004, 2026] supported");
3. Monday to Friday, for any other year. ``calendar_has_data`` and ``years_without_data`` say when
   this fallback is in use, so the admin and the system checks can warn about it.

Functions take ``datetime.date`` values, never datetimes: which day a moment falls on depends on the
time zone, so callers convert first (``django.utils.timezone.localdate(moment)``).

To check a deadline of N working days after a date, compare with ``add_working_days``:
``done <= add_working_days(start, n)``. Counting with ``working_days_between`` is for reporting a lag;
it cannot tell a Saturday after the deadline from the deadline itself.
"""

import datetime
from functools import lru_cache

import chinese_calendar
from django import forms
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

ONE_DAY = datetime.timedelta(days=1)
CACHE_KEY = "gk_wagtail.workdays.overrides"
NOTES_CACHE_KEY = "gk_wagtail.workdays.override_notes"
# Saving or deleting an override clears the cache at once; the timeout only bounds how long
# changes that bypass model signals (QuerySet.update, raw SQL) stay unseen.
CACHE_TIMEOUT = 60 * 60


class WorkingDayOverride(models.Model):
    """工作日调整: a date whose status differs from chinesecalendar, or that it has no data for.

    Administrators enter next year's 放假安排 here when the State Council publishes it, before a
    chinesecalendar release carries it.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("status"),
        choices=[(False, _("day off")), (True, _("working day"))],
        default=False,
        help_text=_("A day off for a statutory holiday, or a working day for a weekend day swapped (调休)."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("The holiday, e.g. 国庆节."))

    panels = [
        FieldPanel("date"),
        FieldPanel("is_working_day", widget=forms.RadioSelect),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["-date"]

    def __str__(self):
        text = f"{self.date.isoformat()} {self.get_is_working_day_display()}"
        return f"{text} ({self.note})" if self.note else text


def forget_overrides():
    """Drop the cached overrides, e.g. after changing them with QuerySet.update()."""
    cache.delete_many([CACHE_KEY, NOTES_CACHE_KEY])


# The receivers sit next to the cache they clear, so importing the model is enough to keep it fresh.
@receiver(post_save, sender=WorkingDayOverride)
@receiver(post_delete, sender=WorkingDayOverride)
def _forget_overrides_on_change(**kwargs):
    # At once, for reads later in this transaction; again on commit, in case another process
    # cached the old rows between the save and the commit.
    forget_overrides()
    transaction.on_commit(forget_overrides)


def _overrides():
    # The whole table in one query: it holds a few dozen rows a year, so loading it all is cheaper
    # than working out which date range each call needs.
    overrides = cache.get(CACHE_KEY)
    if overrides is None:
        overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
        cache.set(CACHE_KEY, overrides, CACHE_TIMEOUT)
    return overrides


def _override_notes():
    # Apart from _overrides so that counting days, the frequent case, does not load the notes.
    notes = cache.get(NOTES_CACHE_KEY)
    if notes is None:
        notes = dict(WorkingDayOverride.objects.exclude(note="").values_list("date", "note"))
        cache.set(NOTES_CACHE_KEY, notes, CACHE_TIMEOUT)
    return notes


@lru_cache
def _chinese_calendar_working_days(year):
    """chinesecalendar's working days in ``year``, or None if it has no data for that year."""
    # Looked up a year at a time: chinesecalendar.is_workday scans its whole table on every call.
    first = datetime.date(year, 1, 1)
    try:
        chinese_calendar.is_workday(first)
    except NotImplementedError:
        return None
    return frozenset(chinese_calendar.get_workdays(first, datetime.date(year, 12, 31)))


# chinesecalendar names its holidays in English; these are the names the 放假安排 notices use.
HOLIDAY_NAMES = {
    chinese_calendar.Holiday.new_years_day.value: pgettext_lazy("holiday", "New Year's Day"),
    chinese_calendar.Holiday.spring_festival.value: pgettext_lazy("holiday", "Spring Festival"),
    chinese_calendar.Holiday.tomb_sweeping_day.value: pgettext_lazy("holiday", "Tomb-sweeping Day"),
    chinese_calendar.Holiday.labour_day.value: pgettext_lazy("holiday", "Labour Day"),
    chinese_calendar.Holiday.dragon_boat_festival.value: pgettext_lazy("holiday", "Dragon Boat Festival"),
    chinese_calendar.Holiday.national_day.value: pgettext_lazy("holiday", "National Day"),
    chinese_calendar.Holiday.mid_autumn_festival.value: pgettext_lazy("holiday", "Mid-autumn Festival"),
    chinese_calendar.Holiday.anti_fascist_70th_day.value: pgettext_lazy("holiday", "Anti-Fascist 70th Day"),
}


@lru_cache
def _chinese_calendar_holiday_names(year):
    """``{date: English name}`` of chinesecalendar's holidays and 调休 working days in ``year``, or None."""
    if _chinese_calendar_working_days(year) is None:
        return None
    day, names = datetime.date(year, 1, 1), {}
    while day.year == year:
        name = chinese_calendar.get_holiday_detail(day)[1]
        if name:
            names[day] = name
        day += ONE_DAY
    return names


def _is_working(day, overrides):
    if day in overrides:
        return overrides[day]
    working_days = _chinese_calendar_working_days(day.year)
    if working_days is None:
        return day.weekday() < 5
    return day in working_days


def _check_date(value, name):
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}: {value!r}")


def is_working_day(day):
    """Whether ``day`` is a working day: an override, else chinesecalendar, else Monday to Friday."""
    _check_date(day, "day")
    return _is_working(day, _overrides())


def holiday_name(day):
    """The holiday ``day`` belongs to, as a day off or as a 调休 working day; None for other days.

    An override's name is its note (None if it has none), since an administrator who moved a day
    knows better than chinesecalendar why. Otherwise chinesecalendar's name as a lazy translation,
    so a name kept in a computed result shows in the language active when it is displayed (国庆节
    for 2025-10-01 and for the 调休 Sunday 2025-09-28); None for ordinary weekends and weekdays and
    for years chinesecalendar has no data for.
    """
    _check_date(day, "day")
    if day in _overrides():
        return _override_notes().get(day)
    names = _chinese_calendar_holiday_names(day.year)
    name = names.get(day) if names else None
    if name is None:
        return None
    return HOLIDAY_NAMES.get(name, name)


def years_without_data(years):
    """The years among ``years`` that neither chinesecalendar nor an override covers, in order."""
    override_years = {day.year for day in _overrides()}
    return [year for year in years if year not in override_years and _chinese_calendar_working_days(year) is None]


def calendar_has_data(year):
    """Whether chinesecalendar or at least one override covers ``year``; if not, it counts Monday to Friday."""
    return not years_without_data([year])


def add_working_days(day, n):
    """The date ``n`` working days after ``day``.

    For n >= 1, the n-th working day after ``day`` (a policy published on a Saturday has the
    following Monday as its first working day); for n <= -1, the |n|-th working day before ``day``;
    for n == 0, ``day`` itself if it is a working day, else the next working day.
    """
    _check_date(day, "day")
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"n must be an int, not {type(n).__name__}: {n!r}")
    overrides = _overrides()
    if n == 0:
        if _is_working(day, overrides):
            return day
        n = 1
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if _is_working(day, overrides):
            remaining -= 1
    return day


def working_days_between(start, end):
    """The number of working days after ``start`` up to and including ``end``; negative if end < start.

    A policy published on a Friday and its interpretation on the next Monday are 1 working day
    apart; on the same day, 0. For working days ``a`` and ``b`` this is the n with
    ``add_working_days(a, n) == b``.
    """
    _check_date(start, "start")
    _check_date(end, "end")
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    overrides = _overrides()
    days = (end - start).days
    return sign * sum(_is_working(start + datetime.timedelta(days=i), overrides) for i in range(1, days + 1))
