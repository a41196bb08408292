"""Columns (栏目) of the 政府信息公开专栏: pages that list disclosed documents."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class ColumnType(models.TextChoices):
    """ColumnType values of the 政府网站发展指引 (国办发〔2017〕47号) meta tags."""

    POLICY_DOCUMENTS = "政策文件", _("policy documents")
    POLICY_INTERPRETATIONS = "政策解读", _("policy interpretations")
    RESPONSES = "回应关切", _("responses to public concerns")
    GUIDE = "信息公开指南", _("disclosure guide")
    CATALOGUE = "信息公开目录", _("disclosure catalogue")
    ANNUAL_REPORT = "信息公开年报", _("annual disclosure report")
    ON_REQUEST = "依法申请公开", _("disclosure on request")
    RULES = "信息公开制度", _("disclosure rules")
    OTHER = "其他", _("other")


class ColumnPage(Page):
    """栏目: a column of the disclosure section that lists the documents published under it."""

    column_code = models.CharField(
        _("column code"), max_length=60, blank=True, db_index=True,
        help_text=_("A stable code that importers and reports use to find this column."),
    )
    column_type = models.CharField(_("column type"), max_length=20, choices=ColumnType.choices, default=ColumnType.OTHER)
    description = models.CharField(_("description"), max_length=255, blank=True)
    column_keywords = models.CharField(_("keywords"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("column_code"), FieldPanel("column_type")]),
                FieldPanel("description"),
                FieldPanel("column_keywords"),
            ],
            heading=_("Column"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("column_code")]
    api_fields = [APIField("column_code"), APIField("column_type"), APIField("description"), APIField("intro")]
    # No parent_page_types: integrators place the disclosure section under their own home page types.
    subpage_types = ["gk_wagtail.ColumnPage", "gk_wagtail.PolicyDocumentPage", "gk_wagtail.PolicyInterpretationPage"]

    page_size = 20
    template = "gk_wagtail/pages/column_page.html"

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def documents(self):
        """Live disclosed documents under this column, newest first."""
        return (
            Page.objects.live().public().descendant_of(self).exclude(content_type=self.content_type)
            .specific().order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.documents(), self.page_size)
        context["documents"] = paginator.get_page(request.GET.get("page"))
        context["subcolumns"] = self.get_children().live().public().type(ColumnPage)
        return context
