"""Villages and communities: their default categories and the editor groups that keep each to its own pages.

Village editors add and edit their own village's entries and submit them for review; township
reviewers edit and publish the entries of every village under their township, and approve what
village editors submit. Both are plain Wagtail groups with page permissions on a subtree, so the
setup below can be inspected and changed under Settings → Groups. See docs/villages.md.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gk_wagtail.page_types.columns import ColumnPage
from gk_wagtail.page_types.villages import SCHEDULE_PERMISSION_CODENAME, VillageAffairsCategory, VillageAffairsIndexPage
from gk_wagtail.vocabularies import VILLAGE_AFFAIRS_CATEGORIES

# First values of the editable category list; sites add 政务, 事务 or others as their province does.

# Village editors draft and submit (先审后发); township reviewers publish.
VILLAGE_PAGE_PERMISSIONS = ["add_page", "change_page"]
TOWNSHIP_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
VILLAGE_IMAGE_PERMISSIONS = ["add_image", "choose_image"]
TOWNSHIP_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


class VillageSetupError(Exception):
    """The page tree does not allow a group to be limited to one village or township."""


@dataclass
class GroupSetup:
    group: Group
    page: Page


def ensure_default_categories():
    """Create 党务, 村务 and 财务 if missing; existing categories keep their settings."""
    for order, (name, schedule) in enumerate(VILLAGE_AFFAIRS_CATEGORIES):
        VillageAffairsCategory.objects.get_or_create(name=name, defaults={"schedule": schedule, "sort_order": order})


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _child_collection(parent, name):
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)


def _grant(group, page, page_codenames, collection, image_codenames):
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for codename in page_codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )
    for codename in image_codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtailimages", codename)
        )


def _township_collection(township):
    return _child_collection(Collection.get_first_root_node(), township.name)


# Group names are looked up again later, so they are made in the site's language, not
# in whatever language the current request happens to use.
def village_editor_group_name(village):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Village affairs editors: %(village)s") % {"village": village.name}


def township_reviewer_group_name(township):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Village affairs reviewers: %(township)s") % {"township": township.name}


def setup_village_editors(index_page):
    """The group that edits only ``index_page`` and its entries, with an image collection of its own."""
    village = index_page.village
    group, _created = Group.objects.get_or_create(name=village_editor_group_name(village))
    collection = _child_collection(_township_collection(village.parent), village.name)
    _grant(group, index_page, VILLAGE_PAGE_PERMISSIONS, collection, VILLAGE_IMAGE_PERMISSIONS)
    return GroupSetup(group, index_page)


def township_page_for(township):
    """The column that holds all of this township's village pages and no other village's.

    It is the deepest page above every one of its villages' pages; it must be a column, so that a
    township never gets rights on a site's home page.
    """
    index_pages = list(VillageAffairsIndexPage.objects.filter(village__parent=township))
    if not index_pages:
        raise VillageSetupError(gettext("%(township)s has no village affairs pages yet.") % {"township": township})
    common = index_pages[0].get_parent()
    for page in index_pages[1:]:
        while not page.is_descendant_of(common):
            common = common.get_parent()
    if not isinstance(common.specific, ColumnPage):
        raise VillageSetupError(
            gettext(
                "The village pages of %(township)s have no column of their own above them (their nearest common "
                "parent is “%(page)s”). Move them under one column for the township, e.g. 村(居)务公开 › %(township)s."
            )
            % {"township": township, "page": common.title}
        )
    foreign = VillageAffairsIndexPage.objects.descendant_of(common).exclude(village__parent=township).first()
    if foreign is not None:
        raise VillageSetupError(
            gettext(
                "The column “%(page)s” holds the village pages of %(township)s but also “%(other)s” of another "
                "township, so its reviewers would edit that village too. Move “%(other)s” under its own township's column."
            )
            % {"township": township, "page": common.title, "other": foreign.title}
        )
    return common


def setup_township_reviewers(township, page=None):
    """The group that edits and publishes the pages of ``township``'s villages and approves their drafts.

    ``page`` defaults to ``township_page_for(township)``. The page gets a review workflow whose
    task the group approves, unless an administrator already gave it one.
    """
    page = page or township_page_for(township)
    group, _created = Group.objects.get_or_create(name=township_reviewer_group_name(township))
    group.permissions.add(_permission("gk_wagtail", SCHEDULE_PERMISSION_CODENAME))
    _grant(group, page, TOWNSHIP_PAGE_PERMISSIONS, _township_collection(township), TOWNSHIP_IMAGE_PERMISSIONS)
    if not WorkflowPage.objects.filter(page=page).exists():
        name = group.name[:255]
        workflow, _created = Workflow.objects.get_or_create(name=name)
        task = GroupApprovalTask.objects.filter(name=name).first() or GroupApprovalTask.objects.create(name=name)
        task.groups.add(group)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.create(page=page, workflow=workflow)
    return GroupSetup(group, page)


@transaction.atomic
def setup_village_groups():
    """Editor groups for every village page and reviewer groups for every township; safe to run again.

    Every township's column is checked before anything is written, so a tree that cannot be
    limited to one township leaves no groups half set up.
    """
    index_pages = list(VillageAffairsIndexPage.objects.select_related("village__parent").order_by("path"))
    townships = {page.village.parent_id: page.village.parent for page in index_pages if page.village.parent_id}
    township_pages = {township: township_page_for(township) for township in townships.values()}
    result = [setup_village_editors(page) for page in index_pages]
    result += [setup_township_reviewers(township, page) for township, page in township_pages.items()]
    return result
