"""村(居)务公开: village and community affairs, published per village under its township (村民委员会组织法 第三十条).

Villages and communities are ``Organization`` rows of type village or community whose parent is
their township or subdistrict, so there is one register of organizations. Each has one
``VillageAffairsIndexPage``, which carries its publication schedule; the entries below it are
``VillageAffairsPage``.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import segno
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from gk_wagtail.blocks import document_body_blocks
from gk_wagtail.page_types.api_fields import OrganizationField, coded
from gk_wagtail.page_types.columns import MAX_ID, MAX_YEAR, MIN_YEAR, PlainIntegerField, bad_request, page_field
from gk_wagtail.page_types.documents import GovDocumentMixin, page_summary, publicly_visible
from gk_wagtail.registers import Organization, VocabularyEntry

#: Permission that lets a group change a village's schedule (township editors have it, village editors not).
SCHEDULE_PERMISSION_CODENAME = "set_village_schedule"
SCHEDULE_PERMISSION = f"gk_wagtail.{SCHEDULE_PERMISSION_CODENAME}"
VILLAGE_TYPES = (Organization.Type.VILLAGE_COMMITTEE, Organization.Type.RESIDENTS_COMMITTEE)
TOWNSHIP_TYPES = (Organization.Type.TOWNSHIP, Organization.Type.SUBDISTRICT)


class PeriodUnit(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")


@dataclass(frozen=True)
class Period:
    """A month or a quarter that an entry covers or that a village must publish for."""

    year: int
    unit: str
    number: int

    @classmethod
    def containing(cls, day, unit):
        number = day.month if unit == PeriodUnit.MONTH else (day.month - 1) // 3 + 1
        return cls(day.year, unit, number)

    @property
    def size(self):
        """Periods per year."""
        return 12 if self.unit == PeriodUnit.MONTH else 4

    @property
    def months(self):
        if self.unit == PeriodUnit.MONTH:
            return range(self.number, self.number + 1)
        return range(self.number * 3 - 2, self.number * 3 + 1)

    @property
    def start(self):
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self):
        return self.next().start - datetime.timedelta(days=1)

    def next(self):
        return Period(self.year + self.number // self.size, self.unit, self.number % self.size + 1)

    def previous(self):
        if self.number == 1:
            return Period(self.year - 1, self.unit, self.size)
        return Period(self.year, self.unit, self.number - 1)

    def satisfies(self, required):
        """Whether an entry for this period meets the duty to publish for ``required``.

        A month entry meets a quarterly duty for its quarter; a quarter entry does not meet a monthly duty.
        """
        if self.unit == required.unit:
            return self == required
        return self.unit == PeriodUnit.MONTH and self.year == required.year and self.number in required.months

    @property
    def code(self):
        """A stable text form for exports: 2024-03 or 2024-Q1."""
        return f"{self.year}-{self.number:02d}" if self.unit == PeriodUnit.MONTH else f"{self.year}-Q{self.number}"

    @property
    def label(self):
        if self.unit == PeriodUnit.MONTH:
            return gettext("%(month)s/%(year)s") % {"year": self.year, "month": self.number}
        return gettext("Q%(quarter)s %(year)s") % {"year": self.year, "quarter": self.number}

    def __str__(self):
        return self.label


class Schedule(models.TextChoices):
    """How often a category must be published: finance by the village's setting, ordinary matters quarterly."""

    FINANCE = "finance", _("monthly or quarterly, as the village's finance setting says")
    QUARTERLY = "quarterly", _("at least quarterly")
    AS_NEEDED = "as_needed", _("as matters arise")


class FinanceFrequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class VillageAffairsCategory(VocabularyEntry):
    """公开类别: 党务, 村务, 财务 (some provinces add 政务, 事务); an editable list with a publication schedule."""

    schedule = models.CharField(_("schedule"), max_length=20, choices=Schedule.choices, default=Schedule.QUARTERLY)

    panels = [FieldPanel("name"), FieldPanel("schedule"), FieldPanel("sort_order")]

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("village affairs category")
        verbose_name_plural = _("village affairs categories")

    def required_unit(self, finance_frequency):
        """The period this category must be published for in a village, or None if it has no schedule."""
        if self.schedule == Schedule.FINANCE:
            return PeriodUnit.MONTH if finance_frequency == FinanceFrequency.MONTHLY else PeriodUnit.QUARTER
        if self.schedule == Schedule.QUARTERLY:
            return PeriodUnit.QUARTER
        return None


