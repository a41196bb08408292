"""The time limits of 依申请公开: hand-checked cases on the published calendar, invalid cases, and laws
that hold on any calendar and any sequence of steps."""

import datetime
import random

import chinese_calendar
import pytest
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from gk_wagtail import deadlines, workdays
from gk_wagtail.deadlines import (
    AWAITING_CORRECTION,
    HOLIDAY,
    OPEN,
    OVERDUE,
    PAUSED,
    REPLIED,
    REPLIED_LATE,
    REPLIED_ON_THE_SPOT,
    SWAPPED_WORKING_DAY,
    WEEKEND,
    WITHDRAWN,
    CoOrganConsulted,
    Corrected,
    CorrectionRequested,
    Extended,
    InvalidSteps,
    Received,
    Replied,
    RepliedOnTheSpot,
    ThirdPartyConsulted,
    compute_deadlines,
)
from gk_wagtail.workdays import WorkingDayOverride, add_working_days

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat
LATER = D("2026-06-30")  # a "today" after every hand-checked case below


# Hand-checked on the published calendar (国办发明电〔2024〕12号): 2025-09-27 is an ordinary
# Saturday, 2025-09-28 (Sunday) and 2025-10-11 (Saturday) are 调休 working days, 2025-10-01 to
# 2025-10-08 are 国庆节 with 中秋节 on 2025-10-06.


def test_reply_and_correction_notice_due_across_national_day_2025():
    case = compute_deadlines([Received(D("2025-09-26"), deadlines.IN_PERSON)], today=D("2025-10-09"))
    # Counted by hand: 9-28, 9-29, 9-30, 10-9, 10-10, 10-11, 10-13 is the 7th working day,
    # then 10-14 … 10-17, 10-20 … 10-24, 10-27 … 10-30 the 20th.
    assert case.correction_notice.due == D("2025-10-13")
    assert case.reply.due == D("2025-10-30")
    # chinesecalendar's own count agrees.
    assert chinese_calendar.find_workday(20, D("2025-09-26")) == D("2025-10-30")
    assert chinese_calendar.find_workday(7, D("2025-09-26")) == D("2025-10-13")
    assert case.status == OPEN


def test_the_reply_limit_says_which_days_it_skipped_and_counted():
    reply = compute_deadlines([Received(D("2025-09-26"))], today=LATER).reply
    assert reply.start == D("2025-09-26")
    assert [note.day for note in reply.notes_of(SWAPPED_WORKING_DAY)] == [D("2025-09-28"), D("2025-10-11")]
    assert {note.name for note in reply.notes_of(SWAPPED_WORKING_DAY)} == {"National Day"}
    holidays = {note.day: note.name for note in reply.notes_of(HOLIDAY)}
    assert list(holidays) == [D("2025-10-01") + datetime.timedelta(days=i) for i in range(8)]
    assert holidays[D("2025-10-06")] == "Mid-autumn Festival"
    assert holidays[D("2025-10-04")] == "National Day", "a weekend inside the holiday is part of it"
    weekends = [note.day for note in reply.notes_of(WEEKEND)]
    assert weekends == [D(day) for day in ("2025-09-27", "2025-10-12", "2025-10-18", "2025-10-19", "2025-10-25")] + [
        D("2025-10-26")
    ]
    assert reply.paused_days == 0


def test_render_in_chinese_names_the_holidays_and_the_swapped_days():
    case = compute_deadlines([Received(D("2025-09-26"), deadlines.IN_PERSON)], today=D("2025-10-09"))
    with translation.override("zh-hans"):
        text = case.render()
    assert "收到申请：2025年9月26日（星期五），即当面提交之日（第三十一条）。" in text
    assert "补正告知期限：2025年10月13日（星期一），自2025年9月26日（星期五）起7个工作日（第三十条）。" in text
    assert "答复期限：2025年10月30日（星期四），自2025年9月26日（星期五）起20个工作日（第三十三条）。" in text
    assert "不计：2025年10月1日（星期三）至2025年10月8日（星期三），国庆节、中秋节。" in text
    assert "计入：2025年9月28日（星期日），国庆节调休上班。" in text
    assert "计入：2025年10月11日（星期六），国庆节调休上班。" in text
    assert "不计：2025年9月27日（星期六），周末。" in text
    assert "截至2025年10月9日：办理中。" in text
    lines = text.splitlines()
    reply_lines = lines[lines.index(next(line for line in lines if line.startswith("答复期限"))) :]
    assert reply_lines.index("  计入：2025年9月28日（星期日），国庆节调休上班。") < reply_lines.index(
        "  不计：2025年10月1日（星期三）至2025年10月8日（星期三），国庆节、中秋节。"
    ), "the notes follow the calendar"


