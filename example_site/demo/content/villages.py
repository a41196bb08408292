"""村(居)务公开: two villages of 示范镇 with a year of entries up to last month.

东岭村 is complete; 城南社区 missed a quarter of finance, so it shows on the overdue list. Dates are
relative to the publisher's ``today`` so the demo always looks current. See docs/villages.md.
"""

import datetime
from decimal import Decimal

from gk_wagtail.models import (
    ColumnPage,
    Organization,
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)
from gk_wagtail.page_types.columns import ColumnType
from gk_wagtail.page_types.villages import Period
from gk_wagtail.setup.villages import (
    ensure_default_categories,
    setup_township_reviewers,
    setup_village_editors,
    township_page_for,
)

from .publishing import body

TOWNSHIP = "示范镇人民政府"


def township_column_code(township):
    """The code the standard tree gives a township's column under 乡镇（街道）信息公开 (docs/columns.md)."""
    return f"org-{township.pk}"


def ensure_village_organizations(publisher, county):
    """示范镇 under ``county``, and its village and community committees; returns the township.

    They must be registered before the standard columns are set up, which give the township a column.
    """
    township = publisher.organization(TOWNSHIP, Organization.Type.TOWNSHIP, county)
    publisher.organization("东岭村民委员会", Organization.Type.VILLAGE_COMMITTEE, township)
    publisher.organization("城南社区居民委员会", Organization.Type.RESIDENTS_COMMITTEE, township)
    return township


def entry(publisher, index_page, slug, title, category, period, rows=(), published=None, **kwargs):
    """A village affairs entry for ``period``, published five days after it ends unless told otherwise."""
    published = published or min(period.end + datetime.timedelta(days=5), publisher.today)
    page = VillageAffairsPage(
        title=title,
        slug=slug,
        category=category,
        period_year=period.year,
        period_unit=period.unit,
        period_number=period.number,
        date_published=published,
        **kwargs,
    )
    for side, item, amount in rows:
        page.finance_rows.add(VillageAffairsFinanceRow(side=side, item=item, amount=amount))
    if rows:
        page.stated_income_total = sum(amount for side, _item, amount in rows if side == "income")
        page.stated_expense_total = sum(amount for side, _item, amount in rows if side == "expense")
    return publisher.publish_child(index_page, page)


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


def village_section(publisher, columns, township):
    """The column that holds ``township``'s village pages: the one they are in, or a new one.

    The standard tree (国办公开办函〔2019〕61号) is the government's own information and has no
    column for 村(居)务, which the committees publish themselves (村民委员会组织法第三十条). A new one
    goes inside the township's column, so that the township's reviewers are given the village pages
    and not the township's own disclosures.
    """
    if VillageAffairsIndexPage.objects.filter(village__parent=township).exists():
        return township_page_for(township)
    code = township_column_code(township)
    return publisher.publish_child(
        columns[code],
        ColumnPage(
            title="村(居)务公开",
            slug="cjwgk",
            column_code=f"{code}-cjwgk",
            column_type=ColumnType.OTHER,
            description="示范镇各村（社区）村务、居务公开",
        ),
    )


def load_villages(publisher, columns, township):
    """The village pages of ``township`` and their entries, under the township's standard column.

    ``columns`` are the standard columns by code, as ``setup_columns`` returns them. Returns the
    village pages by slug.
    """
    today = publisher.today
    ensure_default_categories()
    categories = {category.name: category for category in VillageAffairsCategory.objects.all()}
    party, affairs, finance = categories["党务"], categories["村务"], categories["财务"]
    villages = {village.name: village for village in township.children.all()}
    section = village_section(publisher, columns, township)
    start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    index_pages = {}
    for name, slug, title, frequency in [
        ("东岭村民委员会", "dongling", "东岭村", "monthly"),
        ("城南社区居民委员会", "chengnan", "城南社区", "quarterly"),
    ]:
        # A village has one page, wherever it is.
        index_pages[slug] = VillageAffairsIndexPage.objects.filter(village=villages[name]).first() or (
            publisher.publish_child(
                section,
                VillageAffairsIndexPage(
                    title=title,
                    slug=slug,
                    village=villages[name],
                    finance_frequency=frequency,
                    checks_from=start,
                    intro=f"<p>{title}村（居）务公开栏：财务收支按{'月' if frequency == 'monthly' else '季'}公开，重大事项随时公开。</p>",
                ),
            )
        )
    dongling_page, chengnan_page = index_pages["dongling"], index_pages["chengnan"]

    for period in periods(start, today, "month"):
        entry(
            publisher,
            dongling_page,
            f"finance-{period.code}",
            f"东岭村{period.year}年{period.number}月财务收支公开",
            finance,
            period,
            rows=finance_rows(period.number),
            topic="village_finance",
        )
    skipped = Period.containing(today, "quarter").previous().previous()
    for period in periods(start, today, "quarter"):
        if period != skipped:  # 城南社区 missed this quarter's finance notice: the demo's overdue item
            entry(
                publisher,
                chengnan_page,
                f"finance-{period.code}",
                f"城南社区{period.year}年第{period.number}季度财务收支公开",
                finance,
                period,
                rows=finance_rows(period.number * 3),
                topic="village_finance",
            )
        for index_page in (dongling_page, chengnan_page):
            entry(
                publisher,
                index_page,
                f"party-{period.code}",
                f"{index_page.title}{period.year}年第{period.number}季度党务公开",
                party,
                period,
                topic="other",
                body=body("本季度召开党员大会一次，发展预备党员一名，按时收缴党费。"),
            )

    # 两公开: a resolution with its result, and a later resolution whose result is still 待公开.
    quarters = list(periods(start, today, "quarter"))
    resolution = entry(
        publisher,
        dongling_page,
        "road-resolution",
        "关于实施东岭村村道硬化工程的决议",
        affairs,
        quarters[0],
        topic="rural_revitalization",
        stage="resolution",
        body=body("经村民代表会议表决，同意实施村道硬化工程，长1.2公里，预算38万元。"),
    )
    entry(
        publisher,
        dongling_page,
        "road-result",
        "东岭村村道硬化工程实施结果公开",
        affairs,
        quarters[1],
        topic="rural_revitalization",
        stage="result",
        resolution=resolution,
        body=body("村道硬化工程已完工并通过验收，实际支出36.8万元。"),
    )
    for index_page, first in [(dongling_page, 2), (chengnan_page, 0)]:
        for period in quarters[first:]:
            entry(
                publisher,
                index_page,
                f"affairs-{period.code}",
                f"{index_page.title}{period.year}年第{period.number}季度村（居）务公开",
                affairs,
                period,
                topic="elderly_care",
                body=body("公开本季度高龄津贴发放名单及标准。"),
            )
    entry(
        publisher,
        chengnan_page,
        "elevator-resolution",
        "关于老旧小区加装电梯的决议",
        affairs,
        quarters[-1],
        topic="other",
        stage="resolution",
        body=body("经居民代表会议表决，同意为3栋、5栋加装电梯。"),
    )
    for page in (dongling_page, chengnan_page):
        setup_village_editors(page)
    setup_township_reviewers(township, section)
    return index_pages
