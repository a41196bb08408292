"""政策文件 and 政策解读: policies and the interpretations published with them (粤府办〔2020〕10号: 谁起草谁解读)."""

from django import forms
from django.db import models
from django.db.models import F, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from gk_wagtail.admin.panels import InterpretationLagPanel
from gk_wagtail.blocks import document_body_blocks
from gk_wagtail.conf import gk_settings
from gk_wagtail.formats.metadata import DocumentKind
from gk_wagtail.page_types.api_fields import coded
from gk_wagtail.page_types.documents import (
    KEYWORD_ITEMS,
    GovDocumentMixin,
    KeywordItemBase,
    keywords_field,
    page_summary,
    publicly_visible,
)
from gk_wagtail.workdays import add_working_days, working_days_between


class PolicyDocumentKeyword(KeywordItemBase):
    content_object = ParentalKey("gk_wagtail.PolicyDocumentPage", on_delete=models.CASCADE, related_name=KEYWORD_ITEMS)


class PolicyInterpretationKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "gk_wagtail.PolicyInterpretationPage", on_delete=models.CASCADE, related_name=KEYWORD_ITEMS
    )


class PolicyDocumentPage(GovDocumentMixin, Page):
    """政策文件: a policy document (规章, 规范性文件, plan, ...) with its metadata and body."""

    Kind = DocumentKind

    #: Kinds that must be interpreted: 规章 and 规范性文件 (粤府办〔2020〕10号, 谁起草谁解读).
    KINDS_REQUIRING_INTERPRETATION = (Kind.RULES, Kind.NORMATIVE_DOCUMENT)

    document_kind = models.CharField(
        _("kind of document"), max_length=30, choices=Kind.choices, default=Kind.NORMATIVE_DOCUMENT
    )
    body = StreamField(document_body_blocks(), verbose_name=_("body"), blank=True)
    keywords = keywords_field(PolicyDocumentKeyword)

    content_panels = (
        Page.content_panels
        + [FieldPanel("document_kind")]
        + GovDocumentMixin.metadata_panels
        + [
            FieldPanel("body"),
            FieldPanel("attachments"),
        ]
    )
    search_fields = (
        Page.search_fields
        + GovDocumentMixin.search_fields
        + [
            index.SearchField("body"),
            index.FilterField("document_kind"),
        ]
    )
    api_fields = GovDocumentMixin.api_fields + [
        *coded("document_kind"),
        APIField("body"),
        APIField("attachments"),
        APIField("interpretations"),
    ]
    parent_page_types = ["gk_wagtail.ColumnPage"]
    subpage_types = []
    template = "gk_wagtail/policies/policy_document_page.html"

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def has_body_content(self):
        return bool(self.body) or super().has_body_content()

    @cached_property
    def public_interpretations(self):
        return list(public_interpretations_of([self])[self.pk])

    @classmethod
    def fetch_public_interpretations(cls, policies):
        """Fill ``public_interpretations`` of every one of ``policies`` at once, for a listing of them."""
        interpretations = public_interpretations_of(policies)
        for policy in policies:
            policy.__dict__["public_interpretations"] = interpretations[policy.pk]

    @property
    def interpretations(self):
        return [page_summary(page) for page in self.public_interpretations]

    @property
    def needs_interpretation(self):
        return self.document_kind in self.KINDS_REQUIRING_INTERPRETATION


def public_interpretations_of(policies):
    """The public interpretations of each of ``policies``, oldest first, by policy id; two queries.

    Their forms come with them, since a policy's page names each one's forms.
    """
    interpretations = (
        PolicyInterpretationPage.objects.live()
        .public()
        .filter(policy_links__policy__in=[policy.pk for policy in policies])
        .annotate(interpreted_policy=F("policy_links__policy"))
        .order_by("date_published", "pk")
        .prefetch_related("interpretation_forms")
    )
    by_policy = {policy.pk: [] for policy in policies}
    for interpretation in interpretations:
        by_policy[interpretation.interpreted_policy].append(interpretation)
    return by_policy


