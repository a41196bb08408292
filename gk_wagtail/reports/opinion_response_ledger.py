"""The 舆情回应 台账: every response and commitment, with what is overdue (国办发〔2016〕61号).

A response is overdue when one of its deadlines was missed (done late, or not done once due) or
one of its commitments is overdue; a commitment is overdue when it is not kept and its due date
has passed. The queries compute this in the database so the ledger can filter and page on it.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from gk_wagtail.page_types.opinion_responses import (
    DEADLINE_RULES,
    CommitmentStatus,
    OpinionCommitment,
    OpinionResponsePage,
)


def missed_deadline_q(now):
    """Responses with a deadline that was missed as of ``now``, the same rule as ``OpinionResponsePage.deadlines``."""
    conditions = []
    for severity, rules in DEADLINE_RULES.items():
        for rule in rules:
            allowed = datetime.timedelta(hours=rule.hours)
            not_done_in_time = Q(**{f"{rule.field}__isnull": True, "first_noticed_at__lt": now - allowed})
            done_late = Q(**{f"{rule.field}__gt": F("first_noticed_at") + allowed})
            conditions.append(Q(severity=severity) & (not_done_in_time | done_late))
    return reduce(or_, conditions)


def flag(condition):
    """True or False, never NULL: a comparison with an empty time is NULL in SQL, and NULL is not False."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def overdue_commitment_q(today, prefix=""):
    return ~Q(**{f"{prefix}status": CommitmentStatus.KEPT}) & Q(**{f"{prefix}due_date__lt": today})


def response_ledger(pages=None, now=None):
    """Responses (live or not) with ``missed_deadline``, ``overdue_commitment_count`` and ``overdue``, newest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pages = OpinionResponsePage.objects.all() if pages is None else pages
    overdue_commitments = OpinionCommitment.objects.filter(overdue_commitment_q(today), page=OuterRef("pk"))
    return (
        pages.select_related("responsible_organization")
        .annotate(
            missed_deadline=flag(missed_deadline_q(now)),
            overdue_commitment_count=Count("commitments", filter=overdue_commitment_q(today, "commitments__")),
            overdue=flag(missed_deadline_q(now) | Q(Exists(overdue_commitments))),
        )
        .order_by("-first_noticed_at", "-pk")
    )


def commitment_ledger(pages=None, today=None):
    """Commitments of ``pages`` (all responses by default) with ``overdue``, soonest due first."""
    today = today or timezone.localdate()
    commitments = OpinionCommitment.objects.all()
    if pages is not None:
        commitments = commitments.filter(page__in=pages)
    return (
        commitments.select_related("page", "page__responsible_organization", "evidence_page")
        .annotate(overdue=flag(overdue_commitment_q(today)))
        .order_by("due_date", "pk")
    )
