"""Every public URL answers hostile query strings with a page or a 4xx, never a server error."""

import base64
import datetime

import pytest
from django.apps import apps
from django.db import transaction
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from gk_wagtail.formats.catalog_rows import Level
from gk_wagtail.models import ColumnPage, Theme
from gk_wagtail.setup.columns import setup_columns
from tests.factories import (
    budget_rows,
    import_rows,
    make_county,
    make_entry,
    make_interpretation,
    make_policy,
    make_response,
    make_search_site,
    make_township,
    make_township_column,
    make_village,
    make_village_page,
    seed_registers,
)

TOO_BIG = "99999999999999999999"
HOSTILE_VALUES = [
    TOO_BIG,
    "-1",
    "²",
    "١٢",  # Arabic-Indic digits: int() reads them, a database id never has them
    "1e5",
    "0x10",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "x" * 10_000,
    "../../etc/passwd",
    "",
    ["1", TOO_BIG],  # the same parameter twice
]
GENERIC_PARAMETERS = [
    "page",
    "offset",
    "limit",
    "year",
    "organ",
    "theme",
    "type",
    "validity",
    "sort",
    "search",
    "search_operator",
    "order",
    "fields",
    "date_published",
    "q",
]
#: What each kind of page reads besides the generic parameters.
PAGE_PARAMETERS = {
    "columnpage": ["issuing_organ"],
    "standardcatalogpage": ["level", "method"],
    "villageaffairsindexpage": ["category"],
    "villageaffairspage": ["paper"],
}
SEARCH_PARAMETERS = ["format"]
API_PARAMETERS = [
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "locale",
    "site",
    "rich_text_format",
    "first_published_at",
    "id",
    "html_path",
]


def build_public_site():
    """A county's site with the standard columns and one page of every public kind."""
    seed_registers()
    home = make_search_site()
    county = make_county()
    site = home.get_site()
    columns = setup_columns(site, county).columns
    theme = Theme.objects.create(name="财政、金融、审计")
    policy = make_policy(
        columns["zcwj"], county, title="示范县财政资金管理办法", theme=theme, date_published=datetime.date(2024, 3, 1)
    )
    make_interpretation(columns["zcjd"], county, [policy], title="图解：示范县财政资金管理办法")
    make_response(columns["hygq"], county, title="关于财政资金使用情况的回应")
    catalog = import_rows(county, "财政预决算", budget_rows(columns["czyjs"].get_full_url())).page
    township = make_township()
    village_page = make_village_page(make_township_column(home, township), make_village(township))
    make_entry(village_page, "2024年3月财务收支公开")
    # One page of each kind: pages of a kind share their code. For columns, the one listing documents.
    pages = {ColumnPage: policy.get_parent().specific}
    for page in Page.objects.live().public().descendant_of(home).specific():
        pages.setdefault(type(page), page)
    return {"home": home, "policy": policy, "catalog": catalog, "village_page": village_page, "pages": pages}


@pytest.fixture(scope="module")
def built_site(django_db_setup, django_db_blocker):
    """The site, built once for this module's tests inside a transaction rolled back after them.

    Each test still runs in its own savepoint (the ``db`` fixture), so none sees another's changes.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_public_site()
        transaction.set_rollback(True)


@pytest.fixture
def public_site(built_site, db):
    return built_site


def _page_url(page):
    return page.url, PAGE_PARAMETERS.get(page._meta.model_name, [])


def _catalog_download(site):
    catalog = site["catalog"]
    domain_id = catalog.catalog_domains.first().domain_id
    return catalog.url + catalog.reverse_subpage("xlsx", args=[domain_id]), ["layout"]


def _typed_listing(model):
    # With a type, the API filters by that type's own fields: dates, numbers, relations.
    return lambda site: (
        f"/api/v2/pages/?type={model._meta.label}",
        PagesAPIViewSet.get_available_fields(model, db_fields_only=True),
    )


PAGE_MODELS = [model for model in apps.get_app_config("gk_wagtail").get_models() if issubclass(model, Page)]
#: Every public URL of the site, by a name for the test ids: (URL, the parameters it reads).
PUBLIC_URLS = {
    **{model._meta.model_name: (lambda site, model=model: _page_url(site["pages"][model])) for model in PAGE_MODELS},
    "catalog download": _catalog_download,
    "search": lambda site: ("/search/", SEARCH_PARAMETERS),
    "search json": lambda site: ("/search/?q=财政&format=json", SEARCH_PARAMETERS),
    "search json by organ": lambda site: ("/search/?q=财政&format=json&organ=1", []),
    "search json by theme": lambda site: ("/search/?q=财政&format=json&theme=1", []),
    "api pages": lambda site: ("/api/v2/pages/", API_PARAMETERS),
    "api page": lambda site: (f"/api/v2/pages/{site['policy'].pk}/", API_PARAMETERS),
    "api find": lambda site: ("/api/v2/pages/find/", API_PARAMETERS),
    "api documents": lambda site: ("/api/v2/documents/", ["title", "id"]),
    "api images": lambda site: ("/api/v2/images/", ["title", "id", "width", "height"]),
    **{f"api pages of type {model._meta.model_name}": _typed_listing(model) for model in PAGE_MODELS},
}


def with_parameter(url, name, value):
    """The URL's own query parameters and ``name`` set to ``value`` (a list repeats the parameter)."""
    path, _, query = url.partition("?")
    params = {}
    for pair in filter(None, query.split("&")):
        key, _, own = pair.partition("=")
        params[key] = own
    params[name] = value
    return path, params


