import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_column, make_interpretation, make_organization, make_policy, make_site


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def documents(db):
    home = make_site().root_page
    organization = make_organization()
    policies = make_column(home, "政策文件", "policies")
    interpretations = make_column(home, "政策解读", "interpretations")
    interpreted = make_policy(
        policies, organization, title="已解读的规范性文件", date_published=datetime.date(2025, 3, 3)
    )
    make_policy(policies, organization, title="尚未解读的规范性文件", document_number="示府〔2025〕2号")
    make_policy(
        policies, organization, title="无需解读的其他文件", document_number="示府〔2025〕3号", document_kind="other"
    )
    late = make_interpretation(
        interpretations, organization, [interpreted], title="迟到的解读", date_published=datetime.date(2025, 3, 14)
    )
    return interpreted, late


def test_report_lists_only_policies_that_need_an_interpretation(admin_client, documents):
    response = admin_client.get(reverse("gk_wagtail_admin:policies_without_interpretation"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "尚未解读的规范性文件" in html
    assert "已解读的规范性文件" not in html
    assert "无需解读的其他文件" not in html


def test_late_interpretation_is_flagged_in_report_listing_and_edit_form(admin_client, documents):
    interpreted, late = documents
    assert late.lag_working_days == 9
    response = admin_client.get(reverse("gk_wagtail_admin:late_interpretations"))
    assert "迟到的解读" in response.content.decode()
    response = admin_client.get(reverse("gk_interpretations:index"))
    assert response.status_code == 200
    assert "迟到的解读" in response.content.decode()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[late.pk]))
    assert response.status_code == 200
    assert "help-warning" in response.content.decode()


def test_late_report_can_be_exported(admin_client, documents):
    response = admin_client.get(reverse("gk_wagtail_admin:late_interpretations"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert "迟到的解读" in content.decode("utf-8-sig")


def test_dashboard_counts_what_is_late_or_missing(admin_client, documents, settings):
    settings.LANGUAGE_CODE = "en"
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "1 rule or normative document has no interpretation yet." in html
    assert "1 interpretation was published later than 3 working days after its policy." in html


def test_editor_without_page_permissions_cannot_open_the_reports(client, documents):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("clerk", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("gk_wagtail_admin:late_interpretations"))
    assert response.status_code in (302, 403)


def test_late_report_computes_each_interpretation_from_its_own_policies(db):
    from gk_wagtail.reports.interpretation_lag import late_interpretations

    home = make_site().root_page
    organization = make_organization()
    policies = make_column(home, "政策文件", "policies")
    interpretations = make_column(home, "政策解读", "interpretations")
    early_policy = make_policy(policies, organization, title="早发布", date_published=datetime.date(2025, 3, 3))
    late_policy = make_policy(
        policies,
        organization,
        title="晚发布",
        document_number="示府〔2025〕5号",
        date_published=datetime.date(2025, 3, 14),
    )
    make_interpretation(
        interpretations, organization, [early_policy], title="迟到", date_published=datetime.date(2025, 3, 14)
    )
    make_interpretation(
        interpretations, organization, [late_policy], title="及时", date_published=datetime.date(2025, 3, 14)
    )
    assert [page.title for page in late_interpretations()] == ["迟到"]


def test_the_dashboard_counts_the_late_interpretations_of_the_report_it_links_to(client, documents, settings):
    """A clerk of another column is not told of late interpretations the report would not show them."""
    from tests.factories import make_clerk

    settings.LANGUAGE_CODE = "en"
    interpreted, late = documents
    late_line = "1 interpretation was published later than 3 working days after its policy."

    clerk = make_clerk(interpreted.get_parent(), username="policy-clerk")
    client.force_login(clerk)
    html = " ".join(client.get(reverse("wagtailadmin_home")).content.decode().split())
    assert late_line not in html
    assert "迟到的解读" not in client.get(reverse("gk_wagtail_admin:late_interpretations")).content.decode()

    interpreter = make_clerk(late.get_parent(), username="interpretation-clerk")
    client.force_login(interpreter)
    html = " ".join(client.get(reverse("wagtailadmin_home")).content.decode().split())
    assert late_line in html
    assert "迟到的解读" in client.get(reverse("gk_wagtail_admin:late_interpretations")).content.decode()
