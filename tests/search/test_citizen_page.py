"""The citizen search page at /search/ and its JSON."""

import pytest

from gk_wagtail.formats.metadata import Validity
from gk_wagtail.models import PolicyDocumentPage, PolicyInterpretationPage
from tests.search.test_database_backend import HOSTILE_QUERIES


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
        # Every code with its label, and addresses with scheme and host.
        "full_url": f"http://localhost{valuation.url}",
        "issuing_organ_id": site_documents["housing"].pk,
        "theme": site_documents["theme"].pk,
        "theme_label": "城乡建设、环境保护",
        "validity": "valid",
        "validity_label": str(Validity.VALID.label),
        "site": {"id": valuation.get_site().pk, "name": "示范县人民政府", "url": "http://localhost"},
    }
    assert valuation.index_number and valuation.url.startswith("/")


def test_drafts_and_restricted_pages_are_never_found(client, site_documents):
    titles = [result["title"] for result in search_json(client, q="征收评估")["results"]]
    assert len(titles) == 4
    assert not any("草稿" in title or "内部" in title for title in titles)


def test_facets_count_each_value_and_ignore_their_own_filter(client, site_documents):
    facets = search_json(client, q="征收评估")["facets"]
    assert {item["label"]: item["count"] for item in facets["type"]} == {
        str(PolicyDocumentPage._meta.verbose_name): 3,
        str(PolicyInterpretationPage._meta.verbose_name): 1,
    }
    assert {item["label"]: item["count"] for item in facets["organ"]} == {
        "上海市房屋管理局": 3,
        "上海市规划和自然资源局": 1,
    }
    assert [(item["value"], item["count"]) for item in facets["year"]] == [(2024, 2), (2022, 1), (2019, 1)]
    assert {item["value"]: item["count"] for item in facets["validity"]} == {"valid": 3, "expired": 1}
    assert [item["count"] for item in facets["theme"]] == [2]

    narrowed = search_json(client, q="征收评估", organ=site_documents["housing"].pk)
    assert narrowed["total"] == 3
    assert {item["label"]: (item["count"], item["selected"]) for item in narrowed["facets"]["organ"]} == {
        "上海市房屋管理局": (3, True),
        "上海市规划和自然资源局": (1, False),
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


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"year": "²"},
        {"organ": "-3"},
        {"organ": "99999999999999999999"},
        {"theme": "١٢"},
        {"type": "nope"},
        {"validity": "x"},
        {"sort": "random"},
        {"page": "zz"},
        {"page": "0x10"},
        {"page": "10001"},
    ],
)
def test_bad_parameter_values_are_bad_requests(client, site_documents, params):
    response = client.get("/search/", {"q": "征收评估", "format": "json", **params})
    assert response.status_code == 400
    assert response.json()["parameters"] == list(params)
    assert response.json()["message"]
    page = client.get("/search/", {"q": "征收评估", **params})
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()


def test_an_unknown_format_is_a_bad_request(client, site_documents):
    assert client.get("/search/", {"q": "征收评估", "format": "xml"}).status_code == 400


def test_repeated_parameters_take_the_last_value(client, site_documents):
    response = client.get("/search/", {"q": "征收评估", "format": "json", "year": ["2019", "2024"]})
    assert response.status_code == 200
    assert response.json()["total"] == 2  # the valuation rule and its interpretation, both of 2024
    assert [item["selected"] for item in response.json()["facets"]["year"] if item["value"] == 2024] == [True]


def test_page_is_accessible_and_highlights_the_query(client, site_documents):
    response = client.get("/search/", {"q": "征收评估"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="gk-search-q">' in html and 'id="gk-search-q"' in html
    assert 'role="status"' in html
    assert "<mark>征收评估</mark>" in html
    assert site_documents["valuation"].index_number in html
    assert "沪房规范〔2024〕7号" in html
    assert '<details class="gk-search-filters">' in html and "<legend>" in html
    assert '<label for="gk-filter-organ">' in html and '<select id="gk-filter-organ" name="organ">' in html


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
