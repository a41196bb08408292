from django.db import migrations

from gk_wagtail import vocabularies


def seed(apps, schema_editor):
    Domain = apps.get_model("gk_wagtail", "Domain")
    Theme = apps.get_model("gk_wagtail", "Theme")
    InterpretationForm = apps.get_model("gk_wagtail", "InterpretationForm")
    DisclosureStage = apps.get_model("gk_wagtail", "DisclosureStage")
    for order, name in enumerate(vocabularies.PILOT_DOMAINS):
        Domain.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, children) in enumerate(vocabularies.THEMES):
        parent, _created = Theme.objects.get_or_create(name=name, parent=None, defaults={"sort_order": order})
        for child_order, child in enumerate(children):
            Theme.objects.get_or_create(name=child, parent=parent, defaults={"sort_order": child_order})
    for order, name in enumerate(vocabularies.INTERPRETATION_FORMS):
        InterpretationForm.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(vocabularies.DISCLOSURE_STAGES):
        DisclosureStage.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
