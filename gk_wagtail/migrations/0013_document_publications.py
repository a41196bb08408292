import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from wagtail.documents import get_document_model_string


class Migration(migrations.Migration):
    dependencies = [
        ("gk_wagtail", "0012_login_failures"),
        # The site's document model (WAGTAILDOCS_DOCUMENT_MODEL), Wagtail's own by default.
        migrations.swappable_dependency(get_document_model_string()),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentPublication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reason",
                    models.CharField(
                        help_text="What the file is and why it is public without a page, e.g. the form for requesting disclosure.",
                        max_length=255,
                        verbose_name="reason",
                    ),
                ),
                ("published_at", models.DateTimeField(auto_now_add=True, verbose_name="published at")),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=get_document_model_string(),
                        verbose_name="document",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published by",
                    ),
                ),
            ],
            options={
                "verbose_name": "document published on its own",
                "verbose_name_plural": "documents published on their own",
                "constraints": [models.UniqueConstraint(fields=("document",), name="gk_document_published_once")],
            },
        ),
    ]
