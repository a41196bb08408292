"""The queue of search index writes Elasticsearch did not take, replayed by gk_search_reindex --pending."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gk_wagtail", "0010_confidentiality_review_task"),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingIndexWrite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model_label", models.CharField(max_length=200, verbose_name="model")),
                ("object_pk", models.CharField(max_length=100, verbose_name="object ID")),
                (
                    "action",
                    models.CharField(
                        choices=[("add", "add or update"), ("delete", "delete")], max_length=10, verbose_name="action"
                    ),
                ),
                (
                    "first_failed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="first failed at"),
                ),
                (
                    "last_failed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="last failed at"),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="failed attempts")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
            ],
            options={
                "verbose_name": "pending search index write",
                "verbose_name_plural": "pending search index writes",
                "constraints": [
                    models.UniqueConstraint(fields=("model_label", "object_pk"), name="gk_pending_index_write_object")
                ],
            },
        ),
    ]
