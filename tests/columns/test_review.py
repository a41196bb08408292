"""先审后发: the scaffolded columns hold every page for 保密审查 and then 审核发布 before it goes live."""

from io import StringIO

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import checks
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    PageLogEntry,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from gk_wagtail.checks import check_review_workflow
from gk_wagtail.models import ColumnPage, ConfidentialityReviewTask, PolicyDocumentPage
from gk_wagtail.setup.columns import setup_columns
from gk_wagtail.setup.workflows import (
    confidentiality_review_task_name,
    confidentiality_reviewer_group_name,
    publishing_approval_task_name,
    publishing_approver_group_name,
    review_workflow_for,
    review_workflow_name,
)
from tests.factories import (
    login_in_english,
    make_column,
    make_county,
    make_department,
    make_policy,
    make_site,
    make_township,
)


@pytest.fixture
def county(db):
    county = make_county()
    make_department(county)
    make_township("示范镇人民政府", parent=county)
    return county


@pytest.fixture
def site(county):
    return make_site()


def column(code, site):
    return ColumnPage.objects.descendant_of(site.root_page).get(column_code=code)


def standard_columns(site):
    return list(ColumnPage.objects.descendant_of(site.root_page).exclude(column_code=""))


def user_in(group, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "password")
    user.groups.add(group)
    return user


