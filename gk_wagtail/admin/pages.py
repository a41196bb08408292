"""How the page admin is narrowed for clerks: drafts stay with those who may edit them, and
pages held for review (先审后发) go live only through their workflow.

Drafts: the page chooser and the bulk actions show every live page, as Wagtail does, but a draft
only to users who may edit it, so that a village clerk does not read the titles of another
village's unpublished entries. Review: under a workflow with a confidentiality review task
(``gk_wagtail.setup.workflows``) the editor offers no *Publish*, and direct publishing from the
editor, a copy or a bulk action is refused; the workflow's last approval publishes the page. A
reviewer who acted in the editor on a page they may not otherwise edit goes back to the dashboard.
Autosave: it saves pages in their editor, but does not create one from the new-page form.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_list_or_404, redirect
from django.utils.translation import gettext, ngettext
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from gk_wagtail.setup.workflows import review_workflow_for

# Drafts


def visible_filter(user):
    """Which pages ``user`` may see listed in the admin: every live page, and the drafts they may edit.

    A filter rather than a query of pages, so that it can narrow a chooser's search as well as its
    listing: search backends filter on ``live``, ``path`` and ``owner``. As in Wagtail, *change*
    lets a user edit the pages under the page it is given on, and *add* the ones they own there.
    """
    visible = Q(live=True)
    if user.is_superuser:
        return Q()
    for permission in PagePermissionPolicy().get_cached_permissions_for_user(user):
        subtree = Q(path__startswith=permission.page.path)
        if permission.permission.codename == "change_page":
            visible |= subtree
        elif permission.permission.codename == "add_page":
            visible |= subtree & Q(owner=user)
    return visible


def narrow_chooser(pages, request):
    """For ``construct_page_chooser_queryset``: the chooser's pages without drafts the user may not edit."""
    return pages.filter(visible_filter(request.user))


class VisiblePagesOnly:
    """A page bulk action that treats a draft the user may not edit as a page that does not exist.

    Wagtail lists the pages a user may not act on by title; for a draft of someone else's that
    title is not theirs to read.
    """

    def get_queryset(self, model, object_ids):
        return get_list_or_404(model.objects.filter(visible_filter(self.request.user)), pk__in=object_ids)


class VisibleDeleteBulkAction(VisiblePagesOnly, DeleteBulkAction):
    pass


class VisibleMoveBulkAction(VisiblePagesOnly, MoveBulkAction):
    pass


class VisibleUnpublishBulkAction(VisiblePagesOnly, UnpublishBulkAction):
    pass


class ReviewedPublishBulkAction(VisiblePagesOnly, PublishBulkAction):
    """Bulk publishing that leaves alone the pages held for review: nobody may publish those directly."""

    def check_perm(self, page):
        return super().check_perm(page) and review_workflow_for(page) is None

    def prepare_action(self, objects, objects_without_access):
        if not self.cleaned_form.cleaned_data["include_descendants"]:
            return None
        held = sum(
            1
            for page in objects
            for draft in page.get_descendants().not_live()
            if review_workflow_for(draft) is not None
        )
        if not held:
            return None
        messages.error(
            self.request,
            ngettext(
                "Nothing was published: %(count)d draft under the selected pages goes live only through its "
                "review workflow. Submit it for moderation, or publish without the child pages.",
                "Nothing was published: %(count)d drafts under the selected pages go live only through their "
                "review workflow. Submit them for moderation, or publish without the child pages.",
                held,
            )
            % {"count": held},
        )
        return redirect(self.next_url)


BULK_ACTIONS = [VisibleDeleteBulkAction, VisibleMoveBulkAction, ReviewedPublishBulkAction, VisibleUnpublishBulkAction]


# Review before publishing


def remove_direct_publishing(menu_items, request, context):
    """For ``construct_page_action_menu``: no *Publish* where pages go live through review."""
    page = context.get("page") or context.get("parent_page")
    if page is not None and review_workflow_for(page) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def refuse_direct_publishing(request, page):
    """For ``before_publish_page``: keep the revision just saved as a draft and say how it goes live."""
    workflow = review_workflow_for(page)
    if workflow is None:
        return None
    if request.resolver_match.view_name == "wagtailadmin_pages:add" and page.live_revision_id is None:
        # The create view adds a page to be published as live and lets publishing fill it in;
        # unpublished, it must be a draft, also in the search index.
        page.live = False
        page.has_unpublished_changes = True
        page.save(clean=False, update_fields=["live", "has_unpublished_changes"])
    messages.error(
        request,
        gettext(
            "“%(title)s” was saved as a draft, not published: pages here go live only through “%(workflow)s”. "
            "Submit it for moderation."
        )
        % {"title": page.get_admin_display_title(), "workflow": workflow.name},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def leave_the_page_after_a_review_action(request, page):
    """For ``after_edit_page``: a reviewer whose step is done goes to the dashboard, if the page is now closed to them.

    The review task lets its reviewers into the editor only while the page waits for them; Wagtail
    then sends them to the page's column, which a reviewer without page permissions may not see
    either, and they would land on the dashboard under "no permission".
    """
    if not request.POST.get("action-workflow-action"):
        return None
    # Fetched again: the edit view's copy keeps the workflow state it had before the action.
    if Page.objects.get(pk=page.pk).permissions_for_user(request.user).can_edit():
        return None
    return redirect("wagtailadmin_home")


def refuse_live_copies(request, page):
    """For ``before_copy_page``: a copy or alias made live would skip the review of its new column."""
    if request.method != "POST" or not (request.POST.get("publish_copies") or request.POST.get("alias")):
        return None
    parent = Page.objects.filter(pk=request.POST.get("new_parent_page") or None).first()
    workflow = review_workflow_for(parent) if parent is not None else None
    if workflow is None:
        return None
    messages.error(
        request,
        gettext(
            "Pages in “%(parent)s” go live only through “%(workflow)s”: copy the page without publishing it "
            "and without making an alias, then submit the copy for moderation."
        )
        % {"parent": parent.get_admin_display_title(), "workflow": workflow.name},
    )
    return redirect(request.get_full_path())


# Autosave of a new page


def refuse_autosave_creation(request, parent_page, page_class):
    """For ``before_create_page``: the new-page form's autosave does not create our pages.

    Wagtail's autosave posts the new-page form to the create view, which creates the page, and only
    when its answer arrives does the form post to the page's editor. A clerk's submit sent before
    then reaches the create view too, and creates a second page: the page's short slug
    (``ShortSlugMixin``) differs from the typed one, so no slug clash stops it. Refused with the error
    that pauses Wagtail's autosave for the form, the first page is made by the clerk's own submit;
    autosave resumes in the editor that follows.
    """
    if request.method != "POST" or request.accepts("text/html") or page_class._meta.app_label != "gk_wagtail":
        return None
    return JsonResponse(
        {
            "success": False,
            "error_code": "invalid_revision",
            "error_message": gettext("A new page is saved automatically once you have saved it yourself."),
        },
        status=400,
    )
