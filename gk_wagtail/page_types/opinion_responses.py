"""舆情回应: responses to public opinion, their deadlines and the commitments they make (国办发〔2016〕61号)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from gk_wagtail.blocks import document_body_blocks
from gk_wagtail.page_types.api_fields import OrganizationField
from gk_wagtail.page_types.documents import (
    KEYWORD_ITEMS,
    GovDocumentMixin,
    KeywordItemBase,
    keywords_field,
    page_summary,
    publicly_visible,
)
from gk_wagtail.page_types.policies import PolicyDocumentPage, PolicyInterpretationPage


class Severity(models.TextChoices):
    MAJOR = "major", _("particularly serious or major emergency")
    ORDINARY = "ordinary", _("ordinary public opinion")


class ResponseStatus(models.TextChoices):
    """The mechanism 收集 → 研判 → 处置 → 回应 → 督办 → 办结 (粤府办〔2020〕10号)."""

    COLLECTING = "collecting", _("collecting")
    ASSESSING = "assessing", _("assessing")
    HANDLING = "handling", _("handling")
    RESPONDED = "responded", _("responded")
    SUPERVISING = "supervising", _("under supervision")
    CLOSED = "closed", _("closed")

    @classmethod
    def after_response(cls):
        return {cls.RESPONDED, cls.SUPERVISING, cls.CLOSED}


class DeadlineState(models.TextChoices):
    MET = "met", _("met")
    MISSED = "missed", _("missed")
    PENDING = "pending", _("pending")


@dataclass(frozen=True)
class DeadlineRule:
    """Something that must happen within ``hours`` clock hours of first notice, recorded in ``field``."""

    key: str
    label: str
    field: str
    hours: int


# 国办发〔2016〕61号 and 〔2016〕80号: clock hours from first notice, not working days.
DEADLINE_RULES = {
    Severity.MAJOR: (
        DeadlineRule("information", _("Authoritative information"), "responded_at", 5),
        DeadlineRule("press_conference", _("Press conference"), "press_conference_at", 24),
    ),
    Severity.ORDINARY: (DeadlineRule("response", _("Response"), "responded_at", 48),),
}


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    due: datetime.datetime
    done_at: datetime.datetime | None
    state: str

    @property
    def label(self):
        return self.rule.label

    @property
    def state_label(self):
        return DeadlineState(self.state).label

    def as_dict(self):
        return {
            "name": self.rule.key,
            "hours": self.rule.hours,
            "due": self.due.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "state": self.state,
        }


def deadline_state(due, done_at, now):
    """Met when done by the due moment, missed when done later or not done once it has passed."""
    if done_at is not None:
        return DeadlineState.MET if done_at <= due else DeadlineState.MISSED
    return DeadlineState.MISSED if now > due else DeadlineState.PENDING


class OpinionResponseLink(Orderable):
    """A policy or interpretation that a response refers the public to."""

    page = ParentalKey("gk_wagtail.OpinionResponsePage", on_delete=models.CASCADE, related_name="related_links")
    linked_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("policy or interpretation"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [
        PageChooserPanel(
            "linked_page", page_type=["gk_wagtail.PolicyDocumentPage", "gk_wagtail.PolicyInterpretationPage"]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("related policy or interpretation")
        verbose_name_plural = _("related policies and interpretations")

    def clean(self):
        if self.linked_page_id and not issubclass(
            self.linked_page.specific_class, (PolicyDocumentPage, PolicyInterpretationPage)
        ):
            raise ValidationError({"linked_page": _("Choose a policy document or a policy interpretation.")})


class CommitmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    KEPT = "kept", _("kept")


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Commitments not kept whose due date has passed."""
        today = today or timezone.localdate()
        return self.exclude(status=CommitmentStatus.KEPT).filter(due_date__lt=today)


