"""Builders for the catalog, column set-up, column listing and coverage tests (issue 3)."""

from io import BytesIO

from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from gk_wagtail.catalog_rows import CatalogRow, LegalBasis
from gk_wagtail.importers.catalog import import_catalog
from gk_wagtail.importers.xlsx import write_catalog_workbook
from gk_wagtail.models import DisclosureChannel, DisclosureStage, Domain, GovSiteSettings, Organization
from gk_wagtail.vocabularies import DEFAULT_CHANNELS, DISCLOSURE_STAGES
from tests.helpers import COUNTY_CREDIT_CODE, DEPARTMENT_CREDIT_CODE, ensure_wagtail_roots
from tests.testapp.models import HomePage

TOWNSHIP_CREDIT_CODE = "11440300007010414"


def seed_registers():
    """The channel and 五公开 registers as the data migrations seed them."""
    for order, name in enumerate(DEFAULT_CHANNELS):
        DisclosureChannel.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(DISCLOSURE_STAGES):
        DisclosureStage.objects.get_or_create(name=name, defaults={"sort_order": order})


def domain(name):
    return Domain.objects.get_or_create(name=name)[0]


def make_county(name="示范县人民政府", credit_code=COUNTY_CREDIT_CODE):
    return Organization.objects.create(
        name=name, short_name=name.removesuffix("人民政府"), credit_code=credit_code,
        organization_type=Organization.Type.PEOPLES_GOVERNMENT,
    )


def make_department(county, name="示范县财政局", credit_code=DEPARTMENT_CREDIT_CODE):
    return Organization.objects.create(name=name, credit_code=credit_code, parent=county)


def make_township(county, name="示范镇人民政府", credit_code=""):
    return Organization.objects.create(
        name=name, credit_code=credit_code, parent=county, organization_type=Organization.Type.TOWNSHIP
    )


def make_site(hostname="localhost", organization=None, port=80, default=True):
    """A site with a HomePage root; its government settings speak for ``organization`` when given."""
    ensure_wagtail_roots()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=f"{hostname} 首页", slug=f"home-{hostname.replace('.', '-')}-{port}"))
    # Wagtail's migrations create a localhost:80 site for its welcome page; ours takes its place.
    Site.objects.filter(hostname=hostname, port=port).delete()
    if default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=hostname)
    if organization is not None:
        GovSiteSettings.objects.update_or_create(site=site, defaults={"organization": organization})
    return site


def budget_row(**changes):
    values = {
        "first_level_item": "预算公开",
        "second_level_item": "政府预算",
        "content_elements": "经本级人民代表大会批准的政府预算、预算调整及报表和说明",
        "legal_bases": [
            LegalBasis("法律", "《中华人民共和国预算法》第十四条"),
            LegalBasis("规范性文件", "《地方预决算公开操作规程》（财预〔2016〕143号）"),
        ],
        "time_limit_text": "批准后20日内",
        "responsible_body": "县财政局",
        "channels": ["政府网站", "公开查阅点"],
        "audience": "全社会",
        "method": "主动",
        "levels": ["县级"],
    }
    return CatalogRow(**values | changes)


def budget_rows(column_url=""):
    """Four 财政预决算 rows: two 预算公开, two 决算公开, one of them on request and one at township level."""
    return [
        budget_row(column_url=column_url, five_stages=["结果"]),
        budget_row(
            second_level_item="部门预算", content_elements="部门预算及报表和说明、“三公”经费预算",
            time_limit_text="信息形成或者变更之日起20个工作日内", responsible_body="县直各部门",
            channels=["政府网站", "政务服务中心"], levels=["县级", "乡级"],
        ),
        budget_row(
            first_level_item="决算公开", second_level_item="政府决算",
            content_elements="政府决算及报表和说明", time_limit_text="批准后20日内",
        ),
        budget_row(
            first_level_item="决算公开", second_level_item="部门决算明细",
            content_elements="部门决算明细账", method="依申请", audience="特定群体", time_limit_text="",
            remarks="依申请公开",
        ),
    ]


def workbook(rows, title="示范县财政预决算领域基层政务公开标准目录", note=None, level_columns=None):
    return BytesIO(write_catalog_workbook(title, rows, note, level_columns=level_columns))


def import_rows(organization, domain_name, rows, *, publish=True, **options):
    return import_catalog(workbook(rows, **options), organization, domain(domain_name), publish=publish)


def login_in_english(client, user):
    """Log ``user`` in with the admin in English, so tests can read its messages whatever is translated."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client
