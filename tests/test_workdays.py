"""The working-day calendar: the published 2025-2026 arrangements, holiday names, its laws, overrides and the fallback."""

import datetime

import chinese_calendar
import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.admin.panels import ObjectList

from gk_wagtail import workdays
from gk_wagtail.workdays import (
    WorkingDayOverride,
    add_working_days,
    calendar_has_data,
    holiday_name,
    is_working_day,
    working_days_between,
    years_without_data,
)

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    # The test database rolls back without sending delete signals, so cached overrides would leak.
    workdays.forget_overrides()
    yield
    workdays.forget_overrides()


# 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026), checked day by day.
PUBLISHED_CALENDAR = [
    ("2025-01-01", False, "元旦, Wednesday"),
    ("2025-01-26", True, "春节调休, Sunday"),
    ("2025-01-28", False, "除夕, Tuesday"),
    ("2025-02-04", False, "春节 last day, Tuesday"),
    ("2025-02-08", True, "春节调休, Saturday"),
    ("2025-03-14", True, "ordinary Friday"),
    ("2025-03-15", False, "ordinary Saturday"),
    ("2025-04-04", False, "清明节, Friday"),
    ("2025-04-27", True, "劳动节调休, Sunday"),
    ("2025-05-05", False, "劳动节, Monday"),
    ("2025-06-02", False, "端午节, Monday"),
    ("2025-09-28", True, "国庆节调休, Sunday"),
    ("2025-10-06", False, "中秋节, Monday"),
    ("2025-10-08", False, "国庆节 last day, Wednesday"),
    ("2025-10-09", True, "first day back, Thursday"),
    ("2025-10-11", True, "国庆节调休, Saturday"),
    ("2025-10-12", False, "ordinary Sunday"),
    ("2026-01-02", False, "元旦, Friday"),
    ("2026-01-04", True, "元旦调休, Sunday"),
    ("2026-02-14", True, "春节调休, Saturday"),
    ("2026-02-16", False, "除夕, Monday"),
    ("2026-02-23", False, "春节 last day, Monday"),
    ("2026-02-24", True, "first day back, Tuesday"),
    ("2026-02-28", True, "春节调休, Saturday"),
    ("2026-04-06", False, "清明节, Monday"),
    ("2026-05-05", False, "劳动节, Tuesday"),
    ("2026-05-09", True, "劳动节调休, Saturday"),
    ("2026-06-19", False, "端午节, Friday"),
    ("2026-09-20", True, "国庆节调休, Sunday"),
    ("2026-09-25", False, "中秋节, Friday"),
    ("2026-10-07", False, "国庆节 last day, Wednesday"),
    ("2026-10-10", True, "国庆节调休, Saturday"),
]


@pytest.mark.parametrize(("day", "expected", "why"), PUBLISHED_CALENDAR)
def test_published_calendar_is_followed(day, expected, why):
    assert is_working_day(D(day)) is expected, why


@pytest.mark.parametrize(
    ("day", "n", "expected", "why"),
    [
        ("2025-09-30", 1, "2025-10-09", "the whole 国庆 break is skipped"),
        ("2025-09-26", 1, "2025-09-28", "the 调休 Sunday is the next working day"),
        ("2025-09-26", 4, "2025-10-09", "28, 29, 30 September, then 9 October"),
        ("2025-10-09", 2, "2025-10-11", "the 调休 Saturday counts"),
        ("2025-10-09", -1, "2025-09-30", "backwards over the break"),
        ("2025-10-01", 0, "2025-10-09", "a holiday rolls forward to the next working day"),
        ("2025-10-01", 1, "2025-10-09", "the first working day after a holiday"),
        ("2025-10-01", -1, "2025-09-30", "the last working day before a holiday"),
        ("2025-10-09", 0, "2025-10-09", "a working day stays put"),
        ("2025-03-15", 1, "2025-03-17", "from a Saturday, Monday is the first working day"),
        ("2025-12-31", 1, "2026-01-04", "over New Year to the 调休 Sunday"),
        ("2026-02-13", 1, "2026-02-14", "the 调休 Saturday before 春节"),
        ("2026-02-14", 1, "2026-02-24", "the whole 春节 break is skipped"),
    ],
)
def test_add_working_days_across_published_holidays(day, n, expected, why):
    assert add_working_days(D(day), n) == D(expected), why