def clerk_of(page):
    """A user of a group that adds and changes pages under ``page`` but may not publish them."""
    group = Group.objects.create(name=f"Editors: {page.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return user_in(group, "clerk")


def policy_form(county, action, **overrides):
    data = {
        "title": "示范县农村危房改造补助办法",
        "slug": "weifang-gaizao",
        "document_kind": "normative_document",
        "issuing_organ": county.pk,
        "document_number": "示府规〔2025〕1号",
        "date_published": "2025-06-03",
        "validity": "valid",
        "disclosure_attribute": "public",
        "keywords": "危房改造",
        "body": streamfield([("rich_text", rich_text("<p>为做好农村危房改造工作，制定本办法。</p>"))]),
        "attachments": streamfield([]),
        action: action,
    }
    data.update(overrides)
    return nested_form_data(data)


def add_policy(client, parent, county, action):
    url = reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", parent.pk))
    return client.post(url, policy_form(county, action))


def approve(client, user, page, comment=""):
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": comment})
    assert response.status_code == 302
    return task_state


def test_the_columns_get_one_two_step_workflow_on_the_top_column(county, site):
    result = setup_columns(site, county)

    workflow = Workflow.objects.get(name=review_workflow_name(county))
    assert [column.column_code for column in result.review.assigned] == ["gkzl"]
    assert WorkflowPage.objects.get(workflow=workflow).page.pk == column("gkzl", site).pk
    assert all(page.get_workflow() == workflow for page in standard_columns(site))
    first, second = [task.specific for task in workflow.tasks]
    assert (type(first), first.name) == (ConfidentialityReviewTask, confidentiality_review_task_name())
    assert (type(second), second.name) == (GroupApprovalTask, publishing_approval_task_name())
    assert [group.name for group in first.groups.all()] == [confidentiality_reviewer_group_name(county)]
    assert [group.name for group in second.groups.all()] == [publishing_approver_group_name(county)]
    publishers = Group.objects.get(name=publishing_approver_group_name(county))
    assert GroupPagePermission.objects.filter(group=publishers, page=column("gkzl", site)).count() == 5


def test_a_clerks_policy_goes_live_only_after_confidentiality_review_and_publishing_approval(client, county, site):
    setup_columns(site, county)
    policies = column("zcwj", site)
    clerk = clerk_of(policies)
    reviewer = user_in(Group.objects.get(name=confidentiality_reviewer_group_name(county)), "baomi")
    publisher = user_in(Group.objects.get(name=publishing_approver_group_name(county)), "fabu")

    client.force_login(clerk)
    assert add_policy(client, policies, county, "action-submit").status_code == 302
    page = PolicyDocumentPage.objects.get(slug="weifang-gaizao")
    assert not page.live
    assert page.current_workflow_task.specific.name == confidentiality_review_task_name()

    # The publisher's step has not come yet, and nobody publishes past the review.
    assert page.current_workflow_task.specific.get_actions(page, publisher) == []
    first = approve(client, reviewer, page, comment="经审查，不涉及国家秘密、工作秘密和个人隐私。")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.specific.name == publishing_approval_task_name()

    second = approve(client, publisher, page)
    page.refresh_from_db()
    assert page.live

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.finished_by, first.comment) == (
        TaskState.STATUS_APPROVED,
        reviewer,
        "经审查，不涉及国家秘密、工作秘密和个人隐私。",
    )
    assert first.finished_at is not None and second.finished_by == publisher
    approvals = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").order_by("timestamp", "pk")
    assert [(entry.user, entry.data["workflow"]["task"]["title"]) for entry in approvals] == [
        (reviewer, confidentiality_review_task_name()),
        (publisher, publishing_approval_task_name()),
    ]

    # The page history in the admin names the step, who approved it and when.
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    login_in_english(client, admin)
    html = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert f"Approved at &#x27;{confidentiality_review_task_name()}&#x27;" in html
    assert "baomi" in html and "fabu" in html


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_reviewer_who_may_not_edit_the_page_is_back_on_the_dashboard_after_acting_in_the_editor(
    client, county, site, action
):
    setup_columns(site, county)
    policies = column("zcwj", site)
    client.force_login(clerk_of(policies))
    assert add_policy(client, policies, county, "action-submit").status_code == 302
    page = PolicyDocumentPage.objects.get(slug="weifang-gaizao")
    reviewer = user_in(Group.objects.get(name=confidentiality_reviewer_group_name(county)), "baomi")
    login_in_english(client, reviewer)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The task lets the reviewer into the editor while the page waits for them.
    assert client.get(edit).status_code == 200
    form = policy_form(
        county,
        "action-workflow-action",
        **{"workflow-action-name": action, "workflow-action-extra-data": '{"comment": "请删去联系人手机号。"}'},
    )
    response = client.post(edit, form, follow=True)
    errors = [str(message) for message in response.context["messages"] if message.level == messages.ERROR]
    assert errors == []
    # Straight there: Wagtail's way back, the column's listing, is closed to the reviewer too.
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    if action == "approve":
        assert page.current_workflow_task.specific.name == publishing_approval_task_name()
    else:
        assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_nobody_publishes_directly_where_pages_are_reviewed(client, county, site):
    setup_columns(site, county)
    policies = column("zcwj", site)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    login_in_english(client, admin)

    edit_html = client.get(reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", policies.pk)))
    assert 'name="action-publish"' not in edit_html.content.decode()
    assert 'name="action-submit"' in edit_html.content.decode()

    response = add_policy(client, policies, county, "action-publish")
    page = PolicyDocumentPage.objects.get(slug="weifang-gaizao")
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.get_latest_revision() is not None  # kept as a draft
    assert client.get(page.url).status_code == 404

    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk}?id={page.pk}", {"include_descendants": ""})
    # The home page is not held, but publishing it with its child pages would publish the draft.
    response = client.post(f"{bulk}?id={site.root_page.pk}", {"include_descendants": "on"})
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Nothing was published: 1 draft under the selected pages" in messages[-1]
    page.refresh_from_db()
    assert not page.live


def test_a_live_copy_into_a_reviewed_column_is_refused(client, county, site):
    setup_columns(site, county)
    exempt_page = make_policy(site.root_page, county, title="首页上的旧文件")
    login_in_english(client, get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))
    url = reverse("wagtailadmin_pages:copy", args=[exempt_page.pk])
    data = {"new_title": "复制的文件", "new_slug": "copied", "new_parent_page": column("zcwj", site).pk}
    client.post(url, {**data, "publish_copies": "on"})
    assert not PolicyDocumentPage.objects.filter(slug="copied").exists()
    client.post(url, data)
    assert not PolicyDocumentPage.objects.get(slug="copied").live


