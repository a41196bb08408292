"""Small builders for the tests: a site with a column, organizations and published documents."""

import datetime

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from gk_wagtail.models import ColumnPage, Organization, PolicyDocumentPage, PolicyInterpretationPage
from gk_wagtail.page_types.policy import PolicyInterpretationLink
from tests.testapp.models import HomePage

# Real-format codes with valid GB 32100 check characters.
COUNTY_CREDIT_CODE = "114403000075421709"
DEPARTMENT_CREDIT_CODE = "91350100M000100Y43"


def make_organization(name="深圳市人民政府办公厅", credit_code=COUNTY_CREDIT_CODE, **kwargs):
    return Organization.objects.create(name=name, credit_code=credit_code, **kwargs)


def make_site(hostname="localhost"):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="示范县人民政府", slug=f"home-{hostname}"))
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname=hostname, root_page=home, is_default_site=True, site_name="示范县人民政府")
    return home


def make_column(parent, title="政策文件", code="policies", **kwargs):
    return parent.add_child(instance=ColumnPage(title=title, slug=code, column_code=code, **kwargs))


def make_policy(column, organization, title="关于全面推进基层政务公开标准化规范化工作的实施意见", live=True, **kwargs):
    kwargs.setdefault("document_number", "粤府办〔2020〕10号")
    kwargs.setdefault("date_published", datetime.date(2020, 5, 15))
    page = PolicyDocumentPage(title=title, issuing_organ=organization, live=live, **kwargs)
    return column.add_child(instance=page)


def make_interpretation(column, organization, policies, title="图解：基层政务公开标准化规范化", live=True, **kwargs):
    page = PolicyInterpretationPage(title=title, issuing_organ=organization, live=live, **kwargs)
    for policy in policies:
        page.policy_links.add(PolicyInterpretationLink(policy=policy))
    return column.add_child(instance=page)


def ensure_wagtail_roots():
    """The rows Wagtail's own migrations create, for test runs with --nomigrations; no-op otherwise."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
