"""The catalog upload form refuses a file over the reader's size limit before anything reads it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gk_wagtail.admin import catalogs
from gk_wagtail.admin.catalogs import CatalogImportForm
from gk_wagtail.formats.catalog_workbook import DEFAULT_MAX_BYTES
from tests.factories import domain, login_in_english, make_county

KB = "\xa0KB"  # filesizeformat keeps the number and its unit together


def refuse(*args, **kwargs):
    raise AssertionError("the workbook was read")


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(catalogs, "DEFAULT_MAX_BYTES", 1024)
    monkeypatch.setattr(catalogs, "import_catalog", refuse)


def test_the_form_refuses_a_file_over_the_limit_naming_both_sizes(db, small_limit):
    upload = SimpleUploadedFile("目录.xlsx", b"x" * 3000)
    form = CatalogImportForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert form.errors["file"] == [
        f"The file is 2.9{KB}; a catalog workbook may be at most 1.0{KB}. Split the catalog into several workbooks."
    ]
    assert upload.file.tell() == 0  # not read


def test_the_form_accepts_a_file_at_the_limit(db, small_limit):
    form = CatalogImportForm(data={}, files={"file": SimpleUploadedFile("目录.xlsx", b"x" * 1024)})
    form.is_valid()
    assert "file" not in form.errors


def test_the_form_uses_the_reader_s_own_limit():
    assert catalogs.DEFAULT_MAX_BYTES == DEFAULT_MAX_BYTES


def test_the_upload_screen_shows_the_refusal_and_reads_nothing(client, db, small_limit):
    county = make_county()
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    login_in_english(client, user)
    response = client.post(
        reverse("gk_wagtail_admin:catalogs_import"),
        {
            "file": SimpleUploadedFile("目录.xlsx", b"x" * 1025),
            "organization": county.pk,
            "domain": domain("财政预决算").pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        f"The file is 1025 bytes; a catalog workbook may be at most 1.0{KB}. Split the catalog into several workbooks."
    ]
