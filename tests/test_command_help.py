"""Every gk_* management command answers --help, in the site's language."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.utils import translation

GK_COMMANDS = sorted(name for name, app in get_commands().items() if app == "gk_wagtail")


def test_the_package_ships_its_commands():
    assert {"gk_setup_columns", "gk_import_catalog", "gk_import_documents", "gk_import_html"} <= set(GK_COMMANDS)


@pytest.mark.parametrize("name", GK_COMMANDS)
def test_help_is_printed_in_chinese(name, capsys):
    with translation.override("zh-hans"), pytest.raises(SystemExit) as exit_info:
        call_command(name, "--help", stdout=StringIO())
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert f"manage.py {name}" in printed or name in printed
    # The description is the command's translated help, not argparse's error about a lazy string.
    assert any("\u4e00" <= char <= "\u9fff" for char in printed)
