"""Metadata every disclosed item carries (国办发〔2017〕47号 and docs/metadata.md), shared by all disclosed page types."""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from gk_wagtail.blocks.attachments import AttachmentBlock
from gk_wagtail.formats.codes import normalize_document_number
from gk_wagtail.formats.metadata import Validity
from gk_wagtail.index_numbers import IssuedIndexNumber, assign_index_number, check_can_assign
from gk_wagtail.page_types.api_fields import OrganizationField, ThemeField, coded
from gk_wagtail.page_types.slugs import ShortSlugMixin


class KeywordItemBase(TaggedItemBase):
    """A 主题词 (keyword) of one page; each page type with keywords keeps them in a table of its own.

    A subclass adds ``content_object``, a ``ParentalKey`` to its page type with ``related_name=KEYWORD_ITEMS``,
    and the type declares ``keywords = keywords_field(<the subclass>)``. One table keyed on ``wagtailcore.Page``
    would make Wagtail read it, through modelcluster, on every save and revision of every page in the site.
    """

    class Meta:
        abstract = True
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")


#: The reverse name of every keyword table's ``content_object``.
KEYWORD_ITEMS = "gk_keyword_items"


def keywords_field(through):
    """The ``keywords`` of a disclosed page type, held in ``through`` (a ``KeywordItemBase``)."""
    return ClusterTaggableManager(_("keywords"), through=through, blank=True)


class DisclosureAttribute(models.TextChoices):
    """公开属性, decided when the document is drafted (粤府办〔2020〕10号: 公文起草时明确公开属性)."""

    PUBLIC = "public", _("published in full")
    REDACTED = "redacted", _("published after redaction")
    ON_REQUEST = "on_request", _("disclosed on request")
    NOT_PUBLIC = "not_public", _("not disclosed")

    @classmethod
    def withheld(cls):
        return {cls.ON_REQUEST, cls.NOT_PUBLIC}


# The line that closes the body of a disclosed document, e.g. （此件公开发布）.
ATTRIBUTE_LINES = {
    DisclosureAttribute.PUBLIC: _("(This document is published in full.)"),
    DisclosureAttribute.REDACTED: _("(This document is published after redaction.)"),
    DisclosureAttribute.ON_REQUEST: _("(This document is disclosed on request.)"),
    DisclosureAttribute.NOT_PUBLIC: _("(This document is not disclosed.)"),
}


WITHHELD_WITH_BODY_MESSAGE = _(
    "A document disclosed on request or not disclosed is published as a catalogue entry only: "
    "remove its body and attachments, or change the disclosure attribute."
)


