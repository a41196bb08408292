"""Four standard catalogs of the demo county, and the notices their rows point at in the standard columns.

The catalogs follow the standard guides the State Council departments issued for the pilot domains
(国办发〔2019〕54号) for 财政预决算, 社会救助 and 义务教育 (rows abridged and adapted to the invented
示范县), plus a 城乡规划 catalog that only explains why the county has no such matters. They are
imported through the same xlsx path editors use (docs/catalogs.md). The content is chosen so that
the coverage report has something to say:

* some 主动 rows have no column (部门预算, 部门决算, 临时救助, …);
* most columns are still empty (the scaffolding just created them), and 教育收费 links to the empty
  行政事业性收费 column;
* 财政预算决算 and 社会救助 hold notices older than 20 working days, so rows with a working-day
  limit linked to them are stale, while 义务教育's column got a notice three days ago;
* 预算 rows say "批准后20日内" (calendar days, as the 预算法 words it), which the report cannot
  check and lists apart.

Everything is looked up before it is created, so loading twice changes nothing.
"""

import datetime
from dataclasses import replace
from io import BytesIO

from django.db import transaction
from django.utils import timezone

from gk_wagtail.formats.catalog_rows import CatalogRow, LegalBasis
from gk_wagtail.formats.catalog_workbook import write_catalog_workbook
from gk_wagtail.importers.catalogs import find_catalog, import_catalog
from gk_wagtail.models import Domain, PolicyDocumentPage
from gk_wagtail.setup.columns import setup_columns

LAW, REGULATION, RULE, NORMATIVE = "法律", "行政法规", "部门规章", "规范性文件"
TWENTY_WORKING_DAYS = "信息形成或者变更之日起20个工作日内"

BUDGET_LAW = LegalBasis(LAW, "《中华人民共和国预算法》第十四条")
BUDGET_REGULATION = LegalBasis(REGULATION, "《中华人民共和国预算法实施条例》第六条")
BUDGET_RULES = LegalBasis(NORMATIVE, "《地方预决算公开操作规程》（财预〔2016〕143号）")
DISCLOSURE_REGULATION = LegalBasis(REGULATION, "《中华人民共和国政府信息公开条例》第二十条")
RELIEF_MEASURES = LegalBasis(REGULATION, "《社会救助暂行办法》")
SUBSISTENCE_RULES = LegalBasis(NORMATIVE, "《最低生活保障审核确认办法》（民发〔2021〕57号）")
EDUCATION_LAW = LegalBasis(LAW, "《中华人民共和国义务教育法》第十二条")


def row(
    first,
    second,
    content,
    bases,
    time_limit,
    body,
    channels,
    levels=("县级",),
    *,
    column="",
    method="主动",
    audience="全社会",
    stages=(),
    remarks="",
):
    """A catalog row; ``column`` is the code of the column it is published in ("" for none)."""
    return CatalogRow(
        first_level_item=first,
        second_level_item=second,
        content_elements=content,
        legal_bases=list(bases),
        time_limit_text=time_limit,
        responsible_body=body,
        channels=list(channels),
        audience=audience,
        method=method,
        levels=list(levels),
        five_stages=list(stages),
        remarks=remarks,
        column_url=column,
    )


