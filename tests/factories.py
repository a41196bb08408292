"""Builders for the tests: sites, organizations, columns and the documents, catalogs and village pages under them."""

import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import openpyxl.utils
import PIL.Image
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from benchmarks.support import build_sqlite_fts_table
from gk_wagtail.formats.catalog_rows import CatalogRow, LegalBasis
from gk_wagtail.formats.catalog_workbook import write_catalog_workbook
from gk_wagtail.importers.catalogs import import_catalog
from gk_wagtail.models import (
    ColumnPage,
    DisclosureChannel,
    DisclosureStage,
    Domain,
    GovSiteSettings,
    OpinionCommitment,
    OpinionResponsePage,
    Organization,
    PolicyDocumentPage,
    PolicyInterpretationPage,
    VillageAffairsCategory,
    VillageAffairsFinanceRow,
    VillageAffairsIndexPage,
    VillageAffairsPage,
)
from gk_wagtail.page_types.policies import PolicyInterpretationLink
from gk_wagtail.setup.villages import ensure_default_categories
from gk_wagtail.vocabularies import DEFAULT_CHANNELS, DISCLOSURE_STAGES
from tests.testapp.models import HomePage

# Real-format codes with valid GB 32100 check characters.
COUNTY_CREDIT_CODE = "114403000075421709"
DEPARTMENT_CREDIT_CODE = "91350100M000100Y43"
TOWNSHIP_CREDIT_CODE = "11440300007010414"


# Sites


