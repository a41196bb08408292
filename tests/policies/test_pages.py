import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from gk_wagtail.models import ColumnPage, PolicyDocumentPage, PolicyInterpretationPage
from tests.factories import make_column, make_interpretation, make_organization, make_policy, make_site
from tests.testapp.models import HomePage


class PolicyPageTreeTests(WagtailPageTestCase):
    def test_policies_and_interpretations_live_under_columns_only(self):
        self.assertAllowedParentPageTypes(PolicyDocumentPage, {ColumnPage})
        self.assertAllowedParentPageTypes(PolicyInterpretationPage, {ColumnPage})
        self.assertAllowedSubpageTypes(PolicyDocumentPage, set())

    def test_a_column_can_be_created_under_a_home_page(self):
        self.assertCanCreateAt(HomePage, ColumnPage)
        self.assertCanNotCreateAt(HomePage, PolicyDocumentPage)


@pytest.fixture
def tree(db):
    home = make_site().root_page
    organization = make_organization()
    policies = make_column(home, "政策文件", "policies", column_type="政策文件")
    interpretations = make_column(home, "政策解读", "interpretations", column_type="政策解读")
    return home, organization, policies, interpretations


def test_policy_page_shows_metadata_and_its_interpretations(client, tree):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization)
    interpretation = make_interpretation(
        interpretations, organization, [policy], date_published=datetime.date(2020, 5, 18)
    )

    response = client.get(policy.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "粤府办〔2020〕10号" in html
    assert policy.index_number in html
    assert interpretation.title in html
    assert '<meta name="ColumnType" content="政策文件">' in html
    assert f'<meta name="ArticleTitle" content="{policy.title}">' in html

    response = client.get(interpretation.url)
    assert policy.title in response.content.decode()


def test_index_number_follows_the_default_rule_and_survives_a_new_revision(tree):
    _home, organization, policies, _interpretations = tree
    policy = make_policy(policies, organization)
    assert policy.index_number == f"{organization.credit_code}/2020-00001"
    revision = policy.save_revision()
    revision.publish()
    policy.refresh_from_db()
    assert policy.index_number == f"{organization.credit_code}/2020-00001"


def test_withheld_document_needs_a_reason_and_no_body(tree):
    _home, organization, policies, _interpretations = tree
    policy = PolicyDocumentPage(
        title="内部文件",
        issuing_organ=organization,
        disclosure_attribute="not_public",
        body=[("rich_text", "<p>正文</p>")],
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert set(error.value.message_dict) >= {"non_disclosure_reason", "disclosure_attribute"}


def test_api_lists_policies_with_their_interpretations(client, tree):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization)
    interpretation = make_interpretation(
        interpretations, organization, [policy], date_published=datetime.date(2020, 5, 18)
    )
    response = client.get("/api/v2/pages/", {"type": "gk_wagtail.PolicyDocumentPage", "fields": "*"})
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["document_number"] == "粤府办〔2020〕10号"
    assert [i["id"] for i in item["interpretations"]] == [interpretation.pk]
    response = client.get(f"/api/v2/pages/{interpretation.pk}/")
    assert [p["id"] for p in response.json()["policies"]] == [policy.pk]


@pytest.mark.parametrize(
    "policy_published, published, late",
    [
        (datetime.date(2020, 5, 15), datetime.date(2020, 5, 15), False),  # same day
        (datetime.date(2020, 5, 15), datetime.date(2020, 5, 20), False),  # Friday + 3 working days = Wednesday
        (datetime.date(2020, 5, 15), datetime.date(2020, 5, 21), True),  # the fourth working day
        (datetime.date(2020, 5, 12), datetime.date(2020, 5, 16), True),  # Saturday after a Friday deadline
        (datetime.date(2020, 4, 30), datetime.date(2020, 5, 8), False),  # 劳动节 holiday and 调休 do not count
        (datetime.date(2020, 4, 30), datetime.date(2020, 5, 11), True),
    ],
)
def test_interpretation_lateness_counts_working_days(tree, policy_published, published, late):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization, date_published=policy_published)
    interpretation = make_interpretation(interpretations, organization, [policy], date_published=published)
    assert interpretation.is_late is late


