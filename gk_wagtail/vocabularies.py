"""Seed data for the editable registers: the lists are data, these are their first values."""

# The 26 pilot domains of the 基层政务公开标准化规范化 work (国办发〔2019〕54号; grouped by department in 豫政办〔2020〕5号).
PILOT_DOMAINS = [
    "城乡规划",
    "征地补偿",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "救灾",
    "税收管理",
    "国有土地上房屋征收",
    "保障性住房",
    "农村危房改造",
    "城市综合执法",
    "市政服务",
    "环境保护",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "社会救助",
    "养老服务",
    "食品药品监管",
    "就业",
    "社会保险",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "医疗卫生",
]

# Domains outside the 26 pilot domains that counties publish standard catalogs for, following the
# guides provinces and departments issued for further domains after 国办发〔2019〕54号. Seeded after
# the pilot domains.
COUNTY_DOMAINS = [
    "涉农资金",
    "卫生健康",
    "教育",
    "生态环境",
    "应急管理",
    "自然资源",
    "交通运输",
    "农业农村",
    "文化旅游",
    "市场监管",
    "退役军人服务",
    "营商环境",
    "乡村振兴",
    "水利",
    "民政",
    "人力资源社会保障",
    "住房城乡建设",
    "统计",
    "审计",
]
DOMAINS = PILOT_DOMAINS + COUNTY_DOMAINS

# gov.cn 主题分类: first level, with the second-level headings sites use most.
THEMES = [
    ("国务院组织机构", []),
    ("综合政务", ["政务公开", "政务督查", "应急管理", "电子政务", "信访"]),
    ("国民经济管理、国有资产监管", []),
    ("财政、金融、审计", ["财政", "税务", "审计"]),
    ("国土资源、能源", []),
    ("农业、林业、水利", []),
    ("工业、交通", []),
    ("商贸、海关、旅游", []),
    ("市场监管、安全生产监管", []),
    ("城乡建设、环境保护", []),
    ("科技、教育", []),
    ("文化、广电、新闻出版", []),
    ("卫生、体育", []),
    ("人口与计划生育、妇女儿童工作", []),
    ("劳动、人事、监察", []),
    ("公安、安全、司法", []),
    ("民政、扶贫、救灾", ["减灾救灾", "社会福利", "扶贫"]),
    ("民族、宗教", []),
    ("对外事务", []),
    ("港澳台侨工作", []),
    ("国防", []),
    ("其他", []),
]

# Forms an interpretation takes (文字、图表图解、音视频、动漫 … as 粤府办〔2020〕10号 lists them).
INTERPRETATION_FORMS = [
    "文字解读",
    "图表图解",
    "简明问答",
    "案例说明",
    "视频",
    "动漫",
    "新闻发布会",
    "在线访谈",
    "吹风会",
]

# 五公开: the stages of government work that are disclosed.
DISCLOSURE_STAGES = ["决策", "执行", "管理", "服务", "结果"]

# 公开渠道和载体 as the national standard guides list them: the first values of the
# editable DisclosureChannel register.
NATIONAL_CHANNELS = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "12345热线",
    "其他",
)

# Channels county catalogs print besides the national list; seeded before 其他.
COUNTY_CHANNELS = (
    "行政服务中心",
    "报刊",
    "村务公开栏",
    "公示栏(电子屏)",
)

# The channel register as seeded, in its order, and the words the catalog parsers accept when given no register.
DEFAULT_CHANNELS = NATIONAL_CHANNELS[:-1] + COUNTY_CHANNELS + NATIONAL_CHANNELS[-1:]

# 村(居)务公开 categories with how often each must be published: "finance" follows the
# village's monthly or quarterly finance setting (see docs/villages.md).
VILLAGE_AFFAIRS_CATEGORIES = [("党务", "quarterly"), ("村务", "quarterly"), ("财务", "finance")]
