"""Review before publishing (先审后发): the 保密审查 task, and the review workflow the column scaffold assigns.

Every organization's disclosure columns get one Wagtail workflow of two steps:

1. **Confidentiality review** (保密审查), a ``ConfidentialityReviewTask`` performed by the group
   *Confidentiality reviewers: 〈organization〉*: nothing secret, personal or commercially
   confidential is disclosed (政府信息公开条例第十四、十五条; the review: 第十七条);
2. **Publishing approval** (审核发布), a ``GroupApprovalTask`` performed by the group
   *Publishing approvers: 〈organization〉*, whose approval publishes the page.

Wagtail records who approved each step and when (``TaskState``, and ``wagtail.workflow.approve``
entries in the page history). A page whose workflow contains an active confidentiality review task
goes live only through that workflow: the admin offers no direct *Publish* for it (see
``gk_wagtail.admin.pages``). Settings ``REVIEW_WORKFLOW`` and ``REVIEW_EXEMPT_COLUMNS`` decide which
columns get the workflow; see docs/columns.md.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from wagtail.models import (
    AbstractGroupApprovalTask,
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gk_wagtail.conf import gk_settings
from gk_wagtail.page_types.columns import ColumnPage

# Publishing approvers publish what passed review and keep the section's pages in order; they do
# not need publish rights to approve (Wagtail publishes on the last approval), but need them to
# unpublish and to publish in exempt columns.
PUBLISHER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


class ConfidentialityReviewTask(AbstractGroupApprovalTask):
    """保密审查: members of the chosen groups approve that a page discloses nothing it must not.

    A group approval task of its own type, so that the admin can tell a workflow that includes a
    confidentiality review from any other: pages under such a workflow cannot be published directly.
    """

    @classmethod
    def get_description(cls):
        return gettext_lazy(
            "Members of the chosen groups check that the page discloses nothing secret (保密审查). Pages under "
            "a workflow with this task go live only through the workflow."
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        # 先审后发: the steps after the review approve what it passed, even if they approved the page
        # before. With WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT a page changed after 审核发布 asked
        # for changes comes back here once 审核发布 approves it; Wagtail would then finish the
        # workflow on this approval and publish as the reviewer, who may not publish, and the page
        # would stay stuck in review.
        following = self.following_task(task_state.workflow_state.workflow) if action_name == "approve" else None
        if following is None:
            return super().on_action(task_state, user, action_name, **kwargs)
        task_state.approve(user=user, update=False, **kwargs)
        task_state.workflow_state.update(user=user, next_task=following)
        return None

    def following_task(self, workflow):
        """The active task after this one in ``workflow``, or None."""
        position = (
            WorkflowTask.objects.filter(workflow=workflow, task=self).values_list("sort_order", flat=True).first()
        )
        if position is None:
            return None
        later = Task.objects.filter(workflow_tasks__workflow=workflow, workflow_tasks__sort_order__gt=position)
        return later.filter(active=True).order_by("workflow_tasks__sort_order").first()

    class Meta:
        verbose_name = gettext_lazy("confidentiality review task")
        verbose_name_plural = gettext_lazy("confidentiality review tasks")


def review_workflow_for(page):
    """The active workflow that holds ``page`` for confidentiality review, or None.

    For a page being created, pass its parent: a new page follows its parent's workflow.
    """
    workflow = page.get_workflow()
    if workflow is None:
        return None
    held = ConfidentialityReviewTask.objects.filter(active=True, workflow_tasks__workflow=workflow).exists()
    return workflow if held else None


# Names are looked up again on later runs, so they are made in the site's language, not in
# whatever language the current request or command happens to use; gettext_noop marks them for the catalogue.
def _in_site_language(message, **values):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message) % values if values else gettext(message)


def review_workflow_name(organization):
    name = _in_site_language(gettext_noop("Review before publishing: %(organization)s"), organization=organization.name)
    return name[:255]


def confidentiality_reviewer_group_name(organization):
    name = _in_site_language(
        gettext_noop("Confidentiality reviewers: %(organization)s"), organization=organization.name
    )
    return name[:150]


def publishing_approver_group_name(organization):
    name = _in_site_language(gettext_noop("Publishing approvers: %(organization)s"), organization=organization.name)
    return name[:150]


def confidentiality_review_task_name():
    return _in_site_language(gettext_noop("Confidentiality review"))


def publishing_approval_task_name():
    return _in_site_language(gettext_noop("Publishing approval"))


@dataclass
class ReviewSetup:
    """What ``setup_review`` did for one site's standard columns."""

    #: The organization's review workflow, or None when review is off and there never was one.
    workflow: Workflow | None = None
    #: The workflow, its two tasks and its two groups were made in this run.
    created: bool = False
    #: Columns given the workflow in this run; the pages under them follow it too.
    assigned: list = field(default_factory=list)
    #: Columns the workflow was taken off because settings now exempt them.
    removed: list = field(default_factory=list)
    #: What was left alone, one sentence per column: columns under another workflow.
    notes: list = field(default_factory=list)

    @property
    def changed(self):
        return self.created or bool(self.assigned) or bool(self.removed)


def exempt_codes():
    """The column codes that publish without review; every code when review is switched off."""
    return None if not gk_settings.REVIEW_WORKFLOW else frozenset(gk_settings.REVIEW_EXEMPT_COLUMNS)


