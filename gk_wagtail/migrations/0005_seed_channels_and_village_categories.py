"""Seeds the channel and village-category registers, frozen here so later edits to the vocabularies change nothing."""

from django.db import migrations

CHANNELS = [
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
]
VILLAGE_AFFAIRS_CATEGORIES = [("党务", "quarterly"), ("村务", "quarterly"), ("财务", "finance")]


def seed(apps, schema_editor):
    DisclosureChannel = apps.get_model("gk_wagtail", "DisclosureChannel")
    VillageAffairsCategory = apps.get_model("gk_wagtail", "VillageAffairsCategory")
    for order, name in enumerate(CHANNELS):
        DisclosureChannel.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, schedule) in enumerate(VILLAGE_AFFAIRS_CATEGORIES):
        VillageAffairsCategory.objects.get_or_create(name=name, defaults={"schedule": schedule, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0004_catalogs_opinion_responses_village_affairs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
