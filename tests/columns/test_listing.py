"""A column lists its live documents of every disclosed type, filtered, paginated, in a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gk_wagtail.models import CatalogDomain, ColumnPage, StandardCatalogPage, Theme
from gk_wagtail.page_types.columns import disclosed_page_models
from gk_wagtail.page_types.documents import GovDocumentMixin
from tests.factories import (
    DEPARTMENT_CREDIT_CODE,
    domain,
    make_column,
    make_interpretation,
    make_organization,
    make_policy,
    make_site,
)


@pytest.fixture
def column(db):
    home = make_site().root_page
    return make_column(home, "法定主动公开内容", "fdzdgknr")


@pytest.fixture
def county(db):
    return make_organization("示范县人民政府")


@pytest.fixture
def bureau(db):
    return make_organization("示范县财政局", DEPARTMENT_CREDIT_CODE)


def day(text):
    return datetime.date.fromisoformat(text)


def listed(client, column, **params):
    response = client.get(column.url, params)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [link.get_text() for link in html.select(".gk-document-list li > a")], html


def test_every_disclosed_page_type_is_listed():
    assert all(issubclass(model, GovDocumentMixin) for model in disclosed_page_models())
    assert {"PolicyDocumentPage", "PolicyInterpretationPage"} <= {model.__name__ for model in disclosed_page_models()}


def test_live_documents_of_every_type_under_the_column_newest_first(client, column, county):
    policies = make_column(column, "政策文件", "zcwj")
    interpretations = make_column(column, "政策解读", "zcjd")
    policy = make_policy(policies, county, "关于推进政务公开的意见", date_published=day("2020-05-15"))
    make_interpretation(interpretations, county, [policy], "图解：推进政务公开", date_published=day("2020-05-18"))
    make_policy(policies, county, "尚未发布的草稿", live=False, document_number="")
    assert listed(client, column)[0] == ["图解：推进政务公开", "关于推进政务公开的意见"]
    assert listed(client, policies)[0] == ["关于推进政务公开的意见"]


def test_other_pages_are_linked_but_not_listed_as_documents(client, column, county):
    catalog = StandardCatalogPage(title="财政预决算标准目录", organization=county)
    catalog.catalog_domains = [CatalogDomain(domain=domain("财政预决算"))]
    column.add_child(instance=catalog)
    titles, html = listed(client, column)
    assert titles == []
    assert [link.get_text() for link in html.select(".gk-column-pages a")] == ["财政预决算标准目录"]


@pytest.fixture
def documents(column, county, bureau):
    parent = Theme.objects.create(name="财政、金融、审计")
    finance = Theme.objects.create(name="财政", parent=parent)
    other = Theme.objects.create(name="综合政务")
    make_policy(column, county, "2019年预算报告", date_published=day("2019-02-01"), theme=finance, document_number="")
    make_policy(column, bureau, "2020年预算报告", date_published=day("2020-02-01"), theme=finance, document_number="")
    make_policy(
        column,
        county,
        "已废止的办法",
        date_published=day("2020-03-01"),
        theme=other,
        validity="repealed",
        repeal_date=day("2021-01-01"),
        document_number="",
    )
    return {"parent": parent, "finance": finance, "other": other}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2019"}, ["2019年预算报告"]),
        ({"theme": "parent"}, ["2020年预算报告", "2019年预算报告"]),  # a first-level heading takes its sub-headings
        ({"theme": "finance"}, ["2020年预算报告", "2019年预算报告"]),
        ({"validity": "repealed"}, ["已废止的办法"]),
        ({"issuing_organ": "bureau"}, ["2020年预算报告"]),
        ({"year": "2020", "theme": "other"}, ["已废止的办法"]),
        ({"year": "1999"}, ["已废止的办法", "2020年预算报告", "2019年预算报告"]),  # no such year: ignored
        ({"theme": "abc"}, ["已废止的办法", "2020年预算报告", "2019年预算报告"]),
    ],
)
def test_documents_filter_by_year_theme_validity_and_issuing_organ(client, column, documents, bureau, params, expected):
    values = {"bureau": bureau.pk} | {key: theme.pk for key, theme in documents.items()}
    params = {key: values.get(value, value) for key, value in params.items()}
    assert listed(client, column, **params)[0] == expected


def test_filter_choices_come_from_the_documents(client, column, documents, county, bureau):
    _titles, html = listed(client, column)
    years = [option["value"] for option in html.select("#id_year option") if option["value"]]
    organs = [option.get_text() for option in html.select("#id_issuing_organ option") if option["value"]]
    themes = [option.get_text() for option in html.select("#id_theme option") if option["value"]]
    assert years == ["2020", "2019"]
    assert sorted(organs) == sorted([county.name, bureau.name])
    assert sorted(themes) == sorted(["财政、金融、审计", "财政、金融、审计 / 财政", "综合政务"])


@pytest.fixture
def many_documents(column, county, bureau):
    """Six policies, each followed a day later by its interpretation: every page of results mixes both types."""
    policies = []
    for number in range(6):
        policy = make_policy(
            column,
            county if number % 2 else bureau,
            f"政策{number}",
            date_published=day(f"2020-03-{2 * number + 1:02d}"),
            document_number="",
        )
        make_interpretation(
            column, county, [policy], f"解读{number}", date_published=day(f"2020-03-{2 * number + 2:02d}")
        )
        policies.append(policy)
    return policies


def test_pages_keep_the_filters(client, column, many_documents, monkeypatch):
    monkeypatch.setattr(ColumnPage, "page_size", 4)
    titles, html = listed(client, column, year="2020", page="2")
    assert titles == ["解读3", "政策3", "解读2", "政策2"]
    assert html.select_one(".gk-pagination a[rel=next]")["href"] == "?year=2020&page=3"
    assert html.select_one(".gk-pagination a[rel=prev]")["href"] == "?year=2020&page=1"


def test_the_number_of_queries_does_not_grow_with_the_page_size(
    client, column, many_documents, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(ColumnPage, "page_size", 2)
    client.get(column.url)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as small:
        titles, _html = listed(client, column)
    assert len(titles) == 2

    monkeypatch.setattr(ColumnPage, "page_size", 12)
    with django_assert_num_queries(len(small.captured_queries)):
        titles, html = listed(client, column)
    assert len(titles) == 12
    assert len(html.select(".gk-issuing-organ")) == 12  # issuing organs shown without a query each
