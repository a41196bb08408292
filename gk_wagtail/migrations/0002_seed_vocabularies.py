"""Seeds the registers with their first values, frozen here so later edits to the vocabularies change nothing."""

from django.db import migrations

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
DISCLOSURE_STAGES = ["决策", "执行", "管理", "服务", "结果"]


def seed(apps, schema_editor):
    Domain = apps.get_model("gk_wagtail", "Domain")
    Theme = apps.get_model("gk_wagtail", "Theme")
    InterpretationForm = apps.get_model("gk_wagtail", "InterpretationForm")
    DisclosureStage = apps.get_model("gk_wagtail", "DisclosureStage")
    for order, name in enumerate(PILOT_DOMAINS):
        Domain.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, children) in enumerate(THEMES):
        parent, _created = Theme.objects.get_or_create(name=name, parent=None, defaults={"sort_order": order})
        for child_order, child in enumerate(children):
            Theme.objects.get_or_create(name=child, parent=parent, defaults={"sort_order": child_order})
    for order, name in enumerate(INTERPRETATION_FORMS):
        InterpretationForm.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(DISCLOSURE_STAGES):
        DisclosureStage.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