def ensure_wagtail_roots():
    """The rows Wagtail's own migrations create, for test runs with --nomigrations; no-op otherwise."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def make_site(hostname="localhost", *, port=80, organization=None, default=True, name=None):
    """A site whose root is a new HomePage (``make_site().root_page``); returns the Site.

    It takes the place of any site at the same hostname and port (Wagtail's migrations create a
    localhost:80 site for its welcome page) and, unless ``default=False``, becomes the default site.
    When ``organization`` is given, the site's government settings speak for it. ``name`` is the
    home page's title and the site name: the organization's name, or 示范县人民政府.
    """
    ensure_wagtail_roots()
    name = name or (organization.name if organization is not None else "示范县人民政府")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title=name, slug=f"home-{hostname.replace('.', '-')}-{port}")
    )
    Site.objects.filter(hostname=hostname, port=port).delete()
    if default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=name)
    if organization is not None:
        GovSiteSettings.objects.update_or_create(site=site, defaults={"organization": organization})
    return site


def make_search_site():
    """The home page of a new site, with SQLite's full-text table as Wagtail's migration makes it."""
    build_sqlite_fts_table()
    return make_site().root_page


# Organizations


def make_organization(name="深圳市人民政府办公厅", credit_code=COUNTY_CREDIT_CODE, **kwargs):
    return Organization.objects.create(name=name, credit_code=credit_code, **kwargs)


def make_county(name="示范县人民政府", credit_code=COUNTY_CREDIT_CODE):
    return Organization.objects.create(
        name=name,
        short_name=name.removesuffix("人民政府"),
        credit_code=credit_code,
        organization_type=Organization.Type.PEOPLES_GOVERNMENT,
    )


def make_department(county, name="示范县财政局", credit_code=DEPARTMENT_CREDIT_CODE):
    return Organization.objects.create(name=name, credit_code=credit_code, parent=county)


def make_township(name="示范镇", *, parent=None, credit_code=""):
    return Organization.objects.create(
        name=name, credit_code=credit_code, parent=parent, organization_type=Organization.Type.TOWNSHIP
    )


def make_village(township, name="东岭村", organization_type=Organization.Type.VILLAGE_COMMITTEE):
    return Organization.objects.create(name=name, organization_type=organization_type, parent=township)


# Columns and documents


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


def make_response(
    column,
    organization,
    title="关于某小区停水问题的回应",
    severity="ordinary",
    first_noticed_at=None,
    live=True,
    commitments=(),
    **kwargs,
):
    first_noticed_at = first_noticed_at or timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 0))
    kwargs.setdefault("status", "collecting")
    page = OpinionResponsePage(
        title=title,
        topic=kwargs.pop("topic", title),
        first_noticed_at=first_noticed_at,
        first_noticed_where="12345热线",
        severity=severity,
        responsible_organization=organization,
        issuing_organ=organization,
        live=live,
        **kwargs,
    )
    for promise, due_date, status, evidence in commitments:
        page.commitments.add(
            OpinionCommitment(promise=promise, due_date=due_date, status=status, evidence_page=evidence)
        )
    return column.add_child(instance=page)


# Files


def make_document(title="申请表", name="form.pdf", content=b"%PDF-1.4 gk_wagtail test"):
    """A Wagtail document with a small file, stored under MEDIA_ROOT."""
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=True)
    return document


def make_image(title="公示照片", name="notice.png"):
    """A Wagtail image of 4×3 white pixels, stored under MEDIA_ROOT."""
    data = BytesIO()
    PIL.Image.new("RGB", (4, 3), "white").save(data, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(data, name=name))


def attachments_of(*documents):
    """An ``attachments`` StreamField value listing ``documents`` under their own titles."""
    return [("attachment", {"document": document, "title": ""}) for document in documents]


# Registers and standard catalogs


def seed_registers():
    """The channel and 五公开 registers as the data migrations seed them."""
    for order, name in enumerate(DEFAULT_CHANNELS):
        DisclosureChannel.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(DISCLOSURE_STAGES):
        DisclosureStage.objects.get_or_create(name=name, defaults={"sort_order": order})


def domain(name):
    return Domain.objects.get_or_create(name=name)[0]


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
            second_level_item="部门预算",
            content_elements="部门预算及报表和说明、“三公”经费预算",
            time_limit_text="信息形成或者变更之日起20个工作日内",
            responsible_body="县直各部门",
            channels=["政府网站", "政务服务中心"],
            levels=["县级", "乡级"],
        ),
        budget_row(
            first_level_item="决算公开",
            second_level_item="政府决算",
            content_elements="政府决算及报表和说明",
            time_limit_text="批准后20日内",
        ),
        budget_row(
            first_level_item="决算公开",
            second_level_item="部门决算明细",
            content_elements="部门决算明细账",
            method="依申请",
            audience="特定群体",
            time_limit_text="",
            remarks="依申请公开",
        ),
    ]


def workbook(rows, title="示范县财政预决算领域基层政务公开标准目录", note=None, level_columns=None):
    return BytesIO(write_catalog_workbook(title, rows, note, level_columns=level_columns))


def import_rows(organization, domain_name, rows, *, publish=True, **options):
    return import_catalog(workbook(rows, **options), organization, domain(domain_name), publish=publish)


def sheet_bytes(rows, merges=(), *, sheet_title="Sheet1", hyperlinks=None):
    """An xlsx workbook with ``rows`` from A1 (None for a blank cell), ``merges`` and ``hyperlinks`` ({"C6": url})."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for cell, url in (hyperlinks or {}).items():
        sheet[cell].hyperlink = url
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


COUNTY_TITLE = "示范县财政预决算领域基层政务公开标准目录"
_BUDGET_BASES = (
    "【法律】《中华人民共和国预算法》第十四条\n【规范性文件】《地方预决算公开操作规程》（财预〔2016〕143号）"
)


