"""Every admin screen of the package: one URL namespace, a permission check, and menu items shown only to those who may open them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks

from gk_wagtail import admin_urls

# Screens of one page are tested with such a page (test_interpretation_prefill.py).
SCREENS = sorted(pattern.name for pattern in admin_urls.urlpatterns if not pattern.pattern.converters)


def test_every_screen_lives_under_one_namespace_and_prefix():
    assert len(SCREENS) == len(set(SCREENS)) >= 8
    for name in SCREENS:
        assert reverse(f"gk_wagtail_admin:{name}").startswith("/admin/gk/")


@pytest.fixture
def clerk_without_pages(db):
    """Can log in to the admin, but may add, change or publish no page."""
    user = get_user_model().objects.create_user("clerk", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("name", SCREENS)
def test_a_clerk_without_page_permissions_is_refused_every_screen(client, clerk_without_pages, name):
    client.force_login(clerk_without_pages)
    response = client.get(reverse(f"gk_wagtail_admin:{name}"))
    # Wagtail turns a refusal into a redirect to the dashboard with a message, except for XHR.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    xhr = client.get(reverse(f"gk_wagtail_admin:{name}"), headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403


@pytest.mark.parametrize("name", SCREENS)
def test_a_superuser_opens_every_screen(client, db, name):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    assert client.get(reverse(f"gk_wagtail_admin:{name}")).status_code == 200


def _menu_items(hook_name):
    return [fn() for fn in hooks.get_hooks(hook_name) if fn.__module__ == "gk_wagtail.wagtail_hooks"]


@pytest.mark.parametrize("hook_name", ["register_reports_menu_item", "register_admin_menu_item"])
def test_menu_items_are_hidden_from_a_clerk_without_page_permissions(clerk_without_pages, hook_name):
    items = _menu_items(hook_name)
    assert items
    request = RequestFactory().get("/admin/")
    request.user = clerk_without_pages
    assert [item.label for item in items if item.is_shown(request)] == []
    request.user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    assert len([item for item in items if item.is_shown(request)]) == len(items)
