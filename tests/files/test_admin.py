"""Documents published on their own: whoever may change a document publishes or withdraws it in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, ReferenceIndex

from gk_wagtail.files import DocumentPublication
from tests.factories import ensure_wagtail_roots, login_in_english, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def collections():
    """Two collections, as two departments of a platform keep their files apart."""
    ensure_wagtail_roots()
    root = Collection.get_first_root_node()
    return root.add_child(name="财政局"), root.add_child(name="教育局")


def editor_of(collection, codename="change_document", name="财政局编辑"):
    """A user who may use the admin and ``codename`` the documents of ``collection``."""
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupCollectionPermission.objects.create(
        group=group,
        collection=collection,
        permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
    )
    user = get_user_model().objects.create_user(name, password="password")
    user.groups.add(group)
    return user


def url(name, *args):
    return reverse(f"gk_document_publications:{name}", args=args)


def test_an_editor_publishes_a_document_on_its_own(client, collections):
    finance, _education = collections
    editor = editor_of(finance)
    document = make_document(title="政府信息公开申请表")
    document.collection = finance
    document.save()
    login_in_english(client, editor)
    assert client.get(url("add")).status_code == 200

    response = client.post(url("add"), {"document": document.pk, "reason": "申请人下载填写"})

    assert response.status_code == 302
    publication = DocumentPublication.objects.get()
    assert (publication.document, publication.reason, publication.published_by) == (document, "申请人下载填写", editor)
    # The document's usage names the entry, so nobody deletes the file thinking it unused.
    references = ReferenceIndex.get_references_to(document)
    assert [reference.content_type.model_class() for reference in references] == [DocumentPublication]
    again = client.post(url("add"), {"document": document.pk, "reason": "再次"})
    assert again.status_code == 200 and DocumentPublication.objects.count() == 1
    client.logout()
    assert client.get(document.url).status_code == 200


def test_withdrawing_it_makes_it_not_found_again(client, collections):
    finance, _education = collections
    document = make_document()
    document.collection = finance
    document.save()
    publication = DocumentPublication.objects.create(document=document, reason="申请表")
    login_in_english(client, editor_of(finance))

    assert client.post(url("delete", publication.pk)).status_code == 302

    assert not DocumentPublication.objects.exists()
    client.logout()
    assert client.get(document.url).status_code == 404


def test_an_editor_works_only_on_documents_of_their_collections(client, collections):
    finance, education = collections
    theirs, others = make_document(title="财政表格"), make_document(title="教育表格", name="edu.pdf")
    theirs.collection, others.collection = finance, education
    theirs.save()
    others.save()
    own = DocumentPublication.objects.create(document=theirs, reason="财政")
    foreign = DocumentPublication.objects.create(document=others, reason="教育")
    login_in_english(client, editor_of(finance))

    listing = client.get(url("index")).content.decode()
    assert "财政表格" in listing and "教育表格" not in listing
    assert client.get(url("edit", own.pk)).status_code == 200
    assert client.get(url("edit", foreign.pk)).status_code == 404
    assert client.post(url("delete", foreign.pk)).status_code == 404
    assert DocumentPublication.objects.filter(pk=foreign.pk).exists()

    foreign.delete()
    refused = client.post(url("add"), {"document": others.pk, "reason": "教育"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not DocumentPublication.objects.filter(document=others).exists()


def test_admin_access_alone_does_not_open_the_screen(client, collections):
    user = get_user_model().objects.create_user("reviewer", password="password")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    login_in_english(client, user)

    response = client.get(url("index"))

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_an_editor_who_may_only_upload_publishes_their_own_uploads(client, collections):
    finance, _education = collections
    uploader = editor_of(finance, codename="add_document", name="上传者")
    mine, not_mine = make_document(title="我的表格"), make_document(title="别人的表格", name="b.pdf")
    mine.collection = not_mine.collection = finance
    mine.uploaded_by_user = uploader
    mine.save()
    not_mine.save()
    login_in_english(client, uploader)

    assert client.post(url("add"), {"document": mine.pk, "reason": "我上传的"}).status_code == 302
    assert client.post(url("add"), {"document": not_mine.pk, "reason": "别人上传的"}).status_code == 200
    assert list(DocumentPublication.objects.values_list("document", flat=True)) == [mine.pk]
