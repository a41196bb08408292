"""Keywords move from one table keyed on every page to a table per page type that has them.

Each row keeps its id. A row whose page is of none of those types is refused: its page type has no
keywords any more, and the migration will not drop what an editor entered.
"""

import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
from django.core.management.color import no_style
from django.db import migrations, models

# Each new keyword table and the page table its pages are in; a subclass's pages are in its parent's table too.
PAGE_TYPES = {
    "PolicyDocumentKeyword": "PolicyDocumentPage",
    "PolicyInterpretationKeyword": "PolicyInterpretationPage",
    "OpinionResponseKeyword": "OpinionResponsePage",
}
# Pages named in the refusal, at most; the count covers the rest.
PAGES_NAMED = 20


def keyword_item(name):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                "content_object",
                modelcluster.fields.ParentalKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="gk_keyword_items",
                    to=f"gk_wagtail.{PAGE_TYPES[name].lower()}",
                ),
            ),
            (
                "tag",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="%(app_label)s_%(class)s_items",
                    to="taggit.tag",
                ),
            ),
        ],
        options={"verbose_name": "keyword", "verbose_name_plural": "keywords", "abstract": False},
    )


def keywords_of(through):
    return migrations.AlterField(
        model_name=PAGE_TYPES[through].lower(),
        name="keywords",
        field=modelcluster.contrib.taggit.ClusterTaggableManager(
            blank=True,
            help_text="A comma-separated list of tags.",
            through=f"gk_wagtail.{through}",
            to="taggit.Tag",
            verbose_name="keywords",
        ),
    )


class Tables:
    """Quoted names of the old keyword table, the new ones and their page tables, as ``apps`` has them."""

    def __init__(self, apps, schema_editor):
        self.quote = schema_editor.quote_name
        self.old = apps.get_model("gk_wagtail", "DocumentKeyword")
        self.new = {
            apps.get_model("gk_wagtail", name): apps.get_model("gk_wagtail", page) for name, page in PAGE_TYPES.items()
        }

    def table(self, model):
        return self.quote(model._meta.db_table)

    def column(self, model, name):
        return f"{self.table(model)}.{self.quote(model._meta.get_field(name).column)}"

    def columns(self, model, names=("id", "tag", "content_object")):
        return ", ".join(self.quote(model._meta.get_field(name).column) for name in names)

    def ids(self, model):
        return f"SELECT {self.quote(model._meta.pk.column)} FROM {self.table(model)}"


def reset_sequences(schema_editor, models):
    # Rows inserted with their ids leave PostgreSQL's sequences behind; SQLite's AUTOINCREMENT follows by itself.
    for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), models):
        schema_editor.execute(statement)


def refuse_keywords_of_other_pages(tables, schema_editor):
    alias = schema_editor.connection.alias
    items = tables.old.objects.using(alias)
    for page_model in tables.new.values():
        items = items.exclude(content_object__in=page_model.objects.using(alias).values("pk"))
    left = items.count()
    if not left:
        return
    pages = (
        items.order_by("content_object")
        .values_list("content_object", "content_object__content_type__app_label", "content_object__content_type__model")
        .distinct()
    )
    named = ", ".join(f"{page} ({app_label}.{model})" for page, app_label, model in pages[:PAGES_NAMED])
    raise RuntimeError(
        f"{left} keyword rows in {tables.old._meta.db_table} belong to pages of types without keywords "
        f"(pages {named}). Only policy documents, policy interpretations and opinion responses have keywords; "
        f"move these rows to the keyword table of their own page type, or delete them, and migrate again."
    )


def move_to_page_types(apps, schema_editor):
    tables = Tables(apps, schema_editor)
    refuse_keywords_of_other_pages(tables, schema_editor)
    for item_model, page_model in tables.new.items():
        schema_editor.execute(
            f"INSERT INTO {tables.table(item_model)} ({tables.columns(item_model)}) "
            f"SELECT {tables.columns(tables.old)} FROM {tables.table(tables.old)} "
            f"WHERE {tables.column(tables.old, 'content_object')} IN ({tables.ids(page_model)})"
        )
    reset_sequences(schema_editor, list(tables.new))


def move_back(apps, schema_editor):
    tables = Tables(apps, schema_editor)
    old = tables.old
    for item_model in tables.new:
        schema_editor.execute(
            f"INSERT INTO {tables.table(old)} ({tables.columns(old)}) "
            f"SELECT {tables.columns(item_model)} FROM {tables.table(item_model)} "
            f"WHERE {tables.column(item_model, 'id')} NOT IN ({tables.ids(old)})"
        )
    reset_sequences(schema_editor, [old])
    # The new tables number their rows apart, so two of them may have given out the same id since:
    # the row that found its id taken comes back with a new one.
    for item_model in tables.new:
        schema_editor.execute(
            f"INSERT INTO {tables.table(old)} ({tables.columns(old, ('tag', 'content_object'))}) "
            f"SELECT {tables.columns(item_model, ('tag', 'content_object'))} FROM {tables.table(item_model)} "
            f"WHERE NOT EXISTS (SELECT 1 FROM {tables.table(old)} "
            f"WHERE {tables.column(old, 'id')} = {tables.column(item_model, 'id')} "
            f"AND {tables.column(old, 'content_object')} = {tables.column(item_model, 'content_object')})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("gk_wagtail", "0014_site_footer_settings"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        *(keyword_item(name) for name in PAGE_TYPES),
        migrations.RunPython(move_to_page_types, move_back),
        *(keywords_of(name) for name in PAGE_TYPES),
        migrations.DeleteModel(name="DocumentKeyword"),
    ]