class OpinionCommitment(Orderable):
    """A promise made in a response: the ledger checks it is kept and its outcome published (the 舆情回应台账 of the provincial 2021 政务公开工作要点)."""

    page = ParentalKey("gk_wagtail.OpinionResponsePage", on_delete=models.CASCADE, related_name="commitments")
    promise = models.TextField(_("what was promised"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.IN_PROGRESS
    )
    evidence_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page showing it was kept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published page that shows the outcome; required once the commitment is kept."),
    )

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("promise"),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status")]),
        PageChooserPanel("evidence_page"),
    ]
    # Whether a commitment is overdue is the ledger's business (INTERNAL_FIELDS of the page).
    api_fields = [
        APIField("promise"),
        APIField("due_date"),
        APIField("status"),
        APIField("status_label"),
        APIField("evidence"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.promise

    def clean(self):
        if self.status == CommitmentStatus.KEPT and not self.evidence_page_id:
            raise ValidationError(
                {"evidence_page": _("A kept commitment needs the page that shows the outcome to the public.")}
            )

    def overdue_on(self, today):
        return self.status != CommitmentStatus.KEPT and self.due_date < today

    @property
    def is_overdue(self):
        return self.overdue_on(timezone.localdate())

    @property
    def outcome_published(self):
        return bool(self.evidence_page_id and self.evidence_page.live)

    @property
    def evidence_title(self):
        return self.evidence_page.title if self.evidence_page_id else ""

    @property
    def status_label(self):
        return self.get_status_display()

    @cached_property
    def evidence(self):
        """The page showing the outcome, when a citizen may see it (``publicly_visible``)."""
        if not self.evidence_page_id or not publicly_visible([self.evidence_page]):
            return None
        return evidence_summary(self.evidence_page)


def evidence_summary(page):
    return {"id": page.pk, "title": page.title, "url": page.url, "html_url": page.get_full_url()}


class OpinionResponseKeyword(KeywordItemBase):
    content_object = ParentalKey("gk_wagtail.OpinionResponsePage", on_delete=models.CASCADE, related_name=KEYWORD_ITEMS)


class OpinionResponsePage(GovDocumentMixin, Page):
    """舆情回应: a response to public opinion, with its deadlines from first notice and its commitments.

    The page is created when the matter is first noticed and follows it through the ledger;
    only the published response appears in the 回应关切 column. The ledger's own fields
    (``INTERNAL_FIELDS``) are for the admin and its reports: no public template, API field or
    search field shows them.
    """

    #: How the matter is tracked inside the government: when and where it was first noticed, how
    #: serious it was judged, where it stands and which deadlines were met.
    INTERNAL_FIELDS = (
        "first_noticed_at",
        "first_noticed_where",
        "severity",
        "status",
        "deadline_summary",
        "current_deadlines",
        "deadline_text",
    )

    topic = models.CharField(_("topic"), max_length=255, help_text=_("The matter the public is concerned about."))
    first_noticed_at = models.DateTimeField(_("first noticed at"))
    first_noticed_where = models.CharField(
        _("first noticed where"), max_length=255, help_text=_("E.g. 12345 hotline, Weibo, a news report.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY)
    responsible_organization = models.ForeignKey(
        "gk_wagtail.Organization",
        verbose_name=_("responsible organization"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("属地管理、分级负责、谁主管谁负责: the organization in charge of the matter."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.COLLECTING
    )
    responded_at = models.DateTimeField(
        _("first response released at"),
        null=True,
        blank=True,
        help_text=_("When the first authoritative information or response was released."),
    )
    press_conference_at = models.DateTimeField(
        _("press conference held at"),
        null=True,
        blank=True,
        help_text=_("Required within 24 hours for particularly serious or major emergencies."),
    )
    body = StreamField(document_body_blocks(), verbose_name=_("response"), blank=True)
    keywords = keywords_field(OpinionResponseKeyword)

    content_panels = (
        Page.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("topic"),
                    FieldRowPanel([FieldPanel("first_noticed_at"), FieldPanel("first_noticed_where")]),
                    FieldRowPanel([FieldPanel("severity"), FieldPanel("responsible_organization")]),
                    FieldPanel("status"),
                    FieldRowPanel([FieldPanel("responded_at"), FieldPanel("press_conference_at")]),
                ],
                heading=_("Ledger"),
            ),
        ]
        + GovDocumentMixin.metadata_panels
        + [
            FieldPanel("body"),
            InlinePanel("related_links", heading=_("Policies and interpretations concerned"), label=_("link")),
            InlinePanel("commitments", heading=_("Commitments"), label=_("commitment")),
            FieldPanel("attachments"),
        ]
    )
    search_fields = (
        Page.search_fields
        + GovDocumentMixin.search_fields
        + [
            index.SearchField("topic", boost=2),
            index.SearchField("body"),
            index.FilterField("responsible_organization"),
        ]
    )
    api_fields = GovDocumentMixin.api_fields + [
        APIField("topic"),
        APIField("responsible_organization", serializer=OrganizationField()),
        APIField("responsible_organization_name"),
        APIField("responded_at"),
        APIField("press_conference_at"),
        APIField("body"),
        APIField("related_pages"),
        APIField("commitments"),
        APIField("attachments"),
    ]
    parent_page_types = ["gk_wagtail.ColumnPage"]
    subpage_types = []
    template = "gk_wagtail/opinion_responses/opinion_response_page.html"

    class Meta:
        verbose_name = _("response to public opinion")
        verbose_name_plural = _("responses to public opinion")

    def has_body_content(self):
        return bool(self.body) or super().has_body_content()

    def clean(self):
        try:
            super().clean()
            errors = {}
        except ValidationError as error:
            errors = error.update_error_dict({})
        for field in ("responded_at", "press_conference_at"):
            value = getattr(self, field)
            if value and self.first_noticed_at and value < self.first_noticed_at:
                errors.setdefault(field, []).append(_("This cannot be before the matter was first noticed."))
        if self.status in ResponseStatus.after_response() and not self.responded_at:
            errors.setdefault("responded_at", []).append(
                _("Give the time of the first response: the status says the matter has been responded to.")
            )
        if errors:
            raise ValidationError(errors)

    def save_revision(self, *args, **kwargs):
        revision = super().save_revision(*args, **kwargs)
        # The ledger follows a response from first notice, long before it is published; Wagtail
        # keeps a draft's edits in its revisions only, so write them to a never-published page's row.
        if not self.live and not self.first_published_at:
            self.save(clean=False)
        return revision

    # Deadlines
    def deadlines(self, now=None):
        """Each deadline that applies to this severity, with its due moment and state as of ``now``."""
        if self.first_noticed_at is None:
            return []
        now = now or timezone.now()
        result = []
        for rule in DEADLINE_RULES[self.severity]:
            due = self.first_noticed_at + datetime.timedelta(hours=rule.hours)
            done_at = getattr(self, rule.field)
            result.append(Deadline(rule, due, done_at, deadline_state(due, done_at, now)))
        return result

    @cached_property
    def current_deadlines(self):
        return self.deadlines()

    @property
    def deadline_summary(self):
        return [deadline.as_dict() for deadline in self.current_deadlines]

    @property
    def deadline_text(self):
        """One line for the ledger and its exports, e.g. "Authoritative information: met; Press conference: missed"."""
        return "; ".join(f"{deadline.label}: {deadline.state_label}" for deadline in self.current_deadlines)

    # Values for the API, templates and the ledger
    @property
    def responsible_organization_name(self):
        return self.responsible_organization.name if self.responsible_organization_id else ""

    @cached_property
    def public_related_pages(self):
        links = self.related_links.select_related("linked_page")
        visible = publicly_visible(link.linked_page for link in links)
        # The specific pages in one query per page type, not one per page.
        specific = Page.objects.filter(pk__in=[page.pk for page in visible]).defer_streamfields().specific()
        by_pk = {page.pk: page for page in specific}
        return [by_pk[page.pk] for page in visible if page.pk in by_pk]

    @cached_property
    def public_commitments(self):
        """The commitments, with the evidence pages read and checked for all of them at once."""
        commitments = list(self.commitments.select_related("evidence_page"))
        shown = {page.pk for page in publicly_visible(c.evidence_page for c in commitments if c.evidence_page_id)}
        for commitment in commitments:
            page = commitment.evidence_page if commitment.evidence_page_id in shown else None
            commitment.__dict__["evidence"] = evidence_summary(page) if page is not None else None
        return commitments

    @property
    def related_pages(self):
        return [page_summary(page) for page in self.public_related_pages]
