"""The time limits of 依申请公开 (政府信息公开条例, 国务院令第711号), counted on the working-day calendar.

A case is a list of steps (``Received``, ``CorrectionRequested``, ``Corrected``,
``ThirdPartyConsulted``, ``CoOrganConsulted``, ``Extended``, ``Replied``, ``RepliedOnTheSpot``);
``compute_deadlines(steps)`` returns a ``CaseDeadlines`` with every time limit, each carrying how it
was counted (its start day, the weekends and holidays skipped by name, the 调休 working days
counted, the paused days), and ``render()`` says so in the active language.

Counting follows ``workdays.add_working_days``: a limit of N working days from a day is the N-th
working day after it, so the day of receipt itself never counts and an application received on a
Saturday has the next working day as its first. A consultation pauses the reply limit (art. 33,
para. 2) from the day after its letter is sent up to and including the day its opinion arrives, or
the last day of its 15 working days if none arrives in time; paused working days do not count, and
two consultations that overlap pause each day once.

The engine reads no case from the database: the calendar is the only thing it looks up, through
an object with ``is_working_day(day)`` and ``holiday_name(day)`` (the ``workdays`` module by
default). When an override changes, ``calendar_changed`` is sent with the days that changed, so
whatever stores cases can recompute the open ones (see ``watch_calendar``).
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gk_wagtail import workdays

ONE_DAY = datetime.timedelta(days=1)

REPLY_DAYS = 20  # art. 33, para. 1
CORRECTION_NOTICE_DAYS = 7  # art. 30
OPINION_DAYS = 15  # art. 32 and art. 34
MAX_EXTENSION_DAYS = 20  # art. 33, para. 2

# How an application reached the organ decides which day counts as its receipt (art. 31).
IN_PERSON = "in_person"  # the day it was handed in
POST = "post"  # the day the organ signed for it
POST_UNSIGNED = "post_unsigned"  # ordinary letters: the day the organ confirmed it with the applicant
ONLINE = "online"  # online or by the disclosure office's fax: the day both sides confirmed it
FAX = "fax"
CHANNELS = (IN_PERSON, POST, POST_UNSIGNED, ONLINE, FAX)

# Statuses of a case.
REPLIED_ON_THE_SPOT = "replied_on_the_spot"
REPLIED = "replied"
REPLIED_LATE = "replied_late"
AWAITING_CORRECTION = "awaiting_correction"
WITHDRAWN = "withdrawn"
OPEN = "open"
OVERDUE = "overdue"

# Kinds of time limit.
REPLY = "reply"
CORRECTION_NOTICE = "correction_notice"
OPINION = "opinion"

# Kinds of day a count did not simply count.
WEEKEND = "weekend"
HOLIDAY = "holiday"
SWAPPED_WORKING_DAY = "swapped_working_day"  # 调休: a weekend day worked, and counted
PAUSED = "paused"

#: Sent after the working-day calendar changed (on commit), with ``days``: a frozenset of the dates
#: whose status or name changed. Receivers recompute the time limits of open cases.
calendar_changed = Signal()


# The steps of a case. Every date is a ``datetime.date``.


@dataclasses.dataclass(frozen=True)
class Received:
    """The application was received (art. 31): ``day`` is the receipt day for its ``channel``."""

    day: datetime.date
    channel: str = ""


@dataclasses.dataclass(frozen=True)
class CorrectionRequested:
    """补正告知 (art. 30): one notice listing everything to correct, with the period it gives."""

    day: datetime.date
    correct_by: datetime.date


@dataclasses.dataclass(frozen=True)
class Corrected:
    """The corrected application was received: the reply limit starts again from ``day``."""

    day: datetime.date


@dataclasses.dataclass(frozen=True)
class ThirdPartyConsulted:
    """征求第三方意见 (art. 32): sent, received by the third party, and its opinion (None if none)."""

    sent: datetime.date
    delivered: datetime.date | None = None
    answered: datetime.date | None = None
    party: str = ""
    article = 32


@dataclasses.dataclass(frozen=True)
class CoOrganConsulted:
    """征求协办机关意见 (art. 34): as a third party, but silence counts as consent to disclose."""

    sent: datetime.date
    delivered: datetime.date | None = None
    answered: datetime.date | None = None
    party: str = ""
    article = 34


@dataclasses.dataclass(frozen=True)
class Extended:
    """延期 (art. 33, para. 2): once, by at most 20 working days, approved by the office's head."""

    day: datetime.date
    days: int
    approver: str


