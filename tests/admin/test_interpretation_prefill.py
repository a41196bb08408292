""" "Add an interpretation" on a policy opens a new interpretation in the right column with the policy filled in."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from gk_wagtail.models import ColumnPage, PolicyInterpretationPage, Theme
from gk_wagtail.setup.columns import setup_columns
from tests.factories import make_clerk, make_column, make_county, make_department, make_policy, make_site


@pytest.fixture
def county_site(db):
    county = make_county()
    make_department(county)
    site = make_site(organization=county)
    setup_columns(site, county, "county")
    theme = Theme.objects.create(name="综合政务")
    policies = ColumnPage.objects.get(column_code="zcwj")
    policy = make_policy(policies, county, theme=Theme.objects.create(name="政务公开", parent=theme))
    return {
        "county": county,
        "policies": policies,
        "interpretations": ColumnPage.objects.get(column_code="zcjd"),
        "policy": policy,
    }


@pytest.fixture
def clerk(county_site):
    return make_clerk(county_site["policies"], county_site["interpretations"])


def start(client, user, policy):
    client.force_login(user)
    return client.get(reverse("gk_wagtail_admin:policies_add_interpretation", args=[policy.pk]))


def create_url(column, **query):
    url = reverse("gk_wagtail_admin:policies_interpretation_add", args=[column.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def policy_link_fields(page_html):
    """The inputs of the "Policies interpreted" formset, as the browser would post them."""
    fields = {}
    for tag in re.findall(r"<input[^>]*name=\"policy_links-[^\"]*\"[^>]*>", page_html):
        name = re.search(r'name="([^"]*)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' not in tag:
            fields[name] = html.unescape(value.group(1)) if value else ""
    return fields


def test_the_new_interpretation_opens_in_the_interpretations_column_with_the_policy(client, county_site, clerk):
    policy = county_site["policy"]
    response = start(client, clerk, policy)
    assert response.status_code == 302
    assert response.url == create_url(county_site["interpretations"], policy=policy.pk)

    page = client.get(response.url)
    assert page.status_code == 200
    content = page.content.decode()
    fields = policy_link_fields(content)
    assert fields["policy_links-TOTAL_FORMS"] == "1" and fields["policy_links-0-policy"] == str(policy.pk)
    assert policy.title in content
    # 谁起草谁解读: the policy's organization and theme are the interpretation's until the editor changes them.
    assert re.search(rf'<input type="hidden" name="issuing_organ" value="{county_site["county"].pk}"', content)
    assert re.search(rf'<option value="{policy.theme.pk}" selected>综合政务 › 政务公开</option>', content)
    # The form posts to Wagtail's own create view.
    add_url = reverse(
        "wagtailadmin_pages:add", args=["gk_wagtail", "policyinterpretationpage", county_site["interpretations"].pk]
    )
    assert f'action="{add_url}"' in content

    data = nested_form_data(
        {
            "title": "图解：政务公开工作要点",
            "slug": "tujie",
            "issuing_organ": county_site["county"].pk,
            "theme": policy.theme.pk,
            "validity": "valid",
            "disclosure_attribute": "public",
            "body": streamfield([("rich_text", rich_text("<p>解读内容</p>"))]),
            "attachments": streamfield([]),
        }
    )
    data.update(fields)
    saved = client.post(add_url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    interpretation = PolicyInterpretationPage.objects.get(slug="tujie")
    assert interpretation.get_parent().pk == county_site["interpretations"].pk
    assert interpretation.interpreted_policies == [policy]
    assert interpretation.theme == policy.theme


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "９", "99999999999999999999", "1%00", "", "missing"])
def test_an_address_naming_no_visible_policy_gives_an_empty_form_not_an_error(client, county_site, clerk, bad):
    value = str(county_site["policy"].pk + 1000) if bad == "missing" else bad
    client.force_login(clerk)
    response = client.get(create_url(county_site["interpretations"], policy=value))
    assert response.status_code == 200
    assert policy_link_fields(response.content.decode()).get("policy_links-0-policy", "") == ""
    assert [str(message).strip() for message in get_messages(response.wsgi_request)] == [
        "地址中的政策文件不存在或无权查看，请在下方选择。"
    ]


def test_a_draft_the_clerk_may_not_edit_is_neither_filled_in_nor_opened(client, county_site):
    draft = make_policy(county_site["policies"], county_site["county"], title="他人的草稿", live=False, slug="draft")
    elsewhere = make_column(county_site["interpretations"].get_parent(), "其他栏目", "other")
    outsider = make_clerk(elsewhere, county_site["interpretations"], username="outsider")
    client.force_login(outsider)
    response = client.get(create_url(county_site["interpretations"], policy=draft.pk))
    assert "他人的草稿" not in response.content.decode()
    assert policy_link_fields(response.content.decode()).get("policy_links-0-policy", "") == ""
    assert client.get(reverse("gk_wagtail_admin:policies_add_interpretation", args=[draft.pk])).status_code == 404


def test_a_clerk_without_an_interpretations_column_is_told_so(client, county_site):
    policies_only = make_clerk(county_site["policies"], username="policies_only")
    policy = county_site["policy"]
    response = start(client, policies_only, policy)
    # The policy's own column takes interpretations too (ColumnPage allows them).
    assert response.url == create_url(county_site["policies"], policy=policy.pk)
    nowhere = make_clerk(make_column(county_site["policies"].get_parent(), "机构职能", "other"), username="nowhere")
    response = start(client, nowhere, policy)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[policy.pk])
    assert [str(message).strip() for message in get_messages(response.wsgi_request)] == [
        "没有您可以添加页面的政策解读栏目，请联系管理员。"
    ]


def test_the_nearest_interpretations_column_is_chosen(admin_client, db):
    county = make_county()
    home = make_site().root_page
    make_column(home, "政策解读", "zcjd", column_type="政策解读")
    department = make_column(home, "县财政局", "department")
    department_policies = make_column(department, "政策文件", "department-zcwj")
    department_interpretations = make_column(department, "政策解读", "department-zcjd", column_type="政策解读")
    policy = make_policy(department_policies, county)
    response = admin_client.get(reverse("gk_wagtail_admin:policies_add_interpretation", args=[policy.pk]))
    assert response.url == create_url(department_interpretations, policy=policy.pk)


def test_the_action_is_offered_on_policies_only(client, county_site, clerk):
    client.force_login(clerk)
    action = reverse("gk_wagtail_admin:policies_add_interpretation", args=[county_site["policy"].pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[county_site["policy"].pk])).content.decode()
    assert f'href="{action}"' in edit and "添加解读" in edit
    listing = client.get(reverse("wagtailadmin_explore", args=[county_site["policies"].pk])).content.decode()
    assert f'href="{action}"' in listing
    column_edit = client.get(reverse("wagtailadmin_pages:edit", args=[county_site["policies"].pk])).content.decode()
    assert "add-interpretation" not in column_edit


def test_the_create_screen_only_serves_the_empty_form(client, county_site, clerk):
    client.force_login(clerk)
    assert client.post(create_url(county_site["interpretations"]), {"title": "x"}).status_code == 405


def test_a_user_without_page_permissions_is_refused(client, county_site):
    user = get_user_model().objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in [
        reverse("gk_wagtail_admin:policies_add_interpretation", args=[county_site["policy"].pk]),
        create_url(county_site["interpretations"], policy=county_site["policy"].pk),
    ]:
        assert client.get(url).status_code == 302
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