CATALOGS = [
    (
        "财政预决算",
        "示范县财政预决算领域基层政务公开标准目录",
        None,
        [
            row(
                "预算公开",
                "政府预算",
                "一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算及报表；预算报告；"
                "转移支付、举借债务情况的说明",
                [BUDGET_LAW, BUDGET_REGULATION, BUDGET_RULES],
                "本级人民代表大会批准后20日内",
                "县财政局",
                ["政府网站", "政府公报", "公开查阅点"],
                column="czyjs",
                stages=["结果"],
            ),
            row(
                "预算公开",
                "部门预算",
                "部门预算报表和说明，“三公”经费预算及其增减变化原因",
                [BUDGET_LAW, BUDGET_RULES],
                "财政部门批复后20日内",
                "县直各预算部门",
                ["政府网站"],
                stages=["结果"],
            ),
            row(
                "预算公开",
                "预算调整",
                "预算调整方案及其说明",
                [BUDGET_LAW],
                "本级人民代表大会常务委员会批准后20日内",
                "县财政局",
                ["政府网站", "公开查阅点"],
                column="czyjs",
                stages=["决策", "结果"],
            ),
            row(
                "决算公开",
                "政府决算",
                "一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算决算及报表和说明",
                [BUDGET_LAW, BUDGET_RULES],
                "本级人民代表大会常务委员会批准后20日内",
                "县财政局",
                ["政府网站", "公开查阅点"],
                column="czyjs",
                stages=["结果"],
            ),
            row(
                "决算公开",
                "部门决算",
                "部门决算报表和说明，“三公”经费决算",
                [BUDGET_LAW, BUDGET_RULES],
                "财政部门批复后20日内",
                "县直各预算部门",
                ["政府网站"],
                stages=["结果"],
            ),
            row(
                "政府债务",
                "债务限额和余额",
                "政府债务限额、余额、使用安排及还本付息情况",
                [BUDGET_LAW, BUDGET_RULES],
                TWENTY_WORKING_DAYS,
                "县财政局",
                ["政府网站"],
                column="czyjs",
                stages=["管理", "结果"],
            ),
            row(
                "乡镇预决算",
                "乡镇财政预决算",
                "乡镇一般公共预算和决算及报表",
                [BUDGET_LAW, BUDGET_RULES],
                "乡镇人民代表大会批准后20日内",
                "各乡镇人民政府",
                ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
                levels=("乡级",),
                stages=["结果"],
            ),
            row(
                "预算执行",
                "预算执行明细",
                "单项资金的拨付和使用明细",
                [BUDGET_LAW],
                "收到申请之日起20个工作日内",
                "县财政局",
                ["政务服务中心"],
                method="依申请",
                audience="特定群体",
                remarks="涉及个人信息的部分不予公开",
            ),
        ],
    ),
    (
        "社会救助",
        "示范县社会救助领域基层政务公开标准目录",
        None,
        [
            row(
                "最低生活保障",
                "政策法规",
                "最低生活保障的法律法规、政策文件和保障标准",
                [RELIEF_MEASURES, SUBSISTENCE_RULES],
                TWENTY_WORKING_DAYS,
                "县民政局",
                ["政府网站", "公开查阅点", "便民服务站"],
                ("县级", "乡级"),
                column="shjz",
                stages=["执行"],
            ),
            row(
                "最低生活保障",
                "办事指南",
                "申请条件、申请材料、办理流程、办理时限、咨询和监督电话",
                [SUBSISTENCE_RULES],
                TWENTY_WORKING_DAYS,
                "县民政局、各乡镇人民政府",
                ["政府网站", "政务服务中心", "便民服务站"],
                ("县级", "乡级"),
                column="shjz",
                stages=["服务"],
            ),
            row(
                "最低生活保障",
                "审核确认结果",
                "低保对象姓名、保障人数和保障金额（隐去身份证号码等个人信息）",
                [SUBSISTENCE_RULES],
                "审核确认后在申请人所在村（社区）公示7天",
                "各乡镇人民政府",
                ["社区/企事业单位/村公示栏(电子屏)"],
                ("乡级",),
                stages=["结果"],
            ),
            row(
                "特困人员救助供养",
                "办事指南",
                "申请条件、申请材料、办理流程和救助供养标准",
                [RELIEF_MEASURES],
                TWENTY_WORKING_DAYS,
                "县民政局",
                ["政府网站", "政务服务中心"],
                ("县级", "乡级"),
                column="shjz",
                stages=["服务"],
            ),
            row(
                "临时救助",
                "办事指南",
                "临时救助的对象范围、申请程序和救助标准",
                [RELIEF_MEASURES],
                TWENTY_WORKING_DAYS,
                "县民政局、各乡镇人民政府",
                ["政府网站", "便民服务站", "12345热线"],
                ("县级", "乡级"),
                stages=["服务"],
            ),
            row(
                "临时救助",
                "救助对象信息",
                "临时救助对象的救助金额和救助事由",
                [RELIEF_MEASURES],
                "收到申请之日起20个工作日内",
                "县民政局",
                ["政务服务中心"],
                method="依申请",
                audience="特定群体",
            ),
        ],
    ),
    (
        "义务教育",
        "示范县义务教育领域基层政务公开标准目录",
        None,
        [
            row(
                "招生入学",
                "招生入学政策",
                "义务教育阶段招生入学政策、划片范围、招生计划、报名条件和时间安排",
                [EDUCATION_LAW, DISCLOSURE_REGULATION],
                TWENTY_WORKING_DAYS,
                "县教育局",
                ["政府网站", "两微一端", "公开查阅点"],
                column="msbz",
                stages=["决策", "执行"],
            ),
            row(
                "招生入学",
                "学校名单及招生范围",
                "公办和民办义务教育学校名单及各校招生范围",
                [EDUCATION_LAW],
                "每年招生报名开始前",
                "县教育局",
                ["政府网站", "两微一端"],
                column="msbz",
                stages=["执行"],
            ),
            row(
                "学生资助",
                "资助政策",
                "家庭经济困难学生生活补助的对象、标准和申请办法",
                [DISCLOSURE_REGULATION],
                TWENTY_WORKING_DAYS,
                "县教育局",
                ["政府网站", "精准推送"],
                ("县级", "乡级"),
                column="msbz",
                stages=["执行"],
            ),
            row(
                "学生资助",
                "受助学生名单",
                "受助学生姓名、学校和资助金额（隐去个人敏感信息）",
                [DISCLOSURE_REGULATION],
                "评审结束后5个工作日内",
                "各义务教育学校",
                ["社区/企事业单位/村公示栏(电子屏)"],
                ("乡级",),
                stages=["结果"],
            ),
            row(
                "教育收费",
                "收费项目和标准",
                "服务性收费和代收费的项目、标准及依据",
                [DISCLOSURE_REGULATION],
                TWENTY_WORKING_DAYS,
                "县教育局、县发展改革局",
                ["政府网站", "公开查阅点"],
                column="xzsf",
                stages=["管理"],
            ),
        ],
    ),
    (
        "城乡规划",
        "示范县城乡规划领域基层政务公开标准目录",
        "本县国土空间规划的编制、审批和实施由市自然资源局示范分局负责并在其网站公开，县人民政府不涉及本领域事项。",
        [],
    ),
]

