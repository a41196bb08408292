"""A village clerk reads other villages' live pages but not their drafts: not in the page chooser, not in the bulk actions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from gk_wagtail.models import Organization, VillageAffairsPage
from gk_wagtail.setup.villages import setup_village_groups, village_editor_group_name
from tests.factories import (
    ensure_wagtail_roots,
    make_entry,
    make_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
)

OWN_DRAFT = "东岭村4月财务公开（草稿）"
OTHER_DRAFT = "西岭村4月财务公开（草稿）"
OTHER_LIVE = "西岭村3月财务公开"


@pytest.fixture
def villages(db):
    """示范镇 with 东岭村 and 西岭村, each with a live March entry and a draft April entry."""
    ensure_wagtail_roots()
    township = make_township("示范镇")
    column = make_township_column(make_site().root_page, township)
    pages = {}
    for name in ("东岭村", "西岭村"):
        index_page = make_village_page(column, make_village(township, name))
        make_entry(index_page, f"{name}3月财务公开")
        draft = make_entry(index_page, f"{name}4月财务公开（草稿）", period=(2024, "month", 4), live=False)
        pages[name] = (index_page, draft)
    setup_village_groups()
    return pages


@pytest.fixture
def clerk(client, villages):
    """A 东岭村 clerk, logged in."""
    user = get_user_model().objects.create_user("dongling", "dongling@example.com", "password")
    user.groups.add(Group.objects.get(name=village_editor_group_name(Organization.objects.get(name="东岭村"))))
    client.force_login(user)
    return user


def chooser_html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    # Browsing answers the modal's JSON; searching, the HTML of its results.
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def test_the_chooser_lists_live_pages_and_only_the_clerks_own_drafts(client, villages, clerk):
    own_index, _own_draft = villages["东岭村"]
    other_index, _other_draft = villages["西岭村"]
    html = chooser_html(client, reverse("wagtailadmin_choose_page_child", args=[other_index.pk]))
    assert OTHER_LIVE in html
    assert OTHER_DRAFT not in html
    assert OWN_DRAFT in chooser_html(client, reverse("wagtailadmin_choose_page_child", args=[own_index.pk]))


def test_the_chooser_search_finds_no_other_villages_drafts(client, villages, clerk):
    html = chooser_html(client, reverse("wagtailadmin_choose_page_search"), q="4月财务公开")
    assert OWN_DRAFT in html
    assert OTHER_DRAFT not in html
    html = chooser_html(client, reverse("wagtailadmin_choose_page_search"), q="3月财务公开")
    assert OTHER_LIVE in html


def test_a_superuser_sees_every_draft_in_the_chooser(client, villages):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))
    other_index, _other_draft = villages["西岭村"]
    assert OTHER_DRAFT in chooser_html(client, reverse("wagtailadmin_choose_page_child", args=[other_index.pk]))


def bulk_url(action, *ids, **params):
    query = "&".join([f"id={page_id}" for page_id in ids] + [f"{key}={value}" for key, value in params.items()])
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + "?" + query


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_bulk_actions_do_not_list_another_villages_draft(client, villages, clerk, action):
    other_index, other_draft = villages["西岭村"]
    assert client.get(bulk_url(action, other_draft.pk)).status_code == 404
    # The listing's "select all" asks for every child of a page.
    response = client.get(bulk_url(action, "all", childOf=other_index.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert OTHER_DRAFT not in html
    assert OTHER_LIVE in html  # live, and listed as a page the clerk may not act on


def test_bulk_actions_still_list_the_clerks_own_draft(client, villages, clerk):
    _own_index, own_draft = villages["东岭村"]
    response = client.get(bulk_url("delete", own_draft.pk))
    assert response.status_code == 200
    assert OWN_DRAFT in response.content.decode()


def test_a_clerk_cannot_delete_or_publish_another_villages_draft(client, villages, clerk):
    other_index, other_draft = villages["西岭村"]
    client.post(bulk_url("publish", other_draft.pk), {"include_descendants": ""})
    client.post(bulk_url("delete", "all", childOf=other_index.pk))
    client.post(bulk_url("publish", "all", childOf=other_index.pk), {"include_descendants": "on"})
    other_draft.refresh_from_db()
    assert not other_draft.live
    assert VillageAffairsPage.objects.child_of(other_index).count() == 2
