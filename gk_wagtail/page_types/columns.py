"""Columns (栏目) of the 政府信息公开专栏: pages that list disclosed documents."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from gk_wagtail.formats.metadata import Validity
from gk_wagtail.formats.text import ascii_integer
from gk_wagtail.page_types.api_fields import coded
from gk_wagtail.page_types.documents import disclosed_documents, disclosed_page_models, public_pages
from gk_wagtail.registers import Organization, Theme

# The query-string rules the public pages (catalogs, village pages) and the search page share.

#: Bounds of the numbers a public query string may carry. A value outside them is a bad request,
#: so no number the database cannot hold (SQLite and PostgreSQL integers stop at 2**63-1) reaches a query.
MAX_ID = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_PAGE = 10_000
BAD_REQUEST_TEMPLATE = "gk_wagtail/bad_request.html"


class PlainIntegerField(forms.IntegerField):
    """A whole number written in ASCII digits and nothing else.

    ``int()`` also reads "١٢", " +1" and "1_000", and ``str.isdigit()`` passes "²", which ``int()``
    then refuses: neither is a test of what a link of this site can carry.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # More digits than MAX_ID has can only be out of range; refusing them early keeps int() cheap.
        number = ascii_integer(str(value), max_digits=len(str(MAX_ID)) + 1)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class PlainSelect(forms.Select):
    """A select that writes Django's markup in Python: Django's template includes one template per
    option, which for a filter of a few dozen organizations cost more than the list it filters."""

    @staticmethod
    def attributes(attrs):
        # As django/forms/widgets/attrs.html writes them: in order, True bare, False left out.
        return mark_safe(
            "".join(
                f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
                for key, value in attrs.items()
                if value is not False
            )
        )

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], self.attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        self.attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def page_field():
    # In context: Wagtail's admin says "Page" for a page of the site, and shares the catalogue.
    return PlainIntegerField(label=pgettext_lazy("pagination", "Page"), required=False, min_value=1, max_value=MAX_PAGE)


def bad_request_message(form):
    """A short message naming the first parameter of ``form`` whose value is not valid."""
    name = next(iter(form.errors))
    field = form.fields.get(name)
    label = field.label if field is not None and field.label else name
    return gettext("The address has an invalid “%(parameter)s”: correct it, or choose again from the page's links.") % {
        "parameter": label
    }


def bad_request(request, form, page=None):
    """The 400 page for a query string ``form`` refuses, with a link back to the page without it."""
    return TemplateResponse(
        request,
        BAD_REQUEST_TEMPLATE,
        {"page": page, "message": bad_request_message(form), "back_url": request.path},
        status=400,
    )


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
        _("column code"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("A stable code that importers and reports use to find this column."),
    )
    column_type = models.CharField(
        _("column type"), max_length=20, choices=ColumnType.choices, default=ColumnType.OTHER
    )
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
    api_fields = [APIField("column_code"), *coded("column_type"), APIField("description"), APIField("intro")]
    # No parent_page_types: integrators place the disclosure section under their own home page types.
    subpage_types = ["gk_wagtail.ColumnPage", "gk_wagtail.PolicyDocumentPage", "gk_wagtail.PolicyInterpretationPage"]
    subpage_types += [
        "gk_wagtail.OpinionResponsePage",
        "gk_wagtail.VillageAffairsIndexPage",
        "gk_wagtail.StandardCatalogPage",
    ]

    page_size = 20
    template = "gk_wagtail/columns/column_page.html"

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def documents(self):
        """Live, public disclosed documents of every type under this column, newest first.

        Base ``Page`` rows annotated with their metadata (``doc_date``, ``doc_organ``, ``doc_theme``,
        ``doc_validity``), so one query filters and orders documents of all types together; call
        ``.specific()`` on the page of results you show.
        """
        return disclosed_documents().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = self.documents()
        form = DocumentFilterForm(request.GET, facets=document_facets(documents))
        documents = form.filter(documents)
        # A list shows no body: the StreamFields stay in the database rather than be read and parsed.
        page = Paginator(documents.defer_streamfields().specific(), self.page_size).get_page(request.GET.get("page"))
        # The page's own list, so that the template and the prefetch below share one evaluation.
        page.object_list = list(page.object_list)
        prefetch_related_objects(page.object_list, "issuing_organ")
        context.update(
            documents=page,
            filter_form=form,
            query_string=form.query_string(),
            subcolumns=self.get_children().live().public().type(ColumnPage),
            # Catalogs, village pages and other pages that are not documents: listed by title.
            other_pages=self.get_children().live().public().not_type(ColumnPage, *disclosed_page_models()),
        )
        return context


