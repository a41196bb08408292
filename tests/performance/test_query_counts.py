"""Public pages and the API cost as many queries for two hundred related items as for one.

Each test builds one item, measures a request, builds up to twenty and then two hundred and
measures again: a count that grows with the items is a query run per item. Every item carries its
own organization, theme and the other related rows a page shows, so no shared cache hides a query
per item.
"""

import datetime
import re
from collections import Counter
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from gk_wagtail.formats.codes import credit_code_check_character
from gk_wagtail.models import DisclosureStage, InterpretationForm, Theme
from gk_wagtail.page_types.columns import ColumnPage
from gk_wagtail.page_types.policies import PolicyInterpretationLink
from gk_wagtail.page_types.villages import Stage, VillageAffairsIndexPage
from tests.factories import (
    attachments_of,
    budget_row,
    domain,
    import_rows,
    make_column,
    make_county,
    make_document,
    make_entry,
    make_image,
    make_interpretation,
    make_organization,
    make_policy,
    make_response,
    make_search_site,
    make_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
    seed_registers,
)

SIZES = FEW, SOME, MANY = 1, 20, 200


def measure(client, url, params=None):
    """The response to a second GET of ``url`` and the queries it ran.

    The first GET fills the caches a running site keeps (site root paths, content types).
    """
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response, [query["sql"] for query in queries.captured_queries]


def assert_constant(counts):
    (few_items, few), *more = sorted(counts.items())
    assert more, "measure at more than one size"
    for many_items, many in more:
        repeated = Counter(re.sub(r"\b\d+\b", "N", sql) for sql in many).most_common(1)[0]
        assert len(few) == len(many), (
            f"{len(few)} queries for {few_items} items, {len(many)} for {many_items}: a query runs per item; "
            f"the most repeated ({repeated[1]} times): {repeated[0][:600]}"
        )


class Related:
    """Distinct related rows for item ``number``: an organization and a theme under its own heading."""

    def __init__(self):
        self.made = 0

    def organization(self):
        self.made += 1
        first17 = f"1144030000754{self.made:04d}"
        return make_organization(f"示范县第{self.made}局", credit_code=first17 + credit_code_check_character(first17))

    def theme(self):
        heading = Theme.objects.create(name=f"门类{self.made}", code=f"{10 + self.made}")
        return Theme.objects.create(name=f"主题{self.made}", code=f"{10 + self.made}01", parent=heading)


def dressed(page, number):
    """``page`` with keywords, 五公开 stages and a domain, saved as a published revision would be."""
    page.keywords.add(f"关键词{number}", f"政务公开{number}")
    page.disclosure_stages.set(DisclosureStage.objects.all()[:2])
    page.domains.set([domain(f"领域{number}")])
    page.save()
    return page


@pytest.fixture(autouse=True)
def whole_listings(monkeypatch):
    """Listings show every item on one page, so each item's queries show in the count."""
    monkeypatch.setattr(ColumnPage, "page_size", MANY)
    # Each resolution may have its result listed beside it.
    monkeypatch.setattr(VillageAffairsIndexPage, "page_size", 2 * MANY)


@pytest.fixture
def site_columns(db):
    seed_registers()
    home = make_site().root_page
    return make_column(home, "政策文件", "zcwj"), make_column(home, "政策解读", "zcjd")


def test_a_policy_page_with_many_interpretations(client, site_columns):
    policies, interpretations = site_columns
    related = Related()
    policy = make_policy(policies, related.organization(), theme=related.theme())
    forms = list(InterpretationForm.objects.all()[:2])
    assert len(forms) == 2
    counts = {}
    made = 0
    for total in SIZES:
        while made < total:
            made += 1
            interpretation = make_interpretation(
                interpretations,
                related.organization(),
                [policy],
                f"解读{made}",
                date_published=datetime.date(2020, 5, 15) + datetime.timedelta(days=made),
            )
            interpretation.interpretation_forms.set(forms)
            interpretation.save()
        response, counts[total] = measure(client, policy.url)
        html = BeautifulSoup(response.content, "html.parser")
        listed = html.select(".gk-related li")
        assert len(listed) == total
        assert all(
            item.select_one(".gk-forms").get_text() == f"（{forms[0].name}、{forms[1].name}）" for item in listed
        )
    assert_constant(counts)