def county_budget_sheet(*, extra_column=True, notes=True, levels=("县级", "乡、村级")):
    """A 财政预决算 catalog as a county publishes it, after the 财政预决算领域基层政务公开标准指引.

    附件2, the title and a 填报说明 above a two-row header with merged groups (公开事项, 公开对象 with
    特定群众, 公开方式 with 主动公开/依申请公开, 公开层级 with ``levels``); 序号 jumping 1, 2, 5, 5.1;
    预算公开 and 县财政局 merged down three rows; √ ticks, the third row leaving 公开对象 and 公开方式
    blank under the same 一级事项; channels as a list and as a □/■ tick list; a 责任科室 column after
    公开层级 (``extra_column``); 注 and 单位（盖章） lines below (``notes``). Returns (rows, merges).
    """
    extra = ["责任科室"] if extra_column else []
    header = ["序号", "公开事项", None, "公开内容\n（要素）", "公开依据", "公开\n时限", "公开\n主体", "公开渠道和载体"]
    header += ["公开对象", None, "公开方式", None, "公开层级", None, *extra, "备注"]
    sub = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动公开", "依申请公开"]
    sub += [*levels, *([None] * len(extra)), None]
    width = len(header)
    last = openpyxl.utils.get_column_letter(width)
    desk = ["预算股"] if extra_column else []
    rows = [
        ["附件2"],
        [COUNTY_TITLE],
        [
            "填报说明：1.本目录依据《财政预决算领域基层政务公开标准指引》编制；2.在适用的公开对象、公开方式、公开层级栏内打“√”。"
        ],
        header,
        sub,
        [
            1,
            "预算公开",
            "政府预算",
            "经本级人民代表大会批准的政府预算及报表和说明",
            _BUDGET_BASES,
            "批准后20日内",
            "县财政局",
            "政府网站、公开查阅点",
            "√",
            None,
            "√",
            None,
            "√",
            None,
            *desk,
            None,
        ],
        [
            2,
            None,
            "部门预算",
            "部门预算及报表和说明、“三公”经费预算",
            _BUDGET_BASES,
            "批复后20日内",
            None,
            "■政府网站 □政府公报 ■两微一端 □广播电视",
            "√",
            None,
            "√",
            None,
            "√",
            "√",
            *desk,
            None,
        ],
        [
            5,
            None,
            "乡镇预算",
            "乡镇预算及报表和说明",
            "《中华人民共和国预算法》第十四条",
            "批准后20日内",
            None,
            "政府网站、村务公开栏",
            None,
            None,
            None,
            None,
            None,
            "√",
            *desk,
            "乡镇财政所协助",
        ],
        [
            "5.1",
            "决算公开",
            "政府决算",
            "政府决算及报表和说明",
            _BUDGET_BASES,
            "批准后20日内",
            "县财政局",
            "政府网站、政府公报",
            "√",
            None,
            "√",
            None,
            "√",
            None,
            *desk,
            None,
        ],
        [
            6,
            "财政资金",
            "惠民惠农财政补贴资金",
            "补贴政策、发放对象、标准和金额",
            "【规范性文件】《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》",
            "信息形成或者变更之日起20个工作日内",
            "县财政局",
            "政府网站、社区/企事业单位/村公示栏（电子屏）",
            None,
            "√",
            None,
            "√",
            "√",
            "√",
            *(["农业股"] if extra_column else []),
            None,
        ],
    ]
    merges = [f"A2:{last}2", f"A3:{last}3", "A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5"]
    merges += ["I4:J4", "K4:L4", "M4:N4", "B6:B8", "G6:G8"]
    merges += [
        f"{openpyxl.utils.get_column_letter(column)}4:{openpyxl.utils.get_column_letter(column)}5"
        for column in range(15, width + 1)
    ]
    if notes:
        rows += [["注：“√”表示适用。"], ["单位（盖章）：示范县财政局        填报日期：2020年9月"]]
        merges += [f"A11:{last}11"]
    return rows, merges


# Village affairs


def category(name):
    ensure_default_categories()
    return VillageAffairsCategory.objects.get(name=name)


def make_township_column(home, township, slug=None):
    """村(居)务公开 › <township>: the column a township's village pages sit in."""
    section = ColumnPage.objects.child_of(home).filter(slug="village-affairs").first() or make_column(
        home, "村(居)务公开", "village-affairs"
    )
    return make_column(section, township.name, slug or f"township-{township.pk}")


