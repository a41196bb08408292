"""A clerk reads the Wagtail admin in Chinese, also where Wagtail 8's own zh_Hans catalogue is silent."""

import ast
import gettext
import glob
import json
import re
from pathlib import Path

import pytest
import wagtail
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from gk_wagtail.admin import wagtail_messages
from gk_wagtail.checks import check_translations_come_first
from gk_wagtail.models import ColumnPage
from gk_wagtail.setup.columns import setup_columns
from gk_wagtail.setup.workflows import review_workflow_for
from tests.factories import make_clerk, make_county, make_department, make_policy, make_site


@pytest.fixture
def clerk_and_policy(db):
    """A clerk of the county's 政策文件 column, whose policy waits in the review workflow (先审后发)."""
    county = make_county()
    make_department(county)
    setup_columns(make_site(organization=county), county, "county")
    column = ColumnPage.objects.get(column_code="zcwj")
    clerk = make_clerk(column)
    policy = make_policy(column, county)
    policy.save_revision(user=clerk)
    review_workflow_for(policy).start(policy, clerk)
    return clerk, policy


def screen(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_editor_speaks_chinese(client, clerk_and_policy):
    clerk, policy = clerk_and_policy
    html = screen(client, clerk, reverse("wagtailadmin_pages:edit", args=[policy.pk]))
    for english, chinese in [
        ("Autosave is paused", "自动保存已暂停"),
        ("Content metrics", "内容指标"),
        ("Reading time", "阅读时间"),
        ("Toggle checks", "显示或隐藏检查结果"),
        # The review workflow: its name, and when the page was sent (humanize's naturaltime).
        ("Review before publishing", "先审后发"),
        ("Sent to", "送交保密审查"),
        ("Locked by workflow", "被工作流锁定"),
        ("is awaiting", "此页面正在等待"),
    ]:
        assert chinese in html, chinese
        assert english not in html, english
    assert not re.search(r"\d+\s*(seconds?|minutes?) ago", html)
    assert 'aria-label="Actions"' not in html and 'aria-label="操作"' in html


def test_the_explorer_and_the_new_page_form_speak_chinese(client, clerk_and_policy):
    clerk, policy = clerk_and_policy
    explorer = screen(client, clerk, reverse("wagtailadmin_explore", args=[policy.get_parent().pk]))
    for english, chinese in [("Date updated", "更新日期"), ("Has child pages", "有子页面"), ("Edited by", "编辑人")]:
        assert chinese in explorer and english not in explorer
    new = screen(
        client,
        clerk,
        reverse("wagtailadmin_pages:add", args=["gk_wagtail", "policydocumentpage", policy.get_parent().pk]),
    )
    assert "将由 clerk 创建" in new and "To be created by" not in new


def test_the_menu_says_pages_not_pagination(client, clerk_and_policy):
    clerk, _policy = clerk_and_policy
    html = screen(client, clerk, reverse("wagtailadmin_home"))
    sidebar = json.loads(
        re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert '"页面"' in json.dumps(sidebar, ensure_ascii=False) and "分页" not in json.dumps(sidebar, ensure_ascii=False)
    with translation.override("zh-hans"):
        assert translation.pgettext("pagination", "Pages") == "分页"
        assert translation.gettext("Pages") == "页面"


def javascript_messages(html):
    found = re.search(r"<script>\(function \(messages\) \{.*?\}\)\((\{.*?\})\);</script>", html, re.S)
    return json.loads(found.group(1)) if found else None


def test_the_admins_javascript_gets_its_chinese_after_wagtails_catalogue(client, clerk_and_policy):
    clerk, policy = clerk_and_policy
    html = screen(client, clerk, reverse("wagtailadmin_pages:edit", args=[policy.pk]))
    messages = javascript_messages(html)
    assert messages["Autosave in progress…"] == "正在自动保存…"
    assert messages["%(num)s min"] == ["%(num)s 分钟"]
    assert html.index(reverse("wagtailadmin_javascript_catalog")) < html.index("(function (messages)")
    # Nothing is added for a clerk who reads the admin in English.
    profile = UserProfile.get_for_user(clerk)
    profile.preferred_language = "en"
    profile.save()
    assert javascript_messages(screen(client, clerk, reverse("wagtailadmin_pages:edit", args=[policy.pk]))) is None


def wagtail_catalogue():
    """Every message Wagtail's own zh_Hans catalogues translate."""
    root = Path(wagtail.__file__).parent
    translated = set()
    for path in glob.glob(str(root / "**" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"), recursive=True):
        with open(path, "rb") as compiled:
            translated |= {
                key if isinstance(key, str) else key[0] for key in gettext.GNUTranslations(compiled)._catalog
            }
    return translated


def listed_messages():
    """(context, message, plural) of every message gk_wagtail/admin/wagtail_messages.py lists."""
    listed = []
    for call in ast.walk(ast.parse(Path(wagtail_messages.__file__).read_text(encoding="utf-8"))):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            values = [argument.value for argument in call.args]
            if call.func.id == "gettext_noop":
                listed.append((None, values[0], None))
            elif call.func.id == "ngettext_lazy":
                listed.append((None, *values))
            elif call.func.id == "npgettext_lazy":
                listed.append(tuple(values))
    return listed


def test_every_listed_message_is_one_wagtail_leaves_in_english_and_has_its_chinese():
    theirs = wagtail_catalogue()
    with (Path(wagtail_messages.__file__).parents[1] / "locale/zh_Hans/LC_MESSAGES/django.mo").open("rb") as compiled:
        ours = gettext.GNUTranslations(compiled)._catalog
    listed = listed_messages()
    assert len(listed) == len(wagtail_messages.WAGTAIL_MESSAGES) + len(wagtail_messages.NATURAL_TIMES) > 300
    chinese = 0
    for context, message, plural in listed:
        if context is None:
            assert message not in theirs, message
        key = f"{context}\x04{message}" if context else message
        translated = ours[(key, 0)] if plural else ours[key]
        assert translated, message
        chinese += bool(re.search(r"[\u4e00-\u9fff：，]", translated))
    # A few are placeholders only, e.g. "%(status_display)s %(task_name)s %(started_at)s".
    assert chinese >= len(listed) - 2


def test_a_gk_wagtail_listed_after_the_wagtail_apps_is_warned(monkeypatch):
    assert check_translations_come_first(None) == []
    configs = list(apps.get_app_configs())
    ours = next(config for config in configs if config.name == "gk_wagtail")
    reordered = [config for config in configs if config is not ours] + [ours]
    monkeypatch.setattr(apps, "get_app_configs", lambda: reordered)
    [warning] = check_translations_come_first(None)
    assert warning.id == "gk_wagtail.W080" and "wagtail.admin" in warning.msg


def test_the_login_page_labels_both_fields_in_chinese(client, db):
    html = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    labels = [re.sub(r"<[^>]+>|\*|\s+", "", label) for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]
    assert "用户名" in labels and "密码" in labels, labels
    assert "Password" not in labels
