"""What citizens read of a document: its 文号 in the normalized form and its dates in Chinese form."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from tests.factories import (
    make_column,
    make_interpretation,
    make_organization,
    make_policy,
    make_response,
    make_search_site,
)

NORMALIZED = "湘政办发〔2024〕12号"
# The ways clerks type the year brackets of one 文号, including mismatched and full-width ones.
TYPED_FORMS = [
    "湘政办发[2024]12号",
    "湘政办发(2024)12号",
    "湘政办发（2024）12号",
    "湘政办发【2024】12号",
    "湘政办发﹝2024﹞12号",
    "湘政办发〔2024）12号",
    "湘政办发［２０２４］１２号",
    " 湘政办发 [2024] 012号 ",
]


@pytest.fixture
def tree(db):
    home = make_search_site()
    organization = make_organization("湖南省人民政府办公厅")
    return home, organization, make_column(home), make_column(home, "政策解读", "interpretations")


@pytest.mark.parametrize("typed", TYPED_FORMS)
def test_document_number_is_shown_normalized_and_kept_as_typed(client, tree, typed):
    _home, organization, policies, _interpretations = tree
    page = make_policy(policies, organization, title="关于进一步优化营商环境的若干措施", document_number=typed)
    page.refresh_from_db()
    assert page.document_number == typed.strip()
    html = client.get(page.url).content.decode()
    assert html.count(NORMALIZED) >= 2  # the metadata table and the heading
    listing = client.get(policies.url).content.decode()
    assert NORMALIZED in listing
    if typed.strip() != NORMALIZED:
        assert typed.strip() not in html and typed.strip() not in listing
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["document_number"] == page.document_number
    assert data["document_number_normalized"] == NORMALIZED


def test_linked_policies_show_the_normalized_number(client, tree):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization, document_number="湘政办发【2024】12号")
    interpretation = make_interpretation(interpretations, organization, [policy])
    html = client.get(interpretation.url).content.decode()
    assert NORMALIZED in html and "【2024】" not in html


def test_the_editor_preview_shows_the_normalized_number(tree):
    _home, organization, policies, _interpretations = tree
    page = make_policy(policies, organization, document_number=NORMALIZED)
    page.document_number = "湘政办发(2025)3号"
    page.full_clean()  # what the edit form runs before a preview or a revision
    assert page.document_number_normalized == "湘政办发〔2025〕3号"


@pytest.mark.parametrize("query", ["湘政办发[2024]12号", NORMALIZED, "湘政办发（2024）12号"])
def test_search_finds_the_document_by_either_form(client, tree, query):
    _home, organization, policies, _interpretations = tree
    page = make_policy(
        policies, organization, title="关于进一步优化营商环境的若干措施", document_number="湘政办发[2024]12号"
    )
    make_policy(policies, organization, title="关于做好防汛工作的通知", document_number="湘政办发〔2023〕5号")
    results = client.get("/search/", {"q": query, "format": "json"}).json()["results"]
    assert [result["id"] for result in results] == [page.pk]
    assert results[0]["document_number"] == NORMALIZED
    api = client.get("/api/v2/pages/", {"search": query, "type": "gk_wagtail.PolicyDocumentPage"}).json()
    assert [item["id"] for item in api["items"]] == [page.pk]


# Dates


def render(template, **context):
    return Template("{% load gk_wagtail_tags %}" + template).render(Context(context))


def test_cn_date_writes_dates_and_local_times_in_chinese_form():
    assert render("{{ value|cn_date }}", value=datetime.date(2024, 3, 14)) == "2024年3月14日"
    assert render("{{ value|cn_date }}", value=datetime.date(2024, 12, 1)) == "2024年12月1日"
    # 16:30 UTC is half past midnight the next day in Beijing.
    moment = datetime.datetime(2024, 3, 14, 16, 30, tzinfo=datetime.UTC)
    assert render("{{ value|cn_date }}", value=moment) == "2024年3月15日 00:30"
    assert render("{{ value|cn_date }}", value=None) == ""
    assert render("{{ value|cn_date }}", value="") == ""


def test_public_pages_write_dates_in_chinese_form(client, tree):
    home, organization, policies, interpretations = tree
    policy = make_policy(
        policies,
        organization,
        date_written=datetime.date(2024, 3, 4),
        date_published=datetime.date(2024, 3, 14),
        effective_date=datetime.date(2024, 4, 1),
    )
    make_interpretation(interpretations, organization, [policy], date_published=datetime.date(2024, 3, 15))
    html = client.get(policy.url).content.decode()
    for shown in ("2024年3月4日", "2024年3月14日", "2024年4月1日", "2024年3月15日"):
        assert shown in html
    assert '<time datetime="2024-03-14">' in html
    assert ">2024-03-14<" not in html
    listing = client.get(policies.url).content.decode()
    assert "2024年3月14日" in listing and ">2024-03-14<" not in listing
    results = client.get("/search/", {"q": policy.title}).content.decode()
    assert "2024年3月14日" in results and ">2024-03-14<" not in results
    responses = make_column(home, "回应关切", "responses", column_type="回应关切")
    response = make_response(
        responses,
        organization,
        responded_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 13, 5)),
        date_published=datetime.date(2024, 5, 6),
    )
    html = client.get(response.url).content.decode()
    assert "2024年5月6日 13:05" in html and "2024-05-06" not in html.replace('datetime="2024-05-06', "")
