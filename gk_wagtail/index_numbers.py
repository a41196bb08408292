"""索引号: numbers from a configurable rule, assigned at first publish and never reused.

A counter row per organization and period hands out sequence numbers with an
atomic ``UPDATE ... SET last_value = last_value + 1``: the row lock (PostgreSQL)
or the database write lock (SQLite) makes concurrent publishers queue, so two
processes can never read the same value. Every number handed out is also kept in
``IssuedIndexNumber`` (unique), which outlives deleted pages.
"""

import string

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gk_wagtail.conf import gk_settings

RULE_FIELDS = {"credit_code", "year", "month", "theme_code", "seq"}


class IndexNumberCounter(models.Model):
    """The last sequence number handed out for one organization in one period (year, or year and month)."""

    organization = models.ForeignKey("gk_wagtail.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=6)
    last_value = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="gk_index_counter_unique_period"),
        ]

    def __str__(self):
        return f"{self.organization_id}/{self.period}: {self.last_value}"


class IssuedIndexNumber(models.Model):
    """An index number that was handed out; kept after its page is deleted so it is never reused."""

    value = models.CharField(_("index number"), max_length=100, unique=True)
    organization = models.ForeignKey(
        "gk_wagtail.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    # A plain id, not a foreign key: the record must survive the page.
    page_id = models.PositiveIntegerField(_("page id"), null=True, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("issued index number")
        verbose_name_plural = _("issued index numbers")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.value


def rule_fields(rule):
    fields = {name for _text, name, _spec, _conv in string.Formatter().parse(rule) if name}
    unknown = fields - RULE_FIELDS
    if unknown:
        raise ImproperlyConfigured(
            f"GK_WAGTAIL_INDEX_NUMBER_RULE uses unknown field(s) {sorted(unknown)}; allowed: {sorted(RULE_FIELDS)}"
        )
    if "seq" not in fields:
        raise ImproperlyConfigured("GK_WAGTAIL_INDEX_NUMBER_RULE must contain {seq} so numbers never repeat.")
    return fields


def _next_sequence(organization, period):
    return _reserve_sequences(organization, period, 1)[0]


def _reserve_sequences(organization, period, count):
    """The next ``count`` sequence numbers of ``organization`` in ``period``, in one counter update."""
    updated = IndexNumberCounter.objects.filter(organization=organization, period=period).update(
        last_value=F("last_value") + count
    )
    if not updated:
        try:
            with transaction.atomic():
                IndexNumberCounter.objects.create(organization=organization, period=period, last_value=count)
            return range(1, count + 1)
        except IntegrityError:
            # Another process created the row first; take the next values from it.
            return _reserve_sequences(organization, period, count)
    last = IndexNumberCounter.objects.get(organization=organization, period=period).last_value
    return range(last - count + 1, last + 1)


def check_can_assign(organization, theme=None, rule=None):
    """Raise ValidationError (keyed by field) if a number cannot be made for this organization and theme."""
    fields = rule_fields(rule or gk_settings.INDEX_NUMBER_RULE)
    errors = {}
    if organization is None:
        errors["issuing_organ"] = gettext("Choose the issuing organization: the index number is made from its code.")
    elif "credit_code" in fields and not organization.credit_code:
        errors["issuing_organ"] = gettext(
            "%(organization)s has no unified social credit code, which the index number needs. "
            "Add it under Disclosure registers → Organizations."
        ) % {"organization": organization}
    if "theme_code" in fields and (theme is None or not theme.code):
        errors["theme"] = gettext("The index number rule needs a theme with a code.")
    if errors:
        raise ValidationError(errors)


def assign_index_number(organization, title, when, page_id=None, theme=None, rule=None):
    """Hand out the next index number for ``organization`` in the period of ``when`` and record it."""
    rule = rule or gk_settings.INDEX_NUMBER_RULE
    fields = rule_fields(rule)
    check_can_assign(organization, theme, rule)
    period = f"{when.year:04d}{when.month:02d}" if "month" in fields else f"{when.year:04d}"
    with transaction.atomic():
        while True:
            value = rule.format(
                credit_code=organization.credit_code,
                year=f"{when.year:04d}",
                month=f"{when.month:02d}",
                theme_code=theme.code if theme else "",
                seq=_next_sequence(organization, period),
            )
            # Imported legacy numbers share the rule's pattern: skip any already taken.
            # The counter row stays locked until commit, so no other publisher races this check.
            if not IssuedIndexNumber.objects.filter(value=value).exists():
                break
        IssuedIndexNumber.objects.create(value=value, organization=organization, page_id=page_id, title=title[:255])
    return value


def claim_index_number(value, organization, title, page_id=None):
    """Record a number that was assigned elsewhere (legacy import) so it is never handed out again."""
    record, created = IssuedIndexNumber.objects.get_or_create(
        value=value, defaults={"organization": organization, "page_id": page_id, "title": title[:255]}
    )
    if not created and record.page_id not in (None, page_id):
        raise ValidationError(
            {
                "index_number": gettext("Index number %(value)s already belongs to another page (id %(page)s).")
                % {"value": value, "page": record.page_id}
            }
        )
    if record.page_id is None and page_id is not None:
        record.page_id = page_id
        record.save(update_fields=["page_id"])
    return record


def assign_index_numbers(requests, rule=None):
    """Hand out index numbers to many pages at once; the IssuedIndexNumber records, in the order asked.

    ``requests`` are ``(organization, title, when, theme)``. Each organization and period takes its
    numbers as one block from its counter (one update, the row locked until commit as for
    :func:`assign_index_number`), so the guarantee is the same: no number is handed out twice. The
    records are saved without a page; the caller sets ``page_id`` once the pages exist.
    """
    rule = rule or gk_settings.INDEX_NUMBER_RULE
    fields = rule_fields(rule)
    groups = {}
    for position, (organization, _title, when, theme) in enumerate(requests):
        check_can_assign(organization, theme, rule)
        period = f"{when.year:04d}{when.month:02d}" if "month" in fields else f"{when.year:04d}"
        groups.setdefault((organization.pk, period), (organization, []))[1].append(position)
    values = [None] * len(requests)
    # A rule without the credit code gives organizations the same numbers: theirs are taken too.
    assigned = set()
    with transaction.atomic():
        for (_pk, period), (organization, positions) in groups.items():
            pool, done = [], 0
            while done < len(positions):
                if not pool:
                    pool = list(_reserve_sequences(organization, period, len(positions) - done))
                pairs = [
                    (position, _format(rule, organization, requests[position], seq))
                    for position, seq in zip(positions[done:], pool, strict=False)
                ]
                # Imported legacy numbers share the rule's pattern: a taken one is skipped, and the
                # page takes the next sequence number, as one-by-one assignment would.
                taken = assigned.union(
                    IssuedIndexNumber.objects.filter(value__in=[v for _p, v in pairs]).values_list("value", flat=True)
                )
                for position, value in pairs:
                    pool.pop(0)
                    if value in taken:
                        break
                    values[position] = value
                    assigned.add(value)
                    done += 1
        records = [
            IssuedIndexNumber(value=value, organization=organization, page_id=None, title=title[:255])
            for value, (organization, title, _when, _theme) in zip(values, requests, strict=True)
        ]
        IssuedIndexNumber.objects.bulk_create(records)
    return records


def _format(rule, organization, request, seq):
    _organization, _title, when, theme = request
    return rule.format(
        credit_code=organization.credit_code,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        theme_code=theme.code if theme else "",
        seq=seq,
    )


def claim_index_numbers(claims):
    """:func:`claim_index_number` for many numbers at once: ``(value, organization, title, page_id)`` each.

    Raises the same ValidationError as the one-by-one claim at the first number that belongs to
    another page, in this batch or before it.
    """
    existing = {record.value: record for record in IssuedIndexNumber.objects.filter(value__in=[c[0] for c in claims])}
    new, adopted = {}, []
    for value, organization, title, page_id in claims:
        record = existing.get(value) or new.get(value)
        if record is None:
            new[value] = IssuedIndexNumber(value=value, organization=organization, page_id=page_id, title=title[:255])
            continue
        if record.page_id not in (None, page_id):
            raise ValidationError(
                {
                    "index_number": gettext("Index number %(value)s already belongs to another page (id %(page)s).")
                    % {"value": value, "page": record.page_id}
                }
            )
        if record.page_id is None and page_id is not None:
            record.page_id = page_id
            if record.pk is not None:
                adopted.append(record)
    IssuedIndexNumber.objects.bulk_create(new.values())
    if adopted:
        IssuedIndexNumber.objects.bulk_update(adopted, ["page_id"])
