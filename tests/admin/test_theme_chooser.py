"""Editors choose a 主题分类 from the theme tree: a group per first-level heading, each option by its path."""

import re

import pytest
from django.urls import reverse

from gk_wagtail.admin.registers import ThemeChoiceField
from gk_wagtail.models import PolicyDocumentPage, Theme
from tests.factories import make_clerk, make_column, make_site


@pytest.fixture
def themes(db):
    """Two headings with sub-headings, in an order that is not alphabetical, and one heading alone."""
    Theme.objects.all().delete()
    economy = Theme.objects.create(name="国民经济管理、国有资产监管", sort_order=2)
    government = Theme.objects.create(name="综合政务", sort_order=1)
    alone = Theme.objects.create(name="其他", sort_order=9)
    return {
        "government": government,
        "openness": Theme.objects.create(name="政务公开", parent=government, sort_order=2),
        "emergency": Theme.objects.create(name="应急管理", parent=government, sort_order=1),
        "economy": economy,
        "statistics": Theme.objects.create(name="统计", parent=economy),
        "alone": alone,
    }


def select_of(html, name):
    return re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)


ITEM = re.compile(r'<optgroup label="([^"]*)">(.*?)</optgroup>|(<option.*?</option>)', re.S)
OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def tree_of(select_html):
    """The select as [(group label, or None for a plain option, [(value, label), ...]), ...]."""
    return [(match.group(1), OPTION.findall(match.group(2) or match.group(3))) for match in ITEM.finditer(select_html)]


def test_the_page_editor_offers_the_theme_tree(client, themes):
    column = make_column(make_site().root_page)
    client.force_login(make_clerk(column))
    response = client.get(reverse("wagtailadmin_pages:add", args=["gk_wagtail", "policydocumentpage", column.pk]))
    assert response.status_code == 200
    t = {key: str(theme.pk) for key, theme in themes.items()}
    assert tree_of(select_of(response.content.decode(), "theme")) == [
        (None, [("", "---------")]),
        (
            "综合政务",
            [
                (t["government"], "综合政务"),
                (t["emergency"], "综合政务 › 应急管理"),
                (t["openness"], "综合政务 › 政务公开"),
            ],
        ),
        (
            "国民经济管理、国有资产监管",
            [(t["economy"], "国民经济管理、国有资产监管"), (t["statistics"], "国民经济管理、国有资产监管 › 统计")],
        ),
        (None, [(t["alone"], "其他")]),
    ]


def test_the_chosen_theme_is_selected_and_saved(themes):
    form_class = PolicyDocumentPage.get_edit_handler().get_form_class()
    field = form_class.base_fields["theme"]
    assert isinstance(field, ThemeChoiceField)
    assert field.clean(str(themes["openness"].pk)) == themes["openness"]
    assert field.clean(str(themes["government"].pk)) == themes["government"]
    html = field.widget.render("theme", themes["openness"].pk)
    assert re.search(rf'<option value="{themes["openness"].pk}" selected>综合政务 › 政务公开</option>', html)


def test_the_tree_costs_one_query(themes, django_assert_num_queries):
    field = ThemeChoiceField(queryset=Theme.objects.all())
    with django_assert_num_queries(1):
        field.widget.render("theme", None)


def test_a_heading_left_out_still_names_its_group(themes):
    field = ThemeChoiceField(queryset=Theme.objects.filter(parent__isnull=False), empty_label=None)
    labels = [(group, [label for _value, label in options]) for group, options in field.choices]
    assert labels == [
        ("综合政务", ["综合政务 › 应急管理", "综合政务 › 政务公开"]),
        ("国民经济管理、国有资产监管", ["国民经济管理、国有资产监管 › 统计"]),
    ]


def test_the_theme_register_chooses_a_parent_among_first_level_headings(admin_client, themes):
    response = admin_client.get(reverse("wagtailsnippets_gk_wagtail_theme:add"))
    assert response.status_code == 200
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select_of(response.content.decode(), "parent"))
    assert [label for _value, label in options] == ["综合政务", "国民经济管理、国有资产监管", "其他"]
    assert "<optgroup" not in select_of(response.content.decode(), "parent")
