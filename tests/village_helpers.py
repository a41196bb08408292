"""Builders for the village, community and opinion-response tests (issue 6)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from gk_wagtail.models import (
    ColumnPage,
    OpinionCommitment,
    OpinionResponsePage,
    Organization,
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)
from gk_wagtail.villages import ensure_default_categories
from tests.helpers import make_column


def category(name):
    ensure_default_categories()
    return VillageAffairsCategory.objects.get(name=name)


def make_township(name="示范镇", parent=None):
    return Organization.objects.create(name=name, organization_type=Organization.Type.TOWNSHIP, parent=parent)


def make_village(township, name="东岭村", organization_type=Organization.Type.VILLAGE_COMMITTEE):
    return Organization.objects.create(name=name, organization_type=organization_type, parent=township)


def make_township_column(home, township, slug=None):
    """村(居)务公开 › <township>: the column a township's village pages sit in."""
    section = ColumnPage.objects.child_of(home).filter(slug="village-affairs").first() or make_column(
        home, "村(居)务公开", "village-affairs"
    )
    return make_column(section, township.name, slug or f"township-{township.pk}")


def make_village_page(column, village, checks_from=datetime.date(2024, 1, 1), **kwargs):
    kwargs.setdefault("finance_frequency", "monthly")
    page = VillageAffairsIndexPage(
        title=village.name, slug=f"village-{village.pk}", village=village, checks_from=checks_from, live=True, **kwargs
    )
    return column.add_child(instance=page)


def make_entry(index_page, title="2024年3月财务收支公开", category_name="财务", period=(2024, "month", 3),
               date_published=None, live=True, rows=(), **kwargs):
    year, unit, number = period
    if date_published is None:
        # Published in the first days after the period: on time.
        date_published = VillageAffairsPage(period_year=year, period_unit=unit, period_number=number).period.end + (
            datetime.timedelta(days=3)
        )
    page = VillageAffairsPage(
        title=title, category=category(category_name), period_year=year, period_unit=unit, period_number=number,
        date_published=date_published, live=live, **kwargs,
    )
    for side, item, amount in rows:
        page.finance_rows.add(VillageAffairsFinanceRow(side=side, item=item, amount=Decimal(amount)))
    return index_page.add_child(instance=page)


def entry_form_data(title, slug="new-entry", category_name="财务", period=(2024, "month", 3), rows=(), stage="notice",
                    resolution=None, **totals):
    """POST data for the admin create and edit views of a VillageAffairsPage.

    ``rows`` are (side, item, amount, id) with the id of a stored row, or "" for a new one, stored rows first.
    """
    year, unit, number = period
    return nested_form_data({
        "title": title,
        "slug": slug,
        "category": category(category_name).pk,
        "topic": "village_finance",
        "stage": stage,
        "resolution": resolution.pk if resolution else "",
        "period_year": year,
        "period_unit": unit,
        "period_number": number,
        "date_published": "",
        "body": streamfield([]),
        "finance_rows": inline_formset(
            [{"side": side, "item": item, "amount": amount, "note": "", "id": row_id} for side, item, amount, row_id in rows],
            initial=sum(1 for row in rows if row[3]),
        ),
        "stated_income_total": totals.get("income", ""),
        "stated_expense_total": totals.get("expense", ""),
        "notice_photo": "",
        "government_item": "",
        "comments": inline_formset([]),
    })


def make_response(column, organization, title="关于某小区停水问题的回应", severity="ordinary",
                  first_noticed_at=None, live=True, commitments=(), **kwargs):
    first_noticed_at = first_noticed_at or timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 0))
    kwargs.setdefault("status", "collecting")
    page = OpinionResponsePage(
        title=title, topic=kwargs.pop("topic", title), first_noticed_at=first_noticed_at,
        first_noticed_where="12345热线", severity=severity, responsible_organization=organization,
        issuing_organ=organization, live=live, **kwargs,
    )
    for promise, due_date, status, evidence in commitments:
        page.commitments.add(OpinionCommitment(promise=promise, due_date=due_date, status=status, evidence_page=evidence))
    return column.add_child(instance=page)