class GovDocumentMixin(ShortSlugMixin, models.Model):
    """The metadata table of a disclosed document: 索引号, 文号, 公开属性, 有效性 and the rest.

    A concrete page type adds ``keywords = keywords_field(...)`` with its own ``KeywordItemBase``
    (system check gk_wagtail.E090); the panels, search fields and API fields here name it.

    公开属性 依申请公开 and 不公开 items are published as catalogue entries: the
    metadata and the reason are public (条例 requires the 目录 to list them), the
    body and attachments never are, so the page refuses to hold them.
    """

    index_number = models.CharField(
        _("index number"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Assigned automatically at first publish and never changed afterwards."),
    )
    issuing_organ = models.ForeignKey(
        "gk_wagtail.Organization",
        verbose_name=_("issuing organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    theme = models.ForeignKey(
        "gk_wagtail.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date_written = models.DateField(
        _("date written"), null=True, blank=True, help_text=_("The date the document was signed.")
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("As written, e.g. 粤府办〔2020〕10号.")
    )
    document_number_normalized = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    date_published = models.DateField(
        _("date published"),
        null=True,
        blank=True,
        help_text=_("Filled in with the date of first publishing when left empty."),
    )
    summary = models.TextField(_("summary"), blank=True)
    validity = models.CharField(_("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    repeal_date = models.DateField(_("repeal date"), null=True, blank=True)
    disclosure_attribute = models.CharField(
        _("disclosure attribute"),
        max_length=12,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PUBLIC,
    )
    non_disclosure_reason = models.TextField(
        _("reason for not publishing"),
        blank=True,
        help_text=_("Required for documents disclosed on request or not disclosed; reviewed every year."),
    )
    disclosure_stages = ParentalManyToManyField(
        "gk_wagtail.DisclosureStage", verbose_name=_("disclosure stages (五公开)"), blank=True, related_name="+"
    )
    domains = ParentalManyToManyField("gk_wagtail.Domain", verbose_name=_("domains"), blank=True, related_name="+")
    attachments = StreamField([("attachment", AttachmentBlock())], verbose_name=_("attachments"), blank=True)
    source_url = models.URLField(
        _("original address"),
        max_length=500,
        blank=True,
        help_text=_("Where the document was first published, if elsewhere."),
    )
    information_source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_(
            "信息来源: where the text was first published, e.g. a newspaper or another site. "
            "It says where the text comes from, not who issued the document."
        ),
    )
    # Set by importers: the key a re-run finds the page by. A legacy document keeps the index
    # number it came with and never gets a new one: numbering it now would misstate its history.
    import_source = models.CharField(_("import source"), max_length=255, blank=True, editable=False, db_index=True)

    metadata_panels = [
        MultiFieldPanel(
            [
                FieldPanel("index_number", read_only=True),
                FieldRowPanel([FieldPanel("issuing_organ"), FieldPanel("theme")]),
                FieldRowPanel(
                    [FieldPanel("document_number"), FieldPanel("date_written"), FieldPanel("date_published")]
                ),
                FieldPanel("keywords"),
                FieldPanel("summary"),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("effective_date"), FieldPanel("repeal_date")]),
                FieldPanel("disclosure_attribute"),
                FieldPanel("non_disclosure_reason"),
                FieldPanel("disclosure_stages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("domains", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("information_source"), FieldPanel("source_url")]),
            ],
            heading=_("Disclosure metadata"),
        ),
    ]

    search_fields = [
        index.SearchField("document_number", boost=3),
        index.SearchField("document_number_normalized", boost=3),
        index.SearchField("index_number"),
        index.SearchField("summary"),
        index.RelatedFields("issuing_organ", [index.SearchField("name"), index.SearchField("short_name")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("issuing_organ"),
        index.FilterField("theme"),
        index.FilterField("validity"),
        index.FilterField("date_published"),
        index.FilterField("disclosure_attribute"),
    ]
    # Codes keep their values and gain a label; organizations and themes come whole (page_types/api_fields.py).
    api_fields = [
        APIField("index_number"),
        APIField("issuing_organ", serializer=OrganizationField()),
        APIField("issuing_organ_name"),
        APIField("theme", serializer=ThemeField()),
        APIField("theme_name"),
        APIField("date_written"),
        APIField("document_number"),
        APIField("document_number_normalized"),
        APIField("date_published"),
        APIField("keyword_names"),
        APIField("summary"),
        *coded("validity"),
        APIField("effective_date"),
        APIField("repeal_date"),
        *coded("disclosure_attribute"),
        APIField("non_disclosure_reason"),
        APIField("disclosure_stage_names"),
        APIField("domain_names"),
        APIField("source_url"),
        APIField("information_source"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        newly_numbered = self.prepare_to_save()
        if newly_numbered:
            self.index_number = assign_index_number(
                self.issuing_organ, self.title, self.date_published, page_id=self.pk, theme=self.theme
            )
        result = super().save(*args, **kwargs)
        if newly_numbered:
            IssuedIndexNumber.objects.filter(value=self.index_number, page_id=None).update(page_id=self.pk)
        return result

    def prepare_to_save(self):
        """Check and fill in what every save needs, but the index number; True if the page needs one now.

        ``save()`` runs it, and so does the bulk publisher (importers/bulk.py), which writes rows without ``save()``.
        """
        # Importers and scripts skip clean(); the full text must still never reach the public site.
        if self.is_withheld and self.has_body_content():
            raise ValidationError({"disclosure_attribute": WITHHELD_WITH_BODY_MESSAGE})
        self.document_number_normalized = normalize_document_number(self.document_number)
        # An undated legacy document stays undated rather than taking the import's date.
        if self.live and self.date_published is None and not self.import_source:
            self.date_published = timezone.localdate()
        return self.live and not self.index_number and not self.import_source

    def clean(self):
        super().clean()
        errors = {}
        self.document_number = self.document_number.strip()
        # Previews and revisions show the normalized 文号 too, before save() sets it.
        self.document_number_normalized = normalize_document_number(self.document_number)
        if self.is_withheld:
            if not self.non_disclosure_reason.strip():
                errors["non_disclosure_reason"] = _(
                    "Give the reason: documents disclosed on request or not disclosed are listed in the catalogue with it."
                )
            if self.has_body_content():
                errors["disclosure_attribute"] = WITHHELD_WITH_BODY_MESSAGE
        if self.effective_date and self.repeal_date and self.repeal_date < self.effective_date:
            errors["repeal_date"] = _("The repeal date cannot be before the effective date.")
        # Legacy sources rarely record when a document was repealed; new entries must.
        if self.validity == Validity.REPEALED and not self.repeal_date and not self.import_source:
            errors["repeal_date"] = _("Give the date the document was repealed.")
        if not self.index_number and not self.import_source:
            try:
                check_can_assign(self.issuing_organ, self.theme)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, messages)
        if errors:
            raise ValidationError(errors)

    # Values for the API and templates; names say what they are.
    @property
    def issuing_organ_name(self):
        return self.issuing_organ.name if self.issuing_organ else ""

    @property
    def theme_name(self):
        return str(self.theme) if self.theme else ""

    @property
    def keyword_names(self):
        return [tag.name for tag in self.keywords.all()]

    @property
    def disclosure_stage_names(self):
        return [stage.name for stage in self.disclosure_stages.all()]

    @property
    def domain_names(self):
        return [domain.name for domain in self.domains.all()]

    @property
    def is_withheld(self):
        return self.disclosure_attribute in DisclosureAttribute.withheld()

    @property
    def attribute_line(self):
        return ATTRIBUTE_LINES[self.disclosure_attribute]

    def has_body_content(self):
        """Whether the page holds any text or file a withheld document must not publish."""
        return bool(self.attachments)

    def with_content_json(self, content):
        # A revision drafted before first publish has no index number; keep the page's own.
        page = super().with_content_json(content)
        page.index_number = self.index_number
        return page


def public_pages():
    """The pages a citizen may see: live and behind no password or login restriction.

    The one rule for every link a public page, the API or a feed shows to another page, and for
    the files those pages publish.
    """
    return Page.objects.live().public()


def publicly_visible(pages):
    """Of ``pages``, those a citizen may see (``public_pages``); one query."""
    pages = [page for page in pages if page is not None and page.live]
    if not pages:
        return []
    visible = set(public_pages().filter(pk__in=[page.pk for page in pages]).values_list("pk", flat=True))
    return [page for page in pages if page.pk in visible]


def pages_showing_content():
    """The public pages whose body and attachments a citizen may read: all but withheld documents'.

    A document disclosed on request or not disclosed is a catalogue entry: its page shows the
    metadata and the reason, never a body or an attachment, so no file it names is published
    through it. Pages without the disclosure metadata show their content.
    """
    attribute = metadata_expression("disclosure_attribute", disclosed_page_models())
    if attribute is None:
        return public_pages()
    shown = [value for value in DisclosureAttribute if value not in DisclosureAttribute.withheld()]
    return public_pages().alias(disclosure=attribute).filter(Q(disclosure__isnull=True) | Q(disclosure__in=shown))


def page_summary(page):
    """What the API and templates show of a linked disclosed page."""
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url(),
        # Absolute, from the page's site, for portals that republish the API's items.
        "html_url": page.get_full_url(),
        "index_number": page.index_number,
        "date_published": page.date_published.isoformat() if page.date_published else None,
    }


# The disclosed documents across all page types: one definition for column listings, the
# coverage report and the citizen search.


def disclosed_page_models():
    """Every page model that carries the disclosure metadata, proxy models included."""
    return [model for model in apps.get_models() if issubclass(model, Page) and issubclass(model, GovDocumentMixin)]


def content_types_of(models):
    """The content types of ``models``; a proxy keeps its own, as Wagtail stores it on its pages."""
    return ContentType.objects.get_for_models(*models, for_concrete_models=False).values()


def lookup_from_page(model):
    """The query path from Page to the table of ``model`` (its concrete model), e.g. "policydocumentpage"."""
    model = model._meta.concrete_model
    parts = []
    while model is not Page:
        parent, link = next((parent, link) for parent, link in model._meta.parents.items() if issubclass(parent, Page))
        parts.append(link.related_query_name())
        model = parent
    return "__".join(reversed(parts))


def metadata_expression(field_name, models, output_field=None):
    """One expression for ``field_name`` over pages of any of ``models``, whichever table holds it.

    Models that inherit the field from another page model share that model's table, so each table
    is read once. None when no model has the field.
    """
    lookups = []
    for model in models:
        try:
            owner = model._meta.concrete_model._meta.get_field(field_name).model
        except FieldDoesNotExist:
            continue
        if issubclass(owner, Page) and (lookup := lookup_from_page(owner)) not in lookups:
            lookups.append(lookup)
    expressions = [F(f"{lookup}__{field_name}") for lookup in lookups]
    if len(expressions) <= 1:
        return expressions[0] if expressions else None
    return Coalesce(*expressions, output_field=output_field)


def disclosed_documents():
    """Live, public pages of every disclosed type, annotated with their metadata, newest first.

    Base ``Page`` rows with ``doc_date``, ``doc_organ``, ``doc_theme`` and ``doc_validity``, so one
    query filters and orders documents of all types together; call ``.specific()`` on the page of
    results you show.
    """
    models = disclosed_page_models()
    if not models:
        return Page.objects.none()
    return (
        public_pages()
        .filter(content_type__in=content_types_of(models))
        .annotate(
            doc_date=metadata_expression("date_published", models),
            doc_organ=metadata_expression("issuing_organ", models),
            doc_theme=metadata_expression("theme", models),
            doc_validity=metadata_expression("validity", models),
        )
        .order_by(F("doc_date").desc(nulls_last=True), "-first_published_at", "-pk")
    )