@pytest.mark.parametrize(
    ("start", "end", "expected", "why"),
    [
        ("2025-03-14", "2025-03-17", 1, "policy on Friday, interpretation on Monday"),
        ("2025-03-14", "2025-03-14", 0, "same day"),
        ("2025-03-17", "2025-03-14", -1, "interpretation before the policy"),
        ("2025-09-30", "2025-10-09", 1, "the 国庆 break counts nothing"),
        ("2025-09-26", "2025-10-12", 6, "28, 29, 30 September, 9, 10, 11 October"),
        ("2026-02-13", "2026-02-24", 2, "14 and 24 February"),
        ("2025-12-31", "2026-01-05", 2, "the 调休 Sunday and Monday"),
        ("2024-12-31", "2025-12-31", 248, "261 weekdays - 18 weekday holidays + 5 调休 weekend days"),
        ("2025-12-31", "2026-12-31", 248, "261 weekdays - 19 weekday holidays + 6 调休 weekend days"),
    ],
)
def test_working_days_between_across_published_holidays(start, end, expected, why):
    assert working_days_between(D(start), D(end)) == expected, why


def test_years_with_chinesecalendar_data_have_data():
    assert calendar_has_data(2004)
    assert calendar_has_data(2025)
    assert calendar_has_data(2026)


def test_years_beyond_chinesecalendar_have_no_data():
    assert not calendar_has_data(1990)
    assert not calendar_has_data(2099)
    assert years_without_data([2099, 2025, 1990, 2026]) == [2099, 1990]


@pytest.mark.parametrize(
    ("day", "expected"), [("2099-01-01", True), ("2099-01-02", True), ("2099-01-03", False), ("1990-01-01", True)]
)
def test_year_without_data_counts_monday_to_friday(day, expected):
    # 1 January is a holiday every year, but without data for the year nothing says so.
    assert is_working_day(D(day)) is expected


def test_year_without_data_adds_and_counts_monday_to_friday():
    assert add_working_days(D("2099-01-02"), 1) == D("2099-01-05")
    assert working_days_between(D("2098-12-31"), D("2099-01-31")) == 22


def test_override_makes_a_holiday_a_working_day():
    WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=True)
    assert is_working_day(D("2025-10-08"))
    assert add_working_days(D("2025-09-30"), 1) == D("2025-10-08")


def test_override_makes_a_working_day_a_day_off():
    WorkingDayOverride.objects.create(date=D("2025-10-09"), is_working_day=False, note="local holiday")
    assert not is_working_day(D("2025-10-09"))
    assert working_days_between(D("2025-09-30"), D("2025-10-10")) == 1


def test_override_gives_a_year_data_and_wins_there():
    WorkingDayOverride.objects.create(date=D("2099-01-01"), is_working_day=False, note="元旦")
    assert calendar_has_data(2099)
    assert years_without_data([2098, 2099, 2100]) == [2098, 2100]
    assert not is_working_day(D("2099-01-01"))
    assert is_working_day(D("2099-01-02")), "other days of the year still count Monday to Friday"


def test_saving_and_deleting_an_override_change_the_answer():
    day = D("2025-10-08")
    assert not is_working_day(day)
    override = WorkingDayOverride.objects.create(date=day, is_working_day=True)
    assert is_working_day(day)
    override.is_working_day = False
    override.save()
    assert not is_working_day(day)
    override.is_working_day = True
    override.save()
    assert is_working_day(day)
    override.delete()
    assert not is_working_day(day)


def test_moving_an_override_to_another_year_updates_both_years():
    override = WorkingDayOverride.objects.create(date=D("2099-01-03"), is_working_day=True)
    assert is_working_day(D("2099-01-03"))
    assert not calendar_has_data(2100)
    override.date = D("2100-01-02")
    override.save()
    assert not is_working_day(D("2099-01-03"))
    assert is_working_day(D("2100-01-02"))
    assert years_without_data([2099, 2100]) == [2099]