def test_the_walk_covers_every_kind_of_public_page(public_site):
    assert set(public_site["pages"]) == set(PAGE_MODELS)


@pytest.mark.parametrize("kind", PUBLIC_URLS)
def test_no_public_url_answers_a_hostile_value_with_a_server_error(client, public_site, kind):
    url, own_parameters = PUBLIC_URLS[kind](public_site)
    # Collect every failure instead of stopping at the first exception.
    client.raise_request_exception = False
    failures = []
    for name in dict.fromkeys(own_parameters + GENERIC_PARAMETERS):
        for value in HOSTILE_VALUES:
            path, params = with_parameter(url, name, value)
            status = client.get(path, params).status_code
            if status >= 500:
                failures.append(f"{url} {name}={str(value)[:40]!r}: {status}")
    assert not failures, "\n".join(failures)


def assert_bad_request(client, path, params, json=True):
    response = client.get(path, params)
    assert response.status_code == 400, (path, params, response.status_code)
    if json:
        assert response.json()["message"]
    return response


@pytest.mark.parametrize("name", ["organ", "theme"])
def test_search_numbers_past_the_database_range_are_bad_requests(client, public_site, name):
    assert_bad_request(client, "/search/", {"q": "财政", "format": "json", name: TOO_BIG})
    html = assert_bad_request(client, "/search/", {"q": "财政", name: TOO_BIG}, json=False)
    assert html["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "params",
    [
        {"offset": TOO_BIG},
        {"offset": "-1"},
        {"limit": "١٢"},
        {"search": "财政", "search_operator": "xor"},
        {"type": "gk_wagtail.PolicyDocumentPage", "date_published": "notadate"},
        {"type": "gk_wagtail.PolicyDocumentPage", "date_published": "2024-02-30"},
        {"type": "gk_wagtail.PolicyDocumentPage", "id": TOO_BIG},
        {"type": "gk_wagtail.VillageAffairsPage", "period_year": "²"},
        {"type": "gk_wagtail.VillageAffairsPage", "finance_rows": "x"},
        {"first_published_at": "notadate"},
        {"id": TOO_BIG},
        {"child_of": "²"},
        {"show_in_menus": "maybe"},
    ],
)
def test_api_bad_values_are_bad_requests_with_a_message(client, public_site, params):
    assert_bad_request(client, "/api/v2/pages/", params)


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_api_media_offsets_past_the_range_are_bad_requests(client, public_site, endpoint):
    assert_bad_request(client, f"/api/v2/{endpoint}/", {"offset": TOO_BIG})
    assert_bad_request(client, f"/api/v2/{endpoint}/", {"id": "0x10"})


def test_api_good_values_still_filter(client, public_site):
    policy = public_site["policy"]
    found = client.get(
        "/api/v2/pages/",
        {
            "type": "gk_wagtail.PolicyDocumentPage",
            "date_published": "2024-03-01",
            "id": policy.pk,
        },
    )
    assert [item["id"] for item in found.json()["items"]] == [policy.pk]
    assert client.get("/api/v2/pages/", {"search": "财政", "search_operator": "and", "offset": "0"}).status_code == 200
    assert client.get(f"/api/v2/pages/find/?id={policy.pk}").status_code == 302


def test_village_year_in_superscript_digits_is_a_bad_request(client, public_site):
    response = client.get(public_site["village_page"].url, {"year": "²"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_catalog_filters_outside_their_vocabulary_are_bad_requests(client, public_site):
    catalog = public_site["catalog"]
    assert client.get(catalog.url, {"method": "<script>"}).status_code == 400
    assert client.get(catalog.url, {"level": "x" * 10_000}).status_code == 400
    # A level the vocabulary has but this catalog does not list, as a link kept from before may ask.
    unlisted = next(level for level in Level.values if level not in catalog.level_columns)
    assert client.get(catalog.url, {"level": unlisted}).status_code == 200


def test_column_filters_no_document_matches_are_left_out(client, public_site):
    column = public_site["pages"][ColumnPage]
    for value in ("²", "١٢", TOO_BIG, "abc"):
        response = client.get(column.url, {"year": value, "theme": value, "issuing_organ": value})
        assert response.status_code == 200
        assert "示范县财政资金管理办法" in response.content.decode()


@pytest.mark.django_db
def test_the_api_ignores_basic_authentication(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "right-password")
    pages = "/api/v2/pages/"
    for password in ["right-password", "wrong-password"]:
        token = base64.b64encode(f"admin:{password}".encode()).decode()
        response = client.get(pages, HTTP_AUTHORIZATION=f"Basic {token}")
        # The same answer for a right and a wrong password: the API is no password oracle.
        assert response.status_code == 200, (password, response.status_code)
