"""The main navigation and the 网站地图: the column tree's live, public pages, in a fixed number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from gk_wagtail.models import GovSiteSettings
from tests.factories import make_column, make_county, make_policy, make_site

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def _navigation_queries(client, url):
    client.get(url)  # caches that fill once per process (content types, site root paths) are warm now
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), soup(response)


def test_the_navigation_costs_the_same_queries_for_one_column_or_ten(client):
    county = make_county()
    home = make_site(organization=county).root_page
    policy_column = make_column(home, "政策文件", "zcwj", show_in_menus=True)
    make_column(policy_column, "规范性文件", "gfxwj", show_in_menus=True)
    policy = make_policy(policy_column, county)
    few, html = _navigation_queries(client, policy.url)
    assert len(html.select("nav.gk-site-nav > ul > li")) == 2

    for number in range(9):
        column = make_column(home, f"栏目{number}", f"column-{number}", show_in_menus=True)
        make_column(column, f"子栏目{number}", f"sub-{number}", show_in_menus=True)
    many, html = _navigation_queries(client, policy.url)
    assert len(html.select("nav.gk-site-nav > ul > li")) == 11
    assert len(html.select("nav.gk-site-nav details li")) == 10
    assert many == few, (few, many)


def test_the_navigation_shows_only_live_public_columns_in_menus(client):
    county = make_county()
    home = make_site(organization=county).root_page
    shown = make_column(home, "政府信息公开", "gkzl", show_in_menus=True)
    make_column(home, "不在菜单", "hidden", show_in_menus=False)
    make_column(home, "草稿栏目", "draft", show_in_menus=True, live=False)
    private = make_column(home, "内部栏目", "private", show_in_menus=True)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    under_private = make_column(private, "内部子栏目", "private-sub", show_in_menus=True)
    policy = make_policy(shown, county)

    html = soup(client.get(policy.url))
    navigation = html.select_one("nav.gk-site-nav")
    assert [link.get_text(strip=True) for link in navigation.select("a")] == ["首页", "政府信息公开"]
    # The policy is under 政府信息公开: its menu item says so.
    assert navigation.find("a", string="政府信息公开")["aria-current"] == "true"
    assert under_private.title not in html.get_text()


def test_the_sitemap_lists_the_column_tree_but_no_hidden_column(client):
    county = make_county()
    home = make_site(organization=county).root_page
    section = make_column(home, "政府信息公开", "gkzl")
    guide = make_column(section, "政府信息公开指南", "gkzn")
    make_column(section, "草稿栏目", "draft", live=False)
    private = make_column(section, "内部栏目", "private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    make_policy(guide, county, title="不应出现在网站地图里的文件")

    html = soup(client.get("/site/sitemap/"))
    tree = html.select_one("main nav.gk-sitemap-tree")
    top = tree.select("ul > li > a")
    assert top[0].get_text() == "政府信息公开"
    assert [link.get_text() for link in tree.select("ul ul a")] == ["政府信息公开指南"]
    assert "草稿栏目" not in tree.get_text() and "内部栏目" not in tree.get_text()
    assert "不应出现在网站地图里的文件" not in tree.get_text()


def test_the_emblem_shows_before_the_site_name(client):
    county = make_county()
    site = make_site(organization=county)
    emblem = get_image_model().objects.create(title="国徽", file=get_test_image_file())
    GovSiteSettings.objects.filter(site=site).update(emblem=emblem)
    column = make_column(site.root_page, show_in_menus=True)

    brand = soup(client.get(column.url)).select_one("header .gk-site-brand a")
    image = brand.find("img")
    assert image is not None and image["alt"] == ""
    assert brand.get_text(strip=True) == "示范县人民政府"


def test_the_standard_columns_fill_the_navigation(client):
    from gk_wagtail.setup.columns import setup_columns

    county = make_county()
    site = make_site(organization=county)
    columns = setup_columns(site, county).columns
    policy = make_policy(columns["zcwj"], county)

    navigation = soup(client.get(policy.url)).select_one("nav.gk-site-nav")
    top = [
        item.find("a", recursive=False).get_text(strip=True) for item in navigation.select("ul.gk-site-nav-list > li")
    ]
    assert top == ["首页", "政府信息公开"]
    sections = [link.get_text(strip=True) for link in navigation.select("details a")]
    assert sections[:2] == ["政府信息公开指南", "政府信息公开制度"] and "依申请公开" in sections
    # Deeper columns are reached through their sections and the 网站地图, not the menu.
    assert "政策文件" not in sections
    # 政策文件 is under 法定主动公开内容: that section is marked as the one the page is in.
    assert navigation.find("a", string="法定主动公开内容")["aria-current"] == "true"
