"""The citizen search page at /search/ and its JSON."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from gk_wagtail.models import PolicyDocumentPage, PolicyInterpretationPage, Theme
from gk_wagtail.page_types.document import Validity
from tests.helpers import DEPARTMENT_CREDIT_CODE, make_column, make_interpretation, make_organization, make_policy
from tests.test_search_backend import HOSTILE_QUERIES, make_search_site


@pytest.fixture
def site_documents(db):
    home = make_search_site()
    housing = make_organization("上海市房屋管理局", short_name="市房管局")
    planning = make_organization("上海市规划和自然资源局", credit_code=DEPARTMENT_CREDIT_CODE)
    theme = Theme.objects.create(name="城乡建设、环境保护")
    policies = make_column(home)
    interpretations = make_column(home, "政策解读", "interpretations")
    valuation = make_policy(
        policies, housing, title="上海市国有土地上房屋征收评估管理规定", document_number="沪房规范〔2024〕7号",
        date_published=datetime.date(2024, 3, 1), theme=theme, summary="为规范房屋征收评估活动，保障被征收人的合法权益，制定本规定。",
    )
    old = make_policy(
        policies, housing, title="上海市房屋征收评估机构管理办法", document_number="沪房规范〔2019〕3号",
        date_published=datetime.date(2019, 6, 1), validity=Validity.EXPIRED,
    )
    planning_rule = make_policy(
        policies, planning, title="上海市征收土地评估技术规范", document_number="沪规划资源规〔2022〕4号",
        date_published=datetime.date(2022, 1, 10), theme=theme,
    )
    explained = make_interpretation(
        interpretations, housing, [valuation], title="图解：房屋征收评估管理规定", date_published=datetime.date(2024, 3, 3),
    )
    make_policy(policies, housing, title="房屋征收评估工作要点（草稿）", document_number="", live=False)
    hidden = make_policy(policies, planning, title="内部房屋征收评估名单", document_number="沪规划资源〔2023〕1号")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return {"valuation": valuation, "old": old, "planning": planning_rule, "explained": explained,
            "housing": housing, "theme": theme}


def search_json(client, **params):
    response = client.get("/search/", {"format": "json", **params})
    assert response.status_code == 200
    return response.json()


def test_json_lists_results_with_their_metadata(client, site_documents):
    data = search_json(client, q="沪房规范[2024]7号")
    assert set(data) >= {"results", "total", "facets"}
    first = data["results"][0]
    valuation = site_documents["valuation"]
    assert first == {
        "id": valuation.pk,
        "title": valuation.title,
        "url": valuation.url,
        "type": "gk_wagtail.policydocumentpage",
        "type_label": str(PolicyDocumentPage._meta.verbose_name),
        "index_number": valuation.index_number,
        "document_number": "沪房规范〔2024〕7号",
        "issuing_organ": "上海市房屋管理局",
        "date_published": "2024-03-01",
        "snippet": first["snippet"],
    }
    assert valuation.index_number


def test_drafts_and_restricted_pages_are_never_found(client, site_documents):
    titles = [result["title"] for result in search_json(client, q="征收评估")["results"]]
    assert len(titles) == 4
    assert not any("草稿" in title or "内部" in title for title in titles)


def test_facets_count_each_value_and_ignore_their_own_filter(client, site_documents):
    facets = search_json(client, q="征收评估")["facets"]
    assert {item["label"]: item["count"] for item in facets["type"]} == {
        str(PolicyDocumentPage._meta.verbose_name): 3, str(PolicyInterpretationPage._meta.verbose_name): 1,
    }
    assert {item["label"]: item["count"] for item in facets["organ"]} == {"上海市房屋管理局": 3, "上海市规划和自然资源局": 1}
    assert [(item["value"], item["count"]) for item in facets["year"]] == [(2024, 2), (2022, 1), (2019, 1)]
    assert {item["value"]: item["count"] for item in facets["validity"]} == {"valid": 3, "expired": 1}
    assert [item["count"] for item in facets["theme"]] == [2]

    narrowed = search_json(client, q="征收评估", organ=site_documents["housing"].pk)
    assert narrowed["total"] == 3
    assert {item["label"]: (item["count"], item["selected"]) for item in narrowed["facets"]["organ"]} == {
        "上海市房屋管理局": (3, True), "上海市规划和自然资源局": (1, False),
    }
    assert {item["value"]: item["count"] for item in narrowed["facets"]["year"]} == {2024: 2, 2019: 1}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"type": "gk_wagtail.policyinterpretationpage"}, ["explained"]),
        ({"year": 2022}, ["planning"]),
        ({"validity": "expired"}, ["old"]),
        ({"year": 2024, "type": "gk_wagtail.policydocumentpage"}, ["valuation"]),
    ],
)
def test_filters_narrow_the_results(client, site_documents, params, expected):
    data = search_json(client, q="征收评估", **params)
    assert [result["id"] for result in data["results"]] == [site_documents[name].pk for name in expected]
    assert data["total"] == len(expected)


def test_theme_filter(client, site_documents):
    data = search_json(client, q="征收评估", theme=site_documents["theme"].pk)
    assert sorted(result["id"] for result in data["results"]) == sorted(
        [site_documents["valuation"].pk, site_documents["planning"].pk]
    )


def test_sort_by_date_puts_the_newest_first(client, site_documents):
    dates = [result["date_published"] for result in search_json(client, q="征收评估", sort="date")["results"]]
    assert dates == ["2024-03-03", "2024-03-01", "2022-01-10", "2019-06-01"]


def test_results_are_paginated(client, site_documents, monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.citizen.PAGE_SIZE", 3)
    first = search_json(client, q="征收评估")
    second = search_json(client, q="征收评估", page=2)
    assert (first["num_pages"], len(first["results"]), len(second["results"])) == (2, 3, 1)
    assert not {result["id"] for result in first["results"]} & {result["id"] for result in second["results"]}


def test_bad_filter_values_are_ignored(client, site_documents):
    data = search_json(client, q="征收评估", year="abc", organ="-3", type="nope", validity="x", sort="random", page="zz")
    assert data["total"] == 4


def test_page_is_accessible_and_highlights_the_query(client, site_documents):
    response = client.get("/search/", {"q": "征收评估"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="gk-search-q">' in html and 'id="gk-search-q"' in html
    assert 'role="status"' in html
    assert "<mark>征收评估</mark>" in html
    assert site_documents["valuation"].index_number in html
    assert "沪房规范〔2024〕7号" in html
    assert '<nav class="gk-search-facets" aria-label=' in html


def test_snippet_marks_the_words_of_the_summary(client, site_documents):
    data = search_json(client, q="被征收人 权益")
    snippet = next(result["snippet"] for result in data["results"] if result["id"] == site_documents["valuation"].pk)
    assert "<mark>被征收人</mark>" in snippet and "<mark>权益</mark>" in snippet


def test_markup_in_documents_is_escaped(client, site_documents):
    valuation = site_documents["valuation"]
    valuation.title = "<script>alert(1)</script>征收评估"
    valuation.save_revision().publish()
    html = client.get("/search/", {"q": "征收评估"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_empty_query_shows_the_form_only(client, site_documents):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'role="status"' not in response.content.decode()
    assert search_json(client, q="   ")["total"] == 0


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_error(client, site_documents, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert "total" in search_json(client, q=query)
