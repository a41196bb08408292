"""The demo content as plain data: the county, column introductions, real notices and original interpretations.

The policies are real public notices (government documents are outside copyright, 著作权法第五条):
their titles, 文号, issuing organs and dates are kept as the copies show them, and their bodies are
summaries written for this demo. Dates: 成文日期 is the date under the signature; 发布日期 is the real
publication date where known (国办发〔2020〕17号 appeared on gov.cn on 2020-07-03), else the printing
date (印发) the copy shows, else the only date it shows. The 2021 分工方案 copy shows no date at all,
so it is published on the day the demo is loaded.

The interpretations, the demo county and its departments are invented for the demo. The credit codes
of the real organs are plausible values built from their organization codes, not checked against
the national register.
"""

import datetime
import re
from dataclasses import dataclass, field

from gk_wagtail.vocabularies import PILOT_DOMAINS

from . import figures

SITE_NAME = "示范县人民政府"
SITE_ID_CODE = "4403000001"
#: What the footer names: invented for the demo county, in the patterns of real sites of its province (粤).
SITE_SETTINGS = {
    "site_id_code": SITE_ID_CODE,
    "sponsor": "示范县人民政府办公室",
    "operator": "示范县政务服务数据管理局",
    "contact_phone": "0755-12345678",
    "contact_email": "gongkai@example.org",
    "contact_address": "示范县人民路1号县政府大楼",
    "icp_number": "粤ICP备05004567号",
    "police_record_number": "粤公网安备44030002000123号",
}
COUNTY = "示范县人民政府"
COUNTY_OFFICE = "示范县人民政府办公室"
THEME = ("综合政务", "政务公开")


@dataclass
class OrganizationSpec:
    name: str
    short_name: str
    organization_type: str
    #: The first 17 characters of the 统一社会信用代码; the loader adds the GB 32100 check character.
    credit_code_base: str
    parent: str = ""
    contact: dict = field(default_factory=dict)


ORGANIZATIONS = [
    OrganizationSpec("国务院办公厅", "国办", "department", "11100000000014349"),
    OrganizationSpec("广东省人民政府办公厅", "广东省政府办公厅", "department", "11440000006939748"),
    OrganizationSpec("河南省人民政府办公厅", "河南省政府办公厅", "department", "11410000005947367"),
    OrganizationSpec(COUNTY, "示范县政府", "government", "11440300007010156"),
    OrganizationSpec(
        COUNTY_OFFICE,
        "县政府办",
        "department",
        "11440300007010236",
        parent=COUNTY,
        contact={
            "disclosure_office": "示范县人民政府办公室政务公开股",
            "address": "示范县人民路1号县政府大楼三楼",
            "office_hours": "工作日上午8:30—12:00，下午14:30—17:30",
            "email": "gongkai@example.org",
        },
    ),
    OrganizationSpec("示范县财政局", "县财政局", "department", "11440300007010316", parent=COUNTY),
    OrganizationSpec("示范县政务服务数据管理局", "县政数局", "department", "11440300007010586", parent=COUNTY),
]


# Block builders: StreamField values in their stored (JSON) form.

BLOCK_ELEMENT = re.compile(r"<(h[2-4]|ol|ul|p)[ >]")


def text(*paragraphs):
    """A rich text block: each item a paragraph, except items that are block elements already (<h2>, <ol>)."""
    html = "".join(item if BLOCK_ELEMENT.match(item) else f"<p>{item}</p>" for item in paragraphs)
    return {"type": "rich_text", "value": html}


def table(caption, header, rows):
    return {
        "type": "table",
        "value": {
            "data": [list(header), *[list(row) for row in rows]],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": caption,
        },
    }