@dataclasses.dataclass(frozen=True)
class Replied:
    """The reply was given on ``day``."""

    day: datetime.date


@dataclasses.dataclass(frozen=True)
class RepliedOnTheSpot:
    """当场答复 (art. 33, para. 1): the reply given on the day of receipt, which closes the case."""

    day: datetime.date


STEP_TYPES = (
    Received,
    CorrectionRequested,
    Corrected,
    ThirdPartyConsulted,
    CoOrganConsulted,
    Extended,
    Replied,
    RepliedOnTheSpot,
)


class InvalidSteps(ValueError):
    """The steps of a case contradict each other or the 条例; ``problems`` lists every one found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclasses.dataclass(frozen=True)
class DayNote:
    """A day a count passed over or counted out of the ordinary, with the holiday or pause behind it."""

    day: datetime.date
    kind: str
    name: str | None = None
    pause: ThirdPartyConsulted | CoOrganConsulted | None = None


@dataclasses.dataclass(frozen=True)
class Deadline:
    """One time limit: ``days`` working days after ``start`` end on ``due``; ``notes`` say how."""

    kind: str
    article: int
    start: datetime.date
    days: int
    due: datetime.date
    notes: tuple = ()
    extension: Extended | None = None
    done: datetime.date | None = None
    provisional: bool = False
    consultation: ThirdPartyConsulted | CoOrganConsulted | None = None

    @property
    def met(self):
        """Whether it was done in time; None while not done."""
        return None if self.done is None else self.done <= self.due

    def notes_of(self, kind):
        return [note for note in self.notes if note.kind == kind]

    @property
    def paused_days(self):
        return len(self.notes_of(PAUSED))

    def render(self):
        return "\n".join(_render_deadline(self))


@dataclasses.dataclass(frozen=True)
class CaseDeadlines:
    """Every time limit of one case and where the case stands on ``today``."""

    received: Received
    status: str
    today: datetime.date
    correction_notice: Deadline
    reply: Deadline | None = None
    correct_by: datetime.date | None = None
    opinions: tuple = ()

    def deadlines(self):
        return [deadline for deadline in (self.correction_notice, self.reply, *self.opinions) if deadline]

    def depends_on(self, days):
        """Whether a change to any of ``days`` in the calendar could change this result.

        A count looks up each day after its start up to its due date and no other, so a day outside
        every such span leaves the result as it is.
        """
        return any(deadline.start < day <= deadline.due for deadline in self.deadlines() for day in days)

    def render(self):
        return "\n".join(_render_case(self))


def compute_deadlines(steps, calendar=workdays, today=None):
    """The time limits of the case made of ``steps`` (in any order), as a ``CaseDeadlines``.

    ``calendar`` is anything with ``is_working_day(day)`` and ``holiday_name(day)``; ``today``
    (default: today in the site's time zone) decides whether a limit has passed, whether silence
    ended a consultation and whether an application awaiting correction counts as withdrawn.
    Raises ``InvalidSteps`` listing every problem when the steps cannot all be true.
    """
    today = timezone.localdate() if today is None else today
    workdays._check_date(today, "today")
    steps = list(steps)
    problems = []
    for step in steps:
        if not isinstance(step, STEP_TYPES):
            raise TypeError(f"not a step of a case: {step!r}")
        for field in dataclasses.fields(step):
            value = getattr(step, field.name)
            if field.type is datetime.date or value is not None and field.name in ("delivered", "answered"):
                workdays._check_date(value, field.name)

    def of(kind):
        return [step for step in steps if isinstance(step, kind)]

    receipts, notices, corrections = of(Received), of(CorrectionRequested), of(Corrected)
    extensions, replies, on_the_spot = of(Extended), of(Replied), of(RepliedOnTheSpot)
    consultations = [step for step in steps if isinstance(step, ThirdPartyConsulted | CoOrganConsulted)]

    for step in steps:
        for day in _days_of(step):
            if day > today:
                problems.append(
                    _("%(step)s on %(day)s is after today (%(today)s).")
                    % {"step": _step_name(step), "day": _date(day), "today": _date(today)}
                )
    if not receipts:
        problems.append(_("The case has no receipt date; every time limit counts from it (article 31)."))
        raise InvalidSteps(problems)
    if len(receipts) > 1:
        problems.append(_("The case has more than one receipt date."))
    received = min(receipts, key=lambda step: step.day)
    for receipt in receipts:
        if receipt.channel and receipt.channel not in CHANNELS:
            problems.append(_("Unknown channel of receipt: %(channel)s.") % {"channel": receipt.channel})
    for step in steps:
        if step is not received and min(_days_of(step)) < received.day:
            problems.append(
                _("%(step)s on %(day)s is before the application was received (%(received)s).")
                % {"step": _step_name(step), "day": _date(min(_days_of(step))), "received": _date(received.day)}
            )

    if len(notices) > 1:
        problems.append(
            _("The applicant was asked to correct the application more than once; article 30 requires one notice.")
        )
    notice = min(notices, key=lambda step: step.day) if notices else None
    if notice and notice.correct_by < notice.day:
        problems.append(
            _("The correction period ends (%(end)s) before the notice was given (%(day)s).")
            % {"end": _date(notice.correct_by), "day": _date(notice.day)}
        )
    if len(corrections) > 1:
        problems.append(_("The corrected application was received more than once."))
    corrected = min(corrections, key=lambda step: step.day) if corrections else None
    if corrected and not notice:
        problems.append(_("A corrected application was received, but no correction was asked for."))
    elif corrected and corrected.day < notice.day:
        problems.append(
            _("The corrected application (%(day)s) was received before the correction notice (%(notice)s).")
            % {"day": _date(corrected.day), "notice": _date(notice.day)}
        )
    elif corrected and corrected.day > notice.correct_by:
        problems.append(
            _(
                "The corrected application (%(day)s) came after the correction period ended (%(end)s), so the "
                "application counts as withdrawn; if the period was extended for a good reason, record the "
                "extended period."
            )
            % {"day": _date(corrected.day), "end": _date(notice.correct_by)}
        )

    clock_start = corrected.day if corrected else received.day
    awaiting_correction = notice is not None and corrected is None

    for consultation in consultations:
        delivered = consultation.delivered or consultation.sent
        if delivered < consultation.sent:
            problems.append(
                _("%(step)s was received (%(delivered)s) before it was sent (%(sent)s).")
                % {"step": _step_name(consultation), "delivered": _date(delivered), "sent": _date(consultation.sent)}
            )
        if consultation.answered is not None and consultation.answered < delivered:
            problems.append(
                _("%(step)s ends (%(answered)s) before it starts (%(start)s).")
                % {
                    "step": _step_name(consultation),
                    "answered": _date(consultation.answered),
                    "start": _date(delivered),
                }
            )
        if consultation.sent < clock_start or awaiting_correction:
            problems.append(
                _("%(step)s on %(day)s was sent while the application awaited correction.")
                % {"step": _step_name(consultation), "day": _date(consultation.sent)}
            )

    if len(extensions) > 1:
        problems.append(_("The reply period was extended more than once; article 33 allows one extension."))
    for extension in extensions:
        if not isinstance(extension.days, int) or isinstance(extension.days, bool):
            raise TypeError(f"days must be an int, not {type(extension.days).__name__}: {extension.days!r}")
        if not 1 <= extension.days <= MAX_EXTENSION_DAYS:
            problems.append(
                _("The extension of %(days)s working days is not between 1 and %(max)s (article 33).")
                % {"days": extension.days, "max": MAX_EXTENSION_DAYS}
            )
        if not extension.approver.strip():
            problems.append(
                _("The extension on %(day)s does not say who approved it (article 33).") % {"day": _date(extension.day)}
            )
        if extension.day < clock_start or awaiting_correction:
            problems.append(
                _("The extension on %(day)s was decided while the application awaited correction.")
                % {"day": _date(extension.day)}
            )
    extension = min(extensions, key=lambda step: step.day) if extensions else None

    if len(replies) + len(on_the_spot) > 1:
        problems.append(_("The case has more than one reply."))
    reply_step = min(replies + on_the_spot, key=lambda step: step.day) if replies or on_the_spot else None
    if on_the_spot:
        if on_the_spot[0].day != received.day:
            problems.append(
                _("A reply on the spot (%(day)s) must be given on the day of receipt (%(received)s).")
                % {"day": _date(on_the_spot[0].day), "received": _date(received.day)}
            )
        if notices or corrections or consultations or extensions:
            problems.append(_("A reply on the spot closes the case; it cannot have other steps."))
    if reply_step and awaiting_correction:
        problems.append(_("The case was replied to while the application awaited correction."))
    if reply_step:
        for step in steps:
            if step is not reply_step and not isinstance(step, Received) and max(_days_of(step)) > reply_step.day:
                problems.append(
                    _("%(step)s on %(day)s is after the reply (%(reply)s).")
                    % {"step": _step_name(step), "day": _date(max(_days_of(step))), "reply": _date(reply_step.day)}
                )

    correction_notice = _count(
        calendar, CORRECTION_NOTICE, 30, received.day, CORRECTION_NOTICE_DAYS, done=notice.day if notice else None
    )
    result = {"received": received, "today": today, "correction_notice": correction_notice}
    if on_the_spot:
        reply = Deadline(REPLY, 33, received.day, 0, received.day, done=on_the_spot[0].day)
        result.update(status=REPLIED_ON_THE_SPOT, reply=reply)
    elif awaiting_correction:
        result.update(
            status=WITHDRAWN if today > notice.correct_by else AWAITING_CORRECTION, correct_by=notice.correct_by
        )
    else:
        opinions, pauses = [], []
        for consultation in sorted(consultations, key=_consultation_order):
            delivered = consultation.delivered or consultation.sent
            opinion = _count(
                calendar, OPINION, consultation.article, delivered, OPINION_DAYS, done=consultation.answered
            )
            open_ = consultation.answered is None and today <= opinion.due
            opinion = dataclasses.replace(opinion, provisional=open_, consultation=consultation)
            opinions.append(opinion)
            end = min(consultation.answered, opinion.due) if consultation.answered else opinion.due
            pauses.append((consultation.sent, end, consultation))
        done = reply_step.day if reply_step else None
        reply = _count(calendar, REPLY, 33, clock_start, REPLY_DAYS, pauses=pauses, done=done)
        if extension:
            if extension.day > reply.due:
                problems.append(
                    _("The extension on %(day)s was decided after the reply period had ended (%(due)s).")
                    % {"day": _date(extension.day), "due": _date(reply.due)}
                )
            elif 1 <= extension.days <= MAX_EXTENSION_DAYS:
                reply = _count(calendar, REPLY, 33, clock_start, REPLY_DAYS + extension.days, pauses=pauses, done=done)
                reply = dataclasses.replace(reply, extension=extension)
        reply = dataclasses.replace(reply, provisional=any(opinion.provisional for opinion in opinions))
        if not reply_step:
            status = OVERDUE if today > reply.due else OPEN
        elif reply.met:
            status = REPLIED
        else:
            status = REPLIED_LATE
        result.update(status=status, reply=reply, correct_by=notice.correct_by if notice else None)
        result["opinions"] = tuple(opinions)
    if problems:
        raise InvalidSteps(problems)
    return CaseDeadlines(**result)


def _consultation_order(step):
    # Every field, so that the result does not depend on the order the steps were given in.
    return (
        step.sent,
        step.delivered or step.sent,
        step.answered or datetime.date.max,
        step.article,
        step.party,
    )


def _days_of(step):
    if isinstance(step, ThirdPartyConsulted | CoOrganConsulted):
        return [day for day in (step.sent, step.delivered, step.answered) if day is not None]
    return [step.day]


def _count(calendar, kind, article, start, days, pauses=(), done=None):
    """``days`` working days after ``start``, not counting working days inside a pause ``(after, until, step)``."""
    day, counted, notes = start, 0, []
    while counted < days:
        day += ONE_DAY
        if not calendar.is_working_day(day):
            name = calendar.holiday_name(day)
            notes.append(DayNote(day, HOLIDAY if name or day.weekday() < 5 else WEEKEND, name))
            continue
        pause = next((step for after, until, step in pauses if after < day <= until), None)
        if pause is not None:
            notes.append(DayNote(day, PAUSED, pause=pause))
            continue
        counted += 1
        if day.weekday() >= 5:
            notes.append(DayNote(day, SWAPPED_WORKING_DAY, calendar.holiday_name(day)))
    return Deadline(kind, article, start, days, day, tuple(notes), done=done)


# Which time limits a calendar change can move: the site's receivers decide what to do with them.


def notify_calendar_changed(days):
    """Send ``calendar_changed`` for ``days`` once the current transaction commits.

    Saving or deleting a ``WorkingDayOverride`` does this already (see ``watch_calendar``); call it
    after changing overrides with ``QuerySet.update`` or raw SQL, after ``workdays.forget_overrides()``.
    """
    days = frozenset(days)
    if days:
        transaction.on_commit(lambda: calendar_changed.send(sender=workdays.WorkingDayOverride, days=days))


def _remember_old_date(sender, instance, raw=False, **kwargs):
    # A moved override changes two days: the one it leaves and the one it takes.
    old = None
    if instance.pk and not raw:
        old = sender.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
    instance._gk_date_before_save = old


def _override_saved(sender, instance, **kwargs):
    notify_calendar_changed({instance.date, getattr(instance, "_gk_date_before_save", None)} - {None})


def _override_deleted(sender, instance, **kwargs):
    notify_calendar_changed({instance.date})


def watch_calendar():
    """Send ``calendar_changed`` whenever a ``WorkingDayOverride`` is saved or deleted; ``apps.py`` calls it."""
    model = workdays.WorkingDayOverride
    pre_save.connect(_remember_old_date, sender=model, dispatch_uid="gk_deadlines_override_before_save")
    post_save.connect(_override_saved, sender=model, dispatch_uid="gk_deadlines_override_saved")
    post_delete.connect(_override_deleted, sender=model, dispatch_uid="gk_deadlines_override_deleted")


# Rendering, in the active language.


def _date(day):
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": day.year, "month": day.month, "day": day.day}


def _dated(day):
    return _("%(date)s (%(weekday)s)") % {"date": _date(day), "weekday": WEEKDAYS[day.weekday()]}


def _span(first, last):
    if first == last:
        return _dated(first)
    return _("%(first)s to %(last)s") % {"first": _dated(first), "last": _dated(last)}


def _step_name(step):
    names = {
        Received: _("Receipt"),
        CorrectionRequested: _("The correction notice"),
        Corrected: _("The corrected application"),
        ThirdPartyConsulted: _("The consultation of a third party"),
        CoOrganConsulted: _("The consultation of a co-producing organ"),
        Extended: _("The extension"),
        Replied: _("The reply"),
        RepliedOnTheSpot: _("The reply on the spot"),
    }
    return names[type(step)]


def _consultation_label(step):
    if isinstance(step, ThirdPartyConsulted):
        label = _("opinion of the third party %(party)s") if step.party else _("opinion of the third party")
    else:
        label = (
            _("opinion of the co-producing organ %(party)s") if step.party else _("opinion of the co-producing organ")
        )
    return label % {"party": step.party} if step.party else label


def _article(number):
    articles = {
        30: _("article 30"),
        31: _("article 31"),
        32: _("article 32"),
        33: _("article 33"),
        34: _("article 34"),
    }
    return articles[number]


def _working_days(count):
    return ngettext("%(count)d working day", "%(count)d working days", count) % {"count": count}


def _runs(notes, adjacent=True):
    """Notes grouped: ``[[note, …], …]``, a new group at each change of pause and, if ``adjacent``, each gap."""
    runs = []
    for note in notes:
        if runs and note.pause is runs[-1][-1].pause and (not adjacent or note.day - runs[-1][-1].day == ONE_DAY):
            runs[-1].append(note)
        else:
            runs.append([note])
    return runs


def _render_deadline(deadline):
    titles = {
        REPLY: _("Reply due"),
        CORRECTION_NOTICE: _("Correction notice due"),
        OPINION: _("Opinion due"),
    }
    title = titles[deadline.kind]
    if deadline.consultation is not None:
        title = _("%(title)s (%(what)s)") % {"title": title, "what": _consultation_label(deadline.consultation)}
    if deadline.days == 0:
        yield _("%(title)s: %(due)s, the day of receipt (%(article)s).") % {
            "title": title,
            "due": _dated(deadline.due),
            "article": _article(deadline.article),
        }
    else:
        yield _("%(title)s: %(due)s, %(days)s after %(start)s (%(article)s).") % {
            "title": title,
            "due": _dated(deadline.due),
            "days": _working_days(deadline.days),
            "start": _dated(deadline.start),
            "article": _article(deadline.article),
        }
    if deadline.extension:
        extension = deadline.extension
        yield "  " + _("Includes an extension of %(days)s, decided on %(day)s with the approval of %(approver)s.") % {
            "days": _working_days(extension.days),
            "day": _date(extension.day),
            "approver": extension.approver,
        }
    lines = []
    off = [note for note in deadline.notes if note.kind in (WEEKEND, HOLIDAY)]
    for run in _runs(off):
        names = list(dict.fromkeys(str(note.name) for note in run if note.name))
        if names:
            what = _(", ").join(names)
        elif all(note.kind == WEEKEND for note in run):
            what = _("weekend")
        else:
            what = _("day off")
        text = _("Not counted: %(span)s, %(what)s.") % {"span": _span(run[0].day, run[-1].day), "what": what}
        lines.append((run[0].day, text))
    for note in deadline.notes_of(SWAPPED_WORKING_DAY):
        text = _("Counted: %(day)s, a working day swapped for %(name)s.") % {
            "day": _dated(note.day),
            "name": note.name or _("a day off"),
        }
        lines.append((note.day, text))
    # One line per pause, over the weekends inside it, which the lines above already name.
    for run in _runs(deadline.notes_of(PAUSED), adjacent=False):
        text = _("Paused, not counted: %(days)s from %(span)s, for the %(what)s (article 33).") % {
            "days": _working_days(len(run)),
            "span": _span(run[0].day, run[-1].day),
            "what": _consultation_label(run[0].pause),
        }
        lines.append((run[0].day, text))
    # In date order, so the reader can follow the count day by day.
    for _day, text in sorted(lines, key=lambda line: line[0]):
        yield "  " + text
    if deadline.provisional:
        if deadline.kind == OPINION:
            yield "  " + _("No opinion yet.")
        else:
            yield "  " + _("Provisional: assumes each open consultation lasts its full 15 working days.")
    if deadline.done is not None:
        if deadline.met:
            yield "  " + _("Done on %(day)s, in time.") % {"day": _dated(deadline.done)}
        else:
            yield "  " + _("Done on %(day)s, late.") % {"day": _dated(deadline.done)}


def _render_case(case):
    channels = {
        IN_PERSON: _("handed in"),
        POST: _("signed for by the organ"),
        POST_UNSIGNED: _("confirmed with the applicant"),
        ONLINE: _("confirmed by both sides"),
        FAX: _("confirmed by both sides"),
    }
    received = case.received
    if received.channel:
        yield _("Received: %(day)s, the day it was %(how)s (article 31).") % {
            "day": _dated(received.day),
            "how": channels[received.channel],
        }
    else:
        yield _("Received: %(day)s (article 31).") % {"day": _dated(received.day)}
    if case.status != REPLIED_ON_THE_SPOT:
        yield from _render_deadline(case.correction_notice)
    if case.correct_by:
        yield _("Correction period given to the applicant: until %(day)s (article 30).") % {
            "day": _dated(case.correct_by)
        }
    if case.reply:
        yield from _render_deadline(case.reply)
    for opinion in case.opinions:
        yield from _render_deadline(opinion)
    statuses = {
        REPLIED_ON_THE_SPOT: _("replied on the spot"),
        REPLIED: _("replied in time"),
        REPLIED_LATE: _("replied late"),
        AWAITING_CORRECTION: _("awaiting the corrected application"),
        WITHDRAWN: _("counts as withdrawn: not corrected within the period given (article 30)"),
        OPEN: _("open"),
        OVERDUE: _("overdue"),
    }
    yield _("Status on %(day)s: %(status)s.") % {"day": _date(case.today), "status": statuses[case.status]}
