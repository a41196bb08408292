import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.test.utils import WagtailPageTestCase

from gk_wagtail.admin.villages import VillageOverduePanel, add_overdue_panel
from gk_wagtail.models import ColumnPage, Organization, VillageAffairsIndexPage, VillageAffairsPage
from gk_wagtail.page_types.villages import Period, totals_errors
from gk_wagtail.reports.village_overdue import overdue_villages
from gk_wagtail.setup.villages import ensure_default_categories
from tests.factories import (
    category,
    ensure_wagtail_roots,
    entry_form_data,
    make_column,
    make_entry,
    make_organization,
    make_policy,
    make_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
)


class VillagePageTreeTests(WagtailPageTestCase):
    def test_entries_live_under_a_village_page_under_a_column(self):
        self.assertAllowedParentPageTypes(VillageAffairsIndexPage, {ColumnPage})
        self.assertAllowedSubpageTypes(VillageAffairsIndexPage, {VillageAffairsPage})
        self.assertAllowedParentPageTypes(VillageAffairsPage, {VillageAffairsIndexPage})
        self.assertAllowedSubpageTypes(VillageAffairsPage, set())


# Periods


def test_a_period_knows_its_dates_across_a_year_end():
    december = Period(2023, "month", 12)
    assert december.start == datetime.date(2023, 12, 1)
    assert december.end == datetime.date(2023, 12, 31)
    assert december.next() == Period(2024, "month", 1)
    assert Period(2024, "month", 2).end == datetime.date(2024, 2, 29)
    assert Period(2024, "quarter", 4).next() == Period(2025, "quarter", 1)
    assert Period(2025, "quarter", 1).previous() == Period(2024, "quarter", 4)
    assert Period.containing(datetime.date(2024, 8, 15), "quarter") == Period(2024, "quarter", 3)
    assert Period(2024, "quarter", 3).code == "2024-Q3"
    assert Period(2024, "month", 3).code == "2024-03"


def test_a_month_entry_meets_a_quarterly_duty_but_not_the_other_way_round():
    q1 = Period(2024, "quarter", 1)
    assert Period(2024, "month", 2).satisfies(q1)
    assert not Period(2024, "month", 4).satisfies(q1)
    assert not Period(2023, "month", 2).satisfies(q1)
    assert not q1.satisfies(Period(2024, "month", 2))
    assert q1.satisfies(Period(2024, "quarter", 1))


# Totals


@pytest.fixture
def village_tree(db):
    ensure_wagtail_roots()
    ensure_default_categories()
    home = make_site().root_page
    township = make_township()
    column = make_township_column(home, township)
    village = make_village(township)
    index_page = make_village_page(column, village)
    return home, township, column, village, index_page


INCOME_AND_EXPENSE = [
    ("income", "土地承包费", "1200.00"),
    ("income", "上级转移支付", "300.50"),
    ("expense", "保洁费", "800.00"),
]


def test_totals_that_add_up_are_accepted(village_tree):
    index_page = village_tree[4]
    entry = make_entry(
        index_page,
        rows=INCOME_AND_EXPENSE,
        stated_income_total=Decimal("1500.50"),
        stated_expense_total=Decimal("800.00"),
    )
    assert [row.item for row in entry.income_rows] == ["土地承包费", "上级转移支付"]


def test_a_wrong_total_is_refused_naming_the_sum_of_the_rows(village_tree):
    index_page = village_tree[4]
    with pytest.raises(ValidationError) as error:
        make_entry(
            index_page,
            rows=INCOME_AND_EXPENSE,
            stated_income_total=Decimal("1500.00"),
            stated_expense_total=Decimal("800.00"),
        )
    message = error.value.message_dict["stated_income_total"][0]
    assert "1,500.50" in message and "1,500.00" in message
    assert "stated_expense_total" not in error.value.message_dict
    assert not VillageAffairsPage.objects.exists()


def test_rows_without_a_stated_total_are_refused_and_a_total_without_rows_must_be_zero():
    errors = totals_errors([("expense", Decimal("10.00"))], None, Decimal("0.00"))
    assert set(errors) == {"stated_expense_total"}
    assert "10.00" in errors["stated_expense_total"]
    assert totals_errors([], Decimal("0.00"), None) == {}
    assert set(totals_errors([], Decimal("5.00"), None)) == {"stated_income_total"}


