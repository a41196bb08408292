"""404 and 500 pages: Chinese, in the shell, with the search box; the 500 page reads no database."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.views import defaults

from gk_wagtail.site import views
from gk_wagtail.site.display_mode import COOKIE_NAME, DisplayModeMiddleware
from tests.factories import make_column, make_county, make_site


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/no-such-page/", "/no-such-column/no-such-page/", "/site/no-such-view/"])
def test_a_missing_address_answers_the_chinese_404_page_in_the_shell(client, path):
    column = make_column(make_site(organization=make_county()).root_page, show_in_menus=True)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    html = page(response)
    assert html.h1.get_text() == "页面不存在"
    assert "Not Found" not in response.content.decode()
    assert html.select_one("header form[role=search] input[name=q]") is not None
    assert html.select_one("main form[role=search] input[name=q]") is not None
    assert html.select_one("nav.gk-site-nav").find("a", string=column.title) is not None
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_under_a_column_is_404_in_elder_mode_too(client):
    column = make_column(make_site(organization=make_county()).root_page)
    client.cookies[COOKIE_NAME] = "elder"
    response = client.get(column.url + "missing/")
    assert response.status_code == 404
    assert "gk-elder" in page(response).body["class"]


def _render_500(view, request):
    with translation.override("zh-hans"):
        return view(request)


# No database fixture: any query raises, as it would with the database down.
@pytest.mark.parametrize("view", [defaults.server_error, views.server_error])
def test_the_500_page_renders_without_the_database(view):
    request = RequestFactory().get("/some/page/")
    response = _render_500(view, request)
    assert response.status_code == 500
    html = page(response)
    assert html.h1.get_text() == "暂时无法显示此页面"
    assert html.select_one("header form[role=search]")["action"] == "/search/"
    assert html.select_one("a.gk-skip-link") is not None
    assert html.find(style=True) is None and not [s for s in html.find_all("script") if not s.get("src")]


def test_the_500_page_keeps_the_elder_version():
    request = RequestFactory().get("/", HTTP_COOKIE=f"{COOKIE_NAME}=elder")
    DisplayModeMiddleware(lambda request: None)(request)
    response = _render_500(views.server_error, request)
    assert "gk-elder" in page(response).body["class"]


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_a_refused_host_answers_the_chinese_400_page(client):
    make_site(organization=make_county())
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = page(response)
    assert html.h1.get_text() == "网址有误"
    assert "evil.example" not in response.content.decode()
    assert html.select_one("header form[role=search]") is not None


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_server_error_answers_the_chinese_500_page(client, monkeypatch):
    column = make_column(make_site(organization=make_county()).root_page)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(type(column), "get_context", broken)
    client.raise_request_exception = False
    response = client.get(column.url)
    assert response.status_code == 500
    assert page(response).h1.get_text() == "暂时无法显示此页面"
