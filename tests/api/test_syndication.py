"""The API as portals syndicate it: codes with labels, organizations whole, absolute addresses, +08:00 times, paging."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Site

from gk_wagtail.checks import check_api_and_time_zone
from gk_wagtail.models import Theme
from tests.factories import (
    attachments_of,
    make_column,
    make_document,
    make_entry,
    make_interpretation,
    make_organization,
    make_policy,
    make_response,
    make_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
)

HOST = "gk.example.gov.cn"


@pytest.fixture
def tree(db):
    organization = make_organization("示范县人民政府办公室", short_name="县政府办")
    site = make_site("www.example.gov.cn", organization=organization)
    parent = Theme.objects.create(name="城乡建设、环境保护", code="12")
    theme = Theme.objects.create(name="住房保障", code="1201", parent=parent)
    policies = make_column(site.root_page, "政策文件", "zcwj", column_type="政策文件")
    interpretations = make_column(site.root_page, "政策解读", "zcjd", column_type="政策解读")
    return site, organization, theme, policies, interpretations


def get(client, path, **params):
    response = client.get(path, params, HTTP_HOST=HOST + ":8080")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def second_host(tree):
    """The same pages served under another host name and port, as intensive platforms do."""
    site = tree[0]
    return Site.objects.create(hostname=HOST, port=8080, root_page=site.root_page, site_name="示范县（集约化）")


def test_every_code_keeps_its_value_and_gains_its_label(client, tree):
    _site, organization, _theme, policies, _interpretations = tree
    public = make_policy(policies, organization, validity="expired")
    withheld = make_policy(
        policies,
        organization,
        title="某地块征收补偿方案",
        disclosure_attribute="on_request",
        non_disclosure_reason="涉及第三方",
    )
    data = get(client, f"/api/v2/pages/{public.pk}/")
    assert (data["validity"], data["validity_label"]) == ("expired", "失效")
    assert (data["disclosure_attribute"], data["disclosure_attribute_label"]) == ("public", "公开发布")
    assert (data["document_kind"], data["document_kind_label"]) == ("normative_document", "规范性文件")
    data = get(client, f"/api/v2/pages/{withheld.pk}/")
    assert (data["disclosure_attribute"], data["disclosure_attribute_label"]) == ("on_request", "依申请公开")
    column = get(client, f"/api/v2/pages/{policies.pk}/")
    assert column["column_type"] == "政策文件" and column["column_type_label"] == "政策文件"
    english = client.get(f"/api/v2/pages/{withheld.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["disclosure_attribute_label"] == "disclosed on request"
    listing = get(client, "/api/v2/pages/", type="gk_wagtail.PolicyDocumentPage", fields="validity,validity_label")
    assert {item["validity_label"] for item in listing["items"]} == {"失效", "有效"}


def test_organizations_and_themes_come_with_their_codes(client, tree):
    _site, organization, theme, policies, _interpretations = tree
    page = make_policy(policies, organization, theme=theme)
    data = get(client, f"/api/v2/pages/{page.pk}/")
    assert data["issuing_organ"] == {
        "id": organization.pk,
        "name": "示范县人民政府办公室",
        "short_name": "县政府办",
        "credit_code": organization.credit_code,
    }
    assert data["issuing_organ_name"] == "示范县人民政府办公室"
    assert data["theme"] == {
        "id": theme.pk,
        "name": "住房保障",
        "code": "1201",
        "parent": {"id": theme.parent_id, "name": "城乡建设、环境保护", "code": "12"},
    }
    filtered = get(client, "/api/v2/pages/", type="gk_wagtail.PolicyDocumentPage", issuing_organ=organization.pk)
    assert [item["id"] for item in filtered["items"]] == [page.pk]
    bare = make_policy(policies, organization, title="无主题的文件")
    assert get(client, f"/api/v2/pages/{bare.pk}/")["theme"] is None


def test_addresses_are_absolute_on_the_requested_site(client, tree, second_host):
    _site, organization, _theme, policies, interpretations = tree
    document = make_document("申请表", "apply.pdf")
    policy = make_policy(policies, organization, attachments=attachments_of(document))
    make_interpretation(interpretations, organization, [policy])
    data = get(client, f"/api/v2/pages/{policy.pk}/")
    base = f"http://{HOST}:8080/"
    assert data["meta"]["html_url"] == base + f"zcwj/{policy.slug}/"
    assert data["meta"]["detail_url"] == base + f"api/v2/pages/{policy.pk}/"
    attachment = data["attachments"][0]["value"]
    assert attachment["document"] == document.pk and attachment["title"] == ""
    assert attachment["download_url"] == base + f"documents/{document.pk}/{document.filename}"
    assert attachment["filename"] == document.filename and document.filename.endswith(".pdf")
    assert data["interpretations"][0]["html_url"].startswith("http://www.example.gov.cn/zcjd/")
    # The default site's own address when asked there.
    default = client.get(f"/api/v2/pages/{policy.pk}/", HTTP_HOST="www.example.gov.cn").json()
    assert default["meta"]["html_url"] == f"http://www.example.gov.cn/zcwj/{policy.slug}/"


def test_times_are_china_standard_time(client, tree):
    site, organization, _theme, policies, _interpretations = tree
    responses = make_column(site.root_page, "回应关切", "hygq", column_type="回应关切")
    page = make_response(
        responses,
        organization,
        status="responded",
        responded_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 23, 30)),
    )
    page.save_revision().publish()
    data = get(client, f"/api/v2/pages/{page.pk}/")
    assert data["responded_at"] == "2024-05-06T23:30:00+08:00"
    assert data["meta"]["first_published_at"].endswith("+08:00")
    assert data["responsible_organization"]["credit_code"] == organization.credit_code


def test_villages_and_catalog_rows_label_their_codes(client, tree):
    site, _organization, _theme, _policies, _interpretations = tree
    township = make_township()
    village = make_village(township)
    index = make_village_page(make_township_column(site.root_page, township), village)
    entry = make_entry(index)
    data = get(client, f"/api/v2/pages/{entry.pk}/")
    assert data["stage"] == "notice" and data["stage_label"]
    assert data["topic_label"]
    data = get(client, f"/api/v2/pages/{index.pk}/")
    assert data["village"]["name"] == village.name and data["finance_frequency_label"]


def test_the_default_page_size_is_a_setting_and_the_maximum_is_enforced(client, tree, settings):
    _site, organization, _theme, policies, _interpretations = tree
    for number in range(5):
        make_policy(policies, organization, title=f"文件{number}", document_number=f"示府〔2024〕{number + 1}号")
    query = {"type": "gk_wagtail.PolicyDocumentPage"}
    assert len(get(client, "/api/v2/pages/", **query)["items"]) == 5
    settings.GK_WAGTAIL_API_PAGE_SIZE = 2
    data = get(client, "/api/v2/pages/", **query)
    assert len(data["items"]) == 2 and data["meta"]["total_count"] == 5
    assert len(get(client, "/api/v2/pages/", **query, limit=4, offset=2)["items"]) == 3
    settings.GK_WAGTAIL_API_PAGE_SIZE = 50
    settings.WAGTAILAPI_LIMIT_MAX = 3
    assert len(get(client, "/api/v2/pages/", **query)["items"]) == 3
    response = client.get("/api/v2/pages/", {**query, "limit": 4})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "changes, ids",
    [
        ({}, []),
        ({"GK_WAGTAIL_API_PAGE_SIZE": 0}, ["gk_wagtail.E050"]),
        ({"GK_WAGTAIL_API_PAGE_SIZE": "20"}, ["gk_wagtail.E050"]),
        ({"TIME_ZONE": "UTC"}, ["gk_wagtail.W050"]),
        ({"TIME_ZONE": "Asia/Hong_Kong"}, []),
        ({"USE_TZ": False}, ["gk_wagtail.W050"]),
    ],
)
def test_api_and_time_zone_checks(settings, changes, ids):
    for name, value in changes.items():
        setattr(settings, name, value)
    assert [error.id for error in check_api_and_time_zone(None)] == ids