def test_render_in_english_uses_the_english_messages():
    text = compute_deadlines([Received(D("2025-09-26"))], today=D("2025-10-09")).render()
    assert "Reply due: 2025-10-30 (Thursday), 20 working days after 2025-09-26 (Friday) (article 33)." in text
    assert "Counted: 2025-09-28 (Sunday), a working day swapped for National Day." in text


# 补正 (art. 30)


def correction_case(*extra):
    return [
        Received(D("2025-09-26")),
        CorrectionRequested(D("2025-10-10"), correct_by=D("2025-10-24")),
        *extra,
    ]


def test_a_corrected_application_restarts_the_reply_limit_from_its_receipt():
    case = compute_deadlines(correction_case(Corrected(D("2025-10-20"))), today=D("2025-10-21"))
    # 10-21 … 10-24 (4), 10-27 … 10-31 (9), 11-3 … 11-7 (14), 11-10 … 11-14 (19), 11-17 (20).
    assert case.reply.start == D("2025-10-20")
    assert case.reply.due == D("2025-11-17")
    assert case.correction_notice.met is True, "2025-10-10 is within 7 working days of 2025-09-26"
    assert case.correct_by == D("2025-10-24")


def test_a_correction_notice_after_seven_working_days_is_late():
    case = compute_deadlines(
        [Received(D("2025-09-26")), CorrectionRequested(D("2025-10-14"), D("2025-10-28")), Corrected(D("2025-10-15"))],
        today=LATER,
    )
    assert case.correction_notice.due == D("2025-10-13")
    assert case.correction_notice.met is False
    assert "Done on 2025-10-14 (Tuesday), late." in case.render()


def test_awaiting_correction_has_no_reply_limit_and_then_counts_as_withdrawn():
    waiting = compute_deadlines(correction_case(), today=D("2025-10-24"))
    assert waiting.status == AWAITING_CORRECTION
    assert waiting.reply is None
    withdrawn = compute_deadlines(correction_case(), today=D("2025-10-25"))
    assert withdrawn.status == WITHDRAWN
    assert "counts as withdrawn" in withdrawn.render()


# Pauses (art. 32, 34) and the extension (art. 33)

# 2025-11-03 is a Monday; November 2025 has no holiday. 20 working days: 2025-12-01.
NOVEMBER = Received(D("2025-11-03"))


def test_a_third_party_opinion_pauses_the_reply_limit_until_it_arrives():
    consultation = ThirdPartyConsulted(D("2025-11-10"), D("2025-11-11"), D("2025-11-14"), party="某公司")
    case = compute_deadlines([NOVEMBER, consultation], today=D("2025-11-20"))
    assert [note.day for note in case.reply.notes_of(PAUSED)] == [D(f"2025-11-1{i}") for i in range(1, 5)]
    assert case.reply.due == D("2025-12-05"), "2025-12-01 moved by the 4 paused working days"
    (opinion,) = case.opinions
    assert opinion.start == D("2025-11-11")
    assert opinion.due == D("2025-12-02"), "15 working days from delivery"
    assert opinion.met is True
    assert not case.reply.provisional
    text = case.render()
    assert "Paused, not counted: 4 working days from 2025-11-11 (Tuesday) to 2025-11-14 (Friday)" in text
    assert "opinion of the third party 某公司" in text