# (column code, title, days before the load date it was published): the notices the columns hold.
NOTICES = [
    ("czyjs", "关于示范县{year}年预算执行情况和下一年度预算草案的报告", 150),
    ("shjz", "示范县民政局关于调整城乡最低生活保障标准的通知", 400),
    ("msbz", "示范县{year}年义务教育阶段学校招生入学工作方案", 3),
]


def load_catalog_demo(site, organization, *, today=None):
    """Set up ``organization``'s standard columns on ``site``, then load the notices and catalogs into them.

    Returns the SetupResult of the columns and the titles of the catalogs and notices created.
    """
    with transaction.atomic():
        setup = setup_columns(site, organization, "county")
        return setup, load_catalogs(setup.columns, organization, today=today)


def load_catalogs(columns, organization, *, today=None):
    """The notices and catalogs that are missing; returns their titles.

    ``columns`` are the standard columns by code, as ``setup_columns`` returns them: notices go into
    the columns their codes name, catalogs into 标准目录, and catalog rows link to columns by code.
    """
    today = today or timezone.localdate()
    created = []
    with transaction.atomic():
        for code, title, days_ago in NOTICES:
            published = today - datetime.timedelta(days=days_ago)
            title = title.format(year=published.year)
            if not PolicyDocumentPage.objects.descendant_of(columns[code]).filter(title=title).exists():
                _publish_notice(columns[code], organization, title, published)
                created.append(title)
        for domain_name, title, note, rows in CATALOGS:
            domain, _created = Domain.objects.get_or_create(name=domain_name)
            if find_catalog(organization, domain) is not None:
                continue
            rows = [_linked(catalog_row, columns) for catalog_row in rows]
            workbook = BytesIO(write_catalog_workbook(title, rows, note))
            import_catalog(workbook, organization, domain, publish=True)
            created.append(title)
    return created


def _linked(catalog_row, columns):
    """The row with its column code replaced by the column's URL, as an exported workbook has it."""
    if catalog_row.column_url:
        return replace(catalog_row, column_url=columns[catalog_row.column_url].get_full_url())
    return catalog_row


def _publish_notice(column, organization, title, published):
    page = PolicyDocumentPage(
        title=title,
        issuing_organ=organization,
        date_published=published,
        date_written=published,
        document_kind=PolicyDocumentPage.Kind.OTHER,
        live=False,
        body=[{"type": "rich_text", "value": f"<p>{title}（全文略，示例内容）。</p>"}],
    )
    column.add_child(instance=page)
    page.save_revision().publish()
