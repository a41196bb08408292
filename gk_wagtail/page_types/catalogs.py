"""标准目录: the standard catalog page, its rows and the channel register (see docs/catalogs.md).

A catalog's rows are an inline (``CatalogItem``) of the page, so they are saved in revisions and go
through review with the page like any other content (先审后发); an import writes a new draft
revision, never the live rows.
"""

from dataclasses import asdict

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from gk_wagtail.formats.catalog_rows import (
    NUMBER_LENGTH,
    SHORT_TEXT_LENGTH,
    Audience,
    CatalogRow,
    LegalBasis,
    Level,
    Method,
    format_legal_bases,
    parse_legal_bases,
    parse_working_days,
)
from gk_wagtail.page_types.api_fields import OrganizationField, coded
from gk_wagtail.page_types.columns import bad_request
from gk_wagtail.registers import VocabularyEntry


class DisclosureChannel(VocabularyEntry):
    """公开渠道和载体: a channel a catalog row's information is published through; the list is editable."""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("disclosure channel")
        verbose_name_plural = _("disclosure channels")


def default_level_columns():
    return [Level.COUNTY.value, Level.TOWNSHIP.value]


class LevelListField(models.JSONField):
    """A list of 公开层级 values, ticked in the admin and kept in :class:`Level` order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        defaults = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "choices": Level.choices,
            "widget": forms.CheckboxSelectMultiple,
        }
        return forms.MultipleChoiceField(**(defaults | kwargs))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if unknown := [level for level in value if level not in Level.values]:
            raise ValidationError(
                gettext("Unknown levels %(levels)s; use %(choices)s.")
                % {"levels": "、".join(map(str, unknown)), "choices": "、".join(Level.values)}
            )

    def pre_save(self, model_instance, add):
        value = [level for level in Level.values if level in getattr(model_instance, self.attname)]
        setattr(model_instance, self.attname, value)
        return value


class LegalBasesFormField(forms.CharField):
    """公开依据 edited as text, one citation a line with its rank: 【法律】《中华人民共和国预算法》第十四条."""

    widget = AdminAutoHeightTextInput

    def prepare_value(self, value):
        if isinstance(value, list):
            return format_legal_bases([LegalBasis(**basis) for basis in value])
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [asdict(basis) for basis in parse_legal_bases(super().to_python(value))]


class LegalBasesField(models.JSONField):
    """公开依据: a list of ``{"rank": "法律", "citation": "《…》第十四条"}``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        defaults = {"required": not self.blank, "label": capfirst(self.verbose_name), "help_text": self.help_text}
        return LegalBasesFormField(**(defaults | kwargs))


class CatalogDomain(Orderable):
    """A domain a catalog covers, with its 未涉及领域说明 where the organization has no such matters."""

    page = ParentalKey("gk_wagtail.StandardCatalogPage", on_delete=models.CASCADE, related_name="catalog_domains")
    domain = models.ForeignKey(
        "gk_wagtail.Domain", verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+"
    )
    not_involved_note = models.TextField(
        _("note on matters not involved"),
        blank=True,
        help_text=_("未涉及领域说明: why this organization has no (or only some) matters in this domain."),
    )

    # Not an editor's field: the reader fills it, the download follows it.
    workbook_layout = models.JSONField(
        _("workbook layout"),
        null=True,
        blank=True,
        help_text=_("The layout of the county's own workbook for this domain, kept to export the rows in it."),
    )

    panels = [FieldPanel("domain"), FieldPanel("not_involved_note")]
    api_fields = [APIField("domain_name"), APIField("not_involved_note")]

    class Meta(Orderable.Meta):
        verbose_name = _("catalog domain")
        verbose_name_plural = _("catalog domains")

    @property
    def domain_name(self):
        return self.domain.name