def test_silence_ends_a_pause_after_fifteen_working_days():
    consultation = ThirdPartyConsulted(D("2025-11-10"), D("2025-11-11"))
    open_ = compute_deadlines([NOVEMBER, consultation], today=D("2025-11-20"))
    closed = compute_deadlines([NOVEMBER, consultation], today=D("2025-12-10"))
    # Paused 11-11 … 12-02: 16 working days; 12-01 + 16 working days is 12-23.
    assert closed.reply.paused_days == 16
    assert closed.reply.due == D("2025-12-23")
    assert not closed.reply.provisional
    assert open_.reply.due == closed.reply.due
    assert open_.reply.provisional and open_.opinions[0].provisional
    assert "Provisional" in open_.render()


def test_an_opinion_after_fifteen_working_days_pauses_no_longer_than_silence():
    late = ThirdPartyConsulted(D("2025-11-10"), D("2025-11-11"), D("2025-12-04"))
    case = compute_deadlines([NOVEMBER, late], today=D("2025-12-10"))
    assert case.opinions[0].met is False
    assert case.reply.due == D("2025-12-23")


def test_overlapping_consultations_pause_each_day_once():
    third_party = ThirdPartyConsulted(D("2025-11-10"), answered=D("2025-11-14"))
    co_organ = CoOrganConsulted(D("2025-11-12"), answered=D("2025-11-18"), party="县财政局")
    case = compute_deadlines([NOVEMBER, third_party, co_organ], today=D("2025-11-20"))
    # 11-11 … 11-14 and 11-13 … 11-18 together: 11-11 … 11-18, 6 working days.
    assert case.reply.paused_days == 6
    assert case.reply.due == add_working_days(D("2025-12-01"), 6)
    assert [opinion.article for opinion in case.opinions] == [32, 34]


def test_a_pause_after_the_reply_limit_moves_nothing():
    case = compute_deadlines([NOVEMBER, ThirdPartyConsulted(D("2025-12-01"), answered=D("2025-12-05"))], today=LATER)
    assert case.reply.due == D("2025-12-01")
    assert case.status == OVERDUE


def test_one_extension_of_up_to_twenty_working_days_with_its_approver():
    extension = Extended(D("2025-11-28"), 10, approver="张主任")
    case = compute_deadlines([NOVEMBER, extension, Replied(D("2025-12-12"))], today=LATER)
    assert case.reply.due == D("2025-12-15")
    assert case.reply.days == 30
    assert case.reply.extension == extension
    assert case.status == REPLIED
    with translation.override("zh-hans"):
        assert "含延期10个工作日，2025年11月28日经张主任同意。" in case.render()


def test_reply_on_the_spot_closes_the_case_the_same_day():
    case = compute_deadlines([NOVEMBER, RepliedOnTheSpot(D("2025-11-03"))], today=LATER)
    assert case.status == REPLIED_ON_THE_SPOT
    assert case.reply.due == case.reply.done == D("2025-11-03")
    with translation.override("zh-hans"):
        assert "已当场答复" in case.render()


@pytest.mark.parametrize(
    "replied, today, status",
    [
        (None, "2025-12-01", OPEN),
        (None, "2025-12-02", OVERDUE),
        ("2025-12-01", "2025-12-02", REPLIED),
        ("2025-12-02", "2025-12-02", REPLIED_LATE),
    ],
)
def test_status_on_a_day(replied, today, status):
    steps = [NOVEMBER] + ([Replied(D(replied))] if replied else [])
    assert compute_deadlines(steps, today=D(today)).status == status


def test_today_defaults_to_the_local_date():
    assert compute_deadlines([Received(D("2025-11-03"))]).today == timezone.localdate()


# Invalid cases


def test_every_problem_of_a_case_is_listed_at_once():
    steps = [
        Received(D("2025-09-26")),
        CorrectionRequested(D("2025-10-10"), correct_by=D("2025-10-24")),
        Corrected(D("2025-10-09")),
        ThirdPartyConsulted(D("2025-10-20"), D("2025-10-21"), answered=D("2025-10-15")),
        Extended(D("2025-10-21"), 25, approver="张主任"),
        Extended(D("2025-10-22"), 5, approver=""),
    ]
    with pytest.raises(InvalidSteps) as raised:
        compute_deadlines(steps, today=LATER)
    problems = raised.value.problems
    expected = [
        "The corrected application (2025-10-09) was received before the correction notice (2025-10-10).",
        "The consultation of a third party ends (2025-10-15) before it starts (2025-10-21).",
        "The reply period was extended more than once; article 33 allows one extension.",
        "The extension of 25 working days is not between 1 and 20 (article 33).",
        "The extension on 2025-10-22 does not say who approved it (article 33).",
    ]
    for message in expected:
        assert message in problems
    assert len(problems) == len(expected)
    assert str(raised.value) == "\n".join(problems)