def reviewed_roots(columns, exempt):
    """The highest columns whose subtree holds no exempt column: the workflow goes on these.

    Wagtail applies the workflow of a page's nearest ancestor that has one, so a workflow on a
    column covers the columns under it; a column above an exempt one cannot carry it, or the exempt
    column would inherit it. Without exemptions this is the one top column, 政府信息公开.
    """
    if exempt is None:
        return []
    exempt_paths = [column.path for column in columns if column.column_code in exempt]
    roots = []
    for column in sorted(columns, key=lambda column: column.path):
        clean = not any(path.startswith(column.path) for path in exempt_paths)
        if clean and not any(column.path.startswith(root.path) for root in roots):
            roots.append(column)
    return roots


def setup_review(organization, columns, section):
    """Give ``columns`` (one site's standard columns) the review workflow of ``organization``.

    ``section`` is the site's top column (政府信息公开), on which the publishing approvers get their
    page permissions. Safe to run again: the workflow, tasks and groups are found by their names and
    made only when the workflow is missing. A column whose workflow was set by hand, or that
    follows the workflow of a column above it, is left alone and named in ``notes``. A workflow
    inherited from a page that is not a column (Wagtail's default one on the root, or one on the
    home page) gives way to the review; ``notes`` say so.
    """
    review = ReviewSetup()
    columns = sorted(columns, key=lambda column: column.path)
    exempt = exempt_codes()
    roots = reviewed_roots(columns, exempt)
    workflow = Workflow.objects.filter(name=review_workflow_name(organization)).first()
    if workflow is None and roots:
        workflow = _create_workflow(organization)
        review.created = True
    review.workflow = workflow
    if workflow is None:
        return review
    if roots:
        _grant_publishers(organization, section)
        if not workflow.active:
            review.notes.append(
                gettext(
                    "The workflow “%(workflow)s” is disabled under Settings → Workflows, so no column is held for "
                    "review. Enable it, or set GK_WAGTAIL_REVIEW_WORKFLOW = False."
                )
                % {"workflow": workflow.name}
            )
            return review
    root_ids = {root.pk for root in roots}
    own = {
        assignment.page_id: assignment
        for assignment in WorkflowPage.objects.filter(page__in=[column.pk for column in columns]).select_related(
            "workflow"
        )
    }
    exempt_paths = [column.path for column in columns if exempt is None or column.column_code in exempt]
    for column in columns:
        assignment = own.get(column.pk)
        if assignment is not None and assignment.workflow_id != workflow.pk:
            if roots:
                review.notes.append(
                    gettext("“%(title)s” (%(code)s) keeps the workflow “%(workflow)s” it was given by hand.")
                    % {"title": column.title, "code": column.column_code, "workflow": assignment.workflow.name}
                )
            continue
        if column.pk in root_ids:
            if assignment is not None:
                continue
            above = _governing_assignment(column)
            if above is not None and above.workflow_id != workflow.pk:
                if above.page.specific_class is ColumnPage:
                    review.notes.append(
                        gettext(
                            "“%(title)s” (%(code)s) follows the workflow “%(workflow)s” of the column “%(page)s”, so it "
                            "was not given “%(review)s”."
                        )
                        % {
                            "title": column.title,
                            "code": column.column_code,
                            "workflow": above.workflow.name,
                            "page": above.page.title,
                            "review": workflow.name,
                        }
                    )
                    continue
                review.notes.append(
                    gettext("“%(title)s” (%(code)s) no longer follows the workflow “%(workflow)s” of “%(page)s”.")
                    % {
                        "title": column.title,
                        "code": column.column_code,
                        "workflow": above.workflow.name,
                        "page": above.page.title,
                    }
                )
            WorkflowPage.objects.create(page=column, workflow=workflow)
            review.assigned.append(column)
        elif assignment is not None and any(path.startswith(column.path) for path in exempt_paths):
            # Left in place, the workflow would hold the exempt column below (or this one) for review.
            assignment.delete()
            review.removed.append(column)
    return review


def _governing_assignment(page):
    """The assignment of the active workflow ``page`` inherits from its nearest ancestor, if any."""
    return (
        WorkflowPage.objects.filter(
            page__in=Page.objects.ancestor_of(page).values("pk"),
            workflow__active=True,
        )
        .select_related("page", "workflow")
        .order_by("-page__depth")
        .first()
    )


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _create_workflow(organization):
    reviewers, _created = Group.objects.get_or_create(name=confidentiality_reviewer_group_name(organization))
    publishers, _created = Group.objects.get_or_create(name=publishing_approver_group_name(organization))
    for group in (reviewers, publishers):
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
    workflow = Workflow.objects.create(name=review_workflow_name(organization))
    confidentiality = ConfidentialityReviewTask.objects.create(name=confidentiality_review_task_name())
    confidentiality.groups.add(reviewers)
    approval = GroupApprovalTask.objects.create(name=publishing_approval_task_name())
    approval.groups.add(publishers)
    WorkflowTask.objects.create(workflow=workflow, task=confidentiality, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    return workflow


def _grant_publishers(organization, section):
    publishers = Group.objects.filter(name=publishing_approver_group_name(organization)).first()
    if publishers is None:
        # Removed by an administrator who gave the approval step to another group.
        return
    for codename in PUBLISHER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=publishers, page=section, permission=_permission("wagtailcore", codename)
        )
