"""A clerk who may add only to the 政策解读 column reaches "Add an interpretation" from the dashboard."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from gk_wagtail.models import ColumnPage, PolicyDocumentPage, PolicyInterpretationPage
from gk_wagtail.setup.columns import setup_columns
from tests.admin.test_interpretation_prefill import create_url, policy_link_fields
from tests.factories import make_clerk, make_column, make_county, make_organization, make_policy, make_site


@pytest.fixture
def county_site(db):
    county = make_county()
    site = make_site(organization=county)
    setup_columns(site, county, "county")
    policies = ColumnPage.objects.get(column_code="zcwj")
    return {
        "county": county,
        "policies": policies,
        "interpretations": ColumnPage.objects.get(column_code="zcjd"),
        "policy": make_policy(policies, county, title="示范县政务公开实施办法"),
    }


@pytest.fixture
def interpreter(county_site):
    return make_clerk(county_site["interpretations"], username="interpreter")


def report(client):
    return client.get(reverse("gk_wagtail_admin:policies_without_interpretation")).content.decode()


def test_the_clerk_goes_from_the_dashboard_to_the_filled_in_form(client, county_site, interpreter):
    policy = county_site["policy"]
    client.force_login(interpreter)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    report_url = reverse("gk_wagtail_admin:policies_without_interpretation")
    assert re.search(rf'<a href="{report_url}">\s*1 件规章或规范性文件尚未解读。', dashboard)

    listing = report(client)
    action = reverse("gk_wagtail_admin:policies_add_interpretation", args=[policy.pk])
    assert f'href="{action}"' in listing and "添加解读" in listing
    # The clerk may not open the policy's editor, so its title is not a link to it.
    assert reverse("wagtailadmin_pages:edit", args=[policy.pk]) not in listing
    assert client.get(reverse("wagtailadmin_pages:edit", args=[policy.pk])).status_code == 302

    started = client.get(action)
    assert started.url == create_url(county_site["interpretations"], policy=policy.pk)
    form = client.get(started.url).content.decode()
    fields = policy_link_fields(form)
    assert fields["policy_links-0-policy"] == str(policy.pk)

    add_url = reverse(
        "wagtailadmin_pages:add", args=["gk_wagtail", "policyinterpretationpage", county_site["interpretations"].pk]
    )
    data = nested_form_data(
        {
            "title": "图解：示范县政务公开实施办法",
            "slug": "tujie",
            "issuing_organ": county_site["county"].pk,
            "validity": "valid",
            "disclosure_attribute": "public",
            "body": streamfield([("rich_text", rich_text("<p>解读内容</p>"))]),
            "attachments": streamfield([]),
        }
    )
    data.update(fields)
    assert client.post(add_url, data).status_code == 302
    interpretation = PolicyInterpretationPage.objects.get(slug="tujie")
    assert interpretation.get_parent().pk == county_site["interpretations"].pk
    assert interpretation.interpreted_policies == [policy]


def test_the_clerk_cannot_create_under_a_column_they_may_not_add_to(client, county_site, interpreter):
    client.force_login(interpreter)
    policies = county_site["policies"]
    assert client.get(create_url(policies, policy=county_site["policy"].pk)).status_code == 302
    add_url = reverse("wagtailadmin_pages:add", args=["gk_wagtail", "policyinterpretationpage", policies.pk])
    refused = client.post(add_url, {"title": "越权的解读", "slug": "yuequan"})
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert not PolicyInterpretationPage.objects.filter(slug="yuequan").exists()


def test_only_live_policies_of_the_clerks_own_site_are_offered(client, county_site, interpreter):
    make_policy(county_site["policies"], county_site["county"], title="尚未发布的草稿", live=False, slug="draft")
    other_home = make_site("other.example", default=False, name="另一县人民政府").root_page
    other_policies = make_column(other_home, "政策文件", "other-zcwj")
    make_policy(
        other_policies, make_organization("另一县人民政府", credit_code="11440300MB2C92057X"), title="另一县的文件"
    )
    other_interpreter = make_clerk(
        make_column(other_home, "政策解读", "other-zcjd", column_type="政策解读"), username="other_interpreter"
    )

    client.force_login(interpreter)
    listing = report(client)
    assert "示范县政务公开实施办法" in listing
    assert "尚未发布的草稿" not in listing and "另一县的文件" not in listing

    client.force_login(other_interpreter)
    listing = report(client)
    assert "另一县的文件" in listing and "示范县政务公开实施办法" not in listing


def test_a_clerk_who_may_add_no_interpretation_is_offered_none(client, county_site):
    elsewhere = make_column(county_site["interpretations"].get_parent(), "其他栏目", "other")
    client.force_login(make_clerk(elsewhere, username="elsewhere"))
    assert "示范县政务公开实施办法" not in report(client)
    assert PolicyDocumentPage.objects.live().count() == 1
