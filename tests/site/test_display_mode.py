"""长辈版: a plain link sets a remembered cookie and comes back to the same page only; pages vary on Cookie."""

import pytest
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from gk_wagtail.site.display_mode import COOKIE_NAME, DisplayModeMiddleware
from tests.factories import make_column, make_county, make_site

pytestmark = pytest.mark.django_db

SWITCH = "/site/display-mode/"


@pytest.fixture
def column(db):
    return make_column(make_site(organization=make_county()).root_page, show_in_menus=True)


def body_classes(response):
    return BeautifulSoup(response.content.decode(), "html.parser").body["class"]


def test_the_switch_sets_the_cookie_and_returns_to_the_page(client, column):
    response = client.get(SWITCH, {"mode": "elder", "next": f"{column.url}?page=2"})
    assert response.status_code == 302
    assert response["Location"] == f"{column.url}?page=2"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "elder"
    assert int(cookie["max-age"]) >= 180 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    page = client.get(column.url)
    assert "gk-elder" in body_classes(page)
    html = page.content.decode()
    assert 'class="gk-elder-mode"' in html
    # The way back to 标准版 is on the page, leading back to it.
    back = BeautifulSoup(html, "html.parser").find("a", string="标准版")
    assert back["href"].startswith(SWITCH + "?mode=standard&next=")

    response = client.get(back["href"])
    assert response["Location"] == column.url
    assert response.cookies[COOKIE_NAME].value == ""  # deleted
    assert "gk-elder" not in body_classes(client.get(column.url))


def test_the_standard_page_offers_the_elder_version(client, column):
    html = BeautifulSoup(client.get(column.url).content.decode(), "html.parser")
    assert "gk-elder" not in html.body["class"]
    links = html.find_all("a", string="长辈版")
    assert len(links) == 2  # at the top and in the footer
    assert links[0]["href"] == f"{SWITCH}?mode=elder&next=%2F{column.slug}%2F"


def test_pages_that_show_a_mode_vary_on_cookie(client, column):
    assert "Cookie" in client.get(column.url)["Vary"]
    client.cookies[COOKIE_NAME] = "elder"
    assert "Cookie" in client.get(column.url)["Vary"]


def test_responses_that_show_no_mode_do_not_vary_on_cookie():
    request = RequestFactory().get("/api/v2/pages/", HTTP_COOKIE=f"{COOKIE_NAME}=elder")
    response = DisplayModeMiddleware(lambda request: HttpResponse("{}"))(request)
    assert not response.has_header("Vary")


def test_an_unknown_cookie_value_is_the_standard_version(client, column):
    client.cookies[COOKIE_NAME] = "<script>alert(1)</script>"
    response = client.get(column.url)
    assert "gk-elder" not in body_classes(response)
    assert "<script>alert(1)" not in response.content.decode()


HOSTILE_NEXT = [
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "https://evil.com",
    "http://testserver.evil.com/",
    "https:evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.com",
    "/\n/evil.com",
    " //evil.com",
    "evil.com",
    "/" + "x" * 5000,
    "",
]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_switch_never_leaves_the_site(client, next_url):
    response = client.get(SWITCH, {"mode": "elder", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_keeps_a_same_site_address_with_query_and_unicode(client):
    response = client.get(SWITCH, {"mode": "elder", "next": "/search/?q=财政 预算&sort=date"})
    assert response["Location"] == "/search/?q=%E8%B4%A2%E6%94%BF%20%E9%A2%84%E7%AE%97&sort=date"
    # A header break is never written into the Location header.
    response = client.get(SWITCH, {"mode": "elder", "next": "/a\r\nSet-Cookie: x=1"})
    assert response["Location"] == "/"


def test_an_absolute_address_on_this_very_host_is_refused_too(client):
    """Only paths are followed: the switch has no use for a host, so none is trusted."""
    response = client.get(SWITCH, {"mode": "elder", "next": "http://testserver/search/"})
    assert response["Location"] == "/"


def test_an_unknown_mode_is_the_standard_version(client):
    client.cookies[COOKIE_NAME] = "elder"
    response = client.get(SWITCH, {"mode": "bigger", "next": "/"})
    assert response.cookies[COOKIE_NAME].value == ""


@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_over_https(client):
    response = client.get(SWITCH, {"mode": "elder", "next": "/"}, secure=True)
    assert response.cookies[COOKIE_NAME]["secure"]


def test_without_the_middleware_no_switch_is_offered(client, column, settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "DisplayMode" not in name]
    client.cookies[COOKIE_NAME] = "elder"
    html = BeautifulSoup(client.get(column.url).content.decode(), "html.parser")
    assert "gk-elder" not in html.body["class"]
    assert html.find("a", string="长辈版") is None

    from django.core import checks

    ids = {message.id for message in checks.run_checks()}
    assert "gk_wagtail.W060" in ids
