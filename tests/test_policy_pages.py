import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from gk_wagtail.models import ColumnPage, PolicyDocumentPage, PolicyInterpretationPage
from tests.helpers import make_column, make_interpretation, make_organization, make_policy, make_site
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
    home = make_site()
    organization = make_organization()
    policies = make_column(home, "政策文件", "policies", column_type="政策文件")
    interpretations = make_column(home, "政策解读", "interpretations", column_type="政策解读")
    return home, organization, policies, interpretations


def test_policy_page_shows_metadata_and_its_interpretations(client, tree):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization)
    interpretation = make_interpretation(interpretations, organization, [policy], date_published=datetime.date(2020, 5, 18))

    response = client.get(policy.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "粤府办〔2020〕10号" in html
    assert policy.index_number in html
    assert interpretation.title in html
    assert f'<meta name="ColumnType" content="政策文件">' in html
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
        title="内部文件", issuing_organ=organization, disclosure_attribute="not_public",
        body=[("rich_text", "<p>正文</p>")],
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert set(error.value.message_dict) >= {"non_disclosure_reason", "disclosure_attribute"}


def test_api_lists_policies_with_their_interpretations(client, tree):
    _home, organization, policies, interpretations = tree
    policy = make_policy(policies, organization)
    interpretation = make_interpretation(interpretations, organization, [policy], date_published=datetime.date(2020, 5, 18))
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
