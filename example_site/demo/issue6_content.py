"""Demo content for 村(居)务公开 and 舆情回应 (issue 6).

Two villages of 示范镇 with a year of entries up to last month — 东岭村 complete, 城南社区 missing
a quarter of finance, so it shows on the overdue list — and two responses to public opinion: an
ordinary one with an overdue commitment and a major one whose press conference came late.
Dates are relative to ``today`` so the demo always looks current.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from gk_wagtail.models import (
    ColumnPage,
    OpinionCommitment,
    OpinionResponseLink,
    OpinionResponsePage,
    Organization,
    PolicyDocumentPage,
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)
from gk_wagtail.page_types.columns import ColumnType
from gk_wagtail.page_types.village import Period
from gk_wagtail.villages import ensure_default_categories, setup_township_reviewers, setup_village_editors


class Loader:
    """Creates what is missing and remembers it, so the demo loader can say what a run added."""

    def __init__(self, today):
        self.today = today
        self.created = []

    def publish_child(self, parent, page):
        """Add ``page`` under ``parent`` unless a page with its slug is there already; publish it with a revision."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        page.live = False
        parent.add_child(instance=page)
        page.save_revision().publish()
        page = type(page).objects.get(pk=page.pk)
        self.created.append(page)
        return page

    def column(self, parent, title, slug, column_type=ColumnType.OTHER, **kwargs):
        page = ColumnPage(title=title, slug=slug, column_code=slug, column_type=column_type, **kwargs)
        return self.publish_child(parent, page)

    def organization(self, name, organization_type, parent):
        organization, created = Organization.objects.get_or_create(
            name=name, defaults={"organization_type": organization_type, "parent": parent}
        )
        if created:
            self.created.append(organization)
        return organization

    def entry(self, index_page, slug, title, category, period, rows=(), published=None, **kwargs):
        published = published or min(period.end + datetime.timedelta(days=5), self.today)
        page = VillageAffairsPage(
            title=title, slug=slug, category=category, period_year=period.year, period_unit=period.unit,
            period_number=period.number, date_published=published, **kwargs,
        )
        for side, item, amount in rows:
            page.finance_rows.add(VillageAffairsFinanceRow(side=side, item=item, amount=amount))
        if rows:
            page.stated_income_total = sum(amount for side, _item, amount in rows if side == "income")
            page.stated_expense_total = sum(amount for side, _item, amount in rows if side == "expense")
        return self.publish_child(index_page, page)


def body(*paragraphs):
    return [("rich_text", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))]


def finance_rows(month):
    """A small but plausible month of village income and expenses."""
    return [
        ("income", "集体资产租赁收入", Decimal("12000.00") + month * 150),
        ("income", "上级转移支付", Decimal("8000.00")),
        ("expense", "村干部误工补贴", Decimal("6000.00")),
        ("expense", "环境卫生保洁费", Decimal("1500.00") + month * 40),
        ("expense", "办公费", Decimal("320.50")),
    ]


def periods(start, today, unit):
    """Every period from the one containing ``start`` to the last one that ended before ``today``."""
    period = Period.containing(start, unit)
    while period.end < today:
        yield period
        period = period.next()


def load_villages(load, home, county):
    today = load.today
    categories = {category.name: category for category in VillageAffairsCategory.objects.all()}
    party, affairs, finance = categories["党务"], categories["村务"], categories["财务"]
    township = load.organization("示范镇人民政府", Organization.Type.TOWNSHIP, county)
    dongling = load.organization("东岭村民委员会", Organization.Type.VILLAGE_COMMITTEE, township)
    chengnan = load.organization("城南社区居民委员会", Organization.Type.RESIDENTS_COMMITTEE, township)
    section = load.column(home, "村(居)务公开", "village-affairs", description="示范县各村（社区）村务、居务公开")
    township_column = load.column(section, "示范镇", "shifan-town")
    start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    index_pages = {}
    for village, slug, title, frequency in [
        (dongling, "dongling", "东岭村", "monthly"),
        (chengnan, "chengnan", "城南社区", "quarterly"),
    ]:
        index_pages[slug] = load.publish_child(township_column, VillageAffairsIndexPage(
            title=title, slug=slug, village=village, finance_frequency=frequency, checks_from=start,
            intro=f"<p>{title}村（居）务公开栏：财务收支按{'月' if frequency == 'monthly' else '季'}公开，重大事项随时公开。</p>",
        ))
    dongling_page, chengnan_page = index_pages["dongling"], index_pages["chengnan"]

    for period in periods(start, today, "month"):
        load.entry(dongling_page, f"finance-{period.code}", f"东岭村{period.year}年{period.number}月财务收支公开",
                   finance, period, rows=finance_rows(period.number), topic="village_finance")
    skipped = Period.containing(today, "quarter").previous().previous()
    for period in periods(start, today, "quarter"):
        if period != skipped:  # 城南社区 missed this quarter's finance notice: the demo's overdue item
            load.entry(chengnan_page, f"finance-{period.code}", f"城南社区{period.year}年第{period.number}季度财务收支公开",
                       finance, period, rows=finance_rows(period.number * 3), topic="village_finance")
        for index_page in (dongling_page, chengnan_page):
            load.entry(index_page, f"party-{period.code}", f"{index_page.title}{period.year}年第{period.number}季度党务公开",
                       party, period, topic="other", body=body("本季度召开党员大会一次，发展预备党员一名，按时收缴党费。"))

    # 两公开: a resolution with its result, and a later resolution whose result is still 待公开.
    quarters = list(periods(start, today, "quarter"))
    resolution = load.entry(dongling_page, "road-resolution", "关于实施东岭村村道硬化工程的决议", affairs, quarters[0],
                            topic="rural_revitalization", stage="resolution",
                            body=body("经村民代表会议表决，同意实施村道硬化工程，长1.2公里，预算38万元。"))
    load.entry(dongling_page, "road-result", "东岭村村道硬化工程实施结果公开", affairs, quarters[1],
               topic="rural_revitalization", stage="result", resolution=resolution,
               body=body("村道硬化工程已完工并通过验收，实际支出36.8万元。"))
    for index_page, first in [(dongling_page, 2), (chengnan_page, 0)]:
        for period in quarters[first:]:
            load.entry(index_page, f"affairs-{period.code}", f"{index_page.title}{period.year}年第{period.number}季度村（居）务公开",
                       affairs, period, topic="elderly_care", body=body("公开本季度高龄津贴发放名单及标准。"))
    load.entry(chengnan_page, "elevator-resolution", "关于老旧小区加装电梯的决议", affairs, quarters[-1],
               topic="other", stage="resolution", body=body("经居民代表会议表决，同意为3栋、5栋加装电梯。"))
    for page in (dongling_page, chengnan_page):
        setup_village_editors(page)
    setup_township_reviewers(township, township_column)
    return township, index_pages


