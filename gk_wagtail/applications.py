"""Applications for disclosure (依申请公开, 政府信息公开条例 arts. 27–45): the register and its rules.

An ``InformationRequest`` is one application as the organ registered it (登记台账). Its applicant
data (name, identity document, contact) lives in fields marked ``APPLICANT_FIELDS``: no public
template, feed, search index or API receives them, and ``masked()`` is what the register shows
to anyone outside the handling office's group. Every change of state and every step that counts
for the time limits is a ``RequestEvent`` (who, when, why), from which ``deadline_steps()``
rebuilds the case for ``gk_wagtail.deadlines`` and ``refresh_deadlines()`` stores the reply limit
the register sorts by. ``ApplicationOutcome`` is the closed list of results, the rows of table 3
of the annual report (国办公开办函〔2021〕30号); each closed application lands in exactly one row.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gk_wagtail import deadlines
from gk_wagtail.formats.codes import new_tracking_code
from gk_wagtail.registers import Organization


class ApplicantType(models.TextChoices):
    """The applicant columns of table 3, in the order of 国办公开办函〔2021〕30号."""

    NATURAL_PERSON = "natural_person", _("natural person")
    COMMERCIAL = "commercial", _("commercial enterprise")
    RESEARCH = "research", _("research institution")
    PUBLIC_INTEREST = "public_interest", _("public-interest organization")
    LEGAL_SERVICE = "legal_service", _("legal service institution")
    OTHER = "other", _("other organization")


class IdentityDocument(models.TextChoices):
    RESIDENT_ID = "resident_id", _("resident identity card")
    PASSPORT = "passport", _("passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_RESIDENCE = "foreign_residence", _("foreign permanent resident ID card")
    CREDIT_CODE = "credit_code", _("unified social credit code")
    OTHER = "other", _("other identity document")


class Channel(models.TextChoices):
    """How the application reached the organ (条例第二十九条); it decides the receipt day (第三十一条)."""

    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    ORAL = "oral", _("orally (form filled in by the office)")
    REGISTERED_POST = "registered_post", _("registered letter")
    ORDINARY_POST = "ordinary_post", _("ordinary letter")
    FAX = "fax", _("fax")


#: The deadline engine's channel for each way of applying (条例第三十一条).
DEADLINE_CHANNELS = {
    Channel.ONLINE: deadlines.ONLINE,
    Channel.IN_PERSON: deadlines.IN_PERSON,
    Channel.ORAL: deadlines.IN_PERSON,
    Channel.REGISTERED_POST: deadlines.POST,
    Channel.ORDINARY_POST: deadlines.POST_UNSIGNED,
    Channel.FAX: deadlines.FAX,
}


class Medium(models.TextChoices):
    """形式要求: the form the applicant wants the information in."""

    PAPER = "paper", _("paper")
    ELECTRONIC = "electronic", _("electronic")
    OTHER = "other", _("other")


class Delivery(models.TextChoices):
    """获取方式: how the applicant wants to receive it."""

    POST = "post", _("by post")
    EMAIL = "email", _("by email")
    COLLECT = "collect", _("collected in person")
    FAX = "fax", _("by fax")
    ONLINE = "online", _("online")
    OTHER = "other", _("other")


class RequestKind(models.TextChoices):
    DISCLOSURE = "disclosure", _("disclosure")
    CORRECTION = "correction", _("correction of information about the applicant (art. 41)")


class State(models.TextChoices):
    """The flow of 条例第四十五条: 登记 → 审核 → 办理 → 答复 → 归档.

    An online application is ``submitted`` until the office confirms its receipt with the applicant.
    """

    SUBMITTED = "submitted", _("submitted, receipt not yet confirmed")
    REGISTERED = "registered", _("registered")
    REVIEWING = "reviewing", _("under review")
    PROCESSING = "processing", _("being processed")
    REPLIED = "replied", _("replied")
    ARCHIVED = "archived", _("archived")


#: The transitions the register allows; a reply may also be given straight from review (当场答复).
TRANSITIONS = {
    State.SUBMITTED: (State.REGISTERED,),
    State.REGISTERED: (State.REVIEWING,),
    State.REVIEWING: (State.PROCESSING, State.REPLIED),
    State.PROCESSING: (State.REPLIED,),
    State.REPLIED: (State.ARCHIVED,),
    State.ARCHIVED: (),
}

OPEN_STATES = (State.SUBMITTED, State.REGISTERED, State.REVIEWING, State.PROCESSING)

#: Fields that hold the applicant's personal data (个人信息): never shown outside the handling office.
APPLICANT_FIELDS = (
    "applicant_name",
    "id_number",
    "contact_name",
    "phone",
    "email",
    "address",
    "postcode",
    "fax",
)


class ApplicationOutcome(models.Model):
    """One result row of table 3 of the annual report (国办公开办函〔2021〕30号), with its rule.

    ``code`` is stable; ``group`` and ``label`` are the exact words of the official table.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=60)
    label = models.CharField(_("label"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"))
    article = models.CharField(_("article of the regulation"), max_length=60, blank=True)
    requires_ground = models.BooleanField(_("a ground must be given"), default=False)
    discloses = models.BooleanField(
        _("discloses information"),
        default=False,
        help_text=_("A reply of this kind gives out information, which may then be published (条例第四十四条)."),
    )
    notice_template = models.CharField(_("reply notice template"), max_length=60, blank=True)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("application outcome")
        verbose_name_plural = _("application outcomes")

    def __str__(self):
        return f"{self.group} {self.label}" if self.group != self.label else self.label


def hash_secret(secret):
    """The stored form of a status-page secret: keyed with SECRET_KEY so a copy of the table alone is useless."""
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


class InformationRequest(models.Model):
    """One application for disclosure (or for correction, 条例第四十一条) in the organ's register."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="information_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices, default=RequestKind.DISCLOSURE)
    tracking_code = models.CharField(
        _("tracking code"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED)

    # 条例第二十九条: who applies.
    applicant_type = models.CharField(_("applicant type"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("name"), max_length=200)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdentityDocument.choices)
    id_number = models.CharField(_("document number"), max_length=40)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)

    # What is asked for, and how (条例第二十九条第二款).
    information_title = models.CharField(_("name of the information"), max_length=300, blank=True)
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    description = models.TextField(_("description of the information"), blank=True)
    medium = models.CharField(_("form"), max_length=20, choices=Medium.choices, default=Medium.ELECTRONIC)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.EMAIL)
    accessibility_needs = models.BooleanField(
        _("needs accessible help"),
        default=False,
        help_text=_("The applicant has difficulty reading or seeing and needs help to apply (条例第四十三条)."),
    )
    accessibility_note = models.TextField(_("help needed"), blank=True)

    # 条例第三十一条: the submission, and the day that counts as receipt.
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    received_on = models.DateField(
        _("received on"),
        null=True,
        blank=True,
        help_text=_(
            "In person: that day; registered letter: the day it was signed for; ordinary letter, fax "
            "and online: the day the office confirmed the application with the applicant."
        ),
    )

    # Handling.
    office_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("handling office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only members of this group see the applicant's personal data."),
    )
    assigned_unit = models.CharField(_("unit in charge (承办科室)"), max_length=100, blank=True)
    outcome = models.ForeignKey(
        ApplicationOutcome, verbose_name=_("outcome"), null=True, blank=True, on_delete=models.PROTECT
    )
    outcome_ground = models.TextField(_("ground of the outcome"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("same information as"), null=True, blank=True, on_delete=models.SET_NULL
    )
    published_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page that made the information proactively public (依申请转主动, 条例第四十四条)."),
    )

    # Stored from the deadline engine, so that the register can sort and filter by them.
    reply_due = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    deadline_status = models.CharField(_("time limit"), max_length=30, blank=True)

    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application for disclosure")
        verbose_name_plural = _("applications for disclosure")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organization", "received_on"], name="gk_request_org_received"),
            models.Index(fields=["organization", "replied_on"], name="gk_request_org_replied"),
            models.Index(fields=["state", "reply_due"], name="gk_request_state_due"),
        ]

    def __str__(self):
        return self.tracking_code

    # The status page: code and secret.

    def set_secret(self):
        """Give the request a new status-page secret and return it; only its hash is kept."""
        secret = secrets.token_urlsafe(12)
        self.secret_hash = hash_secret(secret)
        return secret

    def check_secret(self, secret):
        return bool(self.secret_hash) and hmac.compare_digest(self.secret_hash, hash_secret(secret or ""))

    # State and audit.

    def allowed_states(self):
        return TRANSITIONS[State(self.state)]

    @transaction.atomic
    def transition(self, to_state, user=None, reason="", day=None):
        """Move to ``to_state`` and record who, when and why; raises ValidationError if not allowed."""
        if to_state not in self.allowed_states():
            raise ValidationError(
                _("An application that is %(state)s cannot become %(to)s."),
                code="invalid_transition",
                params={"state": self.get_state_display(), "to": State(to_state).label},
            )
        event = RequestEvent.objects.create(
            request=self,
            kind=RequestEvent.Kind.TRANSITION,
            from_state=self.state,
            to_state=to_state,
            day=day or timezone.localdate(),
            note=reason,
            user=user,
        )
        self.state = to_state
        if to_state == State.ARCHIVED:
            self.archived_on = event.day
        self.save(update_fields=["state", "archived_on", "updated_at"])
        return event

    # Time limits.

    def deadline_steps(self, events=None):
        """The case as ``gk_wagtail.deadlines`` steps, from the receipt day and the recorded events."""
        if self.received_on is None:
            return []
        steps = [deadlines.Received(self.received_on, DEADLINE_CHANNELS.get(self.channel, ""))]
        events = self.events.all() if events is None else events
        for event in events:
            step = event.deadline_step()
            if step is not None:
                steps.append(step)
        return steps

    def compute_deadlines(self, today=None, events=None):
        """The ``CaseDeadlines`` of this application, or None before its receipt is confirmed."""
        steps = self.deadline_steps(events)
        return deadlines.compute_deadlines(steps, today=today) if steps else None

    def refresh_deadlines(self, today=None, save=True):
        case = self.compute_deadlines(today=today)
        self.reply_due = case.reply.due if case and case.reply else None
        self.deadline_status = case.status if case else ""
        if save:
            InformationRequest.objects.filter(pk=self.pk).update(
                reply_due=self.reply_due, deadline_status=self.deadline_status
            )
        return case

    # Privacy.

    def masked(self):
        """The applicant data as anyone outside the handling office's group sees it."""
        return {
            "applicant_name": mask_name(self.applicant_name),
            "id_number": mask_id_number(self.id_number),
            "phone": mask_phone(self.phone),
            "email": mask_email(self.email),
            "address": mask_address(self.address),
        }

    def may_see_applicant(self, user):
        """Only the handling office's group (and superusers) see the applicant's data unmasked."""
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return self.office_group_id is not None and user.groups.filter(pk=self.office_group_id).exists()


class RequestEvent(models.Model):
    """Something that happened to an application: a change of state or a step that counts for its time limits.

    Events are never edited: a correction is a new event. The audit trail of the register is this table.
    """

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("change of state")
        RECEIPT_CONFIRMED = "receipt_confirmed", _("receipt confirmed")
        CORRECTION_REQUESTED = "correction_requested", _("correction requested (补正)")
        CORRECTED = "corrected", _("corrected application received")
        THIRD_PARTY = "third_party", _("third party consulted")
        CO_ORGAN = "co_organ", _("co-producing organ consulted")
        OPINION_RECEIVED = "opinion_received", _("opinion received")
        EXTENDED = "extended", _("reply time extended")
        LONGER_PERIOD = "longer_period", _("longer period for a large request (art. 35)")
        REPLIED = "replied", _("replied")
        REPLIED_ON_THE_SPOT = "replied_on_the_spot", _("replied on the spot")
        SUPPLEMENTARY_REPLY = "supplementary_reply", _("supplementary reply")
        ASSIGNED = "assigned", _("assigned")
        NOTE = "note", _("note")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)
    day = models.DateField(_("day"))
    # Consultations: sent on ``day``, delivered, answered; 补正: the period given; extensions: days.
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    correct_by = models.DateField(_("to be corrected by"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    party = models.CharField(_("party"), max_length=200, blank=True)
    approver = models.CharField(_("approved by"), max_length=100, blank=True)
    note = models.TextField(_("reason or note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.request_id} {self.kind} {self.day}"

    def deadline_step(self):
        """This event as a ``gk_wagtail.deadlines`` step, or None if it does not count for time limits."""
        kind = self.kind
        if kind == self.Kind.CORRECTION_REQUESTED:
            return deadlines.CorrectionRequested(self.day, self.correct_by or self.day)
        if kind == self.Kind.CORRECTED:
            return deadlines.Corrected(self.day)
        if kind == self.Kind.THIRD_PARTY:
            return deadlines.ThirdPartyConsulted(self.day, self.delivered_on, self.answered_on, self.party)
        if kind == self.Kind.CO_ORGAN:
            return deadlines.CoOrganConsulted(self.day, self.delivered_on, self.answered_on, self.party)
        if kind == self.Kind.EXTENDED:
            return deadlines.Extended(self.day, self.days or 0, self.approver)
        if kind == self.Kind.REPLIED:
            return deadlines.Replied(self.day)
        if kind == self.Kind.REPLIED_ON_THE_SPOT:
            return deadlines.RepliedOnTheSpot(self.day)
        return None


class RequestFollowUp(models.Model):
    """行政复议 or 行政诉讼 about an application (table 4 of the annual report), or entered on its own."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("administrative reconsideration")
        LITIGATION_DIRECT = "litigation_direct", _("lawsuit without reconsideration")
        LITIGATION_AFTER_REVIEW = "litigation_after_review", _("lawsuit after reconsideration")

    class Result(models.TextChoices):
        MAINTAINED = "maintained", _("upheld")
        CORRECTED = "corrected", _("corrected")
        OTHER = "other", _("other result")
        PENDING = "pending", _("not yet concluded")

    organization = models.ForeignKey(Organization, verbose_name=_("organ"), on_delete=models.PROTECT)
    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, default=Result.PENDING)
    filed_on = models.DateField(_("filed on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-filed_on"]
        verbose_name = _("reconsideration or lawsuit")
        verbose_name_plural = _("reconsiderations and lawsuits")

    def __str__(self):
        return f"{self.get_kind_display()} {self.filed_on}"


class Notice(models.Model):
    """A numbered document the organ issues about an application (登记回执, 补正告知书, 答复书 …).

    Numbers run per organ, type and year without gaps (``allocate_notice_number``).
    """

    class Type(models.TextChoices):
        RECEIPT = "receipt", _("acknowledgement of receipt")
        CORRECTION = "correction", _("notice to correct the application")
        EXTENSION = "extension", _("notice of extension")
        THIRD_PARTY = "third_party", _("letter asking a third party's opinion")
        REPLY = "reply", _("reply")
        FEE = "fee", _("fee notice")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="notices")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    notice_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, help_text=_("A supplementary reply (补充答复) is a new version, never an edit.")
    )
    body = models.TextField(_("text"), blank=True)
    fee_amount = models.DecimalField(_("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "notice_type", "year", "number"], name="gk_notice_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_notice_type_display()} {self.year}-{self.number}"


class NoticeCounter(models.Model):
    """The last number given to a type of notice by an organ in a year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    notice_type = models.CharField(max_length=20, choices=Notice.Type.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "notice_type", "year"], name="gk_notice_counter_unique")
        ]

    def __str__(self):
        return f"{self.organization_id} {self.notice_type} {self.year}: {self.last_number}"


def allocate_notice_number(organization, notice_type, year):
    """The next number of ``notice_type`` for ``organization`` in ``year``; call inside the transaction that stores the notice.

    The counter row is written before it is read, which takes the write lock on SQLite and the
    row lock on PostgreSQL at once, so concurrent callers queue instead of reading the same value;
    a rolled-back transaction gives its number back, so numbers have no gaps.
    """
    counter, _created = NoticeCounter.objects.get_or_create(
        organization=organization, notice_type=notice_type, year=year
    )
    NoticeCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    return NoticeCounter.objects.values_list("last_number", flat=True).get(pk=counter.pk)


class SubmissionAttempt(models.Model):
    """An online application sent from a client address: the rate limit counts these rows."""

    address = models.CharField(max_length=49, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.address} {self.submitted_at.isoformat()}"


# Masking: what a listing may show of an applicant.


def mask_phone(value):
    """138****1234: the first three and last four digits of a mobile number."""
    value = (value or "").strip()
    if len(value) <= 4:
        return "*" * len(value)
    if len(value) < 8:
        return "*" * (len(value) - 4) + value[-4:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_id_number(value):
    """35*************123: the first two and last three characters."""
    value = (value or "").strip()
    if len(value) <= 5:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 5) + value[-3:]


def mask_name(value):
    """张** for a person; an organization's name stays readable up to its last characters."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * min(len(value) - 1, 8) if len(value) > 1 else "*"


def mask_email(value):
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return (local[:1] + "***") + "@" + domain


def mask_address(value):
    """The address up to its 乡/镇/街道 (or its first ten characters), the rest hidden."""
    value = (value or "").strip()
    for marker in ("街道", "乡", "镇"):
        position = value.find(marker)
        if position != -1:
            return value[: position + len(marker)] + "***"
    return value[:10] + ("***" if len(value) > 10 else "")


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def recompute_open_requests(sender=None, days=(), **kwargs):
    """Receiver of ``deadlines.calendar_changed``: recompute the time limits of open applications those days touch."""
    requests = (
        InformationRequest.objects.filter(state__in=OPEN_STATES, received_on__isnull=False)
        .prefetch_related("events")
        .only("pk", "received_on", "channel", "reply_due", "deadline_status")
    )
    for request in requests.iterator(chunk_size=500):
        case = request.compute_deadlines(events=list(request.events.all()))
        if case is None or (days and not case.depends_on(days) and request.reply_due is not None):
            continue
        due = case.reply.due if case.reply else None
        if (due, case.status) != (request.reply_due, request.deadline_status):
            InformationRequest.objects.filter(pk=request.pk).update(reply_due=due, deadline_status=case.status)