class AdminTotalsTests(WagtailPageTestCase):
    """The admin form checks the rows being submitted, not the rows stored before the edit."""

    def setUp(self):
        ensure_wagtail_roots()
        home = make_site().root_page
        township = make_township()
        village = make_village(township)
        self.index_page = make_village_page(make_township_column(home, township), village)
        self.user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
        self.client.force_login(self.user)

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["gk_wagtail", "villageaffairspage", self.index_page.pk])

    def test_creating_with_a_wrong_total_shows_the_expected_sum(self):
        data = entry_form_data(
            "2024年3月财务", rows=[(*row, "") for row in INCOME_AND_EXPENSE], income="1000.00", expense="800.00"
        )
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("1,500.50", errors["stated_income_total"][0])
        self.assertFalse(VillageAffairsPage.objects.exists())

    def edited_rows(self, entry):
        """The stored rows with the first amount raised from 1200.00 to 1300.00."""
        first, second, third = entry.finance_rows.order_by("sort_order")
        return [
            ("income", "土地承包费", "1300.00", first.pk),
            ("income", "上级转移支付", "300.50", second.pk),
            ("expense", "保洁费", "800.00", third.pk),
        ]

    def test_correcting_a_row_and_the_total_together_is_accepted(self):
        entry = make_entry(
            self.index_page,
            rows=INCOME_AND_EXPENSE,
            stated_income_total=Decimal("1500.50"),
            stated_expense_total=Decimal("800.00"),
        )
        rows = self.edited_rows(entry)
        data = entry_form_data(entry.title, slug=entry.slug, rows=rows, income="1600.50", expense="800.00")
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)
        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[self.index_page.pk]))
        entry.refresh_from_db()
        self.assertEqual(entry.stated_income_total, Decimal("1600.50"))
        self.assertEqual(sorted(row.amount for row in entry.income_rows), [Decimal("300.50"), Decimal("1300.00")])
        self.assertEqual(entry.finance_rows.count(), 3)

    def test_deleting_a_row_with_its_total_is_accepted(self):
        entry = make_entry(
            self.index_page,
            rows=INCOME_AND_EXPENSE,
            stated_income_total=Decimal("1500.50"),
            stated_expense_total=Decimal("800.00"),
        )
        first, second, third = entry.finance_rows.order_by("sort_order")
        rows = [
            ("income", "土地承包费", "1200.00", first.pk),
            ("income", "上级转移支付", "300.50", second.pk),
            ("expense", "保洁费", "800.00", third.pk),
        ]
        data = entry_form_data(entry.title, slug=entry.slug, rows=rows, income="1500.50", expense="0.00")
        data["finance_rows-2-DELETE"] = "1"
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)
        self.assertEqual(response.status_code, 302)
        entry.refresh_from_db()
        self.assertEqual([row.item for row in entry.finance_rows.all()], ["土地承包费", "上级转移支付"])
        self.assertEqual(entry.stated_expense_total, Decimal("0.00"))

    def test_editing_a_row_without_the_total_is_refused(self):
        entry = make_entry(
            self.index_page,
            rows=INCOME_AND_EXPENSE,
            stated_income_total=Decimal("1500.50"),
            stated_expense_total=Decimal("800.00"),
        )
        rows = self.edited_rows(entry)
        data = entry_form_data(entry.title, slug=entry.slug, rows=rows, income="1500.50", expense="800.00")
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[entry.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("1,600.50", response.context["form"].errors["stated_income_total"][0])

    def test_a_new_result_must_carry_out_a_resolution_of_its_own_village(self):
        township = self.index_page.village.parent
        other_village = make_village(township, "西岭村")
        other_page = make_village_page(self.index_page.get_parent(), other_village)
        foreign = make_entry(other_page, "西岭村道路硬化决议", "村务", (2024, "quarter", 1), stage="resolution")
        data = entry_form_data(
            "道路硬化实施结果", category_name="村务", period=(2024, "quarter", 2), stage="result", resolution=foreign
        )
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("东岭村", response.context["form"].errors["resolution"][0])  # names the village to choose from


# 两公开


def test_a_result_needs_a_resolution_of_the_same_village(village_tree):
    _home, township, column, _village, index_page = village_tree
    notice = make_entry(index_page, "3月财务公开")
    with pytest.raises(ValidationError) as error:
        make_entry(index_page, "实施结果", "村务", (2024, "quarter", 1), stage="result")
    assert "resolution" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_entry(index_page, "实施结果", "村务", (2024, "quarter", 1), stage="result", resolution=notice)
    assert "not a resolution" in error.value.message_dict["resolution"][0]
    other_page = make_village_page(column, make_village(township, "西岭村"))
    foreign = make_entry(other_page, "西岭村决议", "村务", (2024, "quarter", 1), stage="resolution")
    with pytest.raises(ValidationError) as error:
        make_entry(index_page, "实施结果", "村务", (2024, "quarter", 1), stage="result", resolution=foreign)
    assert "another village" in error.value.message_dict["resolution"][0]


def test_only_a_result_links_to_a_resolution(village_tree):
    index_page = village_tree[4]
    resolution = make_entry(index_page, "修建村道决议", "村务", (2024, "quarter", 1), stage="resolution")
    with pytest.raises(ValidationError) as error:
        make_entry(index_page, "普通公告", "村务", (2024, "quarter", 1), resolution=resolution)
    assert "Only a result" in error.value.message_dict["resolution"][0]


def test_a_resolution_shows_its_result_or_that_it_is_still_to_be_published(client, village_tree):
    index_page = village_tree[4]
    resolution = make_entry(index_page, "修建村道决议", "村务", (2024, "quarter", 1), stage="resolution")
    html = client.get(resolution.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "to be published" in html
    assert resolution.awaiting_result
    draft = make_entry(
        index_page, "修建村道实施结果", "村务", (2024, "quarter", 2), stage="result", resolution=resolution, live=False
    )
    assert "to be published" in client.get(resolution.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    draft.save_revision().publish()
    resolution = VillageAffairsPage.objects.get(pk=resolution.pk)
    html = client.get(resolution.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "to be published" not in html
    assert f'href="{draft.url}"' in html
    assert f'href="{resolution.url}"' in client.get(draft.url).content.decode()


def test_the_matching_government_item_must_be_a_disclosed_document(client, village_tree):
    home, _township, _column, _village, index_page = village_tree
    policy = make_policy(make_column(home, "政策文件", "policies"), make_organization())
    with pytest.raises(ValidationError) as error:
        make_entry(index_page, government_item=home)
    assert "government_item" in error.value.message_dict
    entry = make_entry(index_page, government_item=policy)
    html = client.get(entry.url).content.decode()
    assert f'href="{policy.url}"' in html and policy.index_number in html


# The village register


def test_a_village_page_needs_a_village_under_a_township_and_only_one_page(village_tree):
    _home, township, column, village, _index_page = village_tree
    department = Organization.objects.create(name="县民政局", organization_type=Organization.Type.DEPARTMENT)
    orphan = Organization.objects.create(name="无主村", organization_type=Organization.Type.VILLAGE_COMMITTEE)
    for organization, expected in [
        (department, "not a valid choice"),
        (orphan, "no township"),
        (village, "already has"),
    ]:
        page = VillageAffairsIndexPage(title=organization.name, slug=f"p-{organization.pk}", village=organization)
        with pytest.raises(ValidationError) as error:
            column.add_child(instance=page)
        assert expected in error.value.message_dict["village"][0]


# Pages


def test_an_entry_prints_as_a_notice_with_a_qr_code_to_itself(client, village_tree):
    index_page = village_tree[4]
    entry = make_entry(
        index_page,
        rows=INCOME_AND_EXPENSE,
        stated_income_total=Decimal("1500.50"),
        stated_expense_total=Decimal("800.00"),
    )
    response = client.get(entry.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'class="gk-qr-code"' in html
    assert entry.full_url in html  # the SVG's accessible title names the address
    assert "notice-print.css" in html and 'media="print"' in html
    assert "gk-notice--a4" in html
    assert " style=" not in html
    assert "1500.50" in html and "土地承包费" in html
    assert "gk-notice--a3" in client.get(entry.url, {"paper": "a3"}).content.decode()


def test_the_village_page_lists_its_live_entries_and_filters_by_category(client, village_tree):
    index_page = village_tree[4]
    make_entry(index_page, "3月财务公开")
    make_entry(index_page, "一季度村务公开", "村务", (2024, "quarter", 1))
    make_entry(index_page, "草稿", live=False)
    html = client.get(index_page.url).content.decode()
    assert "3月财务公开" in html and "一季度村务公开" in html and "草稿" not in html
    html = client.get(index_page.url, {"category": category("村务").pk}).content.decode()
    assert "一季度村务公开" in html and "3月财务公开" not in html


@pytest.mark.parametrize(
    "params", [{"year": "²"}, {"year": "١٢"}, {"year": "99999999999999999999"}, {"category": "1e5"}, {"page": "-1"}]
)
def test_the_village_page_refuses_filters_no_link_carries(client, village_tree, params):
    index_page = village_tree[4]
    make_entry(index_page, "3月财务公开")
    response = client.get(index_page.url, params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_village_page_filters_by_year(client, village_tree):
    index_page = village_tree[4]
    make_entry(index_page, "3月财务公开")
    make_entry(index_page, "2023年财务公开", period=(2023, "month", 3))
    html = client.get(index_page.url, {"year": "2023"}).content.decode()
    assert "2023年财务公开" in html and "3月财务公开" not in html


def test_a_notice_prints_on_a4_or_a3_only(client, village_tree):
    entry = make_entry(village_tree[4])
    assert client.get(entry.url, {"paper": "a3"}).status_code == 200
    assert client.get(entry.url, {"paper": "letter"}).status_code == 400


def test_the_api_gives_the_rows_and_the_period(client, village_tree):
    index_page = village_tree[4]
    entry = make_entry(
        index_page,
        rows=INCOME_AND_EXPENSE,
        stated_income_total=Decimal("1500.50"),
        stated_expense_total=Decimal("800.00"),
    )
    item = client.get(f"/api/v2/pages/{entry.pk}/").json()
    assert item["period_code"] == "2024-03"
    assert item["village_name"] == "东岭村"
    assert [row["item"] for row in item["finance_rows"]] == ["土地承包费", "上级转移支付", "保洁费"]


# Frequency checks


@pytest.fixture
def monthly_village(village_tree):
    """A village publishing finance monthly from January 2024, with entries for January and February."""
    index_page = village_tree[4]
    make_entry(index_page, "1月财务", period=(2024, "month", 1))
    make_entry(index_page, "2月财务", period=(2024, "month", 2))
    return index_page


def missing(today, **kwargs):
    return {
        (item.category.name, item.period.code)
        for village in overdue_villages(today, **kwargs)
        for item in village.missing
    }


def test_a_month_is_overdue_once_the_grace_days_after_it_have_passed(monthly_village):
    # March ends on the 31st; its finance notice is due by 10 April.
    assert ("财务", "2024-03") not in missing(datetime.date(2024, 4, 10))
    assert ("财务", "2024-03") in missing(datetime.date(2024, 4, 11))
    assert ("财务", "2024-02") not in missing(datetime.date(2024, 4, 11))
    assert ("财务", "2024-03") not in missing(datetime.date(2024, 4, 11), grace_days=15)


def test_ordinary_matters_are_due_quarterly_and_a_month_entry_meets_its_quarter(monthly_village):
    make_entry(monthly_village, "2月村务", "村务", (2024, "month", 2))
    overdue = missing(datetime.date(2024, 7, 20))
    assert ("村务", "2024-Q1") not in overdue
    assert ("村务", "2024-Q2") in overdue
    assert ("党务", "2024-Q1") in overdue and ("党务", "2024-Q2") in overdue


def test_quarterly_finance_follows_the_village_setting(monthly_village):
    monthly_village.finance_frequency = "quarterly"
    monthly_village.save()
    overdue = missing(datetime.date(2024, 7, 20))
    assert ("财务", "2024-Q1") not in overdue  # met by the January and February entries
    assert ("财务", "2024-Q2") in overdue
    assert not any(code.startswith("2024-0") for name, code in overdue if name == "财务")


def test_drafts_and_entries_published_later_do_not_count(monthly_village):
    make_entry(monthly_village, "3月财务草稿", period=(2024, "month", 3), live=False)
    make_entry(monthly_village, "3月财务补发", period=(2024, "month", 3), date_published=datetime.date(2024, 6, 1))
    assert ("财务", "2024-03") in missing(datetime.date(2024, 5, 1))
    assert ("财务", "2024-03") not in missing(datetime.date(2024, 6, 1))


def test_each_village_is_listed_with_its_township_and_due_dates(village_tree):
    _home, township, column, _village, index_page = village_tree
    other = make_village_page(
        column,
        make_village(township, "城南社区", Organization.Type.RESIDENTS_COMMITTEE),
        checks_from=datetime.date(2024, 4, 1),
    )
    result = overdue_villages(datetime.date(2024, 5, 1))
    assert [item.village_name for item in result] == ["东岭村"]  # 城南社区's first month is not yet due
    assert result[0].index_page.pk == index_page.pk and result[0].township_name == "示范镇"
    assert [(item.category.name, item.period.code, item.due_date) for item in result[0].missing] == [
        ("党务", "2024-Q1", datetime.date(2024, 4, 10)),
        ("村务", "2024-Q1", datetime.date(2024, 4, 10)),
        ("财务", "2024-01", datetime.date(2024, 2, 10)),
        ("财务", "2024-02", datetime.date(2024, 3, 10)),
        ("财务", "2024-03", datetime.date(2024, 4, 10)),
    ]
    assert [item.village_name for item in overdue_villages(datetime.date(2024, 5, 15))] == ["东岭村", "城南社区"]
    only_other = VillageAffairsIndexPage.objects.filter(pk=other.pk)
    assert [item.village_name for item in overdue_villages(datetime.date(2024, 5, 15), index_pages=only_other)] == [
        "城南社区"
    ]


def test_a_village_page_without_a_start_is_not_checked(village_tree):
    index_page = village_tree[4]
    index_page.checks_from = None
    index_page.save()
    assert overdue_villages(datetime.date(2024, 12, 31)) == []


def test_the_command_lists_overdue_periods_as_json_and_text(monthly_village):
    out = StringIO()
    call_command("gk_village_overdue", "--format", "json", "--date", "2024-04-11", stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["village"] == "东岭村" and data[0]["township"] == "示范镇"
    assert {"category": "财务", "period": "2024-03", "label": "3/2024", "due_date": "2024-04-10"} in data[0]["missing"]
    out = StringIO()
    call_command("gk_village_overdue", "--date", "2024-04-11", stdout=out)
    assert "示范镇 东岭村: " in out.getvalue()
    with pytest.raises(CommandError, match="2024-13-01"):
        call_command("gk_village_overdue", "--date", "2024-13-01")


def test_the_dashboard_panel_lists_the_users_overdue_villages(settings, monthly_village):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    request = RequestFactory().get("/admin/")
    request.user = user
    html = VillageOverduePanel().render_html({"request": request})
    assert "东岭村" in html and "<caption" in html and 'scope="col"' in html
    nobody = get_user_model().objects.create_user("nobody", "nobody@example.com", "password")
    request.user = nobody
    assert "东岭村" not in VillageOverduePanel().render_html({"request": request})


def test_the_dashboard_shows_the_panel_through_the_homepage_hook(settings, client, monthly_village):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))
    with hooks.register_temporarily("construct_homepage_panels", add_overdue_panel):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="gk-village-overdue' in html and "东岭村" in html


def test_the_overdue_report_lists_and_exports_the_villages(settings, client, monthly_village):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))
    response = client.get(reverse("gk_wagtail_admin:villages_overdue"))
    assert response.status_code == 200
    assert [item.village_name for item in response.context["object_list"]] == ["东岭村"]
    response = client.get(reverse("gk_wagtail_admin:villages_overdue"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "示范镇" in text and "东岭村" in text and "财务" in text


class AdminFormsTests(WagtailPageTestCase):
    def test_the_add_forms_of_the_new_page_types_render(self):
        ensure_wagtail_roots()
        home = make_site().root_page
        township = make_township()
        column = make_township_column(home, township)
        index_page = make_village_page(column, make_village(township))
        self.client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))
        for model, parent in [
            ("opinionresponsepage", column),
            ("villageaffairsindexpage", column),
            ("villageaffairspage", index_page),
        ]:
            response = self.client.get(reverse("wagtailadmin_pages:add", args=["gk_wagtail", model, parent.pk]))
            self.assertEqual(response.status_code, 200, model)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[index_page.pk]))
        self.assertContains(response, 'name="finance_frequency"')