def test_an_interpretation_page_with_many_policies(client, site_columns):
    policies, interpretations = site_columns
    related = Related()
    made = []

    def add_policies(total):
        while len(made) < total:
            number = len(made) + 1
            made.append(
                make_policy(
                    policies,
                    related.organization(),
                    f"政策{number}",
                    document_number=f"示府办〔2020〕{number}号",
                    theme=related.theme(),
                )
            )

    add_policies(FEW)
    interpretation = make_interpretation(interpretations, related.organization(), made, theme=related.theme())
    counts = {}
    for total in SIZES:
        add_policies(total)
        PolicyInterpretationLink.objects.filter(page=interpretation).delete()
        PolicyInterpretationLink.objects.bulk_create(
            PolicyInterpretationLink(page=interpretation, policy=policy, sort_order=order)
            for order, policy in enumerate(made)
        )
        response, counts[total] = measure(client, interpretation.url)
        html = BeautifulSoup(response.content, "html.parser")
        assert len(html.select(".gk-interpreted-policies li")) == total
        assert len(html.select(".gk-interpreted-policies .gk-document-number")) == total
    assert_constant(counts)


def test_a_column_with_many_documents(client, site_columns):
    policies, interpretations = site_columns
    related = Related()
    attachment = make_document()
    made = []
    counts = {}
    for total in SIZES:
        while len(made) < total:
            number = len(made) + 1
            policy = make_policy(
                policies,
                related.organization(),
                f"政策{number}",
                theme=related.theme(),
                date_published=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                attachments=attachments_of(attachment),
            )
            made.append(dressed(policy, number))
        response, counts[total] = measure(client, policies.url)
        html = BeautifulSoup(response.content, "html.parser")
        assert len(html.select(".gk-document-list li")) == total
        assert len(html.select(".gk-issuing-organ")) == total
    assert_constant(counts)