def on_request_column(site):
    """The 依申请公开 column of ``site`` a citizen may open (the one gk_setup_columns makes), or None.

    Its page holds the application guide, the flow chart and the form; the first one in tree order
    counts when editors made several.
    """
    if site is None:
        return None
    return (
        ColumnPage.objects.descendant_of(site.root_page, inclusive=True)
        .filter(column_type=ColumnType.ON_REQUEST, pk__in=public_pages().values("pk"))
        .order_by("path")
        .first()
    )


def document_facets(documents):
    """The years, themes and issuing organizations found among ``documents``, for the filter form."""
    values = list(
        documents.order_by()
        .annotate(doc_year=ExtractYear("doc_date"))
        .values_list("doc_year", "doc_theme", "doc_organ")
        .distinct()
    )
    theme_ids = {theme for _year, theme, _organ in values if theme}
    organ_ids = {organ for _year, _theme, organ in values if organ}
    return {
        "years": sorted({year for year, _theme, _organ in values if year}, reverse=True),
        # First-level headings too, so a citizen can choose 财政、金融、审计 and get all of its sub-headings.
        "themes": list(
            Theme.objects.filter(Q(pk__in=theme_ids) | Q(children__in=theme_ids))
            .distinct()
            .select_related("parent")
            .order_by("parent__sort_order", "sort_order", "name")
        )
        if theme_ids
        else [],
        "organizations": list(Organization.objects.filter(pk__in=organ_ids)) if organ_ids else [],
    }


class DocumentFilterForm(forms.Form):
    """The filters above a column's list: year, theme, validity and issuing organization (GET).

    Each value must be one of the choices the column offers now, compared as text before it is
    made a number, so no value a link of the site could not carry (another script's digits, a
    number past the database's range) reaches a query. Any other value is left out of the filter
    rather than refused: links kept from before the documents changed still show the column.
    """

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None, widget=PlainSelect)
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, required=False, empty_value=None, widget=PlainSelect)
    validity = forms.ChoiceField(
        label=_("Validity"), required=False, choices=[("", _("All"))] + Validity.choices, widget=PlainSelect
    )
    issuing_organ = forms.TypedChoiceField(
        label=_("Issuing organization"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )

    def __init__(self, data, *, facets):
        super().__init__({key: data[key] for key in self.base_fields if key in data})
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(year, str(year)) for year in facets["years"]]
        self.fields["theme"].choices = everything + [(theme.pk, str(theme)) for theme in facets["themes"]]
        self.fields["issuing_organ"].choices = everything + [
            (organization.pk, organization.name) for organization in facets["organizations"]
        ]
        self.themes = facets["themes"]

    def filter(self, documents):
        """``documents`` narrowed by the valid filters; a stale or mistyped value is ignored, not an error page."""
        self.is_valid()
        values = self.chosen()
        if "year" in values:
            documents = documents.filter(doc_date__year=values["year"])
        if "theme" in values:
            chosen = {values["theme"]} | {theme.pk for theme in self.themes if theme.parent_id == values["theme"]}
            documents = documents.filter(doc_theme__in=chosen)
        if "validity" in values:
            documents = documents.filter(doc_validity=values["validity"])
        if "issuing_organ" in values:
            documents = documents.filter(doc_organ=values["issuing_organ"])
        return documents

    def chosen(self):
        return {name: value for name, value in self.cleaned_data.items() if value}

    def query_string(self):
        """The valid filters as a query string, for the pagination links."""
        return urlencode(self.chosen())
