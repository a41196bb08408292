from django.db import migrations, models


def source_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="source_url",
            field=models.URLField(
                blank=True,
                help_text="Where the document was first published, if elsewhere.",
                max_length=500,
                verbose_name="original address",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="import_source",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=255, verbose_name="import source"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0002_seed_vocabularies")]

    operations = source_fields("policydocumentpage") + source_fields("policyinterpretationpage")