def test_withheld_document_is_published_as_a_catalogue_entry_with_its_reason(client, tree):
    _home, organization, policies, _interpretations = tree
    page = make_policy(
        policies,
        organization,
        title="涉及个人隐私的决定",
        document_number="示府〔2020〕9号",
        disclosure_attribute="on_request",
        non_disclosure_reason="涉及个人隐私，依申请公开。",
    )
    assert page.index_number
    html = client.get(page.url).content.decode()
    assert "涉及个人隐私，依申请公开。" in html
    assert 'class="gk-body"' not in html
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["disclosure_attribute"] == "on_request"
    assert data["body"] == []


def test_public_document_ends_with_its_attribute_line(client, tree, settings):
    settings.LANGUAGE_CODE = "en"
    _home, organization, policies, _interpretations = tree
    page = make_policy(policies, organization, body=[("rich_text", "<p>正文内容</p>")])
    html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index("正文内容") < html.index("(This document is published in full.)")


def test_document_number_is_stored_as_written_and_normalized(tree):
    _home, organization, policies, _interpretations = tree
    page = make_policy(policies, organization, document_number="粤府办[2020]10号")
    page.refresh_from_db()
    assert page.document_number == "粤府办[2020]10号"
    assert page.document_number_normalized == "粤府办〔2020〕10号"


def test_api_pages_endpoint_accepts_search(client, tree):
    _home, organization, policies, _interpretations = tree
    policy = make_policy(policies, organization)
    response = client.get("/api/v2/pages/", {"search": policy.title, "type": "gk_wagtail.PolicyDocumentPage"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [policy.pk]


def test_body_blocks_render_accessibly(client, tree):
    _home, organization, policies, _interpretations = tree
    body = [
        ("questions", {"heading": "问答", "items": [{"question": "谁来解读？", "answer": "<p>起草机关。</p>"}]}),
        (
            "table",
            {
                "data": [["项目", "金额"], ["收入", "100"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "收支表",
            },
        ),
    ]
    page = make_policy(policies, organization, body=body)
    html = client.get(page.url).content.decode()
    assert "<dt>谁来解读？</dt>" in html
    assert "<caption>收支表</caption>" in html
    assert '<th scope="col"' in html


def test_withheld_document_with_a_body_cannot_be_saved_even_without_clean(tree):
    _home, organization, policies, _interpretations = tree
    page = PolicyDocumentPage(
        title="不公开文件",
        issuing_organ=organization,
        disclosure_attribute="not_public",
        non_disclosure_reason="国家秘密",
        body=[("rich_text", "<p>全文</p>")],
    )
    with pytest.raises(ValidationError):
        policies.add_child(instance=page)
    assert not PolicyDocumentPage.objects.filter(title="不公开文件").exists()


def test_a_password_protected_policy_and_interpretation_are_linked_from_nowhere_public(client, tree):
    from wagtail.models import PageViewRestriction

    _home, organization, policies, interpretations = tree
    secret_policy = make_policy(policies, organization, title="尚未公开的内部规范性文件")
    open_policy = make_policy(policies, organization, title="公开的规范性文件", document_number="示府〔2020〕2号")
    interpretation = make_interpretation(interpretations, organization, [secret_policy, open_policy])
    hidden_interpretation = make_interpretation(
        interpretations, organization, [open_policy], title="受密码保护的解读", slug="hidden"
    )
    for page in (secret_policy, hidden_interpretation):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="pw")

    html = client.get(interpretation.url).content.decode()
    assert "公开的规范性文件" in html and "尚未公开的内部规范性文件" not in html
    api = client.get(f"/api/v2/pages/{interpretation.pk}/").json()
    assert [policy["id"] for policy in api["policies"]] == [open_policy.pk]

    html = client.get(open_policy.url).content.decode()
    assert interpretation.title in html and "受密码保护的解读" not in html
    api = client.get(f"/api/v2/pages/{open_policy.pk}/").json()
    assert [item["id"] for item in api["interpretations"]] == [interpretation.pk]
