"""New documents get short slugs (GK_WAGTAIL_SLUG_STYLE); pages already saved keep theirs."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import nested_form_data, streamfield

from gk_wagtail.importers.documents import import_documents
from gk_wagtail.models import PolicyDocumentPage
from tests.factories import make_column, make_organization, make_policy, make_site

TITLE = "关于全面推进基层政务公开标准化规范化工作的实施意见"


@pytest.fixture
def column(db):
    site = make_site()
    return make_column(site.root_page, "政策文件", "zcwj")


@pytest.fixture
def organization(db):
    return make_organization()


def test_a_new_document_gets_a_short_pinyin_slug_unique_among_its_siblings(column, organization):
    first = make_policy(column, organization, title=TITLE)
    second = make_policy(column, organization, title=TITLE)
    assert first.slug == "quanmian-tuijin-jiceng-zhengwu-gongkai"
    assert second.slug == "quanmian-tuijin-jiceng-zhengwu-gongkai-2"
    assert first.url.isascii() and len(second.slug) <= 40


def test_a_slug_the_editor_typed_is_kept(column, organization):
    assert make_policy(column, organization, title=TITLE, slug="shishi-yijian").slug == "shishi-yijian"
    assert make_policy(column, organization, title=TITLE, slug="实施意见").slug == "实施意见"


def test_the_slug_made_in_the_editor_from_the_title_is_replaced(column, organization):
    page = make_policy(column, organization, title=TITLE, slug=slugify(TITLE, allow_unicode=True))
    assert page.slug == "quanmian-tuijin-jiceng-zhengwu-gongkai"


def test_a_saved_page_keeps_its_slug(column, organization):
    page = make_policy(column, organization, title=TITLE)
    PolicyDocumentPage.objects.filter(pk=page.pk).update(slug=slugify(TITLE, allow_unicode=True))
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    page.summary = "修订摘要"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.slug == slugify(TITLE, allow_unicode=True)


def test_the_date_style(column, organization, settings):
    settings.GK_WAGTAIL_SLUG_STYLE = "date"
    first = make_policy(column, organization, title=TITLE, date_published=datetime.date(2024, 3, 14))
    second = make_policy(column, organization, title="另一个文件", date_published=datetime.date(2024, 3, 14))
    assert (first.slug, second.slug) == ("20240314", "20240314-2")


def test_the_title_style_is_wagtails_own(column, organization, settings):
    settings.GK_WAGTAIL_SLUG_STYLE = "title"
    assert make_policy(column, organization, title=TITLE).slug == slugify(TITLE, allow_unicode=True)


def test_a_title_without_letters_falls_back_to_the_date(column, organization):
    page = make_policy(column, organization, title="《》", date_published=datetime.date(2024, 3, 14))
    assert page.slug == "20240314"


def test_the_admin_create_form_gives_the_short_slug(client, column, organization):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", column.pk))
    # What the editor's JavaScript puts in the slug field as the title is typed.
    typed_slug = slugify(TITLE, allow_unicode=True)
    data = {
        "title": TITLE,
        "slug": typed_slug,
        "document_kind": "normative_document",
        "issuing_organ": organization.pk,
        "document_number": "",
        "date_published": "2025-06-03",
        "validity": "valid",
        "disclosure_attribute": "public",
        "keywords": "",
        "body": streamfield([]),
        "attachments": streamfield([]),
        "action-publish": "publish",
    }
    response = client.post(url, nested_form_data(data))
    assert response.status_code == 302
    page = PolicyDocumentPage.objects.get(title=TITLE)
    assert page.slug == "quanmian-tuijin-jiceng-zhengwu-gongkai" and page.live


def test_imported_documents_get_short_slugs(column, organization, tmp_path):
    lines = [
        {"id": "粤府办〔2020〕10号", "title": "另一个文件", "issuing_organ": organization.name, "body": "正文"},
        {"id": "〔〕", "title": TITLE, "issuing_organ": organization.name, "body": "正文"},
        {"id": "sh-0001", "title": TITLE, "issuing_organ": organization.name, "body": "正文"},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = import_documents(path, column)
    assert result.created == 3, result.summary()
    slugs = sorted(column.get_children().values_list("slug", flat=True))
    assert slugs == ["quanmian-tuijin-jiceng-zhengwu-gongkai", "sh-0001", "yuefu-ban-2020-10-hao"]


@pytest.mark.parametrize("name, value", [("SLUG_STYLE", "hanzi"), ("SLUG_MAX_LENGTH", 5), ("SLUG_MAX_LENGTH", "40")])
def test_the_slug_settings_are_checked(settings, name, value):
    from gk_wagtail.checks import check_slug_settings

    assert check_slug_settings(None) == []
    setattr(settings, f"GK_WAGTAIL_{name}", value)
    assert [error.id for error in check_slug_settings(None)] == ["gk_wagtail.E040"]


@pytest.mark.parametrize("action", [{}, {"action-submit": "submit"}], ids=["draft", "submitted"])
def test_a_draft_or_a_submitted_page_gets_the_short_slug_too(client, column, organization, action):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("gk_wagtail", "policydocumentpage", column.pk))
    data = {
        "title": TITLE,
        "slug": slugify(TITLE, allow_unicode=True),
        "document_kind": "normative_document",
        "issuing_organ": organization.pk,
        "document_number": "",
        "date_published": "2025-06-03",
        "validity": "valid",
        "disclosure_attribute": "public",
        "keywords": "",
        "body": streamfield([]),
        "attachments": streamfield([]),
        **action,
    }
    response = client.post(url, nested_form_data(data))
    assert response.status_code == 302
    page = PolicyDocumentPage.objects.get(title=TITLE)
    assert not page.live
    assert page.slug == "quanmian-tuijin-jiceng-zhengwu-gongkai"
    assert page.url_path.endswith("/quanmian-tuijin-jiceng-zhengwu-gongkai/")