@override_settings(GK_WAGTAIL_REVIEW_EXEMPT_COLUMNS=("zcwj", "gknb"))
def test_an_exempt_column_publishes_directly(client, county, site):
    result = setup_columns(site, county)

    assert review_workflow_for(column("zcwj", site)) is None
    assert review_workflow_for(column("gknb", site)) is None
    # The columns above an exempt one cannot carry the workflow; their other columns carry it each.
    assert review_workflow_for(column("gkzl", site)) is None
    workflow = Workflow.objects.get(name=review_workflow_name(county))
    assert column("zcjd", site).get_workflow() == workflow
    assert column("bmxxgk", site).get_workflow() == workflow
    assert "gkzl" not in [page.column_code for page in result.review.assigned]

    publisher = user_in(Group.objects.get(name=publishing_approver_group_name(county)), "fabu")
    login_in_english(client, publisher)
    add_policy(client, column("zcwj", site), county, "action-publish")
    assert PolicyDocumentPage.objects.get(slug="weifang-gaizao").live


@override_settings(GK_WAGTAIL_REVIEW_WORKFLOW=False)
def test_with_review_switched_off_no_workflow_is_assigned(county, site):
    result = setup_columns(site, county)
    assert not WorkflowPage.objects.filter(page__in=standard_columns(site)).exists()
    assert not Workflow.objects.filter(name=review_workflow_name(county)).exists()
    assert not ConfidentialityReviewTask.objects.exists()
    assert not Group.objects.filter(name=confidentiality_reviewer_group_name(county)).exists()
    assert result.review.workflow is None
    assert review_workflow_for(column("zcwj", site)) is None


def snapshot():
    return (
        list(WorkflowPage.objects.order_by("page_id").values_list("page_id", "workflow_id")),
        Workflow.objects.count(),
        Task.objects.count(),
        WorkflowTask.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_a_second_run_makes_no_second_workflow_task_or_group(county, site):
    out = StringIO()
    call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code, stdout=out)
    assert f"Created the workflow “{review_workflow_name(county)}”" in out.getvalue()
    assert "“政府信息公开” (gkzl) and the pages under it now go through" in out.getvalue()
    before = snapshot()
    out = StringIO()
    call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code, stdout=out)
    assert "Nothing to change" in out.getvalue()
    assert snapshot() == before


def test_a_workflow_given_by_hand_is_kept_and_named(county, site):
    setup_columns(site, county)
    own = Workflow.objects.create(name="政策文件会签")
    WorkflowPage.objects.create(page=column("zcwj", site), workflow=own)
    out = StringIO()
    call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code, stdout=out)
    assert "“政策文件” (zcwj) keeps the workflow “政策文件会签” it was given by hand." in out.getvalue()
    assert column("zcwj", site).get_workflow() == own


def test_columns_under_another_columns_workflow_are_not_given_the_review(county, site):
    section = make_column(site.root_page, "信息公开", "")
    make_column(section, "政府信息公开", "gkzl")
    own = Workflow.objects.create(name="信息公开会签")
    WorkflowPage.objects.create(page=section, workflow=own)
    result = setup_columns(site, county)
    assert not result.review.assigned
    assert column("zcwj", site).get_workflow() == own
    assert "“政府信息公开” (gkzl) follows the workflow “信息公开会签” of the column “信息公开”" in result.notes[-1]


def test_a_workflow_on_the_home_page_gives_way_to_the_review(county, site):
    WorkflowPage.objects.create(page=site.root_page, workflow=Workflow.objects.create(name="全站审核"))
    result = setup_columns(site, county)
    assert column("zcwj", site).get_workflow().name == review_workflow_name(county)
    assert "“政府信息公开” (gkzl) no longer follows the workflow “全站审核” of “示范县人民政府”." in result.notes


