"""The navigation, footer and catalog tables are cached until the site's content changes."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gk_wagtail.models import CatalogItem, ColumnPage, GovSiteSettings, StandardCatalogPage
from gk_wagtail.site.fragments import content_version
from tests.factories import budget_row, import_rows, make_column, make_county, make_site, seed_registers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragment_cache(settings):
    settings.GK_WAGTAIL_FRAGMENT_CACHE_TIMEOUT = 300
    cache.clear()
    yield
    cache.clear()


def menu(client, url="/zcwj/"):
    response = client.get(url)
    assert response.status_code == 200
    return [link.get_text() for link in BeautifulSoup(response.content, "html.parser").select(".gk-site-nav a")]


@pytest.fixture
def column(db):
    home = make_site().root_page
    make_column(home, "政策解读", "zcjd", show_in_menus=True)
    return make_column(home, "政策文件", "zcwj", show_in_menus=True)


def test_a_publication_replaces_the_cached_navigation(client, column):
    assert "政策文件" in menu(client)
    # A change that bypasses the models' signals stays unseen while the cache holds the menu ...
    ColumnPage.objects.filter(pk=column.pk).update(title="暂不显示")
    assert "政策文件" in menu(client)
    # ... and a publication shows the published title at once.
    column.refresh_from_db()
    column.title = "政策文件库"
    column.save_revision().publish()
    assert menu(client, column.url) == ["首页", "政策解读", "政策文件库"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda column: column.unpublish(), id="unpublish"),
        pytest.param(lambda column: column.delete(), id="delete"),
        pytest.param(
            lambda column: column.move(
                column.get_parent().add_child(instance=ColumnPage(title="专栏", slug="zl")), "last-child"
            ),
            id="move",
        ),
    ],
)
def test_unpublishing_deleting_and_moving_retire_the_cached_navigation(client, column, change):
    assert menu(client, "/zcjd/") == ["首页", "政策解读", "政策文件"]
    version = content_version()
    change(column)
    assert content_version() != version
    assert menu(client, "/zcjd/") == ["首页", "政策解读"]


def test_the_cached_navigation_saves_its_queries(client, column, settings):
    menu(client)
    with CaptureQueriesContext(connection) as cached:
        menu(client)
    settings.GK_WAGTAIL_FRAGMENT_CACHE_TIMEOUT = 0
    with CaptureQueriesContext(connection) as uncached:
        menu(client)
    assert len(cached) < len(uncached)


def test_a_settings_change_replaces_the_cached_footer(client, db):
    site = make_site(organization=make_county())
    make_column(site.root_page, "政策文件", "zcwj")
    client.get("/zcwj/")
    GovSiteSettings.objects.filter(site=site).update(sponsor="示范县人民政府办公室")
    assert "示范县人民政府办公室" not in client.get("/zcwj/").content.decode()
    GovSiteSettings.objects.get(site=site).save()
    assert "示范县人民政府办公室" in client.get("/zcwj/").content.decode()


def test_a_republished_catalog_shows_its_new_rows(client, db):
    seed_registers()
    county = make_county()
    section = make_column(make_site(organization=county).root_page, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    catalog = import_rows(county, "财政预决算", [budget_row(second_level_item="预算公开")]).page

    def rows():
        html = BeautifulSoup(client.get(catalog.url).content, "html.parser")
        return [cell.get_text() for cell in html.select(".gk-catalog-table tbody th")]

    assert rows() == ["预算公开"]
    # The row changes without a signal: the cached table stays until the catalog is published again.
    CatalogItem.objects.filter(page=catalog).update(second_level_item="决算公开")
    assert rows() == ["预算公开"]
    StandardCatalogPage.objects.get(pk=catalog.pk).save_revision().publish()
    assert rows() == ["决算公开"]


def test_previews_are_never_cached(rf, column):
    from gk_wagtail.site.fragments import fragment_key

    request = rf.get("/")
    assert fragment_key(request, "navigation") is not None
    request.is_preview = True
    assert fragment_key(request, "navigation") is None


def test_the_version_changes_again_when_the_publication_commits(column, django_capture_on_commit_callbacks):
    # A request served before the commit may have cached what the database held before it.
    with django_capture_on_commit_callbacks(execute=True):
        column.save_revision().publish()
        during = content_version()
    assert content_version() != during
