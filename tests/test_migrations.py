"""Migrations stand alone (a later edit to the package cannot change what an old migration does) and move data both ways."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag

import gk_wagtail
from gk_wagtail.models import ColumnPage, OpinionResponseKeyword, PolicyDocumentKeyword, PolicyInterpretationKeyword
from tests.factories import make_column, make_county, make_interpretation, make_policy, make_response, make_site

MIGRATIONS = sorted((Path(gk_wagtail.__file__).parent / "migrations").glob("0*.py"))
# Field classes and defaults that migrations reference by import path, as Django writes them.
REFERENCED_BY_FIELDS = {"gk_wagtail.formats.codes", "gk_wagtail.page_types.catalogs", "gk_wagtail.page_types.villages"}


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: path.stem)
def test_a_migration_imports_nothing_of_the_package_but_field_classes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    package_imports = {name for name in imported if name == "gk_wagtail" or name.startswith("gk_wagtail.")}
    assert package_imports <= REFERENCED_BY_FIELDS


BEFORE_KEYWORD_TABLES = [("gk_wagtail", "0014_site_footer_settings")]
KEYWORD_TABLES = [("gk_wagtail", "0015_keywords_per_page_type")]
PER_TYPE = ("PolicyDocumentKeyword", "PolicyInterpretationKeyword", "OpinionResponseKeyword")


def migrate(targets):
    """The models of gk_wagtail once the database is migrated to ``targets``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def rows(model):
    return set(model.objects.values_list("pk", "tag__name", "content_object"))


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def document_pages(db):
    organization = make_county()
    home = make_site().root_page
    policy = make_policy(make_column(home, "政策文件", "zcwj"), organization)
    interpretation = make_interpretation(make_column(home, "政策解读", "zcjd"), organization, [policy])
    response = make_response(make_column(home, "回应关切", "hygq"), organization)
    yield policy, interpretation, response
    migrate_to_latest()


def per_type_rows(models):
    return {name: rows(models.get_model("gk_wagtail", name)) for name in PER_TYPE}


def keyword_rows(models, *entries):
    """The shared keyword table of ``models``, with ``entries`` of (id, word, page) added."""
    shared = models.get_model("gk_wagtail", "DocumentKeyword")
    tags = models.get_model("taggit", "Tag").objects
    for pk, word, page in entries:
        tag, _ = tags.get_or_create(name=word, defaults={"slug": f"tag-{len(word)}-{ord(word[0])}"})
        shared.objects.create(pk=pk, tag=tag, content_object_id=page.pk)
    return shared


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keywords_move_to_their_page_types_and_back_keeping_ids(document_pages):
    policy, interpretation, response = document_pages
    shared = keyword_rows(
        migrate(BEFORE_KEYWORD_TABLES),
        (3, "政务公开", policy),
        (7, "图解", interpretation),
        (11, "停水", response),
        (12, "标准化", policy),
        (20, "政务公开", response),
    )
    before = rows(shared)

    models = migrate(KEYWORD_TABLES)
    assert per_type_rows(models) == {
        "PolicyDocumentKeyword": {(3, "政务公开", policy.pk), (12, "标准化", policy.pk)},
        "PolicyInterpretationKeyword": {(7, "图解", interpretation.pk)},
        "OpinionResponseKeyword": {(11, "停水", response.pk), (20, "政务公开", response.pk)},
    }
    # Each table numbers on after the ids it took over, on PostgreSQL too.
    tag = models.get_model("taggit", "Tag").objects.get(name="图解")
    added = models.get_model("gk_wagtail", "OpinionResponseKeyword").objects.create(
        tag=tag, content_object_id=response.pk
    )
    assert added.pk > 20
    added.delete()

    assert rows(migrate(BEFORE_KEYWORD_TABLES).get_model("gk_wagtail", "DocumentKeyword")) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_back_gives_a_new_id_to_a_keyword_whose_id_another_type_took(document_pages):
    policy, interpretation, response = document_pages
    policy.keywords.add("政务公开", "标准化")
    policy.save()
    taken = sorted(PolicyDocumentKeyword.objects.values_list("pk", flat=True))
    # Each page type numbers its keywords on its own: another type's keyword may have the same id.
    for model, page, pk, word in (
        (PolicyInterpretationKeyword, interpretation, taken[0], "图解"),
        (OpinionResponseKeyword, response, taken[1], "停水"),
    ):
        model.objects.create(pk=pk, tag=Tag.objects.create(name=word), content_object=page)
    after = per_type_rows(apps)
    moved_back = rows(migrate(BEFORE_KEYWORD_TABLES).get_model("gk_wagtail", "DocumentKeyword"))
    assert {(word, page) for _, word, page in moved_back} == {
        (word, page) for name in PER_TYPE for _, word, page in after[name]
    }
    assert len({pk for pk, _, _ in moved_back}) == len(moved_back) == 4
    # The first table keeps its ids.
    assert after["PolicyDocumentKeyword"] <= moved_back


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keywords_of_a_page_type_without_keywords_are_refused(document_pages):
    policy, _, _ = document_pages
    column = ColumnPage.objects.get(slug="zcwj")
    shared = keyword_rows(migrate(BEFORE_KEYWORD_TABLES), (1, "政务公开", policy), (2, "栏目", column))
    with pytest.raises(RuntimeError, match=rf"^1 keyword rows .*\(pages {column.pk} \(gk_wagtail\.columnpage\)\)"):
        migrate(KEYWORD_TABLES)
    # Nothing moved: the migration stays unapplied and the rows stay where they were.
    assert KEYWORD_TABLES[0] not in MigrationExecutor(connection).loader.applied_migrations
    assert shared.objects.count() == 2
    shared.objects.filter(pk=2).delete()