class PolicyInterpretationLink(Orderable):
    """Ties an interpretation to a policy it explains."""

    page = ParentalKey("gk_wagtail.PolicyInterpretationPage", on_delete=models.CASCADE, related_name="policy_links")
    policy = models.ForeignKey(
        "gk_wagtail.PolicyDocumentPage",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [FieldPanel("policy")]

    class Meta(Orderable.Meta):
        verbose_name = _("interpreted policy")
        verbose_name_plural = _("interpreted policies")
        constraints = [models.UniqueConstraint(fields=["page", "policy"], name="gk_interpretation_policy_once")]


class PolicyInterpretationPage(GovDocumentMixin, Page):
    """政策解读: explains one or more policies, published within the lag limit after them."""

    interpretation_forms = ParentalManyToManyField(
        "gk_wagtail.InterpretationForm", verbose_name=_("forms of interpretation"), blank=True, related_name="+"
    )
    body = StreamField(document_body_blocks(), verbose_name=_("body"), blank=True)
    keywords = keywords_field(PolicyInterpretationKeyword)

    content_panels = (
        Page.content_panels
        + [
            InterpretationLagPanel(),
            MultipleChooserPanel(
                "policy_links", chooser_field_name="policy", heading=_("Policies interpreted"), min_num=1
            ),
            FieldPanel("interpretation_forms", widget=forms.CheckboxSelectMultiple),
        ]
        + GovDocumentMixin.metadata_panels
        + [
            FieldPanel("body"),
            FieldPanel("attachments"),
        ]
    )
    search_fields = Page.search_fields + GovDocumentMixin.search_fields + [index.SearchField("body")]
    api_fields = GovDocumentMixin.api_fields + [
        APIField("interpretation_form_names"),
        APIField("policies"),
        APIField("lag_working_days"),
        APIField("is_late"),
        APIField("body"),
        APIField("attachments"),
    ]
    parent_page_types = ["gk_wagtail.ColumnPage"]
    subpage_types = []
    template = "gk_wagtail/policies/policy_interpretation_page.html"

    class Meta:
        verbose_name = _("policy interpretation")
        verbose_name_plural = _("policy interpretations")

    def has_body_content(self):
        return bool(self.body) or super().has_body_content()

    @cached_property
    def interpreted_policies(self):
        # Plain .all(): reports prefetch the links with their policies, and modelcluster would
        # re-run (unfiltered by page) any further queryset method on a prefetched relation.
        links = list(self.policy_links.all())
        # The policies not fetched with the links (the page itself, a preview): one query for all.
        prefetch_related_objects(links, "policy")
        return [link.policy for link in links]

    @cached_property
    def public_policies(self):
        return publicly_visible(self.interpreted_policies)

    @property
    def policies(self):
        return [page_summary(policy) for policy in self.public_policies]

    @property
    def interpretation_form_names(self):
        return [form.name for form in self.interpretation_forms.all()]

    @property
    def lag_working_days(self):
        """Working days from the latest of its policies' publication to this interpretation's.

        The interpretation cannot come before the last policy it explains, so that
        policy starts the clock. None while either date is unknown.
        """
        policy_dates = [policy.date_published for policy in self.interpreted_policies if policy.date_published]
        if not policy_dates or not self.date_published:
            return None
        return working_days_between(max(policy_dates), self.date_published)

    @property
    def is_late(self):
        """Published after the last working day of the limit (a Saturday after a Friday deadline is late)."""
        policy_dates = [policy.date_published for policy in self.interpreted_policies if policy.date_published]
        if not policy_dates or not self.date_published:
            return False
        return self.date_published > add_working_days(max(policy_dates), gk_settings.INTERPRETATION_LAG_DAYS)

    @property
    def timeliness(self):
        if self.lag_working_days is None:
            return ""
        return _("late") if self.is_late else _("on time")