@pytest.mark.parametrize(
    "steps, message",
    [
        ([Replied(D("2025-11-03"))], "no receipt date"),
        ([NOVEMBER, Received(D("2025-11-04"))], "more than one receipt date"),
        ([NOVEMBER, Received(D("2025-11-04"), "pigeon")], "Unknown channel"),
        ([NOVEMBER, Replied(D("2025-11-01"))], "before the application was received"),
        ([NOVEMBER, Replied(D("2026-01-05"))], "after today"),
        ([NOVEMBER, Corrected(D("2025-11-05"))], "no correction was asked for"),
        (
            [NOVEMBER, CorrectionRequested(D("2025-11-04"), D("2025-11-10")), Corrected(D("2025-11-11"))],
            "counts as withdrawn",
        ),
        (
            [NOVEMBER, CorrectionRequested(D("2025-11-04"), D("2025-11-03"))],
            "before the notice was given",
        ),
        (
            [
                NOVEMBER,
                CorrectionRequested(D("2025-11-04"), D("2025-11-20")),
                CorrectionRequested(D("2025-11-05"), D("2025-11-20")),
            ],
            "more than once; article 30",
        ),
        (
            [NOVEMBER, CorrectionRequested(D("2025-11-04"), D("2025-11-20")), Extended(D("2025-11-05"), 5, "张主任")],
            "awaited correction",
        ),
        ([NOVEMBER, Extended(D("2025-12-02"), 5, "张主任")], r"after the reply period had ended \(2025-12-01\)"),
        ([NOVEMBER, ThirdPartyConsulted(D("2025-11-10"), D("2025-11-07"))], "before it was sent"),
        ([NOVEMBER, RepliedOnTheSpot(D("2025-11-04"))], "must be given on the day of receipt"),
        (
            [NOVEMBER, RepliedOnTheSpot(D("2025-11-03")), Extended(D("2025-11-03"), 5, "张主任")],
            "cannot have other steps",
        ),
        ([NOVEMBER, Replied(D("2025-11-10")), Replied(D("2025-11-11"))], "more than one reply"),
        ([NOVEMBER, Replied(D("2025-11-10")), Extended(D("2025-11-11"), 5, "张主任")], "after the reply"),
    ],
)
def test_an_invalid_case_is_refused_with_its_reason(steps, message):
    with pytest.raises(InvalidSteps, match=message):
        compute_deadlines(steps, today=D("2025-12-31"))


def test_problems_are_told_in_the_active_language():
    with translation.override("zh-hans"), pytest.raises(InvalidSteps, match="第三十三条只允许延长一次"):
        compute_deadlines(
            [NOVEMBER, Extended(D("2025-11-05"), 5, "张主任"), Extended(D("2025-11-06"), 5, "张主任")], today=LATER
        )


@pytest.mark.parametrize(
    "step",
    [
        Received(datetime.datetime(2025, 11, 3, 9)),
        Replied("2025-11-10"),
        ThirdPartyConsulted(D("2025-11-10"), answered="2025-11-12"),
        "received",
    ],
)
def test_steps_that_are_not_steps_or_hold_no_dates_are_refused(step):
    steps = [step] if isinstance(step, Received) else [NOVEMBER, step]
    with pytest.raises(TypeError):
        compute_deadlines(steps, today=LATER)


# Recomputing when the calendar changes