def test_commit_clears_answers_cached_by_other_processes_before_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=True)
        # Another process reads the calendar after the save but before the commit.
        cache.set(workdays.CACHE_KEY, {})
    assert is_working_day(D("2025-10-08"))


def test_forget_overrides_picks_up_bulk_updates():
    WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=True)
    assert is_working_day(D("2025-10-08"))
    WorkingDayOverride.objects.update(is_working_day=False)  # sends no signals
    workdays.forget_overrides()
    assert not is_working_day(D("2025-10-08"))


def test_a_report_reads_the_overrides_once(django_assert_num_queries):
    WorkingDayOverride.objects.create(date=D("2099-01-01"), is_working_day=False)
    workdays.forget_overrides()
    with django_assert_num_queries(1):
        for offset in range(300):
            day = D("2025-01-01") + datetime.timedelta(days=offset)
            is_working_day(day)
            working_days_between(day, add_working_days(day, 5))
        calendar_has_data(2099)
    with django_assert_num_queries(0):
        is_working_day(D("2099-01-01"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: is_working_day(datetime.datetime(2025, 10, 1, 9, 0)), "day must be a datetime.date, not datetime"),
        (lambda: is_working_day("2025-10-01"), "day must be a datetime.date, not str"),
        (lambda: is_working_day(None), "day must be a datetime.date, not NoneType"),
        (lambda: add_working_days(D("2025-10-01"), 1.0), "n must be an int, not float"),
        (lambda: add_working_days(D("2025-10-01"), "3"), "n must be an int, not str"),
        (lambda: add_working_days(D("2025-10-01"), True), "n must be an int, not bool"),
        (lambda: working_days_between(D("2025-10-01"), 20251009), "end must be a datetime.date, not int"),
        (lambda: working_days_between("2025-10-01", D("2025-10-09")), "start must be a datetime.date, not str"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_two_overrides_for_one_date_are_refused():
    WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=True)
    with pytest.raises(IntegrityError):
        WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=False)


def override_form(data):
    form_class = ObjectList(WorkingDayOverride.panels).bind_to_model(WorkingDayOverride).get_form_class()
    return form_class(data)


