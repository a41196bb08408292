import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from gk_wagtail.models import DisclosureStage, Domain, InterpretationForm, Organization, Theme
from gk_wagtail.vocabularies import COUNTY_DOMAINS, DOMAINS, PILOT_DOMAINS


def test_the_26_pilot_domains_and_the_county_domains_are_seeded(db):
    assert len(PILOT_DOMAINS) == 26
    assert Domain.objects.count() == 26 + len(COUNTY_DOMAINS)
    assert list(Domain.objects.values_list("name", flat=True)) == DOMAINS


def test_theme_tree_is_seeded_with_two_levels(db):
    general = Theme.objects.get(name="综合政务", parent=None)
    assert "政务公开" in general.children.values_list("name", flat=True)
    assert Theme.objects.filter(parent=None).count() == 22
    assert not Theme.objects.filter(parent__parent__isnull=False).exists()


def test_small_vocabularies_are_seeded(db):
    assert InterpretationForm.objects.filter(name="简明问答").exists()
    assert list(DisclosureStage.objects.values_list("name", flat=True)) == ["决策", "执行", "管理", "服务", "结果"]


def test_theme_tree_refuses_a_third_level(db):
    child = Theme.objects.get(name="政务公开")
    grandchild = Theme(name="第三级", parent=child)
    with pytest.raises(ValidationError) as error:
        grandchild.full_clean()
    assert "parent" in error.value.message_dict


def test_organization_cannot_be_its_own_ancestor(db):
    county = Organization.objects.create(name="示范县人民政府")
    department = Organization.objects.create(name="示范县财政局", parent=county)
    county.parent = department
    with pytest.raises(ValidationError):
        county.full_clean()


def test_wrong_credit_code_gets_a_clear_error_in_the_admin(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    url = reverse("wagtailsnippets_gk_wagtail_organization:add")
    response = client.post(
        url, {"name": "示范县人民政府", "organization_type": "government", "credit_code": "91350100M000100Y44"}
    )
    assert response.status_code == 200
    assert not Organization.objects.exists()
    form = response.context["form"]
    assert "credit_code" in form.errors
    response = client.post(
        url, {"name": "示范县人民政府", "organization_type": "government", "credit_code": "91350100M000100Y43"}
    )
    assert response.status_code == 302
    assert Organization.objects.get().credit_code == "91350100M000100Y43"


def test_two_organizations_cannot_share_a_credit_code(db):
    Organization.objects.create(name="甲", credit_code="91350100M000100Y43")
    duplicate = Organization(name="乙", credit_code="91350100M000100Y43")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_many_organizations_may_have_no_credit_code_yet(db):
    Organization.objects.create(name="甲")
    Organization.objects.create(name="乙")
    assert Organization.objects.filter(credit_code="").count() == 2