def test_a_standard_catalog_with_many_rows(client, db):
    seed_registers()
    county = make_county()
    home = make_site(organization=county).root_page
    section = make_column(home, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    columns = [make_column(section, f"栏目{number}", f"column-{number}") for number in range(MANY)]
    counts = {}
    for total in SIZES:
        rows = [
            budget_row(
                second_level_item=f"事项{number}",
                column_url=columns[number].get_full_url(),
                five_stages=["决策", "结果"],
                channels=["政府网站", "公开查阅点"],
            )
            for number in range(total)
        ]
        catalog = import_rows(county, "财政预决算", rows).page
        response, counts[total] = measure(client, catalog.url)
        html = BeautifulSoup(response.content, "html.parser")
        assert len(html.select(".gk-catalog-table tbody tr")) == total
        assert len(html.select(".gk-catalog-table tbody th a")) == total  # each row links its column
    assert_constant(counts)


@pytest.fixture
def village_page(db):
    home = make_site().root_page
    township = make_township()
    return make_village_page(make_township_column(home, township), make_village(township))


def test_a_village_page_with_many_entries(client, village_page):
    # Resolutions, so each entry looks for its published result (待公开 until there is one).
    made = 0
    counts = {}
    for total in SIZES:
        while made < total:
            made += 1
            resolution = make_entry(
                village_page,
                f"{made}号决议",
                category_name="村务",
                period=(2024, "month", 1 + made % 12),
                stage=Stage.RESOLUTION,
                topic="other",
            )
            if made % 2:
                make_entry(
                    village_page,
                    f"{made}号决议实施结果",
                    category_name="村务",
                    period=(2024, "month", 1 + made % 12),
                    stage=Stage.RESULT,
                    resolution=resolution,
                    topic="other",
                )
        response, counts[total] = measure(client, village_page.url)
        html = BeautifulSoup(response.content, "html.parser")
        awaiting = [row for row in html.select(".gk-village-entries tbody tr") if "决议" in row.th.get_text()]
        assert len(awaiting) == total + (total + 1) // 2
    assert_constant(counts)


def test_a_village_resolution_with_many_rows_and_results(client, village_page):
    counts = {}
    for total in SIZES:
        rows = [("income", f"收入{number}", "100.00") for number in range(total)]
        rows += [("expense", f"支出{number}", "50.00") for number in range(total)]
        resolution = make_entry(
            village_page,
            f"决议（{total}项）",
            category_name="村务",
            stage=Stage.RESOLUTION,
            topic="other",
            rows=rows,
            stated_income_total=Decimal("100.00") * total,
            stated_expense_total=Decimal("50.00") * total,
        )
        for number in range(total):
            make_entry(
                village_page,
                f"实施结果{total}-{number}",
                category_name="村务",
                stage=Stage.RESULT,
                resolution=resolution,
                topic="other",
            )
        response, counts[total] = measure(client, resolution.url)
        html = BeautifulSoup(response.content, "html.parser")
        assert len(html.select(".gk-finance tbody th[scope=row]")) == 2 * total + 2  # the rows and two totals
        assert len([link for link in html.select(".gk-notice-facts a") if "实施结果" in link.get_text()]) == total
    assert_constant(counts)


def test_the_search_page_with_many_results(client, db, monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.citizen.PAGE_SIZE", MANY)
    home = make_search_site()
    policies = make_column(home, "政策文件", "zcwj")
    interpretations = make_column(home, "政策解读", "zcjd")
    related = Related()
    made = 0
    counts = {}
    # A policy and an interpretation from the start: each page type costs its own query.
    for total in (2, SOME, MANY):
        while made < total:
            made += 1
            date = datetime.date(2020, 1, 1) + datetime.timedelta(days=made)
            if made % 2:
                make_policy(
                    policies,
                    related.organization(),
                    f"关于农村饮水安全的通知（第{made}号）",
                    theme=related.theme(),
                    date_published=date,
                )
            else:
                policy = make_policy(policies, related.organization(), f"水利工程{made}", date_published=date)
                make_interpretation(
                    interpretations,
                    related.organization(),
                    [policy],
                    f"图解：农村饮水安全（第{made}号）",
                    theme=related.theme(),
                    date_published=date,
                )
        response, counts[total] = measure(client, "/search/", {"q": "农村饮水"})
        assert response.content.decode().count('<article class="gk-search-result">') == total
    assert_constant(counts)


def test_the_api_pages_listing_with_many_policies(client, site_columns, settings, tmp_path):
    settings.WAGTAILAPI_LIMIT_MAX = MANY
    settings.MEDIA_ROOT = tmp_path / "media"
    policies, interpretations = site_columns
    related = Related()
    forms = list(InterpretationForm.objects.all()[:2])
    attachments = {}
    made = 0
    counts = {}
    for total in SIZES:
        while made < total:
            made += 1
            image = make_image(title=f"图{made}", name=f"figure-{made}.png")
            policy = make_policy(
                policies,
                related.organization(),
                f"政策{made}",
                theme=related.theme(),
                body=[("figure", {"image": image, "alt_text": image.title, "caption": "", "long_description": ""})],
                attachments=attachments_of(make_document(f"附件{made}", f"attachment-{made}.pdf")),
            )
            dressed(policy, made)
            attachments[policy.pk] = policy.attachments[0].value["document"].pk
            interpretation = make_interpretation(interpretations, related.organization(), [policy], f"解读{made}")
            interpretation.interpretation_forms.set(forms)
            interpretation.save()
            hidden = make_interpretation(interpretations, related.organization(), [policy], f"内部解读{made}")
            PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
        response, counts[total] = measure(
            client, "/api/v2/pages/", {"type": "gk_wagtail.PolicyDocumentPage", "fields": "*", "limit": MANY}
        )
        items = response.json()["items"]
        assert len(items) == total
        for item in items:
            assert item["theme"]["parent"]["name"].startswith("门类")
            assert len(item["keyword_names"]) == 2 and len(item["domain_names"]) == 1
            assert [interpretation["title"] for interpretation in item["interpretations"]] == [
                item["title"].replace("政策", "解读")
            ]
            assert [attachment["value"]["document"] for attachment in item["attachments"]] == [attachments[item["id"]]]
    assert_constant(counts)


def listed_documents(client, column, total):
    response, queries = measure(client, column.url)
    html = BeautifulSoup(response.content, "html.parser")
    assert len(html.select(".gk-document-list li")) == total
    assert len(html.select(".gk-issuing-organ")) == total
    return html, queries


def test_an_interpretations_column_with_many_interpretations(client, site_columns):
    policies, interpretations = site_columns
    related = Related()
    policy = make_policy(policies, related.organization())
    forms = list(InterpretationForm.objects.all()[:2])
    made = 0
    counts = {}
    for total in SIZES:
        while made < total:
            made += 1
            interpretation = make_interpretation(
                interpretations,
                related.organization(),
                [policy],
                f"解读{made}",
                theme=related.theme(),
                date_published=datetime.date(2020, 1, 1) + datetime.timedelta(days=made),
            )
            interpretation.interpretation_forms.set(forms)
            dressed(interpretation, made)
        _html, counts[total] = listed_documents(client, interpretations, total)
    assert_constant(counts)


def test_an_opinion_responses_column_with_many_responses(client, db):
    seed_registers()
    responses = make_column(make_site().root_page, "回应关切", "hygq")
    related = Related()
    made = 0
    counts = {}
    for total in SIZES:
        while made < total:
            made += 1
            response = make_response(
                responses,
                related.organization(),
                f"关于第{made}号小区停水问题的回应",
                status="responded",
                responded_at=timezone.make_aware(datetime.datetime(2024, 5, 7, 9, 0)),
                theme=related.theme(),
                date_published=datetime.date(2024, 1, 1) + datetime.timedelta(days=made),
            )
            dressed(response, made)
        _html, counts[total] = listed_documents(client, responses, total)
    assert_constant(counts)


def test_a_section_with_many_sub_columns(client, db):
    # The section lists its sub-columns and, newest first, the documents under all of them.
    seed_registers()
    section = make_column(make_site().root_page, "政府信息公开", "gkzl")
    related = Related()
    made = 0
    counts = {}
    for total in SIZES:
        while made < total:
            made += 1
            column = make_column(section, f"栏目{made}", f"column-{made}")
            make_policy(
                column,
                related.organization(),
                f"政策{made}",
                theme=related.theme(),
                date_published=datetime.date(2020, 1, 1) + datetime.timedelta(days=made),
            )
        html, counts[total] = listed_documents(client, section, total)
        assert len(html.select(".gk-subcolumns li")) == total
    assert_constant(counts)


def test_the_api_documents_and_images_listings(client, db, settings, tmp_path):
    from gk_wagtail.files import DocumentPublication

    settings.WAGTAILAPI_LIMIT_MAX = MANY
    settings.MEDIA_ROOT = tmp_path / "media"
    column = make_column(make_site().root_page)
    county = make_county()
    made = 0
    counts = {"documents": {}, "images": {}}
    for total in SIZES:
        while made < total:
            made += 1
            document = make_document(f"表格{made}", f"form-{made}.pdf")
            document.tags.add(f"标签{made}", "表格")
            DocumentPublication.objects.create(document=document)
            image = make_image(title=f"图片{made}", name=f"figure-{made}.png")
            image.tags.add(f"标签{made}")
            make_policy(
                column,
                county,
                f"政策{made}",
                body=[("figure", {"image": image, "alt_text": image.title, "caption": "", "long_description": ""})],
            )
        for endpoint in counts:
            response, counts[endpoint][total] = measure(client, f"/api/v2/{endpoint}/", {"limit": MANY, "fields": "*"})
            items = response.json()["items"]
            assert len(items) == total
            assert all(f"标签{item['title'][2:]}" in item["meta"]["tags"] for item in items)
    for endpoint_counts in counts.values():
        assert_constant(endpoint_counts)


def test_an_opinion_response_with_many_related_pages_and_commitments(client, site_columns):
    from gk_wagtail.models import OpinionCommitment, OpinionResponseLink

    policies, _interpretations = site_columns
    responses = make_column(policies.get_parent(), "回应关切", "hygq")
    related = Related()
    response = make_response(
        responses,
        related.organization(),
        status="responded",
        responded_at=timezone.make_aware(datetime.datetime(2024, 5, 7, 9, 0)),
    )
    made = []
    counts = {}
    for total in SIZES:
        while len(made) < total:
            number = len(made) + 1
            made.append(make_policy(policies, related.organization(), f"政策{number}", theme=related.theme()))
        OpinionResponseLink.objects.filter(page=response).delete()
        OpinionResponseLink.objects.bulk_create(
            OpinionResponseLink(page=response, linked_page=policy, sort_order=order)
            for order, policy in enumerate(made)
        )
        OpinionCommitment.objects.filter(page=response).delete()
        OpinionCommitment.objects.bulk_create(
            OpinionCommitment(
                page=response,
                promise=f"承诺{order}",
                due_date=datetime.date(2024, 6, 1),
                status="kept",
                evidence_page=policy,
                sort_order=order,
            )
            for order, policy in enumerate(made)
        )
        response_page, counts[total] = measure(client, response.url)
        html = BeautifulSoup(response_page.content, "html.parser")
        assert len(html.select(".gk-related:not(.gk-commitments) li .gk-document-number")) == total
        assert (
            len([link for link in html.select(".gk-commitments td a") if link.get_text().startswith("政策")]) == total
        )
    assert_constant(counts)
