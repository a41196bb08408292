"""Seeds the domains counties publish catalogs for beyond the 26 pilot domains, and the channels county
catalogs print besides the national list; frozen here so later edits to the vocabularies change nothing.

New entries go after the existing ones; 其他 moves behind the new channels if it still has the place
0005 gave it, so that it stays last.
"""

from django.db import migrations
from django.db.models import Max

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
COUNTY_CHANNELS = ["行政服务中心", "报刊", "村务公开栏", "公示栏(电子屏)"]
OTHER = "其他"
OTHER_SEEDED_ORDER = 13


def _after_last(model):
    last = model.objects.aggregate(last=Max("sort_order"))["last"]
    return 0 if last is None else last + 1


def seed(apps, schema_editor):
    Domain = apps.get_model("gk_wagtail", "Domain")
    DisclosureChannel = apps.get_model("gk_wagtail", "DisclosureChannel")
    order = _after_last(Domain)
    for name in COUNTY_DOMAINS:
        _domain, created = Domain.objects.get_or_create(name=name, defaults={"sort_order": order})
        order += created
    other = DisclosureChannel.objects.filter(name=OTHER, sort_order=OTHER_SEEDED_ORDER).first()
    order = OTHER_SEEDED_ORDER if other else _after_last(DisclosureChannel)
    for name in COUNTY_CHANNELS:
        _channel, created = DisclosureChannel.objects.get_or_create(name=name, defaults={"sort_order": order})
        order += created
    if other:
        other.sort_order = max(order, _after_last(DisclosureChannel))
        other.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0007_catalog_numbers_other_channels_layouts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