def test_admin_form_saves_an_override():
    form = override_form({"date": "2099-10-01", "is_working_day": "False", "note": "国庆节"})
    assert form.is_valid(), form.errors
    form.save()
    assert not is_working_day(D("2099-10-01"))
    assert calendar_has_data(2099)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"is_working_day": "True"}, "date"),
        ({"date": "2099-02-30", "is_working_day": "True"}, "date"),
        ({"date": "2025-10-08", "is_working_day": "True"}, "date"),  # taken below
        ({"date": "2099-10-01", "is_working_day": "maybe"}, "is_working_day"),
        ({"date": "2099-10-01", "is_working_day": "False", "note": "节" * 101}, "note"),
    ],
)
def test_admin_form_refuses_bad_input(data, field):
    WorkingDayOverride.objects.create(date=D("2025-10-08"), is_working_day=True)
    form = override_form(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_override_reads_as_date_status_and_note():
    with translation.override("en"):
        assert str(WorkingDayOverride(date=D("2025-10-11"), is_working_day=True, note="国庆节")) == (
            "2025-10-11 working day (国庆节)"
        )
        assert str(WorkingDayOverride(date=D("2099-01-01"), is_working_day=False)) == "2099-01-01 day off"


# holiday_name


@pytest.mark.parametrize(
    "day, english, chinese",
    [
        ("2025-10-01", "National Day", "国庆节"),
        ("2025-10-06", "Mid-autumn Festival", "中秋节"),
        ("2025-09-28", "National Day", "国庆节"),
        ("2026-02-16", "Spring Festival", "春节"),
        ("2025-01-01", "New Year's Day", "元旦"),
        ("2025-09-27", None, None),
        ("2025-03-14", None, None),
        ("2099-10-01", None, None),
    ],
)
def test_holiday_name_follows_chinesecalendar_in_the_active_language(day, english, chinese):
    assert holiday_name(D(day)) == english
    with translation.override("zh-hans"):
        assert holiday_name(D(day)) == chinese


def test_holiday_name_of_an_override_is_its_note_and_follows_its_changes():
    override = WorkingDayOverride.objects.create(date=D("2025-10-09"), is_working_day=False, note="县庆")
    assert holiday_name(D("2025-10-09")) == "县庆"
    override.note = "县庆日"
    override.save()
    assert holiday_name(D("2025-10-09")) == "县庆日"
    WorkingDayOverride.objects.create(date=D("2025-10-01"), is_working_day=True)
    assert holiday_name(D("2025-10-01")) is None, "an override without a note names nothing"
    override.delete()
    assert holiday_name(D("2025-10-09")) is None


def test_holiday_name_refuses_datetimes():
    with pytest.raises(TypeError, match="datetime.date"):
        holiday_name(datetime.datetime(2025, 10, 1, 9))


# Properties, over dates that cross both ends of chinesecalendar's data (2004-2026).
any_day = st.dates(D("2002-06-01"), D("2028-06-30"))
steps = st.integers(-80, 80)
examples = settings(deadline=None, max_examples=200)


def working_day(day):
    return add_working_days(day, 0)


@examples
@given(any_day, steps)
def test_result_is_always_a_working_day(day, n):
    assert is_working_day(add_working_days(day, n))


@examples
@given(any_day, st.integers(1, 80))
def test_counting_undoes_adding(day, n):
    assert working_days_between(day, add_working_days(day, n)) == n


@examples
@given(any_day, st.integers(1, 80))
def test_adding_moves_past_no_working_day(day, n):
    result = add_working_days(day, n)
    assert result > day
    assert working_days_between(day, result - datetime.timedelta(days=1)) == n - 1
    assert add_working_days(day, -n) < day


@examples
@given(any_day, steps)
def test_counting_from_a_working_day_undoes_adding_in_both_directions(day, n):
    start = working_day(day)
    assert working_days_between(start, add_working_days(start, n)) == n


@examples
@given(any_day, steps, steps)
def test_adding_from_a_working_day_is_additive(day, a, b):
    start = working_day(day)
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@examples
@given(any_day, any_day, steps)
def test_adding_is_monotonic(first, second, n):
    first, second = sorted([first, second])
    assert add_working_days(first, n) <= add_working_days(second, n)


@examples
@given(st.dates(D("2024-06-01"), D("2026-06-30")), st.dates(D("2024-06-01"), D("2026-06-30")), any_day)
def test_counting_is_antisymmetric_additive_and_monotonic(a, b, c):
    assert working_days_between(a, b) == -working_days_between(b, a)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
    if a <= b:
        assert working_days_between(c, a) <= working_days_between(c, b)


@examples
@given(any_day)
def test_zero_keeps_a_working_day_and_rolls_a_day_off_forward(day):
    if is_working_day(day):
        assert add_working_days(day, 0) == day
    else:
        assert add_working_days(day, 0) == add_working_days(day, 1)


# chinesecalendar's own find_workday and get_workdays are independent implementations to check against,
# inside its data range (find_workday rolls a day off forward before counting, so start on a working day).
covered_day = st.dates(D("2004-04-01"), D("2026-09-30"))


@examples
@given(covered_day, st.integers(-40, 40))
def test_adding_agrees_with_chinesecalendar(day, n):
    start = working_day(day)
    assert add_working_days(start, n) == chinese_calendar.find_workday(n, start)


@examples
@given(st.dates(D("2004-01-01"), D("2025-12-31")), st.integers(0, 366))
def test_counting_agrees_with_chinesecalendar(start, days):
    end = start + datetime.timedelta(days=days)
    expected = len(chinese_calendar.get_workdays(start + datetime.timedelta(days=1), end)) if days else 0
    assert working_days_between(start, end) == expected
    assert working_days_between(end, start) == -expected
