"""Registers shared by every site: organizations, domains, themes and small vocabularies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from gk_wagtail.formats.codes import validate_credit_code


class Organization(index.Indexed, models.Model):
    """机构: a government, department, township or village committee that issues and discloses information."""

    class Type(models.TextChoices):
        PEOPLES_GOVERNMENT = "government", _("people's government")
        DEPARTMENT = "department", _("department")
        TOWNSHIP = "township", _("township")
        SUBDISTRICT = "subdistrict", _("subdistrict")
        VILLAGE_COMMITTEE = "village", _("village committee")
        RESIDENTS_COMMITTEE = "community", _("residents' committee")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("As citizens say it, e.g. 市房管局 for 上海市房屋管理局."),
    )
    organization_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码, 18 characters; it starts every index number this organization assigns."),
    )
    # Contact data published in the 公开指南 and on the 依申请公开 page (条例第十二条).
    disclosure_office = models.CharField(_("disclosure office"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("organization_type")]),
        FieldPanel("parent"),
        FieldPanel("credit_code"),
        MultiFieldPanel(
            [
                FieldPanel("disclosure_office"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("office_hours"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldRowPanel([FieldPanel("website"), FieldPanel("email")]),
            ],
            heading=_("Contact data for the disclosure guide"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("organization_type"),
    ]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="gk_organization_unique_credit_code"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = self.credit_code.strip().upper()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An organization cannot be its own ancestor.")})
            ancestor = ancestor.parent


class Domain(models.Model):
    """领域: a 政务公开 domain such as 财政预决算; seeded with the 26 pilot domains, editable."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """主题分类: a heading of the two-level theme tree (gov.cn headings, editable)."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent heading"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("Optional short code used by index number rules that contain {theme_code}."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("code"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="gk_theme_unique_name_per_parent"),
        ]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("The theme tree has two levels: choose a first-level heading.")})
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError({"parent": _("This heading has sub-headings, so it must stay at the first level.")})


class VocabularyEntry(models.Model):
    """A word of a small vocabulary that administrators edit, in the order they give."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class InterpretationForm(VocabularyEntry):
    """解读形式: a form an interpretation takes (文字解读, 图表图解, 简明问答, ...)."""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("interpretation form")
        verbose_name_plural = _("interpretation forms")


class DisclosureStage(VocabularyEntry):
    """五公开: 决策, 执行, 管理, 服务 or 结果 — the stage of government work an item discloses."""

    name = models.CharField(_("name"), max_length=20, unique=True)

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("disclosure stage")
        verbose_name_plural = _("disclosure stages (五公开)")
        ordering = ["sort_order"]
