"""The editable registers in one admin menu: organizations, domains, themes and the vocabularies.

Snippet viewsets, so each register gets Wagtail's list, search, history and permissions. Wherever an
admin form chooses a 主题分类, it offers the theme tree (:class:`ThemeChoiceField`).
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gk_wagtail.page_types.catalogs import DisclosureChannel
from gk_wagtail.page_types.villages import VillageAffairsCategory
from gk_wagtail.registers import Domain, InterpretationForm, Organization, Theme
from gk_wagtail.workdays import WorkingDayOverride


class ThemeTreeIterator(forms.models.ModelChoiceIterator):
    """The themes of the field's queryset as a tree, from one query.

    A first-level heading with sub-headings becomes an ``<optgroup>`` holding the heading itself (a
    document may be filed under a whole heading) and then its sub-headings, each shown with its path,
    "综合政务 › 政务公开", in the tree's own order. A heading without sub-headings is a plain option.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        themes = list(self.queryset.select_related("parent"))
        children = {}
        for theme in themes:
            if theme.parent_id is not None:
                children.setdefault(theme.parent_id, []).append(theme)
        headings = [theme for theme in themes if theme.parent_id is None]
        # Sub-headings whose heading the queryset leaves out still appear, under its name.
        headings += [
            group[0].parent for parent_id, group in children.items() if parent_id not in {h.pk for h in headings}
        ]
        for heading in sorted(headings, key=lambda theme: (theme.sort_order, theme.name)):
            below = children.get(heading.pk, [])
            if not below:
                yield self.choice(heading)
                continue
            own = [self.choice(heading)] if heading in themes else []
            yield (heading.name, own + [self.choice(theme) for theme in below])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class ThemeChoiceField(forms.ModelChoiceField):
    """A 主题分类 chosen from the theme tree, each option named by its path ("一级 › 二级")."""

    iterator = ThemeTreeIterator

    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


def use_theme_tree_in_admin_forms():
    """Every foreign key to Theme in a Wagtail admin form (pages, snippets) chooses from the tree.

    Snippet viewsets would give such fields their modal chooser, a flat list; ThemeViewSet's does not.
    """
    register_form_field_override(models.ForeignKey, to=Theme, override={"form_class": ThemeChoiceField})


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "short_name", "organization_type", "parent", "credit_code"]
    list_filter = ["organization_type"]
    search_fields = ["name", "short_name", "credit_code"]


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "list-ul"
    menu_label = _("Domains")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ThemeChooserViewSet(SnippetChooserViewSet):
    """The modal chooser of themes, kept for choosers that ask for it, but not the widget of theme fields."""

    register_widget = False


class ThemeViewSet(SnippetViewSet):
    model = Theme
    chooser_viewset_class = ThemeChooserViewSet
    icon = "folder-open-inverse"
    menu_label = _("Themes")
    list_display = ["__str__", "code", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class InterpretationFormViewSet(SnippetViewSet):
    model = InterpretationForm
    icon = "tag"
    menu_label = _("Interpretation forms")
    list_display = ["name", "sort_order"]


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = _("Working-day calendar")
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]


class DisclosureChannelViewSet(SnippetViewSet):
    """The editable 公开渠道和载体 vocabulary that catalog rows and imports use."""

    model = DisclosureChannel
    icon = "list-ul"
    menu_label = _("Disclosure channels")
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class VillageAffairsCategoryViewSet(SnippetViewSet):
    model = VillageAffairsCategory
    icon = "tag"
    menu_label = _("Village affairs categories")
    list_display = ["name", "schedule", "sort_order"]


class RegistersGroup(SnippetViewSetGroup):
    menu_label = _("Disclosure registers")
    menu_icon = "folder-inverse"
    menu_name = "gk-registers"
    items = (
        OrganizationViewSet,
        DomainViewSet,
        ThemeViewSet,
        InterpretationFormViewSet,
        WorkingDayOverrideViewSet,
        DisclosureChannelViewSet,
        VillageAffairsCategoryViewSet,
    )
