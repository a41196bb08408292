from django.db import migrations

from gk_wagtail import vocabularies


def seed(apps, schema_editor):
    DisclosureChannel = apps.get_model("gk_wagtail", "DisclosureChannel")
    VillageAffairsCategory = apps.get_model("gk_wagtail", "VillageAffairsCategory")
    for order, name in enumerate(vocabularies.DEFAULT_CHANNELS):
        DisclosureChannel.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, schedule) in enumerate(vocabularies.VILLAGE_AFFAIRS_CATEGORIES):
        VillageAffairsCategory.objects.get_or_create(name=name, defaults={"schedule": schedule, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0004_catalogs_opinion_responses_village_affairs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
