"""Village editors edit only their own village; township reviewers only their own villages."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage

from gk_wagtail.models import Organization
from gk_wagtail.setup.villages import (
    VillageSetupError,
    setup_township_reviewers,
    setup_village_groups,
    township_page_for,
    township_reviewer_group_name,
    village_editor_group_name,
)
from tests.factories import (
    ensure_wagtail_roots,
    make_column,
    make_entry,
    make_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
)


@pytest.fixture
def villages(db):
    """Township 示范镇 with 东岭村 and 西岭村, township 南山镇 with 南山村, each with one entry."""
    ensure_wagtail_roots()
    home = make_site().root_page
    first, second = make_township("示范镇"), make_township("南山镇")
    first_column, second_column = make_township_column(home, first), make_township_column(home, second)
    pages = {}
    for column, township, name in [
        (first_column, first, "东岭村"),
        (first_column, first, "西岭村"),
        (second_column, second, "南山村"),
    ]:
        index_page = make_village_page(column, make_village(township, name))
        pages[name] = (index_page, make_entry(index_page, f"{name}3月财务公开"))
    return {"home": home, "townships": (first, second), "columns": (first_column, second_column), "pages": pages}


def editors_of(name):
    return Group.objects.get(name=village_editor_group_name(Organization.objects.get(name=name)))


def reviewers_of(name):
    return Group.objects.get(name=township_reviewer_group_name(Organization.objects.get(name=name)))


def member_of(group, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "password")
    user.groups.add(group)
    return user


def edit_status(client, user, page):
    """The status of the page's edit view, asked for as the admin's own scripts ask (Wagtail answers 403).

    A browser's plain request for a page it may not edit is redirected to the dashboard with an
    error message instead; ``test_a_browser_is_sent_back_to_the_dashboard`` checks that.
    """
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code


def test_a_village_editor_edits_its_own_village_only(client, villages):
    setup_village_groups()
    editor = member_of(editors_of("东岭村"), "dongling")
    own_index, own_entry = villages["pages"]["东岭村"]
    assert edit_status(client, editor, own_entry) == 200
    assert edit_status(client, editor, own_index) == 200
    assert edit_status(client, editor, villages["pages"]["西岭村"][1]) == 403
    assert edit_status(client, editor, villages["pages"]["南山村"][1]) == 403
    assert edit_status(client, editor, villages["columns"][0]) == 403


def test_a_browser_is_sent_back_to_the_dashboard_without_the_page(client, villages):
    setup_village_groups()
    client.force_login(member_of(editors_of("东岭村"), "dongling"))
    other_entry = villages["pages"]["西岭村"][1]
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other_entry.pk]), follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert other_entry.title not in response.content.decode()


def test_a_village_editor_submits_for_review_and_cannot_publish(villages):
    setup_village_groups()
    editor = member_of(editors_of("东岭村"), "dongling")
    permissions = villages["pages"]["东岭村"][1].permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()
    workflow = villages["pages"]["东岭村"][1].get_workflow()
    assert workflow is not None
    assert list(workflow.tasks.first().specific.groups.all()) == [reviewers_of("示范镇")]


def test_a_township_reviewer_edits_and_publishes_its_villages_only(client, villages):
    setup_village_groups()
    reviewer = member_of(reviewers_of("示范镇"), "shifan")
    for name in ("东岭村", "西岭村"):
        assert edit_status(client, reviewer, villages["pages"][name][1]) == 200
        assert villages["pages"][name][1].permissions_for_user(reviewer).can_publish()
    assert edit_status(client, reviewer, villages["pages"]["南山村"][1]) == 403
    assert edit_status(client, reviewer, villages["pages"]["南山村"][0]) == 403


def test_only_township_reviewers_see_the_schedule_fields(client, villages):
    setup_village_groups()
    index_page = villages["pages"]["东岭村"][0]
    client.force_login(member_of(editors_of("东岭村"), "dongling"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[index_page.pk])).content.decode()
    assert 'name="finance_frequency"' not in html and 'name="village"' not in html
    client.force_login(member_of(reviewers_of("示范镇"), "shifan"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[index_page.pk])).content.decode()
    assert 'name="finance_frequency"' in html


def test_setting_up_twice_changes_nothing(villages):
    setup_village_groups()
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count())
    setup_village_groups()
    assert (Group.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count()) == counts
    groups = [
        editors_of("东岭村"),
        editors_of("西岭村"),
        editors_of("南山村"),
        reviewers_of("示范镇"),
        reviewers_of("南山镇"),
    ]
    assert GroupPagePermission.objects.filter(group__in=groups).values("group").distinct().count() == 5


def test_the_township_page_is_the_column_holding_its_villages(villages):
    first, second = villages["townships"]
    assert township_page_for(first).pk == villages["columns"][0].pk
    assert township_page_for(second).pk == villages["columns"][1].pk


def test_a_column_shared_with_another_townships_village_is_refused_and_nothing_is_written(villages):
    first, second = villages["townships"]
    # 北山村 of 南山镇 filed under 示范镇's column by mistake.
    make_village_page(villages["columns"][0], make_village(second, "北山村"))
    with pytest.raises(VillageSetupError, match="北山村"):
        township_page_for(first)
    groups_before = Group.objects.count()
    with pytest.raises(VillageSetupError):
        setup_village_groups()
    assert Group.objects.count() == groups_before
    assert not GroupPagePermission.objects.filter(page__in=villages["columns"]).exists()


def test_a_township_whose_villages_sit_directly_under_the_home_page_is_refused(villages):
    township = make_township("孤岭镇")
    home = villages["home"]
    make_village_page(make_column(home, "孤岭村村务", "guling"), make_village(township, "孤岭村"))
    make_village_page(make_column(home, "远岭村村务", "yuanling"), make_village(township, "远岭村"))
    with pytest.raises(VillageSetupError, match="no column of their own"):
        setup_township_reviewers(township)


def test_the_command_reports_the_groups_and_refuses_a_bad_tree(villages):
    out = StringIO()
    call_command("gk_village_groups", stdout=out)
    assert f"{editors_of('东岭村').name} → 东岭村" in out.getvalue()
    assert "5" in out.getvalue().splitlines()[-1]
    make_village_page(villages["columns"][0], make_village(villages["townships"][1], "北山村"))
    with pytest.raises(CommandError, match="北山村"):
        call_command("gk_village_groups")
