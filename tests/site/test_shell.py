"""Every public page sits in the site shell: header with the search box, navigation, footer with the filing numbers."""

import pytest
from bs4 import BeautifulSoup
from django.db import transaction

from gk_wagtail.models import GovSiteSettings
from gk_wagtail.site_settings import POLICE_RECORD_LOOKUP_URL
from tests.test_hostile_requests import build_public_site

FOOTER = {
    "sponsor": "示范县人民政府办公室",
    "operator": "示范县政务服务数据管理局",
    "contact_phone": "0755-12345678",
    "contact_email": "gongkai@example.org",
    "site_id_code": "4403000001",
    "icp_number": "粤ICP备05004567号",
    "police_record_number": "粤公网安备44030002000123号",
}


@pytest.fixture(scope="module")
def built_site(django_db_setup, django_db_blocker):
    """One page of every public kind on a site with its footer settings, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_public_site()
        GovSiteSettings.objects.filter(site=site["home"].get_site()).update(**FOOTER)
        yield site
        transaction.set_rollback(True)


@pytest.fixture
def public_site(built_site, db):
    return built_site


def public_urls(site):
    """The address of every public page kind, the search page, the 网站地图, the 无障碍 page and a 404."""
    urls = {model._meta.model_name: page.url for model, page in site["pages"].items()}
    return urls | {
        "search": "/search/?q=财政",
        "search without a query": "/search/",
        "search refused": "/search/?page=x",
        "column refused": f"{site['pages'][next(iter(site['pages']))].url}?page=x",
        "sitemap": "/site/sitemap/",
        "accessibility": "/site/accessibility/",
        "not found": "/no-such-page/",
    }


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_every_page_kind_is_covered(public_site):
    assert {"columnpage", "policydocumentpage", "policyinterpretationpage", "opinionresponsepage"} <= set(
        public_urls(public_site)
    )
    assert {"standardcatalogpage", "villageaffairsindexpage", "villageaffairspage"} <= set(public_urls(public_site))


@pytest.mark.parametrize(
    "kind",
    [
        "columnpage",
        "policydocumentpage",
        "policyinterpretationpage",
        "opinionresponsepage",
        "standardcatalogpage",
        "villageaffairsindexpage",
        "villageaffairspage",
        "search",
        "search without a query",
        "search refused",
        "column refused",
        "sitemap",
        "accessibility",
        "not found",
    ],
)
def test_every_public_page_has_the_shell(client, public_site, kind):
    client.raise_request_exception = False
    url = public_urls(public_site)[kind]
    response = client.get(url)
    assert response.status_code in {200, 400, 404}, (url, response.status_code)
    html = soup(response)

    search = html.select_one("header form[role=search]")
    assert search is not None and search["action"] == "/search/" and search["method"] == "get"
    field = search.select_one("input[name=q]")
    label = search.find("label", attrs={"for": field["id"]})
    assert label is not None and label.get_text(strip=True)

    navigation = html.select_one("header nav.gk-site-nav")
    titles = [link.get_text(strip=True) for link in navigation.select("a")]
    assert titles[:2] == ["首页", "政府信息公开"]
    assert "政府信息公开指南" in titles

    footer = html.select_one("footer.gk-site-footer")
    text = footer.get_text(" ", strip=True)
    for value in (FOOTER["sponsor"], FOOTER["operator"], FOOTER["site_id_code"]):
        assert value in text
    assert footer.find("a", string=FOOTER["icp_number"])["href"] == "https://beian.miit.gov.cn/"
    police = footer.find("a", string=FOOTER["police_record_number"])
    assert police["href"] == POLICE_RECORD_LOOKUP_URL + "44030002000123"
    assert footer.find("a", href="/site/sitemap/") is not None
    assert footer.find("a", href="/site/accessibility/") is not None
    assert footer.find("a", string="长辈版") is not None
    assert html.select_one("a.gk-skip-link[href='#main']") is not None
    assert html.select_one("main#main") is not None


@pytest.mark.parametrize("elder", [False, True])
def test_no_public_page_needs_inline_script_or_style(client, public_site, elder):
    """The production Content-Security-Policy refuses inline script and style."""
    client.raise_request_exception = False
    if elder:
        client.get("/site/display-mode/", {"mode": "elder", "next": "/"})
    failures = []
    for kind, url in public_urls(public_site).items():
        html = soup(client.get(url))
        assert ("gk-elder" in html.body["class"]) == elder, kind
        failures += [f"{kind}: style= on <{tag.name}>" for tag in html.find_all(style=True)]
        failures += [f"{kind}: <style>" for _tag in html.find_all("style")]
        failures += [f"{kind}: inline <script>" for tag in html.find_all("script") if not tag.get("src")]
        failures += [
            f"{kind}: {name} on <{tag.name}>"
            for tag in html.find_all(True)
            for name in tag.attrs
            if name.startswith("on")
        ]
    assert not failures, "\n".join(failures)


def test_wide_tables_scroll_in_a_labelled_focusable_region(client, public_site):
    pages = public_site["pages"]
    for page in (public_site["catalog"], public_site["village_page"]):
        html = soup(client.get(page.url))
        for table in html.select("main table"):
            frame = table.find_parent(class_=["gk-table-scroll", "gk-stack-wrapper"])
            if table.get("class") and {"gk-metadata", "gk-stack-table"} & set(table["class"]):
                continue
            assert frame is not None, f"{page.url}: a table outside a scrolling frame"
            assert frame["role"] == "region" and frame["tabindex"] == "0"
            labelled_by = frame.get("aria-labelledby")
            assert frame.get("aria-label") or (labelled_by and html.find(id=labelled_by).get_text(strip=True))
    assert pages  # the walk found the pages