def test_exempting_a_column_later_takes_the_workflow_off_the_columns_above_it(county, site):
    setup_columns(site, county)
    with override_settings(GK_WAGTAIL_REVIEW_EXEMPT_COLUMNS=("zcwj",)):
        out = StringIO()
        call_command("gk_setup_columns", "--site", "localhost", "--organ", county.credit_code, stdout=out)
    assert "“政府信息公开” (gkzl) is exempt from review" in out.getvalue()
    assert review_workflow_for(column("zcwj", site)) is None
    assert column("zcjd", site).get_workflow().name == review_workflow_name(county)
    # Switched off, review is taken off every column; the workflow stays for pages in moderation.
    with override_settings(GK_WAGTAIL_REVIEW_WORKFLOW=False):
        result = setup_columns(site, county)
    assert result.review.removed
    assert not WorkflowPage.objects.filter(page__in=standard_columns(site)).exists()
    assert Workflow.objects.filter(name=review_workflow_name(county)).exists()


# --- what the review needs from Wagtail's settings ------------------------------------------------

UNSET = object()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),  # the test settings, as the example site's: re-review after an edit
        ({"WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT": False}, ["gk_wagtail.W070"]),
        ({"WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT": UNSET}, ["gk_wagtail.W070"]),  # Wagtail's default
        ({"WAGTAIL_WORKFLOW_ENABLED": False}, ["gk_wagtail.W071"]),
        ({"GK_WAGTAIL_REVIEW_WORKFLOW": False, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT": False}, []),
    ],
)
def test_the_review_is_warned_about_when_wagtail_would_let_a_change_skip_it(settings, changes, expected):
    for name, value in changes.items():
        if value is UNSET:
            delattr(settings, name)
        else:
            setattr(settings, name, value)

    assert [message.id for message in check_review_workflow(None)] == expected
    registered = [message.id for message in checks.run_checks(tags=[checks.Tags.compatibility])]
    assert [id_ for id_ in registered if id_ in ("gk_wagtail.W070", "gk_wagtail.W071")] == expected


def changed_after_review_and_approved(client, county, site):
    """A policy past 保密审查 whose 审核发布 asks for a change, which the clerk makes and 审核发布 approves."""
    setup_columns(site, county)
    policies = column("zcwj", site)
    clerk = clerk_of(policies)
    reviewer = user_in(Group.objects.get(name=confidentiality_reviewer_group_name(county)), "baomi")
    publisher = user_in(Group.objects.get(name=publishing_approver_group_name(county)), "fabu")
    client.force_login(clerk)
    add_policy(client, policies, county, "action-submit")
    page = PolicyDocumentPage.objects.get(slug="weifang-gaizao")
    approve(client, reviewer, page)

    page.refresh_from_db()
    client.force_login(publisher)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", page.current_workflow_task_state.pk])
    assert client.post(url, {"comment": "请补充联系人。"}).status_code == 302
    client.force_login(clerk)
    changed = policy_form(
        county,
        "action-submit",
        body=streamfield([("rich_text", rich_text("<p>为做好农村危房改造工作，制定本办法。联系人：张三。</p>"))]),
    )
    assert client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), changed).status_code == 302
    page.refresh_from_db()
    assert "联系人：张三" in str(page.get_latest_revision_as_object().body)
    # Wagtail resumes at the step that asked for the change, whatever the setting.
    assert page.current_workflow_task.specific.name == publishing_approval_task_name()

    approve(client, publisher, page)
    page.refresh_from_db()
    return page, reviewer, publisher


def test_a_change_after_review_goes_back_to_review_with_reapproval_on(client, settings, county, site):
    settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

    page, reviewer, publisher = changed_after_review_and_approved(client, county, site)

    # 保密审查 approved an older version: 审核发布's approval sends the change back to it, and
    # 审核发布 then approves the version 保密审查 passed.
    assert not page.live
    assert page.current_workflow_task.specific.name == confidentiality_review_task_name()
    approve(client, reviewer, page)
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.specific.name == publishing_approval_task_name()
    approve(client, publisher, page)
    page.refresh_from_db()
    assert page.live and "联系人：张三" in str(page.body)


def test_without_reapproval_a_change_after_review_is_published_unreviewed(client, settings, county, site):
    settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False

    page, _reviewer, _publisher = changed_after_review_and_approved(client, county, site)

    # What gk_wagtail.W070 warns about: 保密审查 never saw the contact name that went live.
    assert page.live and "联系人：张三" in str(page.body)