class Topic(models.TextChoices):
    """Priority topics of 村务公开 (村民委员会组织法 第三十条)."""

    POVERTY_ALLEVIATION = "poverty_alleviation", _("poverty alleviation")
    RURAL_REVITALIZATION = "rural_revitalization", _("rural revitalization")
    VILLAGE_FINANCE = "village_finance", _("village finances")
    AGRICULTURAL_SUBSIDIES = "agricultural_subsidies", _("policies benefiting farmers")
    ELDERLY_CARE = "elderly_care", _("elderly care")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance")
    OTHER = "other", _("other")


class Stage(models.TextChoices):
    """两公开: a resolution and the result of carrying it out are both published (粤府办〔2020〕10号)."""

    NOTICE = "notice", _("notice")
    RESOLUTION = "resolution", _("resolution")
    RESULT = "result", _("result")


class FinanceSide(models.TextChoices):
    INCOME = "income", _("income")
    EXPENSE = "expense", _("expense")


def this_year():
    return timezone.localdate().year


def format_amount(value):
    return f"{value:,.2f}"


def totals_errors(rows, stated_income, stated_expense):
    """Errors, keyed by field, for stated totals that differ from the sum of their rows.

    ``rows`` are (side, amount) pairs. A side with rows needs a stated total, and a stated total
    must equal its rows' sum (0.00 when the side has no rows).
    """
    stated = {FinanceSide.INCOME: stated_income, FinanceSide.EXPENSE: stated_expense}
    fields = {FinanceSide.INCOME: "stated_income_total", FinanceSide.EXPENSE: "stated_expense_total"}
    errors = {}
    for side in FinanceSide:
        amounts = [amount for row_side, amount in rows if row_side == side and amount is not None]
        expected = sum(amounts, Decimal("0.00"))
        if stated[side] is None:
            if amounts:
                errors[fields[side]] = gettext("Give the total %(side)s: its rows add up to %(expected)s.") % {
                    "side": side.label,
                    "expected": format_amount(expected),
                }
        elif stated[side] != expected:
            errors[fields[side]] = gettext(
                "The %(side)s rows add up to %(expected)s, not %(stated)s as stated. Correct the rows or the total."
            ) % {"side": side.label, "expected": format_amount(expected), "stated": format_amount(stated[side])}
    return errors


def resolution_errors(stage, resolution, index_page, page_pk=None):
    """Errors for the 两公开 link: a result names a resolution of the same village; nothing else links one.

    ``index_page`` is the village page the entry sits under, or None while it is not known.
    """
    if stage != Stage.RESULT:
        if resolution is not None:
            return {
                "resolution": gettext(
                    "Only a result links to a resolution: choose the stage result or remove the link."
                )
            }
        return {}
    if resolution is None:
        return {"resolution": gettext("Choose the resolution that this result carries out.")}
    if page_pk is not None and resolution.pk == page_pk:
        return {"resolution": gettext("An entry cannot carry out itself.")}
    if resolution.stage != Stage.RESOLUTION:
        return {"resolution": gettext("“%(title)s” is not a resolution.") % {"title": resolution.title}}
    if index_page is not None and not resolution.is_child_of(index_page):
        return {
            "resolution": gettext("“%(title)s” is a resolution of another village; choose one of %(village)s.")
            % {"title": resolution.title, "village": index_page.title}
        }
    return {}


class VillageQueryForm(forms.Form):
    """A village page's filters: a category, a year and a page number, in ASCII digits within bounds."""

    category = PlainIntegerField(label=_("Category"), required=False, min_value=1, max_value=MAX_ID)
    year = PlainIntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    page = page_field()


class NoticeQueryForm(forms.Form):
    paper = forms.ChoiceField(label=_("Paper"), required=False, choices=[("a4", "A4"), ("a3", "A3")])