def test_an_override_inside_a_limit_moves_it_and_is_reported(django_capture_on_commit_callbacks):
    steps = [Received(D("2025-09-26"))]
    before = compute_deadlines(steps, today=D("2025-10-09"))
    seen = []

    def recompute(sender, days, **kwargs):
        seen.append(days)

    deadlines.calendar_changed.connect(recompute)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            override = WorkingDayOverride.objects.create(date=D("2025-10-09"), is_working_day=False, note="县庆")
        assert seen == [frozenset({D("2025-10-09")})]
        assert before.depends_on(seen[-1])
        after = compute_deadlines(steps, today=D("2025-10-09"))
        assert after.reply.due == D("2025-10-31")
        assert note_names(after.reply)[D("2025-10-09")] == "县庆"

        with django_capture_on_commit_callbacks(execute=True):
            override.date = D("2025-10-10")
            override.save()
        assert seen[-1] == frozenset({D("2025-10-09"), D("2025-10-10")}), "a moved override changes two days"

        with django_capture_on_commit_callbacks(execute=True):
            override.delete()
        assert seen[-1] == frozenset({D("2025-10-10")})
        assert compute_deadlines(steps, today=D("2025-10-09")).reply.due == D("2025-10-30")
    finally:
        deadlines.calendar_changed.disconnect(recompute)


def note_names(deadline):
    return {note.day: note.name for note in deadline.notes}


def test_days_outside_every_limit_do_not_touch_a_case():
    case = compute_deadlines([Received(D("2025-09-26"))], today=D("2025-10-09"))
    assert not case.depends_on({D("2025-09-26"), D("2025-10-31"), D("2026-05-01")})
    assert case.depends_on({D("2025-09-27")})


def test_the_signal_is_sent_only_on_commit(django_capture_on_commit_callbacks):
    seen = []

    def recompute(sender, days, **kwargs):
        seen.append(days)

    deadlines.calendar_changed.connect(recompute)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            WorkingDayOverride.objects.create(date=D("2025-10-09"), is_working_day=False)
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == [frozenset({D("2025-10-09")})]
    finally:
        deadlines.calendar_changed.disconnect(recompute)


# Properties, on random calendars: weekends plus random days off and swapped working weekends.


class Calendar:
    """A calendar without the database: Monday to Friday, except for the given days off and days on."""

    def __init__(self, off=(), on=(), names=None):
        self.off, self.on, self.names = frozenset(off), frozenset(on), dict(names or {})

    def is_working_day(self, day):
        if day in self.off:
            return False
        return day in self.on or day.weekday() < 5

    def holiday_name(self, day):
        return self.names.get(day)

    def add(self, day, n):
        """The n-th working day after ``day``, counted the plainest way."""
        working = [
            day + datetime.timedelta(days=i)
            for i in range(1, 400)
            if self.is_working_day(day + datetime.timedelta(days=i))
        ]
        return working[n - 1]

    def between(self, start, end):
        return sum(self.is_working_day(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))


WINDOW = (D("2031-01-01"), D("2031-12-31"))
window_days = st.dates(*WINDOW)


@st.composite
def calendars(draw):
    off = draw(st.sets(window_days, max_size=40))
    on = {day for day in draw(st.sets(window_days, max_size=15)) if day.weekday() >= 5} - off
    names = {day: draw(st.sampled_from(["春节", "国庆节", "县庆"])) for day in off | on if draw(st.booleans())}
    return Calendar(off, on, names)


starts = st.dates(D("2031-01-01"), D("2031-06-30"))
examples = settings(deadline=None, max_examples=150)
TODAY = D("2032-06-30")


def compute(steps, calendar):
    return compute_deadlines(steps, calendar=calendar, today=TODAY)


@examples
@given(calendars(), starts)
def test_every_limit_ends_on_a_working_day_and_counts_what_it_says(calendar, start):
    case = compute([Received(start)], calendar)
    for deadline in (case.reply, case.correction_notice):
        assert calendar.is_working_day(deadline.due)
        assert deadline.due == calendar.add(start, deadline.days)
        skipped = {note.day for note in deadline.notes if note.kind in (WEEKEND, HOLIDAY)}
        all_days = {start + datetime.timedelta(days=i) for i in range(1, (deadline.due - start).days + 1)}
        assert skipped == {day for day in all_days if not calendar.is_working_day(day)}
        swapped = {note.day for note in deadline.notes_of(SWAPPED_WORKING_DAY)}
        assert swapped == {day for day in all_days if day in calendar.on}
        for note in deadline.notes:
            assert note.name == calendar.names.get(note.day)


