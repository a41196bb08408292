"""The zh-hans catalogue is complete and compiled: every message a clerk or citizen sees has its Chinese."""

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

import gk_wagtail

LOCALE = Path(gk_wagtail.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries(path=LOCALE / "django.po"):
    """``(msgctxt, msgid, msgid_plural, [msgstr…], flags)`` for every entry of a .po file but the header."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif current and line.startswith('"'):
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings, flags))
    return entries


def test_every_message_has_a_chinese_translation_and_none_is_fuzzy():
    entries = _po_entries()
    assert len(entries) > 500
    untranslated = [msgid for _ctx, msgid, _plural, strings, _flags in entries if not all(strings)]
    fuzzy = [msgid for _ctx, msgid, _plural, _strings, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_sources():
    with LOCALE.joinpath("django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    for context, msgid, plural, strings, _flags in _po_entries():
        key = f"{context}\x04{msgid}" if context else msgid
        if plural:
            assert catalog.get((key, 0)) == strings[0], msgid
        else:
            assert catalog.get(key) == strings[0], msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext's xgettext")
def test_every_message_in_the_sources_is_in_the_catalogue(tmp_path, monkeypatch):
    """A message marked for translation but never extracted shows in English whatever the catalogue says."""
    package = tmp_path / "gk_wagtail"
    shutil.copytree(
        Path(gk_wagtail.__file__).parent,
        package,
        ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "migrations"),
    )
    (package / "locale").mkdir()
    monkeypatch.chdir(package)
    call_command("makemessages", locale=["zh_Hans"], no_location=True, no_obsolete=True, verbosity=0)
    extracted = {
        (context, msgid)
        for context, msgid, *_rest in _po_entries(package / LOCALE.relative_to(LOCALE.parents[2]) / "django.po")
    }
    catalogued = {(context, msgid) for context, msgid, *_rest in _po_entries()}
    assert len(extracted) > 500
    assert sorted(extracted - catalogued, key=str) == []