class VillageAffairsIndexPage(Page):
    """村(居)务公开 of one village or community: lists its entries and holds its publication schedule."""

    village = models.ForeignKey(
        "gk_wagtail.Organization",
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"organization_type__in": VILLAGE_TYPES},
        help_text=_("A village or residents' committee in the organization register, under its township."),
    )
    finance_frequency = models.CharField(
        _("finance published"),
        max_length=10,
        choices=FinanceFrequency.choices,
        default=FinanceFrequency.QUARTERLY,
        help_text=_("Monthly where transactions are many, otherwise quarterly."),
    )
    checks_from = models.DateField(
        _("check publication from"),
        null=True,
        blank=True,
        help_text=_(
            "The first month or quarter that must be published online; empty means from the month "
            "this page was first published."
        ),
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("village", permission=SCHEDULE_PERMISSION),
                FieldRowPanel(
                    [
                        FieldPanel("finance_frequency", permission=SCHEDULE_PERMISSION),
                        FieldPanel("checks_from", permission=SCHEDULE_PERMISSION),
                    ]
                ),
            ],
            heading=_("Village and publication schedule"),
        ),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("village", [index.SearchField("name"), index.SearchField("short_name")]),
        index.FilterField("village"),
    ]
    api_fields = [
        APIField("village", serializer=OrganizationField()),
        APIField("village_name"),
        APIField("township_name"),
        *coded("finance_frequency"),
        APIField("intro"),
    ]
    parent_page_types = ["gk_wagtail.ColumnPage"]
    subpage_types = ["gk_wagtail.VillageAffairsPage"]
    template = "gk_wagtail/villages/village_affairs_index_page.html"
    page_size = 30

    class Meta:
        verbose_name = _("village affairs")
        verbose_name_plural = _("village affairs")
        permissions = [(SCHEDULE_PERMISSION_CODENAME, _("Can set a village's publication schedule"))]

    def clean(self):
        super().clean()
        if not self.village_id:
            return
        errors = {}
        # The field's limit_choices_to already refuses organizations that are not villages or communities.
        if self.village.parent is None or self.village.parent.organization_type not in TOWNSHIP_TYPES:
            errors["village"] = gettext(
                "%(village)s has no township or subdistrict as its parent: set it in the organization register."
            ) % {"village": self.village}
        else:
            others = VillageAffairsIndexPage.objects.filter(village=self.village_id, locale=self.locale_id)
            other = others.exclude(pk=self.pk).first()
            if other:
                errors["village"] = gettext("%(village)s already has its village affairs page: “%(title)s”.") % {
                    "village": self.village,
                    "title": other.title,
                }
        if errors:
            raise ValidationError(errors)

    @property
    def village_name(self):
        return self.village.name

    @property
    def township(self):
        return self.village.parent

    @property
    def township_name(self):
        return self.township.name if self.township else ""

    def entries(self):
        """Live entries of this village, newest period first."""
        return (
            VillageAffairsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("category", "resolution")
            .order_by("-period_year", "-date_published", "-pk")
        )

    def serve(self, request, *args, **kwargs):
        query = VillageQueryForm(request.GET)
        if not query.is_valid():
            return bad_request(request, query, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = self.entries()
        categories = VillageAffairsCategory.objects.filter(pk__in=entries.values("category"))
        years = sorted(set(entries.values_list("period_year", flat=True)), reverse=True)
        query = VillageQueryForm(request.GET)
        # serve() has refused invalid values; a preview or another caller may still pass them.
        chosen = query.cleaned_data if query.is_valid() else {}
        category = str(chosen["category"]) if chosen.get("category") else ""
        year = str(chosen["year"]) if chosen.get("year") else ""
        if category:
            entries = entries.filter(category=int(category))
        if year:
            entries = entries.filter(period_year=int(year))
        # Each resolution says whether its result is out: their results in one query, not one each.
        entries = entries.prefetch_related(Prefetch("results", queryset=published_results(), to_attr="public_results"))
        context.update(
            entries=Paginator(entries, self.page_size).get_page(chosen.get("page")),
            categories=categories,
            years=years,
            selected_category=category,
            selected_year=year,
            query_string="&".join(
                f"{name}={value}" for name, value in (("category", category), ("year", year)) if value
            ),
        )
        return context


def published_results():
    """The published results of resolutions a citizen may see, oldest first."""
    return VillageAffairsPage.objects.live().public().order_by("date_published", "pk")


#: The most income and expense rows one entry may have in the page editor. Each row sends seven form
#: fields, and Django refuses a request of more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000 by
#: default) with a bare 400; at this number the editor says how many rows are allowed instead.
MAX_FINANCE_ROWS = 100


class VillageAffairsFinanceRow(Orderable):
    """One income or expense line of a finance notice."""

    page = ParentalKey("gk_wagtail.VillageAffairsPage", on_delete=models.CASCADE, related_name="finance_rows")
    side = models.CharField(_("income or expense"), max_length=10, choices=FinanceSide.choices)
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("side"), FieldPanel("item"), FieldPanel("amount")]), FieldPanel("note")]
    api_fields = [*coded("side"), APIField("item"), APIField("amount"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("income or expense row")
        verbose_name_plural = _("income and expense rows")


class VillageAffairsPageForm(WagtailAdminPageForm):
    """Checks 两公开 links and totals against what is being submitted, not what is stored."""

    def clean(self):
        cleaned_data = super().clean()
        # A new page has no place in the tree yet, so the model cannot find its village; the form knows it.
        if self.instance.pk is None and self.parent_page is not None:
            errors = resolution_errors(
                cleaned_data.get("stage"), cleaned_data.get("resolution"), self.parent_page.specific
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return cleaned_data

    def _post_clean(self):
        # The model's clean() compares the income and expense rows with the totals; give it the
        # rows of this submission (ClusterForm only attaches them when saving).
        rows = self.formsets.get("finance_rows")
        if rows is not None and rows.is_valid():
            rows.save(commit=False)
        super()._post_clean()


class VillageAffairsPage(Page):
    """村(居)务公开 entry: a notice, a resolution or its result for one period, with an income/expense table."""

    category = models.ForeignKey(
        "gk_wagtail.VillageAffairsCategory", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, default=Topic.OTHER)
    stage = models.CharField(
        _("stage"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.NOTICE,
        help_text=_("两公开: publish a resolution, then its result linked to it."),
    )
    resolution = models.ForeignKey(
        "gk_wagtail.VillageAffairsPage",
        verbose_name=_("resolution carried out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
        help_text=_("For a result: the resolution of this village that it carries out."),
    )
    period_year = models.PositiveSmallIntegerField(_("year"), default=this_year)
    period_unit = models.CharField(_("period"), max_length=10, choices=PeriodUnit.choices, default=PeriodUnit.MONTH)
    period_number = models.PositiveSmallIntegerField(
        _("month or quarter"), help_text=_("1–12 for a month, 1–4 for a quarter.")
    )
    date_published = models.DateField(
        _("date published"),
        null=True,
        blank=True,
        help_text=_("Filled in with the date of first publishing when left empty."),
    )
    body = StreamField(document_body_blocks(), verbose_name=_("body"), blank=True)
    stated_income_total = models.DecimalField(_("total income"), max_digits=14, decimal_places=2, null=True, blank=True)
    stated_expense_total = models.DecimalField(
        _("total expense"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    notice_photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo of the notice board"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    government_item = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("matching government disclosure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The same matter in the government's disclosure: it must read the same."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("topic")]),
        MultiFieldPanel(
            [FieldPanel("stage"), PageChooserPanel("resolution", page_type="gk_wagtail.VillageAffairsPage")],
            heading=_("Resolution and result"),
        ),
        FieldRowPanel(
            [
                FieldPanel("period_year"),
                FieldPanel("period_unit"),
                FieldPanel("period_number"),
                FieldPanel("date_published"),
            ]
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("finance_rows", label=_("row"), max_num=MAX_FINANCE_ROWS),
                FieldRowPanel([FieldPanel("stated_income_total"), FieldPanel("stated_expense_total")]),
            ],
            heading=_("Income and expenses"),
        ),
        FieldPanel("notice_photo"),
        PageChooserPanel("government_item"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("topic"),
        index.FilterField("stage"),
        index.FilterField("period_year"),
        index.FilterField("date_published"),
    ]
    api_fields = [
        APIField("village_name"),
        APIField("category_name"),
        *coded("topic"),
        *coded("stage"),
        APIField("resolution_summary"),
        APIField("result_summaries"),
        APIField("period_code"),
        APIField("date_published"),
        APIField("body"),
        APIField("finance_rows"),
        APIField("stated_income_total"),
        APIField("stated_expense_total"),
        APIField("notice_photo"),
        APIField("government_item_summary"),
    ]
    parent_page_types = ["gk_wagtail.VillageAffairsIndexPage"]
    subpage_types = []
    base_form_class = VillageAffairsPageForm
    template = "gk_wagtail/villages/village_affairs_page.html"

    class Meta:
        verbose_name = _("village affairs entry")
        verbose_name_plural = _("village affairs entries")

    def clean(self):
        super().clean()
        errors = {}
        size = 12 if self.period_unit == PeriodUnit.MONTH else 4
        if self.period_number is not None and not 1 <= self.period_number <= size:
            errors["period_number"] = gettext("Give a number from 1 to %(size)s.") % {"size": size}
        index_page = self.get_parent() if self.path else None
        errors.update(resolution_errors(self.stage, self.resolution, index_page, self.pk))
        rows = [(row.side, row.amount) for row in self.finance_rows.all()]
        errors.update(totals_errors(rows, self.stated_income_total, self.stated_expense_total))
        if self.government_item_id and not issubclass(self.government_item.specific_class, GovDocumentMixin):
            errors["government_item"] = _("Choose a disclosed government document.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.live and self.date_published is None:
            self.date_published = timezone.localdate()
        return super().save(*args, **kwargs)

    @cached_property
    def village_page(self):
        return VillageAffairsIndexPage.objects.select_related("village__parent").get(pk=self.get_parent().pk)

    @property
    def village_name(self):
        return self.village_page.village.name

    @property
    def category_name(self):
        return self.category.name

    @property
    def period(self):
        return Period(self.period_year, self.period_unit, self.period_number)

    @property
    def period_code(self):
        return self.period.code

    def rows_of(self, side):
        return [row for row in self.finance_rows.all() if row.side == side]

    @property
    def income_rows(self):
        return self.rows_of(FinanceSide.INCOME)

    @property
    def expense_rows(self):
        return self.rows_of(FinanceSide.EXPENSE)

    @property
    def has_finance_table(self):
        return (
            bool(self.finance_rows.all())
            or self.stated_income_total is not None
            or self.stated_expense_total is not None
        )

    @cached_property
    def public_results(self):
        return list(published_results().filter(resolution=self))

    @property
    def awaiting_result(self):
        """A resolution whose result is not yet published (待公开)."""
        return self.stage == Stage.RESOLUTION and not self.public_results

    @property
    def resolution_summary(self):
        if self.resolution is None or not self.resolution.live:
            return None
        return {"id": self.resolution.pk, "title": self.resolution.title, "url": self.resolution.url}

    @property
    def result_summaries(self):
        return [{"id": page.pk, "title": page.title, "url": page.url} for page in self.public_results]

    @cached_property
    def public_government_item(self):
        visible = publicly_visible([self.government_item]) if self.government_item_id else []
        return visible[0].specific if visible else None

    @property
    def government_item_summary(self):
        return page_summary(self.public_government_item) if self.public_government_item else None

    def qr_code_svg(self, request=None):
        """An inline SVG QR code of this page's address, for the printed notice."""
        url = self.get_full_url(request)
        if not url:
            return ""
        return segno.make(url, error="m").svg_inline(
            scale=3, title=gettext("Address of this notice online: %(url)s") % {"url": url}, svgclass="gk-qr-code"
        )

    def serve(self, request, *args, **kwargs):
        query = NoticeQueryForm(request.GET)
        if not query.is_valid():
            return bad_request(request, query, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # segno writes the SVG itself from the URL, so it holds no user-supplied markup.
        context["qr_code"] = mark_safe(self.qr_code_svg(request))
        context["paper"] = "a3" if request.GET.get("paper") == "a3" else "a4"
        return context