def load_responses(load, home, county, township, index_pages):
    today = load.today
    responses = ColumnPage.objects.descendant_of(home).filter(column_type=ColumnType.RESPONSES).first()
    if responses is None:
        responses = load.column(home, "回应关切", "responses", ColumnType.RESPONSES)
    policy = PolicyDocumentPage.objects.descendant_of(home).live().first()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 30)))

    noticed = now - datetime.timedelta(days=40)
    water = OpinionResponsePage(
        title="关于城南社区二次供水水质问题的回应", slug="chengnan-water", topic="城南社区居民反映自来水发黄",
        first_noticed_at=noticed, first_noticed_where="12345政务服务便民热线", severity="ordinary",
        responsible_organization=township, issuing_organ=county, status="supervising",
        responded_at=noticed + datetime.timedelta(hours=20),
        body=body("经排查，水质问题系小区二次供水水箱老化所致。示范镇已组织供水企业对水箱进行清洗消毒，"
                  "并将委托第三方机构检测水质，检测结果将向居民公开。"),
    )
    water.commitments.add(OpinionCommitment(
        promise="完成二次供水水箱清洗消毒并公布第三方水质检测报告", due_date=today - datetime.timedelta(days=10),
        status="in_progress",
    ))
    if policy is not None:
        water.related_links.add(OpinionResponseLink(linked_page=policy))
    water = load.publish_child(responses, water)

    noticed = now - datetime.timedelta(days=90, hours=3)
    relief_paid = timezone.localtime(noticed).date() + datetime.timedelta(days=3)
    relief = load.entry(index_pages["dongling"], "flood-relief-result", "东岭村受灾群众救助资金发放结果公示",
                        VillageAffairsCategory.objects.get(name="村务"), Period.containing(relief_paid, "month"),
                        published=relief_paid, topic="social_assistance",
                        body=body("共向32户受灾群众发放临时救助资金9.6万元，名单附后。"))
    flood = OpinionResponsePage(
        title="关于示范镇暴雨灾情的情况通报", slug="shifan-flood", topic="示范镇遭遇强降雨，部分村庄受淹",
        first_noticed_at=noticed, first_noticed_where="微博", severity="major",
        responsible_organization=township, issuing_organ=county, status="closed",
        responded_at=noticed + datetime.timedelta(hours=3),
        # Late: the press conference was due within 24 hours.
        press_conference_at=noticed + datetime.timedelta(hours=26),
        body=body("示范镇遭遇强降雨，已转移群众186人，无人员伤亡。县政府已启动防汛四级应急响应，"
                  "受灾群众临时救助资金三日内发放到户。"),
    )
    flood.commitments.add(OpinionCommitment(
        promise="三日内将临时救助资金发放到户并公示", due_date=relief_paid, status="kept", evidence_page=relief,
    ))
    load.publish_child(responses, flood)


@transaction.atomic
def load_village_and_opinion_demo(home, county, today=None):
    """Create the issue 6 demo under ``home`` and return the pages and organizations it created.

    Safe to run again: what exists (found by slug or name) is left as it is, so a second run on the
    same day creates nothing. ``county`` publishes the responses and must have a unified social
    credit code, as responses get index numbers. A failure leaves nothing behind.
    """
    load = Loader(today or timezone.localdate())
    ensure_default_categories()
    township, index_pages = load_villages(load, home, county)
    load_responses(load, home, county, township, index_pages)
    return load.created
