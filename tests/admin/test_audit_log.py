"""What clerks change in the admin is in Wagtail's log (设置 → 报告 → 站点历史): who, what, on which object."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry, PageLogEntry

from gk_wagtail.importers.catalogs import IMPORT_ACTION
from gk_wagtail.models import (
    DisclosureChannel,
    Domain,
    GovSiteSettings,
    InterpretationForm,
    Organization,
    StandardCatalogPage,
    Theme,
    VillageAffairsCategory,
    WorkingDayOverride,
)
from tests.factories import (
    budget_rows,
    domain,
    login_in_english,
    make_column,
    make_county,
    make_site,
    seed_registers,
    workbook,
)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def admin_client(client, admin_user):
    return login_in_english(client, admin_user)


def form_data(response, **values):
    """The form of an add or edit page as the browser would post it, with ``values`` changed."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[name] = value if not isinstance(value, datetime.date) else value.isoformat()
    data.update(values)
    return data


# Every register the admin edits, with what a clerk types into its form.
REGISTERS = [
    (Organization, {"name": "示范县水利局", "credit_code": "11440300MB2C92051K", "organization_type": "department"}),
    (Domain, {"name": "水利工程", "sort_order": "99"}),
    (Theme, {"name": "水利", "code": "sl", "sort_order": "1"}),
    (InterpretationForm, {"name": "动漫解读", "sort_order": "9"}),
    (WorkingDayOverride, {"date": "2031-10-08", "is_working_day": "True", "note": "国庆调休"}),
    (DisclosureChannel, {"name": "村务监督委员会公开栏", "sort_order": "9"}),
    (VillageAffairsCategory, {"name": "集体资产", "schedule": "quarterly", "sort_order": "9"}),
]


@pytest.mark.parametrize("model, values", REGISTERS, ids=[model.__name__ for model, _ in REGISTERS])
def test_creating_editing_and_deleting_a_register_entry_is_logged(admin_client, admin_user, model, values):
    reverse("wagtailadmin_home")  # loads the admin's URLs, which registers the snippet viewsets
    viewset = model.snippet_viewset
    add_url = reverse(viewset.get_url_name("add"))
    response = admin_client.post(add_url, form_data(admin_client.get(add_url), **values))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    entry = model.objects.order_by("-pk").first()

    edit_url = reverse(viewset.get_url_name("edit"), args=[entry.pk])
    edited = form_data(admin_client.get(edit_url))
    edited["sort_order" if "sort_order" in edited else "note"] = "7"
    assert admin_client.post(edit_url, edited).status_code == 302

    delete_url = reverse(viewset.get_url_name("delete"), args=[entry.pk])
    assert admin_client.post(delete_url).status_code == 302
    assert not model.objects.filter(pk=entry.pk).exists()

    logged = ModelLogEntry.objects.filter(object_id=str(entry.pk), content_type__model=model._meta.model_name)
    assert list(logged.order_by("timestamp", "pk").values_list("action", "user")) == [
        ("wagtail.create", admin_user.pk),
        ("wagtail.edit", admin_user.pk),
        ("wagtail.delete", admin_user.pk),
    ]


def test_editing_the_site_settings_is_logged(admin_client, admin_user):
    site = make_site(organization=make_county())
    url = reverse("wagtailsettings:edit", args=["gk_wagtail", "govsitesettings", site.pk])
    response = admin_client.post(url, form_data(admin_client.get(url), contact_phone="0755-12345678"))
    assert response.status_code == 302
    settings = GovSiteSettings.objects.get(site=site)
    [entry] = ModelLogEntry.objects.filter(object_id=str(settings.pk), content_type__model="govsitesettings")
    assert (entry.action, entry.user) == ("wagtail.edit", admin_user)


# The catalog upload


@pytest.fixture
def county(db):
    seed_registers()
    county = make_county()
    section = make_column(make_site(organization=county).root_page, "政府信息公开", "gkzl")
    make_column(section, "标准目录", "bzml")
    return county


def upload(client, county, rows, **fields):
    file = SimpleUploadedFile("示范县财政预决算目录.xlsx", workbook(rows).getvalue())
    return client.post(
        reverse("gk_wagtail_admin:catalogs_import"),
        {"file": file, "organization": county.pk, "domain": domain("财政预决算").pk, **fields},
    )


def test_a_catalog_upload_is_logged_with_its_file_rows_and_user(admin_client, admin_user, county):
    assert upload(admin_client, county, budget_rows()).status_code == 302
    page = StandardCatalogPage.objects.get()
    logged = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    assert [(entry.action, entry.user) for entry in logged] == [
        ("wagtail.create", admin_user),
        ("wagtail.edit", admin_user),
        (IMPORT_ACTION, admin_user),
    ]
    imported = logged.get(action=IMPORT_ACTION)
    rows = len(budget_rows())
    assert imported.data == {
        "file": "示范县财政预决算目录.xlsx",
        "domain": "财政预决算",
        "rows": rows,
        "replaced": 0,
        "created": True,
        "published": False,
        "warnings": 0,
    }
    assert imported.revision == page.get_latest_revision()
    with translation.override("en"):
        assert imported.message == f"Imported {rows} rows of 财政预决算 from “示范县财政预决算目录.xlsx”, replacing 0"

    # A second upload revises the same page and says how many rows it replaced.
    assert upload(admin_client, county, budget_rows()[:2]).status_code == 302
    second = PageLogEntry.objects.filter(page=page, action=IMPORT_ACTION).order_by("-pk").first()
    assert (second.data["rows"], second.data["replaced"], second.data["created"]) == (2, rows, False)


def test_a_dry_run_changes_nothing_and_logs_nothing(admin_client, county):
    logged_before = PageLogEntry.objects.count()
    assert upload(admin_client, county, budget_rows(), dry_run="on").status_code == 200
    assert not StandardCatalogPage.objects.exists()
    assert PageLogEntry.objects.count() == logged_before


def test_the_site_history_names_the_upload_in_chinese(client, admin_user, county):
    client.force_login(admin_user)
    upload(client, county, budget_rows())
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "导入标准目录工作簿" in content
    assert "从“示范县财政预决算目录.xlsx”导入财政预决算" in content


def test_a_hostile_file_name_is_logged_printable_and_bounded(admin_client, county):
    name = "目录\u202e\x07" + "x" * 400 + ".xlsx"
    file = SimpleUploadedFile(name, workbook(budget_rows()).getvalue())
    response = admin_client.post(
        reverse("gk_wagtail_admin:catalogs_import"),
        {"file": file, "organization": county.pk, "domain": domain("财政预决算").pk},
    )
    assert response.status_code == 302
    logged = PageLogEntry.objects.get(action=IMPORT_ACTION).data["file"]
    assert len(logged) <= 255 and logged.isprintable() and logged.startswith("目录")
