"""gk_setup_columns: the standard column tree of 国办公开办函〔2019〕61号, scaffolded once and then left to editors."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from gk_wagtail.models import CatalogDomain, ColumnPage, GovSiteSettings, Organization, StandardCatalogPage
from gk_wagtail.page_types.columns import ColumnType
from gk_wagtail.setup.columns import SetupError, setup_columns
from tests.factories import (
    TOWNSHIP_CREDIT_CODE,
    domain,
    ensure_wagtail_roots,
    make_column,
    make_county,
    make_department,
    make_site,
    make_township,
)

FIRST_LEVEL = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
ARTICLE_20_CODES = [
    "zcwj",
    "zcjd",
    "hygq",
    "jgzn",
    "fzgh",
    "tjxx",
    "xzxk",
    "xzcf",
    "czyjs",
    "xzsf",
    "zfcg",
    "zdxm",
    "msbz",
    "yjgl",
    "jdjc",
    "gwykl",
    "qtxx",
]
COUNTY_ARTICLE_21 = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
TOWNSHIP_ARTICLE_21 = [
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
]


@pytest.fixture
def county(db):
    county = make_county()
    make_department(county)
    make_township("示范镇人民政府", parent=county)
    Organization.objects.create(
        name="东岭村民委员会", parent=county, organization_type=Organization.Type.VILLAGE_COMMITTEE
    )
    return county


@pytest.fixture
def site(county):
    return make_site()


def column(code, site):
    return ColumnPage.objects.descendant_of(site.root_page).get(column_code=code)


def titles_under(code, site):
    return [page.title for page in column(code, site).get_children()]


def tree(site):
    """Everything a second run must leave alone."""
    return list(
        Page.objects.descendant_of(site.root_page)
        .order_by("path")
        .values_list(
            "path",
            "title",
            "slug",
            "live",
            "latest_revision",
            "columnpage__column_code",
            "columnpage__column_type",
        )
    )


def test_the_county_tree_has_the_standard_columns(county, site):
    result = setup_columns(site, county)

    section = column("gkzl", site)
    assert section.get_parent().pk == site.root_page.pk
    assert titles_under("gkzl", site) == FIRST_LEVEL + [
        "标准目录",
        "依申请公开",
        "部门信息公开",
        "乡镇（街道）信息公开",
    ]
    items = [page.specific.column_code for page in column("fdzdgknr", site).get_children()]
    assert items[: len(ARTICLE_20_CODES)] == ARTICLE_20_CODES
    assert titles_under("fdzdgknr", site)[len(ARTICLE_20_CODES) :] == COUNTY_ARTICLE_21
    assert titles_under("bmxxgk", site) == ["示范县财政局"]
    assert titles_under("xzxxgk", site) == ["示范镇人民政府"]  # the village committee gets no page
    assert len(result.created) == 1 + 6 + len(ARTICLE_20_CODES) + len(COUNTY_ARTICLE_21) + 4


def test_every_column_has_a_code_a_column_type_and_is_live(county, site):
    setup_columns(site, county)
    columns = list(ColumnPage.objects.descendant_of(site.root_page))
    assert all(page.live and page.column_code and page.column_type in ColumnType.values for page in columns)
    codes = [page.column_code for page in columns]
    assert len(codes) == len(set(codes))
    types = {page.column_code: page.column_type for page in columns}
    assert (types["gkzn"], types["gkzd"], types["gknb"], types["ysqgk"]) == (
        ColumnType.GUIDE,
        ColumnType.RULES,
        ColumnType.ANNUAL_REPORT,
        ColumnType.ON_REQUEST,
    )
    assert (types["zcwj"], types["zcjd"], types["hygq"]) == (
        ColumnType.POLICY_DOCUMENTS,
        ColumnType.POLICY_INTERPRETATIONS,
        ColumnType.RESPONSES,
    )
    assert all(page.get_latest_revision() for page in columns)  # created as editors would, with history


def test_the_site_now_speaks_for_the_organization(county, site):
    setup_columns(site, county)
    assert GovSiteSettings.for_site(site).organization == county


def test_a_second_run_changes_nothing_and_says_so(county, site, capsys):
    call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code)
    assert "Created 35 columns" in capsys.readouterr().out
    before = tree(site)
    call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code)
    assert "Nothing to change" in capsys.readouterr().out
    assert tree(site) == before


def test_a_township_gets_the_township_items_and_a_catalog_column(db):
    township = make_township("示范镇人民政府", parent=make_county(), credit_code=TOWNSHIP_CREDIT_CODE)
    site = make_site("town.example", organization=township)
    setup_columns(site, township)
    assert titles_under("fdzdgknr", site)[len(ARTICLE_20_CODES) :] == TOWNSHIP_ARTICLE_21
    assert column("bzml", site).title == "标准目录"


def test_a_department_gets_no_article_21_items_and_no_catalog_column(db, county):
    department = Organization.objects.get(name="示范县财政局")
    site = make_site("czj.example", organization=department)
    setup_columns(site, department)
    assert [page.specific.column_code for page in column("fdzdgknr", site).get_children()] == ARTICLE_20_CODES
    assert not ColumnPage.objects.descendant_of(site.root_page).filter(column_code="bzml").exists()


def test_the_level_can_be_chosen(county, site):
    setup_columns(site, county, "township")
    assert "筹资筹劳" in titles_under("fdzdgknr", site)


def test_existing_columns_are_adopted_not_duplicated_moved_or_renamed(county, site):
    # A site laid out before: 政府信息公开 with 政策文件 (renamed by an editor) right under it.
    section = make_column(site.root_page, "政府信息公开", "gkzl", intro="<p>本栏目集中发布政府信息。</p>")
    policies = make_column(section, "政策法规", "zcwj")
    news = make_column(section, "工作动态", "")

    result = setup_columns(site, county)

    assert ColumnPage.objects.filter(column_code="zcwj").count() == 1
    policies.refresh_from_db()
    assert (policies.title, policies.get_parent().pk) == ("政策法规", section.pk)
    assert ColumnPage.objects.filter(pk=news.pk).exists()
    section.refresh_from_db()
    assert section.intro == "<p>本栏目集中发布政府信息。</p>"
    assert column("zcjd", site).get_parent().specific.column_code == "fdzdgknr"
    assert section in result.kept and policies in result.kept
    notes = "\n".join(result.notes)
    assert "“政策法规” (zcwj) is not under “法定主动公开内容”" in notes
    assert "is called “政策文件” in the standard" in notes


def test_a_column_code_used_twice_is_reported_and_left_alone(county, site):
    section = make_column(site.root_page, "政府信息公开", "gkzl")
    make_column(section, "年报", "gknb")
    section.add_child(instance=ColumnPage(title="年报（旧）", slug="gknb-old", column_code="gknb"))
    result = setup_columns(site, county)
    assert ColumnPage.objects.filter(column_code="gknb").count() == 2
    assert any("used by 2 columns" in note for note in result.notes)


def test_each_site_gets_its_own_tree_with_the_same_codes(county, site):
    other = make_county("邻县人民政府", "11440300007010500")
    other_site = make_site("linxian.example", organization=other, default=False)
    setup_columns(site, county)
    setup_columns(other_site, other)
    assert column("zcwj", site).pk != column("zcwj", other_site).pk
    assert ColumnPage.objects.filter(column_code="zcwj").count() == 2
    assert titles_under("gkzl", other_site) == FIRST_LEVEL + ["标准目录", "依申请公开"]  # no departments


def test_a_new_department_gets_its_page_on_the_next_run(county, site):
    setup_columns(site, county)
    make_department(county, "示范县教育局", "")
    result = setup_columns(site, county)
    assert [page.title for page in result.created] == ["示范县教育局"]
    assert titles_under("bmxxgk", site) == ["示范县财政局", "示范县教育局"]  # added after, nothing moved


def test_a_site_that_speaks_for_another_organization_is_refused(county, site):
    other = make_county("邻县人民政府", "11440300007010500")
    GovSiteSettings.objects.update_or_create(site=site, defaults={"organization": other})
    with pytest.raises(SetupError, match="邻县人民政府"):
        setup_columns(site, county)
    assert not ColumnPage.objects.exists()


def test_village_committees_get_no_standard_columns(county, site):
    village = Organization.objects.get(name="东岭村民委员会")
    with pytest.raises(SetupError, match="village"):
        setup_columns(site, village)


def test_a_root_page_that_allows_no_columns_is_refused(county):
    ensure_wagtail_roots()
    catalog = StandardCatalogPage(title="目录", slug="catalog-root", organization=county)
    catalog.catalog_domains = [CatalogDomain(domain=domain("救灾"))]
    Page.get_first_root_node().add_child(instance=catalog)
    site = Site.objects.create(hostname="odd.example", root_page=catalog)
    with pytest.raises(SetupError, match="subpage_types"):
        setup_columns(site, county)


def test_the_command_names_what_it_cannot_find(county, site):
    with pytest.raises(CommandError, match="nowhere.example"):
        call_command("gk_setup_columns", "--site", "nowhere.example", "--organ", county.credit_code)
    with pytest.raises(CommandError, match="nosuchcode"):
        call_command("gk_setup_columns", "--site", "localhost", "--organ", "nosuchcode")