def make_village_page(column, village, checks_from=datetime.date(2024, 1, 1), **kwargs):
    kwargs.setdefault("finance_frequency", "monthly")
    page = VillageAffairsIndexPage(
        title=village.name, slug=f"village-{village.pk}", village=village, checks_from=checks_from, live=True, **kwargs
    )
    return column.add_child(instance=page)


def make_entry(
    index_page,
    title="2024年3月财务收支公开",
    category_name="财务",
    period=(2024, "month", 3),
    date_published=None,
    live=True,
    rows=(),
    **kwargs,
):
    year, unit, number = period
    if date_published is None:
        # Published in the first days after the period: on time.
        date_published = VillageAffairsPage(period_year=year, period_unit=unit, period_number=number).period.end + (
            datetime.timedelta(days=3)
        )
    page = VillageAffairsPage(
        title=title,
        category=category(category_name),
        period_year=year,
        period_unit=unit,
        period_number=number,
        date_published=date_published,
        live=live,
        **kwargs,
    )
    for side, item, amount in rows:
        page.finance_rows.add(VillageAffairsFinanceRow(side=side, item=item, amount=Decimal(amount)))
    return index_page.add_child(instance=page)


def entry_form_data(
    title,
    slug="new-entry",
    category_name="财务",
    period=(2024, "month", 3),
    rows=(),
    stage="notice",
    resolution=None,
    **totals,
):
    """POST data for the admin create and edit views of a VillageAffairsPage.

    ``rows`` are (side, item, amount, id) with the id of a stored row, or "" for a new one, stored rows first.
    """
    year, unit, number = period
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "category": category(category_name).pk,
            "topic": "village_finance",
            "stage": stage,
            "resolution": resolution.pk if resolution else "",
            "period_year": year,
            "period_unit": unit,
            "period_number": number,
            "date_published": "",
            "body": streamfield([]),
            "finance_rows": inline_formset(
                [
                    {"side": side, "item": item, "amount": amount, "note": "", "id": row_id}
                    for side, item, amount, row_id in rows
                ],
                initial=sum(1 for row in rows if row[3]),
            ),
            "stated_income_total": totals.get("income", ""),
            "stated_expense_total": totals.get("expense", ""),
            "notice_photo": "",
            "government_item": "",
            "comments": inline_formset([]),
        }
    )


# The admin


def login_in_english(client, user):
    """Log ``user`` in with the admin in English, so tests can read its messages whatever is translated."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def make_clerk(*pages, username="clerk", permissions=("add_page", "change_page")):
    """A clerk as the setup commands make them: a user in an editor group that may add and change
    pages under ``pages`` only, in the admin's default language (the site's, zh-hans in the tests)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name=f"Editors: {username}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for page in pages:
        for codename in permissions:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "password")
    user.groups.add(group)
    return user


# A 居民身份证 number with a valid GB 11643 check digit (the standard's own example, born 1949-12-31).
RESIDENT_ID = "11010519491231002X"


def make_request(organization, **kwargs):
    """An application for disclosure in ``organization``'s register, received by post on a weekday."""
    from gk_wagtail.applications import ApplicantType, Channel, IdentityDocument, InformationRequest, State

    values = {
        "channel": Channel.REGISTERED_POST,
        "state": State.REGISTERED,
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "applicant_name": "张三丰",
        "id_type": IdentityDocument.RESIDENT_ID,
        "id_number": RESIDENT_ID,
        "phone": "13812341234",
        "address": "示范县城关镇人民路12号",
        "information_title": "2025年示范县城乡居民最低生活保障资金分配表",
        "received_on": datetime.date(2025, 3, 3),
    }
    values.update(kwargs)
    return InformationRequest.objects.create(organization=organization, **values)