class CatalogItem(Orderable, ClusterableModel):
    """One row of a standard catalog: a disclosure matter with the eight elements and the usual extras."""

    page = ParentalKey("gk_wagtail.StandardCatalogPage", on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(
        "gk_wagtail.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("May be left empty when the catalog covers one domain."),
    )
    number = models.CharField(
        _("number"),
        max_length=NUMBER_LENGTH,
        blank=True,
        help_text=_("序号 as the catalog prints it (1, 5, 1.1); leave empty to number the rows in order."),
    )
    first_level_item = models.CharField(_("first-level item"), max_length=SHORT_TEXT_LENGTH, blank=True)
    second_level_item = models.CharField(_("second-level item"), max_length=SHORT_TEXT_LENGTH)
    content_elements = models.TextField(_("content to disclose"))
    legal_bases = LegalBasesField(
        _("legal bases"),
        blank=True,
        help_text=_("One citation a line, tagged with its rank, e.g. 【法律】《中华人民共和国预算法》第十四条."),
    )
    time_limit_text = models.CharField(
        _("time limit"),
        max_length=SHORT_TEXT_LENGTH,
        blank=True,
        help_text=_(
            "As the catalog words it, e.g. 信息形成或者变更之日起20个工作日内; reports read the working days from it."
        ),
    )
    responsible_body = models.CharField(_("responsible body"), max_length=SHORT_TEXT_LENGTH)
    channels = ParentalManyToManyField(
        "gk_wagtail.DisclosureChannel", verbose_name=_("channels"), blank=True, related_name="+"
    )
    other_channels = models.CharField(
        _("other channels"),
        max_length=SHORT_TEXT_LENGTH,
        blank=True,
        help_text=_("Channels the catalog names that the channel register does not have, separated by 、."),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.PROACTIVE)
    levels = LevelListField(_("levels"))
    five_stages = ParentalManyToManyField(
        "gk_wagtail.DisclosureStage", verbose_name=_("disclosure stages (五公开)"), blank=True, related_name="+"
    )
    remarks = models.TextField(_("remarks"), blank=True)
    column = models.ForeignKey(
        "gk_wagtail.ColumnPage",
        verbose_name=_("published in column"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalog_items",
        help_text=_("The column where this matter's information is published; every proactive row needs one."),
    )

    panels = [
        FieldRowPanel([FieldPanel("domain"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("first_level_item"), FieldPanel("second_level_item")]),
        FieldPanel("content_elements"),
        FieldPanel("legal_bases"),
        FieldRowPanel([FieldPanel("time_limit_text"), FieldPanel("responsible_body")]),
        FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
        FieldPanel("other_channels"),
        FieldRowPanel(
            [
                FieldPanel("audience", widget=forms.RadioSelect),
                FieldPanel("method", widget=forms.RadioSelect),
                FieldPanel("levels"),
            ]
        ),
        FieldPanel("five_stages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("remarks"),
        FieldPanel("column"),
    ]
    api_fields = [
        APIField("domain_name"),
        APIField("number"),
        APIField("first_level_item"),
        APIField("second_level_item"),
        APIField("content_elements"),
        APIField("legal_bases"),
        APIField("time_limit_text"),
        APIField("time_limit_working_days"),
        APIField("responsible_body"),
        APIField("channel_names"),
        APIField("other_channels"),
        *coded("audience"),
        *coded("method"),
        APIField("levels"),
        APIField("five_stage_names"),
        APIField("remarks"),
        APIField("column_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("catalog row")
        verbose_name_plural = _("catalog rows")

    def __str__(self):
        return " / ".join(part for part in (self.first_level_item, self.second_level_item) if part)

    @property
    def domain_name(self):
        return self.domain.name if self.domain_id else ""

    # Cached: a catalog page reads both for every row, and StandardCatalogPage.rows() fills them for
    # all its rows at once.
    @cached_property
    def channel_names(self):
        # Register order, also for rows held in memory (previews, revisions), so exports are stable.
        return [channel.name for channel in sorted(self.channels.all(), key=lambda c: (c.sort_order, c.name))]

    @cached_property
    def five_stage_names(self):
        return [stage.name for stage in sorted(self.five_stages.all(), key=lambda s: (s.sort_order, s.name))]

    @property
    def column_url(self):
        return (self.column.get_full_url() or "") if self.column_id else ""

    @property
    def time_limit_working_days(self):
        """Working days named by the time limit text, 0 for 实时, None where it names none."""
        return parse_working_days(self.time_limit_text)

    @property
    def is_proactive(self):
        return self.method == Method.PROACTIVE

    def to_row(self):
        """The row as the catalog xlsx layer sees it."""
        return CatalogRow(
            first_level_item=self.first_level_item,
            second_level_item=self.second_level_item,
            content_elements=self.content_elements,
            legal_bases=[LegalBasis(**basis) for basis in self.legal_bases],
            time_limit_text=self.time_limit_text,
            responsible_body=self.responsible_body,
            channels=self.channel_names,
            other_channels=[word for word in self.other_channels.split("、") if word],
            audience=self.audience,
            method=self.method,
            levels=[level for level in Level.values if level in self.levels],
            five_stages=self.five_stage_names,
            remarks=self.remarks,
            column_url=self.column_url,
            number=self.number,
        )

    @classmethod
    def from_row(cls, row, *, domain, channels, stages, column=None):
        """An unsaved row from a CatalogRow; ``channels`` and ``stages`` map names to register objects."""
        item = cls(
            domain=domain,
            first_level_item=row.first_level_item,
            second_level_item=row.second_level_item,
            content_elements=row.content_elements,
            legal_bases=[asdict(basis) for basis in row.legal_bases],
            time_limit_text=row.time_limit_text,
            responsible_body=row.responsible_body,
            other_channels="、".join(row.other_channels),
            number=row.number,
            audience=row.audience,
            method=row.method,
            levels=list(row.levels),
            remarks=row.remarks,
            column=column,
        )
        item.channels = [channels[name] for name in row.channels]
        item.five_stages = [stages[name] for name in row.five_stages]
        return item


class CatalogFilterForm(forms.Form):
    """The public table's filters: a plain GET form."""

    level = forms.ChoiceField(label=_("Level"), required=False)
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[("", _("All"))] + Method.choices)

    def __init__(self, data, *, levels):
        super().__init__(data)
        self.fields["level"].choices = [("", _("All"))] + [(level, Level(level).label) for level in levels]


class CatalogQueryForm(forms.Form):
    """What a catalog's query string may hold: a level, a method and a workbook layout that exist at all.

    A level this catalog does not list (a link kept after its levels changed) passes here, and
    CatalogFilterForm leaves it out of the filter.
    """

    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", "")] + Level.choices)
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[("", "")] + Method.choices)
    layout = forms.ChoiceField(label=_("Layout"), required=False, choices=[("", ""), ("standard", "standard")])


def catalog_problems(domain_ids, row_domain_ids):
    """What is wrong with a catalog's domains and its rows' domains (None: not chosen), as messages."""
    if not domain_ids:
        return [gettext("Choose the domain this catalog covers.")]
    if len(domain_ids) != len(set(domain_ids)):
        return [gettext("Each domain can appear once in a catalog.")]
    problems = []
    for number, domain_id in enumerate(row_domain_ids, start=1):
        if domain_id is None and len(domain_ids) > 1:
            problems.append(
                gettext("Row %(number)d: choose its domain; this catalog covers several.")
                % {
                    "number": number,
                }
            )
        elif domain_id is not None and domain_id not in domain_ids:
            problems.append(
                gettext("Row %(number)d: its domain is not one of this catalog's domains.")
                % {
                    "number": number,
                }
            )
    return problems


class StandardCatalogPageForm(WagtailAdminPageForm):
    """Checks the domains against the rows while the editor can still correct them."""

    def clean(self):
        cleaned_data = super().clean()
        domains, rows = self.formsets["catalog_domains"], self.formsets["items"]
        if domains.is_valid() and rows.is_valid():
            domain_ids = [data["domain"].pk for data in _kept(domains) if data.get("domain")]
            row_domain_ids = [data["domain"].pk if data.get("domain") else None for data in _kept(rows)]
            for problem in catalog_problems(domain_ids, row_domain_ids):
                self.add_error(None, problem)
        return cleaned_data


def _kept(formset):
    """The cleaned data of the forms the editor filled in and did not delete, in the order shown."""
    kept = [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    return sorted(kept, key=lambda data: data.get("ORDER") or 0)


class StandardCatalogPage(RoutablePageMixin, Page):
    """标准目录: one organization's catalog of disclosure matters for one or more domains."""

    organization = models.ForeignKey(
        "gk_wagtail.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("introduction"), blank=True)
    level_columns = LevelListField(
        _("level columns"),
        default=default_level_columns,
        help_text=_("The 公开层级 columns the table shows, e.g. 县级 and 乡级."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("organization"),
        FieldPanel("intro"),
        InlinePanel("catalog_domains", heading=_("Domains"), min_num=1),
        FieldPanel("level_columns"),
        MultiFieldPanel([InlinePanel("items", label=_("Row"))], heading=_("Catalog rows")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "items",
            [
                index.SearchField("first_level_item"),
                index.SearchField("second_level_item"),
                index.SearchField("content_elements"),
            ],
        ),
        index.FilterField("organization"),
    ]
    api_fields = [
        APIField("organization", serializer=OrganizationField()),
        APIField("organization_name"),
        APIField("intro"),
        APIField("level_columns"),
        APIField("catalog_domains"),
        APIField("items"),
    ]
    parent_page_types = ["gk_wagtail.ColumnPage"]
    subpage_types = []
    base_form_class = StandardCatalogPageForm
    template = "gk_wagtail/catalogs/standard_catalog_page.html"

    class Meta:
        verbose_name = _("standard catalog")
        verbose_name_plural = _("standard catalogs")

    @property
    def organization_name(self):
        return self.organization.name

    def clean(self):
        super().clean()
        domains = [entry.domain_id for entry in self.catalog_domains.all() if entry.domain_id]
        items = list(self.items.all())
        if problems := catalog_problems(domains, [item.domain_id for item in items]):
            raise ValidationError(problems)
        if len(domains) == 1:
            for item in items:
                item.domain_id = domains[0]

    def rows(self):
        """The rows with everything the table and the export show, in three queries whatever their number."""
        items = list(self.items.all().select_related("domain", "column"))
        _fill_names(items, "channels", "channel_names")
        _fill_names(items, "five_stages", "five_stage_names")
        return items

    @cached_property
    def sections(self):
        """One (CatalogDomain, rows) pair per domain, in the catalog's order."""
        entries = list(self.catalog_domains.all().select_related("domain"))
        by_domain = {entry.domain_id: [] for entry in entries}
        only = entries[0].domain_id if len(entries) == 1 else None
        for item in self.rows():
            by_domain.setdefault(item.domain_id or only, []).append(item)
        return [(entry, by_domain[entry.domain_id]) for entry in entries]

    def serve(self, request, *args, **kwargs):
        query = CatalogQueryForm(request.GET)
        if not query.is_valid():
            return bad_request(request, query, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None, levels=self.level_columns)
        level = method = ""
        if form.is_bound and form.is_valid():
            level, method = form.cleaned_data["level"], form.cleaned_data["method"]
        show_five_stages = any(item.five_stage_names for _entry, items in self.sections for item in items)
        show_remarks = any(item.remarks for _entry, items in self.sections for item in items)
        tables = []
        for entry, items in self.sections:
            shown = [
                item for item in items if (not level or level in item.levels) and (not method or item.method == method)
            ]
            tables.append(
                CatalogTable(
                    entry,
                    shown,
                    total=len(items),
                    level_columns=self.level_columns,
                    xlsx_url=self.get_url(request) + self.reverse_subpage("xlsx", args=[entry.domain_id]),
                    request=request,
                    show_five_stages=show_five_stages,
                    show_remarks=show_remarks,
                )
            )
        context.update(
            filter_form=form,
            filtered=bool(level or method),
            # What the cached tables vary on besides the page: only values the form accepted.
            catalog_filter=f"{level}:{method}",
            tables=tables,
            show_five_stages=show_five_stages,
            show_remarks=show_remarks,
        )
        return context

    def workbook_title(self, entry):
        """The page title for a one-domain catalog (so a re-import keeps it), else the title counties use."""
        if len(self.sections) == 1:
            return self.title
        return f"{self.organization.short_name or self.organization.name}{entry.domain.name}领域基层政务公开标准目录"

    @path("xlsx/<int:domain_id>/", name="xlsx")
    def xlsx(self, request, domain_id):
        """The rows of one domain as a workbook; importing it gives the same rows.

        In the layout of the workbook the rows were imported from, when there is one, else (and with
        ``?layout=standard``) in the canonical layout.
        """
        from gk_wagtail.formats.catalog_workbook import write_catalog_workbook

        entry, items = next(
            ((entry, items) for entry, items in self.sections if entry.domain_id == domain_id), (None, None)
        )
        if entry is None:
            raise Http404
        title = self.workbook_title(entry)
        layout = entry.workbook_layout if request.GET.get("layout") != "standard" else None
        data = write_catalog_workbook(
            title,
            [item.to_row() for item in items],
            entry.not_involved_note or None,
            level_columns=self.level_columns,
            layout=layout or None,
        )
        return HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": content_disposition_header(True, f"{title}.xlsx")},
        )


def _fill_names(items, relation, attribute):
    """Fill each saved item's ``attribute`` with the names of its ``relation`` in register order, in one query.

    Cheaper than prefetch_related, whose ParentalManyToManyField managers cost more per row than the
    query itself.
    """
    field = CatalogItem._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    names = {item.pk: [] for item in items if item.pk}
    links = (
        field.remote_field.through.objects.filter(**{f"{source}__in": list(names)})
        .order_by(f"{target}__sort_order", f"{target}__name")
        .values_list(f"{source}_id", f"{target}__name")
    )
    for item_id, name in links:
        names[item_id].append(name)
    for item in items:
        if item.pk:
            item.__dict__[attribute] = names[item.pk]


class CatalogTable:
    """What the template needs to draw one domain's table: rows with their 一级事项 rowspans and ticks.

    ``body_html`` is the table body, written here rather than by a template loop: a catalog has
    hundreds of rows and a dozen tick cells each, and an include or a translation per cell made the
    table cost many times the rest of the page.
    """

    audience_labels = Audience.labels
    method_labels = Method.labels

    def __init__(
        self,
        entry,
        items,
        *,
        total,
        level_columns,
        xlsx_url,
        request=None,
        show_five_stages=False,
        show_remarks=False,
    ):
        self.entry = entry
        self.domain = entry.domain
        self.total = total
        self.xlsx_url = xlsx_url
        self.request = request
        self.show_five_stages = show_five_stages
        self.show_remarks = show_remarks
        # With a county layout the plain download follows it; the canonical layout stays on offer.
        self.standard_xlsx_url = f"{xlsx_url}?layout=standard" if entry.workbook_layout else ""
        self.level_columns = [(level, Level(level).label) for level in level_columns]
        self.rows = []
        start = None
        for number, item in enumerate(items, start=1):
            row = {
                # 序号 as the county printed it; rows entered without one are numbered in order.
                "number": item.number or number,
                "item": item,
                "first_level_rowspan": 1,
                # 公开对象, 公开方式 and 公开层级 ticks, in header order.
                "ticks": [item.audience == value for value in Audience.values]
                + [item.method == value for value in Method.values]
                + [value in item.levels for value, _label in self.level_columns],
            }
            # Published tables merge 一级事项 down the rows of one item; rowspan 0 means "covered above".
            if start is not None and item.first_level_item == start["item"].first_level_item:
                start["first_level_rowspan"] += 1
                row["first_level_rowspan"] = 0
            else:
                start = row
            self.rows.append(row)

    @cached_property
    def body_html(self):
        """The ``<tr>`` of every row, as the table's ``<tbody>`` holds them."""
        # The two tick cells, translated once for the table: a tick is seen, its word is read out.
        tick_cells = {
            True: f'<td class="gk-tick"><span aria-hidden="true">\u25a0</span>'
            f'<span class="gk-visually-hidden">{escape(gettext("Yes"))}</span></td>',
            False: f'<td class="gk-tick"><span aria-hidden="true">\u25a1</span>'
            f'<span class="gk-visually-hidden">{escape(gettext("No"))}</span></td>',
        }
        return mark_safe("".join(self._row_html(row, tick_cells) for row in self.rows))

    def _row_html(self, row, tick_cells):
        # Plain concatenation of escaped values: format_html per cell cost more than the rest of the row.
        item = row["item"]
        cells = [f"<td>{escape(row['number'])}</td>"]
        rowspan = row["first_level_rowspan"]
        if rowspan:
            spans = f' rowspan="{rowspan}"' if rowspan > 1 else ""
            cells.append(f"<td{spans}>{escape(item.first_level_item)}</td>")
        second_level = escape(item.second_level_item)
        if item.column_id and item.column.live:
            second_level = f'<a href="{escape(item.column.get_url(request=self.request))}">{second_level}</a>'
        cells.append(f'<th scope="row">{second_level}</th>')
        cells.append(f"<td>{linebreaksbr(item.content_elements, autoescape=True)}</td>")
        bases = ""
        if item.legal_bases:
            bases = "".join(f"<li>【{escape(b['rank'])}】{escape(b['citation'])}</li>" for b in item.legal_bases)
            bases = f'<ul class="gk-legal-bases">{bases}</ul>'
        cells.append(f"<td>{bases}</td>")
        cells.append(f"<td>{escape(item.time_limit_text)}</td>")
        cells.append(f"<td>{escape(item.responsible_body)}</td>")
        cells.append(f"<td>{escape('、'.join(item.channel_names))}</td>")
        cells.append("".join(tick_cells[bool(ticked)] for ticked in row["ticks"]))
        if self.show_five_stages:
            cells.append(f"<td>{escape('、'.join(item.five_stage_names))}</td>")
        if self.show_remarks:
            cells.append(f"<td>{linebreaksbr(item.remarks, autoescape=True)}</td>")
        return "\n        <tr>\n            " + "\n            ".join(cells) + "\n        </tr>\n        "
