"""Migrations stand alone: a later edit to the package cannot change what an old migration does."""

import ast
from pathlib import Path

import pytest

import gk_wagtail

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