def questions(heading, items):
    return {
        "type": "questions",
        "value": {"heading": heading, "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items]},
    }


def figure(key, alt_text, caption, long_description):
    """A figure block; ``key`` names an entry of FIGURES and becomes an image id when loaded."""
    return {
        "type": "figure",
        "value": {"image": key, "alt_text": alt_text, "caption": caption, "long_description": long_description},
    }


def ordered_list(items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


# The keywords and introductions the county's editors give the columns the scaffolding creates.
COLUMN_INTRODUCTIONS = {
    "gkzl": (
        "政府信息公开,政务公开",
        "<p>按照国办公开办函〔2019〕61号的要求，集中发布本县应当主动公开的政府信息。</p>",
    ),
    "zcwj": (
        "政策文件,规范性文件",
        "<p>每份文件列出索引号、发文机关、文号、成文和发布日期、有效性，并链接到它的解读材料。</p>",
    ),
    "zcjd": (
        "政策解读,图解,问答",
        "<p>文字解读、图表图解、简明问答和案例说明，每篇都链接到所解读的文件。</p>",
    ),
}

HOME_INTRO = (
    "<p>这是 gk_wagtail 的示范站点。示范县人民政府及其部门是虚构的机构。"
    "“政策文件”栏目收录真实的政务公开文件，保留原标题、文号、发文机关和日期，正文为本站撰写的摘要，以原文为准；"
    "“政策解读”栏目中的解读材料均为本站原创的演示内容。</p>"
)


@dataclass
class PolicySpec:
    key: str
    slug: str
    title: str
    issuing_organ: str
    document_number: str
    date_written: datetime.date | None
    #: None publishes the page on the day the demo is loaded.
    date_published: datetime.date | None
    document_kind: str
    summary: str
    keywords: list
    body: list
    domains: list = field(default_factory=list)
    stages: list = field(default_factory=lambda: ["决策"])


@dataclass
class InterpretationSpec:
    slug: str
    title: str
    policies: list
    forms: list
    date_published: datetime.date | None
    summary: str
    keywords: list
    body: list
    issuing_organ: str = COUNTY_OFFICE
    stages: list = field(default_factory=lambda: ["决策"])


@dataclass
class FigureSpec:
    title: str
    #: Returns the PNG bytes when called with ``arguments``.
    drawing: object
    arguments: tuple = ()


# The 2021 分工方案: its 50 tasks by area, with what each area asks for.
TASK_AREAS_2021 = [
    ("做好各类规划主动公开", 2, "公开“十四五”规划纲要、国土空间规划等，集中发布规划原文和解读"),
    ("做好市场规则标准和监管执法信息公开", 3, "市场准入负面清单、高标准市场体系落实举措、行政执法信息"),
    ("做好财政信息公开", 4, "所属单位预决算、地方政府债务、惠民惠农资金直达基层的分配和使用"),
    ("做好常态化疫情防控信息公开", 3, "权威发布、规范发布，以及爱国卫生运动和健康中国行动的信息"),
    ("重大政策发布解读", 2, "围绕“六稳”“六保”和粤港澳大湾区建设等，结合省政府新闻发布会计划解读"),
    ("改进政策解读工作方式", 6, "规范解读流程，对接国务院政策问答平台，畅通政策咨询和12345热线"),
    ("增强回应关切效果", 4, "重点领域舆情回应，“省长留言信箱”办理，舆情回应台账和承诺落实"),
    ("做好政务信息管理", 3, "更新行政法规文本，2021年底前集中公开现行有效规章和规范性文件"),
    ("完善政务公开平台建设", 6, "网站集约化、政务新媒体清单管理、公开专栏检查、IPv6、政府公报电子化"),
    ("推进基层政务公开标准化规范化", 2, "省直部门跟踪评估26个领域，基层动态调整本级标准目录"),
    ("落实《政府信息公开条例》", 7, "依申请公开文书规范、信息处理费、行政复议、公共企事业单位公开、年报质量"),
    ("加强政务公开工作指导监督", 8, "每年听取汇报、考核权重不低于4%、培训、任务台账和“回头看”"),
]

# 粤府办〔2020〕10号's thirteen tasks in four groups, as the roadmap graphic colours them.
TASK_GROUPS_2020 = [
    ("目录和标准", 3, "编制标准目录、推广六项地方标准、发挥15家试点和推广单位的示范作用"),
    ("信息管理和依申请公开", 2, "拟文时认定公开属性、每年评估不公开信息；依申请公开闭环管理"),
    ("平台、渠道和办事服务", 4, "规范政府信息公开专栏、做优政务新媒体、设立政务公开专区、办事服务公开标准化"),
    ("参与、解读、回应和推送", 4, "决策听取公众意见、同步解读、舆情回应联动、精准推送"),
]

FIGURES = {
    "roadmap": FigureSpec(
        "图解：广东基层政务公开标准化规范化三步走",
        figures.draw_roadmap,
        (tuple(count for _name, count, _gist in TASK_GROUPS_2020),),
    ),
    "tasks2021": FigureSpec(
        "图解：广东2021年政务公开50项任务分布",
        figures.draw_task_bars,
        (tuple(count for _name, count, _gist in TASK_AREAS_2021),),
    ),
}


POLICIES = [
    PolicySpec(
        key="gbf-2020-17",
        slug="guobanfa-2020-17",
        title="国务院办公厅关于印发2020年政务公开工作要点的通知",
        issuing_organ="国务院办公厅",
        document_number="国办发〔2020〕17号",
        date_written=datetime.date(2020, 6, 21),
        date_published=datetime.date(2020, 7, 3),
        document_kind="normative_document",
        summary=(
            "部署2020年全国政务公开重点工作：加强用权公开，围绕“六稳”“六保”做好政策发布解读，"
            "以公开优化营商环境，做好突发公共卫生事件信息公开，落实新修订的政府信息公开条例，并强化保障措施。"
        ),
        keywords=["政务公开", "工作要点", "六稳六保", "政府信息公开条例"],
        body=[
            text(
                "通知印发经国务院同意的《2020年政务公开工作要点》，要求各地区、各部门结合实际贯彻落实。"
                "要点分六个部分，主线是以公开促落实、促规范、促服务，为完成当年经济社会发展目标提供支撑。"
                "以下是本站对要点内容的摘要，具体要求以原文为准。",
                "<h2>一、用权公开</h2>",
                "各机关对照法律法规规章梳理自己行使的行政权力和承担的公共服务职责，更新并公开权责清单；"
                "地方政府信息公开工作主管部门组织编写本级政府行政机关机构职能目录。"
                "基层要建立行政决策公众参与机制，年底前编完基层政务公开事项标准目录。"
                "规章和规范性文件要系统梳理，及时立改废，集中统一公开并动态更新。",
                "<h2>二、围绕“六稳”“六保”发布解读政策</h2>",
                "全面说明稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期各项举措及其效果，实时发布“六保”相关政策信息；"
                "加大纾困和激发市场活力的规模性政策的公开力度，让政策资金的流向和使用公开透明、直达市县基层。",
                "<h2>三、以公开优化营商环境</h2>",
                "向市场主体全面公开监管规则和标准；让办事人在网上动态掌握办理进度，及时更新办事方式和条件；"
                "面向基层一线执行人员做好经济政策解读和培训，保证减税降费等政策执行不遗漏、不走样。",
                "<h2>四、公共卫生信息公开</h2>",
                "在疫情防控常态化下及时、准确发布疫情信息；公开各级各类应急预案并加强宣传培训，普及公共卫生知识；"
                "依法办理涉及公共卫生事件的信息公开申请，同时严格保护防控中收集的个人信息。",
                "<h2>五、落实新修订的政府信息公开条例</h2>",
                "年底前各级政府及其部门建成政府信息公开平台，法定主动公开内容全部到位；"
                "规范依申请公开的答复文书，对不予公开条款坚持最小化适用；"
                "多发布通俗易懂的政策解读产品，推进政府网站集约化；研究建立公共企事业单位信息公开制度。",
                "<h2>六、保障措施</h2>",
                "各级政府部门确定一名负责同志领导本机关政府信息公开工作；县级以上地方政府明确办公厅（室）为主管部门；"
                "把条例列入公务员初任培训必修课程；清理政务公开考核指标，规范第三方评估。",
            ),
            table(
                "要点规定在2020年底前完成的事项",
                ["事项", "责任主体"],
                [
                    ["集中统一对外公开现行有效行政法规", "国务院司法行政工作主管部门"],
                    ["初步解决规章和规范性文件底数不清、体系不完善等问题", "各级政府部门"],
                    ["编制完成基层政务公开事项标准目录", "基层政府"],
                    ["建成政府信息公开平台，法定主动公开内容全部公开到位", "各级政府及其部门"],
                    ["政府门户网站全部支持互联网协议第6版", "省级和地市级政府"],
                ],
            ),
        ],
    ),
    PolicySpec(
        key="yfb-2020-10",
        slug="yuefuban-2020-10",
        title="广东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作实施意见",
        issuing_organ="广东省人民政府办公厅",
        document_number="粤府办〔2020〕10号",
        # The copy ends with its printing date (2020年5月26日印发) and shows no date under a signature.
        date_written=None,
        date_published=datetime.date(2020, 5, 26),
        document_kind="normative_document",
        summary=(
            "落实国办发〔2019〕54号，提出广东基层政务公开标准化规范化2020年、2021年、2022年三步目标，"
            "部署编制标准目录、推广地方标准、规范依申请公开等十三项任务和三项保障措施。"
        ),
        keywords=["基层政务公开", "标准化规范化", "标准目录", "试点领域"],
        domains=list(PILOT_DOMAINS),
        body=[
            text(
                "实施意见落实《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号），"
                "经省政府同意印发。所说的基层政府，包括县、不设区的市、市辖区人民政府和乡镇人民政府、街道办事处。"
                "以下是本站对实施意见的摘要，具体要求以原文为准。",
                "<h2>三步目标</h2>",
            ),
            table(
                "基层政务公开标准化规范化的阶段目标",
                ["时间", "目标"],
                [
                    ["2020年底前", "梳理细化各领域公开事项，编制完成基层政府政务公开事项标准目录，工作机制基本完善"],
                    [
                        "2021年底前",
                        "形成事项全面、流程规范、渠道多元的基层政务公开统一标准规范，标准化规范化体系基本建立",
                    ],
                    ["2022年底前", "建成全省统一的基层政务公开标准体系，覆盖行政权力运行全过程和政务服务全流程"],
                ],
            ),
            text(
                "<h2>十三项重点任务</h2>",
                "<strong>目录和标准。</strong>基层政府对照国务院部门制定的26个试点领域标准指引，"
                "结合本级权责清单和公共服务事项清单，于2020年底前编制本级标准目录；"
                "除法律、法规、规章明确不予公开的以外，事项都应列入目录。"
                "全省已发布六项政务公开通用地方标准，供基层建设平台和制度时使用。"
                "7家国家试点单位和8家试点成果推广应用单位，分别在2020年9月30日和10月31日前公布本级目录。",
                "<strong>信息管理和依申请公开。</strong>拟定公文时就提出公开属性意见，印发时标注公开方式；"
                "每年评估不公开的信息，情况变化后可以公开的予以公开，并清理失效信息。"
                "依申请公开实行接收、登记、审核、办理、答复、归档的闭环管理，用标准文本答复。",
                "<strong>平台、渠道和办事服务。</strong>按国办公开办函〔2019〕61号规范建设政府信息公开专栏；"
                "做优做强政务新媒体；在政务服务大厅、便民服务中心、档案馆、图书馆等处设立政务公开专区；"
                "推动基层政务公开与村（居）务公开协同，用微信群、公开栏、广播等方式发布信息；"
                "办事指南标准化、简单化，做到有服务必有指南。",
                "<strong>参与、解读、回应和推送。</strong>涉及群众切身利益的决策，通过座谈会、听证会、征求意见等方式听取公众意见；"
                "政策解读坚持“谁起草、谁解读”，解读材料与政策文件同步组织、同步审签、同步部署；"
                "建立与宣传、网信、公安等单位的政务舆情回应联动机制；"
                "探索依托“粤省事”“粤商通”等平台向特定人群精准推送政府信息。",
                "<h2>保障措施</h2>",
                "压实省、市、县三级责任；确保基层政务公开有机构承担、有专人负责，每年至少组织一次集中培训；"
                "把标准化规范化工作纳入政务公开考核和法治广东建设考评。",
            ),
        ],
    ),
    PolicySpec(
        key="yzb-2020-5",
        slug="yuzhengban-2020-5",
        title="河南省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的通知",
        issuing_organ="河南省人民政府办公厅",
        document_number="豫政办〔2020〕5号",
        date_written=datetime.date(2020, 3, 11),
        date_published=datetime.date(2020, 3, 12),
        document_kind="normative_document",
        summary=(
            "要求到2023年基本建成河南基层政务公开标准体系；标准目录写明名称、内容、依据、时限、主体、方式、"
            "渠道、公开对象八项要素，26个试点领域逐一明确省直责任部门，并部署平台、参与、解读回应和村（居）务公开等任务。"
        ),
        keywords=["基层政务公开", "标准目录", "目录要素", "试点领域"],
        domains=list(PILOT_DOMAINS),
        body=[
            text(
                "通知落实国办发〔2019〕54号，发给各省辖市政府、济源示范区管委会、各省直管县（市）政府和省政府各部门。"
                "以下是本站对通知的摘要，具体要求以原文为准。",
                "<h2>目标和时间节点</h2>",
                "到2023年基本建成统一规范的基层政务公开标准体系。分三段推进："
                "2020年底前，对照26个试点领域标准指引编完本级标准目录；"
                "2021年至2022年6月，根据国务院部门陆续出台的其他领域指引补充目录；"
                "2023年底前，完成国办指导意见确定的全部任务。",
                "<h2>八项任务</h2>",
                ordered_list(
                    [
                        "落实试点领域标准指引：目录写明名称、内容、依据、时限、主体、方式、渠道、公开对象八项要素，因地制宜，避免“一刀切”；"
                        "省直部门于2020年5月底前出台本领域落实意见。",
                        "抓好其他领域标准指引的落实，随法律法规和职责变化调整目录。",
                        "让发布、解读、回应有序衔接，探索把标准目录嵌入部门业务系统。",
                        "县级政府门户网站集中发布本级政府、部门和乡镇（街道）的主动公开信息，政务服务场所设立政务公开专区。",
                        "明确公众参与行政决策的事项范围和方式，并向社会公开。",
                        "办事服务一次告知、信息主动推送，汇总编制“办事一本通”。",
                        "综合运用新闻发布会、吹风会、简明问答、图表图解、案例说明等方式解读重要政策。",
                        "向农村和社区延伸，政务公开与村（居）务公开相同事项的公开内容对应一致。",
                    ]
                ),
            ),
            table(
                "试点领域与负责指导的省直部门",
                ["试点领域", "省直责任部门"],
                [
                    ["城乡规划、征地补偿", "省自然资源厅"],
                    ["重大建设项目、公共资源交易", "省发展改革委"],
                    ["财政预决算", "省财政厅"],
                    ["安全生产、救灾", "省应急厅"],
                    ["税收管理", "省税务局"],
                    ["国有土地上房屋征收、保障性住房、农村危房改造、城市综合执法、市政服务", "省住房城乡建设厅"],
                    ["环境保护", "省生态环境厅"],
                    ["公共文化服务", "省文化和旅游厅"],
                    ["公共法律服务", "省司法厅"],
                    ["扶贫", "省扶贫办"],
                    ["社会救助、养老服务", "省民政厅"],
                    ["食品药品监管", "省市场监管局、省药监局"],
                    ["就业、社会保险", "省人力资源社会保障厅"],
                    ["户籍管理", "省公安厅"],
                    ["涉农补贴", "省农业农村厅"],
                    ["义务教育", "省教育厅"],
                    ["医疗卫生", "省卫生健康委"],
                ],
            ),
            text(
                "<h2>保障措施</h2>",
                "主要领导亲自抓、分管领导具体抓；明确工作机构和人员，把政府信息公开条例纳入干部培训；"
                "8家国家试点单位力争2020年6月底前完成26个领域的目录；"
                "各地每季度上报进展，省政府办公厅每季度通报。",
            ),
        ],
    ),
    PolicySpec(
        key="yfb-2020-14",
        slug="yuefuban-2020-14",
        title="广东省人民政府办公厅关于转发国务院办公厅2020年政务公开工作要点的通知",
        issuing_organ="广东省人民政府办公厅",
        document_number="粤府办〔2020〕14号",
        # The copy shows only the date under the signature.
        date_written=datetime.date(2020, 7, 15),
        date_published=datetime.date(2020, 7, 15),
        document_kind="normative_document",
        summary=(
            "转发国办发〔2020〕17号，并结合广东实际提出五点意见：加快基层政务公开标准化规范化，"
            "提升政策发布解读回应质量，加强突发公共卫生事件信息公开，强化重点政务信息集中统一公开，落实政府信息公开条例。"
        ),
        keywords=["政务公开", "工作要点", "转发"],
        body=[
            text(
                "通知把国务院办公厅印发的《2020年政务公开工作要点》（国办发〔2020〕17号）转发给各地级以上市政府和省政府各部门、"
                "各直属机构，并提出五点贯彻意见。以下是本站对通知的摘要，具体要求以原文为准。",
                ordered_list(
                    [
                        "加快基层政务公开标准化规范化：建立标准目录编制情况台账，定期督促检查，帮助基层解决困难。",
                        "提升政策发布解读回应质量：围绕“六稳”“六保”，形成发布前预期引导、发布时同步解读、发布后跟踪反馈的闭环。",
                        "加强突发公共卫生事件信息公开：及时透明发布疫情信息，规范办理相关信息公开申请，保护防控中收集的个人信息。",
                        "强化重点政务信息集中统一公开：省司法厅在2020年底前梳理并集中公开现行有效的规章和规范性文件，推进政府公报数字化。",
                        "落实政府信息公开条例：按全省统一的答复规范办理依申请公开，各部门确定一名负责同志并报主管部门备案。",
                    ]
                ),
            ),
        ],
    ),
    PolicySpec(
        key="gd-2021-plan",
        slug="guangdong-2021-zwgk-fengong",
        title="广东省贯彻落实国务院办公厅2021年政务公开工作要点分工方案",
        issuing_organ="广东省人民政府办公厅",
        # The copy is the plan itself, without its covering notice: no 文号 and no date.
        document_number="",
        date_written=None,
        date_published=None,
        document_kind="other",
        summary="把国务院办公厅2021年政务公开工作要点分解为12个方面共50项具体任务，逐项明确落实单位。",
        keywords=["政务公开", "工作要点", "分工方案"],
        stages=["执行"],
        body=[
            text(
                "分工方案以表格形式，把国务院办公厅2021年政务公开工作要点在广东的落实分解为50项任务，"
                "每项写明具体要求和落实单位，多数任务由各地级以上市政府和省直有关单位按职责分工落实。"
                "下表按方面归纳任务数量和主要内容，具体要求以原文为准。",
            ),
            table(
                "各方面的任务数量和主要内容",
                ["方面", "任务数", "主要内容"],
                [[name, str(count), gist] for name, count, gist in TASK_AREAS_2021],
            ),
        ],
    ),
]


INTERPRETATIONS = [
    InterpretationSpec(
        slug="jiedu-guobanfa-2020-17",
        title="文字解读：2020年政务公开工作要点的三条线索",
        policies=["gbf-2020-17"],
        forms=["文字解读"],
        date_published=datetime.date(2020, 7, 6),
        summary="从县级政府的角度，把要点的六部分归纳为用权公开、政策公开和依法公开三条线索，并列出年底前必须完成的事项。",
        keywords=["政策解读", "政务公开", "工作要点"],
        body=[
            text(
                "《2020年政务公开工作要点》篇幅不长，却把全年的政务公开工作放进“六稳”“六保”的大局中部署。"
                "对县级政府和部门来说，可以沿着三条线索来读。",
                "<h2>第一条线索：权力怎么配置、怎么运行</h2>",
                "权责清单、机构职能目录和基层政务公开事项标准目录，回答的都是“谁有什么权、按什么标准办事”。"
                "其中标准目录直接落在县乡两级，要求年底前编完。本站“政府信息公开”专栏今后将按标准目录逐项设置栏目，"
                "让每一个主动公开事项都有固定的发布位置。",
                "<h2>第二条线索：政策说得清、找得到</h2>",
                "要点要求重要政策同步解读，并把规章和规范性文件集中统一公开、动态更新。"
                "对读者而言，这意味着查一份文件时，应当能同时看到它是否仍然有效、有哪些解读材料。"
                "本站每份政策文件页面都列出它的解读，每篇解读也链接回它所解读的文件。",
                "<h2>第三条线索：依法公开的底线</h2>",
                "新修订的政府信息公开条例自2019年5月15日起施行。要点把落实条例细化为几件具体的事："
                "年底前建成政府信息公开平台，规范依申请公开的答复文书，不予公开的条款从严适用，"
                "保护疫情防控中收集的个人信息。这些要求同样适用于乡镇（街道）。",
                "<h2>给部门的提示</h2>",
                "要点中有五项任务以“2020年底前”为期限，各部门应对照自身职责排出时间表；"
                "确定一名负责同志领导本机关政府信息公开工作，并报县政府办公室备案。",
            ),
        ],
    ),
    InterpretationSpec(
        slug="tujie-yuefuban-2020-10",
        title="图解：广东基层政务公开标准化规范化三步走",
        policies=["yfb-2020-10"],
        forms=["图表图解"],
        date_published=datetime.date(2020, 5, 28),
        summary="用一张图说明实施意见的三步目标和十三项任务的分组。",
        keywords=["政策解读", "图解", "基层政务公开", "标准化规范化"],
        body=[
            figure(
                "roadmap",
                "三级逐步升高的台阶，分别代表2020年、2021年、2022年的目标；上方的13个圆点按颜色分为四组，代表十三项重点任务。",
                "基层政务公开标准化规范化三步走",
                "<p>图中三级台阶从左到右逐级升高：</p>"
                + ordered_list(
                    [
                        "<strong>2020年底前</strong>：编完基层政府政务公开事项标准目录，工作机制基本完善。",
                        "<strong>2021年底前</strong>：形成统一的基层政务公开标准规范，标准化规范化体系基本建立。",
                        "<strong>2022年底前</strong>：建成全省统一的基层政务公开标准体系。",
                    ]
                )
                + "<p>上方的13个圆点代表十三项重点任务，从左到右按颜色分为四组：</p>"
                + ordered_list(
                    [f"<strong>{name}</strong>（{count}项）：{gist}" for name, count, gist in TASK_GROUPS_2020]
                ),
            ),
            text(
                "三步目标是一条逐年抬高的台阶：第一年解决“公开什么”，编出标准目录；"
                "第二年解决“怎么公开”，把流程、平台和渠道定成规范；第三年把各地的做法统一成全省一套标准。",
                "对示范县来说，最紧迫的是第一级台阶：2020年底前，县政府和各乡镇都要有本级的标准目录，"
                "并在政府信息公开专栏中为目录里的每个主动公开事项设置栏目。",
            ),
        ],
    ),
    InterpretationSpec(
        slug="anli-yuefuban-2020-10",
        title="案例说明：村民想了解低保金发放情况，可以怎么查",
        policies=["yfb-2020-10"],
        forms=["案例说明"],
        date_published=datetime.date(2020, 5, 29),
        summary="用一个虚构的查询情形，说明标准目录、村（居）务公开、政务公开专区和依申请公开如何配合。",
        keywords=["政策解读", "案例", "社会救助", "依申请公开"],
        body=[
            text(
                "以下情形是为说明实施意见而设计的示例，人物和细节均为虚构。",
                "<h2>情形</h2>",
                "示范县某村村民老李听说村里有几户人家享受最低生活保障，想知道名单是怎么定的、每月发放多少。"
                "按照实施意见，他可以通过以下几条路径找到答案。",
                "<h2>查询路径</h2>",
                ordered_list(
                    [
                        "<strong>查标准目录。</strong>在县政府网站的政府信息公开专栏中打开社会救助领域的标准目录，"
                        "可以看到“最低生活保障”事项应当公开哪些内容、由谁公开、在什么期限内公开、通过哪些渠道公开。",
                        "<strong>看村公示栏。</strong>低保对象名单按规定在村公示栏公示；"
                        "实施意见要求基层政务公开与村（居）务公开协同，公示栏上的内容应与县政府网站一致。"
                        "公示时只列必要信息，身份证号等个人信息依法隐去。",
                        "<strong>到政务公开专区。</strong>镇便民服务中心设有政务公开专区，可以当场查询、咨询办理条件。",
                        "<strong>提出公开申请。</strong>如果需要的信息不在主动公开范围内，可以向县民政部门提出政府信息公开申请；"
                        "机关按接收、登记、审核、办理、答复、归档的流程办理，用标准文本答复。",
                    ]
                ),
            ),
            table(
                "案例中的每一步对应实施意见的哪项任务",
                ["查询路径", "实施意见中的任务"],
                [
                    ["查标准目录", "（一）编制基层政务公开事项标准目录；（六）推进政府网站规范化建设"],
                    ["看村公示栏", "（八）拓宽基层政府线下公开渠道，与村（居）务公开协同"],
                    ["到政务公开专区", "（八）设立政务公开专区"],
                    ["提出公开申请", "（三）推进政府信息依申请公开工作规范化"],
                ],
            ),
        ],
    ),
    InterpretationSpec(
        slug="wenda-yuzhengban-2020-5",
        title="简明问答：基层政务公开标准目录怎么编、怎么用",
        policies=["yzb-2020-5"],
        forms=["简明问答"],
        # Eight working days after the policy: later than the three the rule allows, so the admin flags it.
        date_published=datetime.date(2020, 3, 24),
        summary="用六个问答说明河南通知对标准目录的要求，以及群众在哪里能看到公开的信息。",
        keywords=["政策解读", "问答", "标准目录"],
        body=[
            questions(
                "六个问答",
                [
                    (
                        "这份通知要解决什么问题？",
                        "基层政府公开什么、怎么公开，过去各地做法不一。通知要求县乡两级按照统一的标准目录公开，"
                        "让群众在不同地方、不同部门看到结构一致的公开内容。",
                    ),
                    (
                        "标准目录里的每个事项要写清楚什么？",
                        "八项要素：名称、内容、依据、时限、主体、方式、渠道和公开对象。"
                        "也就是说，每个事项都要写明公开哪些内容、依据哪项规定、多长时间内公开、由哪个机关公开、"
                        "主动公开还是依申请公开、在网站还是公示栏公开、面向全社会还是特定群体。",
                    ),
                    (
                        "26个试点领域由谁负责指导？",
                        "每个领域都有对应的省直部门，例如财政预决算由省财政厅、义务教育由省教育厅负责指导；"
                        "基层政府承担编制目录和落实公开的主体责任。",
                    ),
                    (
                        "目录编好以后还会变吗？",
                        "会。国务院部门陆续出台其他领域的指引后要补充；法律法规和部门职责变化时也要及时调整。",
                    ),
                    (
                        "群众在哪里能看到这些信息？",
                        "县级政府门户网站集中发布本级政府、部门和乡镇（街道）应当主动公开的信息；"
                        "政务服务大厅、便民服务中心设有政务公开专区，可以查询信息、提交公开申请。",
                    ),
                    (
                        "村里公开的内容和政府公开的不一致，怎么办？",
                        "通知要求政务公开与村（居）务公开有效衔接、相同事项的公开内容对应一致。"
                        "发现不一致时，可以向乡镇政府或县级政务公开工作主管部门反映。",
                    ),
                ],
            ),
        ],
    ),
    InterpretationSpec(
        slug="tujie-guangdong-2021-fengong",
        title="图解：广东2021年政务公开50项任务分布",
        policies=["gd-2021-plan"],
        forms=["图表图解"],
        date_published=None,
        summary="用条形图展示分工方案50项任务在12个方面的分布，并说明任务最集中的几个方面。",
        keywords=["政策解读", "图解", "分工方案"],
        stages=["执行"],
        body=[
            figure(
                "tasks2021",
                "横向条形图：12个方面各有2到8项任务，每个方块代表一项任务；最长的一条是加强政务公开工作指导监督，共8项。",
                "分工方案50项任务按方面分布",
                "<p>图中每一行代表一个方面，每个方块代表一项任务，从上到下依次为：</p>"
                + ordered_list([f"{name}：{count}项" for name, count, _gist in TASK_AREAS_2021]),
            ),
            text(
                "从分布看，政策解读和回应关切合计12项（重大政策发布解读2项、改进政策解读工作方式6项、增强回应关切效果4项），"
                "是分工方案着墨最多的内容；落实政府信息公开条例和指导监督合计15项，体现了把公开工作做实、做规范的要求。",
                "对县级政府而言，有两项任务有明确的硬指标：政务公开在政府绩效考核中的分值权重不低于4%；"
                "基层政府要持续落实26个领域的标准目录，并根据实际动态调整。",
            ),
        ],
    ),
]
