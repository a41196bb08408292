"""The search page as citizens use it: filters with counts, sorting, help when nothing is found,
pages, labels and addresses in the JSON, a portal's search across sites, and its cost."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gk_wagtail.formats.codes import credit_code_check_character
from gk_wagtail.models import Theme
from gk_wagtail.search import citizen
from gk_wagtail.search.citizen import Criteria, near_query
from tests.factories import make_column, make_organization, make_policy, make_search_site, make_site
from tests.search.test_citizen_page import search_json


def page_html(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def main_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def unique_organization(number, name=None):
    first17 = f"1144030000754{number:04d}"
    return make_organization(name or f"示范县第{number}局", credit_code=first17 + credit_code_check_character(first17))


# Filters


def test_filters_are_labelled_selects_with_counts(client, site_documents):
    html = main_of(page_html(client, q="征收评估"))
    assert "<fieldset>" in html and "<legend>" in html
    for name in ("type", "organ", "theme", "year", "validity"):
        assert f'<label for="gk-filter-{name}">' in html
        assert f'<select id="gk-filter-{name}" name="{name}">' in html
    housing = site_documents["housing"]
    assert f'<option value="{housing.pk}">上海市房屋管理局 (3)</option>' in html
    assert '<option value="2019">2019 (1)</option>' in html
    assert '<option value="expired">' in html
    # No filter chosen: the filters stay folded on a phone.
    assert '<details class="gk-search-filters">' in html


def test_selected_filter_is_open_selected_and_removable(client, site_documents):
    html = main_of(page_html(client, q="征收评估", year=2019))
    assert '<details class="gk-search-filters" open>' in html
    assert '<option value="2019" selected>2019 (1)</option>' in html
    # The other years keep their counts under the other filters, so the choice can change.
    assert '<option value="2024">2024 (2)</option>' in html
    assert "Remove all filters" in html or "清除全部筛选" in html
    assert 'href="?q=%E5%BE%81%E6%94%B6%E8%AF%84%E4%BC%B0"' in html


def test_a_selected_value_that_matches_nothing_is_still_listed(client, site_documents):
    data = search_json(client, q="征收评估", year=2001)
    assert data["total"] == 0
    assert {"value": 2001, "label": "2001", "count": 0, "selected": True} in data["facets"]["year"]
    organ = unique_organization(1, "上海市民政局")
    data = search_json(client, q="征收评估", organ=organ.pk)
    assert {"value": organ.pk, "label": "上海市民政局", "count": 0, "selected": True} in data["facets"]["organ"]


# Sorting


@pytest.fixture
def relevance_and_date(db):
    home = make_search_site()
    column = make_column(home)
    organ = make_organization()
    return {
        "old_exact": make_policy(
            column,
            organ,
            title="农村饮水安全工程管理办法",
            summary="农村饮水安全工程的建设、管理和农村饮水水质。",
            date_published=datetime.date(2019, 5, 1),
        ),
        "new_mention": make_policy(
            column,
            organ,
            title="关于做好防汛工作的通知",
            summary="汛期注意农村饮水。",
            date_published=datetime.date(2024, 6, 1),
        ),
    }


def test_sort_by_relevance_or_by_date(client, relevance_and_date):
    old, new = relevance_and_date["old_exact"].pk, relevance_and_date["new_mention"].pk
    assert [result["id"] for result in search_json(client, q="农村饮水")["results"]] == [old, new]
    assert [result["id"] for result in search_json(client, q="农村饮水", sort="relevance")["results"]] == [old, new]
    by_date = search_json(client, q="农村饮水", sort="date")
    assert [result["id"] for result in by_date["results"]] == [new, old]
    assert by_date["sort"] == "date"


@pytest.mark.parametrize("sort", ["newest", "DATE", "date ", "relevance;drop"])
def test_an_unknown_sort_is_a_bad_request(client, relevance_and_date, sort):
    response = client.get("/search/", {"q": "农村饮水", "sort": sort, "format": "json"})
    assert response.status_code == 400 and response.json()["parameters"] == ["sort"]
    assert client.get("/search/", {"q": "农村饮水", "sort": sort}).status_code == 400


def test_sort_links_mark_the_current_order(client, relevance_and_date):
    html = main_of(page_html(client, q="农村饮水", sort="date"))
    current = re.findall(r'<a href="([^"]*)" aria-current="true">', html)
    assert len(current) == 1 and "sort=date" in current[0]


# Nothing found


def test_no_result_help_offers_ways_forward(client, site_documents):
    html = main_of(page_html(client, q="潮汐发电站"))
    assert 'class="gk-search-help"' in html
    assert "gk-search-suggestion" not in html
    # The site's columns to browse instead.
    assert '<ul class="gk-search-browse">' in html and "政策文件" in html
    assert "gk-search-result-list" not in html and "gk-search-pagination" not in html


def test_no_result_with_filters_offers_the_results_without_them(client, site_documents):
    html = main_of(page_html(client, q="征收评估", year=2001))
    data = search_json(client, q="征收评估", year=2001)
    assert (data["total"], data["unfiltered_total"]) == (0, 4)
    assert 'href="?q=%E5%BE%81%E6%94%B6%E8%AF%84%E4%BC%B0"' in html
    assert re.search(r"\D4\D[^<]*</a>", html.split("gk-search-help", 1)[1])


@pytest.fixture
def standard_code(db):
    home = make_search_site()
    return make_policy(make_column(home), make_organization(), title="关于执行GB2260行政区划代码的通知")


@pytest.mark.parametrize("query", ["GB 2260", "GB-2260", "GB／2260"])
def test_did_you_mean_the_query_without_its_spaces_and_punctuation(client, standard_code, query):
    data = search_json(client, q=query)
    assert data["total"] == 0
    assert data["did_you_mean"]["query"] == "GB2260" and data["did_you_mean"]["total"] == 1
    assert data["did_you_mean"]["url"].startswith("http://testserver/search/?")
    assert search_json(client, q="GB2260")["results"][0]["id"] == standard_code.pk
    html = main_of(page_html(client, q=query))
    assert 'class="gk-search-suggestion"' in html and 'q=GB2260">GB2260</a>' in html


def test_did_you_mean_costs_one_count_at_most(standard_code):
    assert near_query("潮汐发电站") == "" and near_query("GB 2260") == "GB2260"
    with CaptureQueriesContext(connection) as without_candidate:
        assert citizen.search(Criteria(q="GB2261")).suggestion is None
    with CaptureQueriesContext(connection) as with_candidate:
        assert citizen.search(Criteria(q="GB 2261")).suggestion is None
    assert len(with_candidate) - len(without_candidate) <= 2  # the count, and the token counts of its words


def test_no_suggestion_when_something_is_found(client, standard_code):
    assert search_json(client, q="行政区划 代码")["did_you_mean"] is None


# Pages


def test_pages_are_a_navigation_with_the_current_page_marked(client, site_documents, monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.citizen.PAGE_SIZE", 1)
    html = main_of(page_html(client, q="征收评估", page=2))
    nav = html.split('<nav class="gk-search-pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="' in nav.split(">", 1)[0]
    assert nav.count('aria-current="page"') == 1
    assert re.search(r'page=2" aria-current="page"><span class="gk-visually-hidden">[^<]+</span>2</a>', nav)
    assert 'page=1" rel="prev"' in nav and 'page=3" rel="next"' in nav
    assert "page=4" in nav
    assert '<ol class="gk-search-result-list" start="2">' in html


def test_a_long_result_list_shows_the_pages_around_the_current_one(client, site_documents, monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.views.PAGE_LINKS_AROUND", 0)
    monkeypatch.setattr("gk_wagtail.search.citizen.PAGE_SIZE", 1)
    nav = main_of(page_html(client, q="征收评估", page=2)).split('<nav class="gk-search-pagination"', 1)[1]
    assert re.findall(r"</span>(\d)</a>", nav.split("</nav>", 1)[0]) == ["1", "2", "4"]
    assert '<li aria-hidden="true">…</li>' in nav


# What the page is made of


def test_snippets_are_escaped_around_their_marks(client, site_documents):
    valuation = site_documents["valuation"]
    valuation.summary = '<img src=x onerror="alert(1)">征收评估 & <b>其他</b>'
    valuation.save_revision().publish()
    data = search_json(client, q="征收评估")
    snippet = next(result["snippet"] for result in data["results"] if result["id"] == valuation.pk)
    assert (
        snippet == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>征收评估</mark> &amp; &lt;b&gt;其他&lt;/b&gt;"
    )
    assert "<img" not in main_of(page_html(client, q="征收评估"))


def test_the_page_holds_no_inline_style_or_script(client, site_documents):
    page = page_html(client, q="征收评估", year=2001)
    for html in (main_of(page_html(client, q="征收评估")), main_of(page)):
        assert "style=" not in html and "<style" not in html and "<script" not in html
    assert "gk_wagtail/css/search.css" in page.split("</head>", 1)[0]


def test_json_facets_label_every_code(client, site_documents):
    facets = search_json(client, q="征收评估")["facets"]
    organ = next(item for item in facets["organ"] if item["value"] == site_documents["housing"].pk)
    assert organ["label"] == "上海市房屋管理局"
    kinds = {item["value"]: item["label"] for item in facets["type"]}
    assert "gk_wagtail.policydocumentpage" in kinds and kinds["gk_wagtail.policydocumentpage"] != "policy document page"
    assert {item["value"]: item["label"] for item in facets["validity"]}["expired"] not in ("", "expired")
    assert [item["label"] for item in facets["theme"]] == ["城乡建设、环境保护"]


def test_json_addresses_are_absolute(client, site_documents):
    for result in search_json(client, q="征收评估")["results"]:
        assert result["full_url"].startswith("http://localhost/") and result["full_url"].endswith(result["url"])
        assert result["site"]["url"] == "http://localhost"


def test_queries_do_not_grow_with_the_results(client, db, monkeypatch):
    monkeypatch.setattr("gk_wagtail.search.citizen.PAGE_SIZE", 20)
    column = make_column(make_search_site())

    def add(number):
        make_policy(
            column,
            unique_organization(number),
            title=f"关于农村饮水安全的通知（第{number}号）",
            theme=Theme.objects.create(name=f"主题{number}"),
            date_published=datetime.date(2020, 1, number + 1),
        )

    def measure():
        client.get("/search/", {"q": "农村饮水"})  # caches filled, as on a running site
        with CaptureQueriesContext(connection) as queries:
            data = client.get("/search/", {"q": "农村饮水", "format": "json"}).json()
            html = client.get("/search/", {"q": "农村饮水"}).content.decode()
        return len(data["results"]), html.count('<article class="gk-search-result">'), len(queries)

    add(0)
    one = measure()
    for number in range(1, 15):
        add(number)
    fifteen = measure()
    assert one[:2] == (1, 1) and fifteen[:2] == (15, 15)
    assert fifteen[2] == one[2]


# A portal of an intensive platform


@pytest.fixture
def two_sites(db, settings):
    settings.GK_WAGTAIL_SEARCH_PORTAL_SITES = ["localhost"]
    portal_home = make_search_site()
    county = make_site("county.example", default=False, name="示范县水利局")
    organ = make_organization()
    portal_page = make_policy(make_column(portal_home), organ, title="全市农村饮水安全工作方案")
    county_column = make_column(county.root_page)
    county_pages = [
        make_policy(county_column, organ, title=f"示范县农村饮水工程维修通知{number}") for number in range(2)
    ]
    return {"portal": portal_page, "county": county_pages, "county_site": county}


def test_portal_search_covers_every_site_with_a_site_facet(client, two_sites):
    data = search_json(client, q="农村饮水")
    assert data["portal"] is True and data["total"] == 3
    sites = {item["label"]: item["count"] for item in data["facets"]["site"]}
    assert sites == {"示范县人民政府": 1, "示范县水利局": 2}
    by_id = {result["id"]: result for result in data["results"]}
    county_result = by_id[two_sites["county"][0].pk]
    assert county_result["site"]["name"] == "示范县水利局"
    assert county_result["site"]["url"] == "http://county.example"
    assert county_result["full_url"].startswith("http://county.example/")
    assert by_id[two_sites["portal"].pk]["site"]["name"] == "示范县人民政府"


def test_portal_filters_by_site(client, two_sites):
    county = two_sites["county_site"]
    data = search_json(client, q="农村饮水", site=county.pk)
    assert sorted(result["id"] for result in data["results"]) == sorted(page.pk for page in two_sites["county"])
    assert {item["label"]: (item["count"], item["selected"]) for item in data["facets"]["site"]} == {
        "示范县人民政府": (1, False),
        "示范县水利局": (2, True),
    }
    html = main_of(page_html(client, q="农村饮水"))
    assert '<select id="gk-filter-site" name="site">' in html
    assert f'<option value="{county.pk}">示范县水利局 (2)</option>' in html
    assert '<a href="http://county.example">示范县水利局</a>' in html


def test_other_sites_search_only_themselves(client, two_sites):
    response = client.get("/search/", {"q": "农村饮水", "format": "json"}, HTTP_HOST="county.example")
    data = response.json()
    assert data["portal"] is False and data["facets"]["site"] == []
    assert sorted(result["id"] for result in data["results"]) == sorted(page.pk for page in two_sites["county"])
    refused = client.get("/search/", {"q": "农村饮水", "site": 1, "format": "json"}, HTTP_HOST="county.example")
    assert refused.status_code == 400 and refused.json()["parameters"] == ["site"]


def test_without_the_setting_every_site_searches_itself(client, two_sites, settings):
    settings.GK_WAGTAIL_SEARCH_PORTAL_SITES = ()
    data = search_json(client, q="农村饮水")
    assert data["portal"] is False
    assert [result["id"] for result in data["results"]] == [two_sites["portal"].pk]


def test_a_page_without_a_publication_date_is_dated_by_the_local_day_it_went_live(client, site_documents):
    # 00:30 on New Year's Day in Beijing is still the last day of the old year in UTC.
    policy = make_policy(
        make_column(site_documents["valuation"].get_parent().get_parent(), "通知公告", "notices"),
        site_documents["housing"],
        title="关于元旦期间征收评估窗口安排的通知",
        date_published=None,
    )
    moment = datetime.datetime(2025, 12, 31, 16, 30, tzinfo=datetime.UTC)
    type(policy).objects.filter(pk=policy.pk).update(first_published_at=moment, date_published=None)

    data = search_json(client, q="元旦期间征收评估窗口", year=2026)
    assert [result["id"] for result in data["results"]] == [policy.pk]
    assert data["results"][0]["date_published"] == "2026-01-01"
    years = search_json(client, q="元旦期间征收评估窗口")["facets"]["year"]
    counts = {year["value"]: year["count"] for year in years}
    assert counts[2026] == 1
    assert 2025 not in counts
    assert search_json(client, q="元旦期间征收评估窗口", year=2025)["total"] == 0
