"""A document disclosed on request (依申请公开) tells the citizen where and how to apply for it."""

import pytest

from gk_wagtail.models import ColumnPage, GovSiteSettings, PolicyDocumentPage
from gk_wagtail.page_types.columns import ColumnType
from gk_wagtail.setup.columns import setup_columns
from tests.factories import make_column, make_county, make_organization, make_policy, make_site

REASON = "涉及第三方合法权益，依申请公开。"


@pytest.fixture
def tree(db):
    site = make_site()
    organization = make_organization(
        "示范县自然资源局",
        disclosure_office="示范县自然资源局办公室",
        address="示范县人民路88号",
        postcode="518000",
        office_hours="工作日 8:30-12:00",
        phone="0755-8888 6666",
        email="gk@example.gov.cn",
    )
    return site, organization, make_column(site.root_page)


def on_request(column, organization, **kwargs):
    kwargs.setdefault("disclosure_attribute", "on_request")
    return make_policy(
        column, organization, title="关于某地块征收补偿方案的批复", non_disclosure_reason=REASON, **kwargs
    )


def test_the_page_names_the_office_its_contact_data_and_the_guide(client, tree):
    site, organization, column = tree
    guide = make_column(site.root_page, "依申请公开", "ysqgk", column_type=ColumnType.ON_REQUEST)
    page = on_request(column, organization)
    html = client.get(page.url).content.decode()
    assert REASON in html
    for value in ("示范县自然资源局办公室", "示范县人民路88号", "518000", "工作日 8:30-12:00", "0755-8888 6666"):
        assert value in html
    assert 'href="mailto:gk@example.gov.cn"' in html
    assert f'class="gk-application-guide" href="{guide.url}"' in html


def test_a_document_that_is_not_disclosed_has_no_application_section(client, tree):
    site, organization, column = tree
    make_column(site.root_page, "依申请公开", "ysqgk", column_type=ColumnType.ON_REQUEST)
    page = on_request(column, organization, disclosure_attribute="not_public")
    html = client.get(page.url).content.decode()
    assert REASON in html
    assert "gk-how-to-apply" not in html and "示范县人民路88号" not in html


def test_the_guide_setting_wins_over_the_column(client, tree, settings):
    site, organization, column = tree
    make_column(site.root_page, "依申请公开", "ysqgk", column_type=ColumnType.ON_REQUEST)
    settings.GK_WAGTAIL_APPLICATION_GUIDE_URL = "https://ysqgk.example.gov.cn/apply/"
    html = client.get(on_request(column, organization).url).content.decode()
    assert 'class="gk-application-guide" href="https://ysqgk.example.gov.cn/apply/"' in html


def test_a_column_citizens_cannot_open_or_of_another_site_is_not_linked(client, tree):
    site, organization, column = tree
    draft = make_column(site.root_page, "依申请公开", "ysqgk", column_type=ColumnType.ON_REQUEST)
    ColumnPage.objects.filter(pk=draft.pk).update(live=False)
    other = make_site("other.example.gov.cn", default=False)
    make_column(other.root_page, "依申请公开", "ysqgk", column_type=ColumnType.ON_REQUEST)
    html = client.get(on_request(column, organization).url).content.decode()
    assert "gk-application-guide" not in html
    assert "示范县人民路88号" in html  # the office is still named


def test_without_an_issuing_organ_the_site_organization_takes_applications(client, tree):
    site, organization, column = tree
    GovSiteSettings.objects.update_or_create(site=site, defaults={"organization": organization})
    page = on_request(column, organization)
    # Legacy imports may name no issuing organ.
    PolicyDocumentPage.objects.filter(pk=page.pk).update(issuing_organ=None)
    html = client.get(page.url).content.decode()
    assert "示范县人民路88号" in html


def test_the_standard_column_tree_gives_the_guide(client, db):
    county = make_county()
    site = make_site(organization=county)
    result = setup_columns(site, county)
    guide = result.columns["ysqgk"]
    page = on_request(result.columns["zcwj"], county)
    html = client.get(page.url).content.decode()
    assert f'class="gk-application-guide" href="{guide.url}"' in html
    assert county.name in html