@examples
@given(calendars(), starts, st.integers(0, 30), st.integers(0, 20), st.booleans())
def test_a_pause_of_k_working_days_moves_the_reply_by_k(calendar, start, offset, length, answered):
    base = compute([Received(start)], calendar).reply.due
    sent = start + datetime.timedelta(days=offset)
    if sent >= base:
        return
    delivered = sent
    opinion_due = calendar.add(delivered, deadlines.OPINION_DAYS)
    end = min(sent + datetime.timedelta(days=length), opinion_due) if answered else opinion_due
    step = ThirdPartyConsulted(sent, delivered, sent + datetime.timedelta(days=length) if answered else None)
    k = calendar.between(sent, end)
    case = compute([Received(start), step], calendar)
    assert case.reply.paused_days == k
    assert case.reply.due == (calendar.add(base, k) if k else base)


@examples
@given(calendars(), starts, st.integers(1, 20), st.integers(0, 27))
def test_an_extension_of_n_moves_the_reply_by_n(calendar, start, n, offset):
    base = compute([Received(start)], calendar).reply.due
    decided = min(start + datetime.timedelta(days=offset), base)
    case = compute([Received(start), Extended(decided, n, approver="张主任")], calendar)
    assert case.reply.due == calendar.add(base, n)
    assert calendar.between(base, case.reply.due) == n


@examples
@given(calendars(), starts, st.integers(0, 10), st.integers(0, 20), st.integers(0, 20))
def test_a_correction_restarts_the_reply_as_if_received_that_day(calendar, start, notice, period, corrected):
    notice_day = start + datetime.timedelta(days=notice)
    correct_by = notice_day + datetime.timedelta(days=period)
    corrected_day = notice_day + datetime.timedelta(days=min(corrected, period))
    steps = [Received(start), CorrectionRequested(notice_day, correct_by), Corrected(corrected_day)]
    case = compute(steps, calendar)
    fresh = compute([Received(corrected_day)], calendar)
    assert case.reply.due == fresh.reply.due
    assert case.correction_notice.due == calendar.add(start, 7)
    assert case.correction_notice.met == (notice_day <= calendar.add(start, 7))


@examples
@given(calendars(), starts, st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=3), st.randoms())
def test_the_order_of_the_steps_does_not_matter_and_render_names_every_holiday(calendar, start, pauses, rng):
    steps = [Received(start)] + [
        CoOrganConsulted(start + datetime.timedelta(days=a), answered=start + datetime.timedelta(days=a + b))
        for a, b in pauses
    ]
    case = compute(steps, calendar)
    shuffled = list(steps)
    rng.shuffle(shuffled)
    assert compute(shuffled, calendar) == case
    text = case.render()
    for deadline in case.deadlines():
        for note in deadline.notes:
            if note.name:
                assert note.name in text


@examples
@given(st.dates(D("2004-03-01"), D("2026-10-31")))
def test_on_the_published_calendar_the_reply_agrees_with_workdays(day):
    case = compute_deadlines([Received(day)], today=D("2027-06-30"))
    assert case.reply.due == add_working_days(day, 20)
    assert case.correction_notice.due == add_working_days(day, 7)
    assert workdays.is_working_day(case.reply.due)


def test_random_cases_never_break_the_engine_silently():
    """Random step soups either compute or raise InvalidSteps; never anything else."""
    rng = random.Random(711)
    calendar = Calendar()
    kinds = [
        lambda d: CorrectionRequested(d, d + datetime.timedelta(days=rng.randint(-2, 10))),
        lambda d: Corrected(d),
        lambda d: ThirdPartyConsulted(d, answered=d + datetime.timedelta(days=rng.randint(-2, 10))),
        lambda d: Extended(d, rng.randint(0, 25), rng.choice(["", "张主任"])),
        lambda d: Replied(d),
    ]
    computed = refused = 0
    for _ in range(300):
        start = D("2031-03-02") + datetime.timedelta(days=rng.randint(0, 60))
        steps = [Received(start)] + [
            rng.choice(kinds)(start + datetime.timedelta(days=rng.randint(-3, 40))) for _ in range(rng.randint(0, 4))
        ]
        try:
            case = compute(steps, calendar)
        except InvalidSteps as error:
            assert error.problems
            refused += 1
        else:
            assert case.status
            computed += 1
    assert computed and refused
