"""A document is downloadable, and listed by the API, only while a page citizens may read links it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, ReferenceIndex

from gk_wagtail.files import DocumentPublication, public_documents
from gk_wagtail.models import PolicyDocumentPage
from gk_wagtail.page_types.documents import DisclosureAttribute
from tests.factories import (
    attachments_of,
    make_column,
    make_county,
    make_document,
    make_policy,
    make_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def column():
    return make_column(make_site().root_page)


@pytest.fixture
def county():
    return make_county()


def download(client, document):
    return client.get(document.url)


def withhold(page):
    """Make ``page`` a withheld catalogue entry while it still names its attachments.

    The page refuses that state when saved; an update without save() is how legacy data or a
    script gets there, and the files must stay private all the same.
    """
    PolicyDocumentPage.objects.filter(pk=page.pk).update(
        disclosure_attribute=DisclosureAttribute.NOT_PUBLIC, non_disclosure_reason="涉及国家秘密"
    )


def restrict(page, restriction_type):
    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password="secret")


def test_an_attachment_of_a_live_public_page_is_served(client, column, county):
    document = make_document()
    make_policy(column, county, attachments=attachments_of(document))

    response = download(client, document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 gk_wagtail test"
    # The answer depends on who asks (staff see more), so shared caches must key on the session.
    assert "Cookie" in response["Vary"]


def test_a_document_no_page_links_is_not_found(client, column, county):
    document = make_document()
    make_policy(column, county)

    assert download(client, document).status_code == 404


def test_a_withheld_pages_attachment_is_not_found(client, column, county):
    document = make_document()
    page = make_policy(column, county, attachments=attachments_of(document))
    withhold(page)

    # The reference is still recorded: the page's withheld attribute is what refuses the file.
    assert ReferenceIndex.get_references_to(document).filter(object_id=str(page.pk)).exists()
    assert download(client, document).status_code == 404


@pytest.mark.parametrize("attribute", sorted(DisclosureAttribute.withheld()))
def test_no_withheld_attribute_shows_attachments(column, county, attribute):
    document = make_document()
    page = make_policy(column, county, attachments=attachments_of(document))
    PolicyDocumentPage.objects.filter(pk=page.pk).update(disclosure_attribute=attribute)

    assert not public_documents().filter(pk=document.pk).exists()


def test_a_redacted_pages_attachment_is_served(client, column, county):
    document = make_document()
    make_policy(column, county, disclosure_attribute=DisclosureAttribute.REDACTED, attachments=attachments_of(document))

    assert download(client, document).status_code == 200


def test_a_drafts_attachment_is_not_found(client, column, county):
    document = make_document()
    make_policy(column, county, live=False, attachments=attachments_of(document))

    assert download(client, document).status_code == 404


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_an_attachment_behind_a_password_or_login_is_not_found(client, column, county, restriction_type):
    document = make_document()
    page = make_policy(column, county, attachments=attachments_of(document))
    restrict(page, restriction_type)

    assert download(client, document).status_code == 404
    # The restriction on a column covers the pages under it.
    PageViewRestriction.objects.all().delete()
    assert download(client, document).status_code == 200
    restrict(column, restriction_type)
    assert download(client, document).status_code == 404


def test_a_document_also_linked_from_a_public_page_is_served(client, column, county):
    document = make_document()
    make_policy(column, county, title="草稿", live=False, attachments=attachments_of(document))
    withhold(make_policy(column, county, title="不公开文件", attachments=attachments_of(document)))
    assert download(client, document).status_code == 404

    make_policy(column, county, title="公开文件", attachments=attachments_of(document))

    assert download(client, document).status_code == 200


def test_links_in_rich_text_and_on_pages_without_disclosure_metadata_count(client, column):
    document = make_document()
    make_column(
        column,
        title="办事指南",
        code="guides",
        intro=f'<p>下载<a linktype="document" id="{document.pk}">申请表</a></p>',
    )

    assert download(client, document).status_code == 200


def test_a_document_published_on_its_own_is_served(client):
    document = make_document()
    DocumentPublication.objects.create(document=document, reason="政府信息公开申请表")

    assert download(client, document).status_code == 200


def test_unpublishing_the_page_makes_the_document_not_found(client, column, county):
    document = make_document()
    page = make_policy(column, county, attachments=attachments_of(document))
    assert download(client, document).status_code == 200

    page.unpublish()

    assert download(client, document).status_code == 404


def test_a_file_added_in_a_draft_of_a_live_page_waits_for_its_publication(client, column, county):
    document = make_document()
    page = make_policy(column, county)
    page.attachments = attachments_of(document)
    revision = page.save_revision()
    assert download(client, document).status_code == 404

    revision.publish()

    assert download(client, document).status_code == 200


def test_a_wrong_file_name_is_not_found_either(client, column, county):
    document = make_document()
    make_policy(column, county, attachments=attachments_of(document))

    assert client.get(f"/documents/{document.pk}/other.pdf").status_code == 404


# Staff


@pytest.fixture
def private_documents(column, county):
    """One document in each state the public may not download."""
    draft, withheld, protected, unlinked = (
        make_document(title=title) for title in ("草稿", "不公开", "密码", "无页面")
    )
    make_policy(column, county, title="草稿", live=False, attachments=attachments_of(draft))
    withhold(make_policy(column, county, title="不公开", attachments=attachments_of(withheld)))
    restrict(make_policy(column, county, title="密码", attachments=attachments_of(protected)), "password")
    return [draft, withheld, protected, unlinked]


def test_the_public_gets_none_of_them(client, private_documents):
    assert [download(client, document).status_code for document in private_documents] == [404] * 4


def test_a_superuser_downloads_them_all(client, private_documents):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))

    assert [download(client, document).status_code for document in private_documents] == [200] * 4


def test_an_editor_with_admin_access_downloads_them_all(client, private_documents):
    # A confidentiality reviewer: admin access and nothing else, yet must read a draft's attachments.
    reviewers = Group.objects.create(name="保密审查")
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    reviewer = get_user_model().objects.create_user("reviewer", password="password")
    reviewer.groups.add(reviewers)
    client.force_login(reviewer)

    assert [download(client, document).status_code for document in private_documents] == [200] * 4


def test_a_signed_in_citizen_without_admin_access_gets_none_of_them(client, private_documents):
    client.force_login(get_user_model().objects.create_user("citizen", password="password"))

    assert [download(client, document).status_code for document in private_documents] == [404] * 4


def test_an_inactive_staff_account_gets_none_of_them(client, private_documents):
    user = get_user_model().objects.create_superuser("former", "former@example.com", "password")
    client.force_login(user)
    user.is_active = False
    user.save()

    assert [download(client, document).status_code for document in private_documents] == [404] * 4


# The API


def listed(client, **params):
    response = client.get("/api/v2/documents/", params)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_the_api_lists_only_documents_the_public_may_download(client, column, county, private_documents):
    shown = make_document(title="附件")
    make_policy(column, county, title="公开文件", attachments=attachments_of(shown))
    form = make_document(title="申请表")
    DocumentPublication.objects.create(document=form, reason="政府信息公开申请表")

    assert listed(client) == [shown.pk, form.pk]
    assert listed(client, search="附件") == [shown.pk]
    assert listed(client, search="草稿") == []
    DocumentPublication.objects.create(document=private_documents[0], reason="草稿样本")
    assert listed(client, search="草稿") == [private_documents[0].pk]
    for document in private_documents[1:]:
        assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
        assert client.get("/api/v2/documents/find/", {"id": document.pk}).status_code == 404
    detail = client.get(f"/api/v2/documents/{shown.pk}/").json()
    assert detail["meta"]["download_url"].endswith(shown.filename)


def test_the_api_still_lists_each_documents_tags(client, column, county):
    tagged, untagged = make_document(title="附件"), make_document(title="说明", name="notes.pdf")
    tagged.tags.add("预算", "表格")
    make_policy(column, county, attachments=attachments_of(tagged, untagged))

    items = client.get("/api/v2/documents/").json()["items"]

    assert [item["meta"]["tags"] for item in items] == [sorted(["预算", "表格"]), []]
    assert client.get(f"/api/v2/documents/{tagged.pk}/").json()["meta"]["tags"] == sorted(["预算", "表格"])


def test_the_api_is_the_same_for_staff(client, private_documents):
    # The API is public and cacheable: signing in never widens it.
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))

    assert listed(client) == []


def test_the_api_drops_a_document_when_its_page_is_unpublished(client, column, county):
    document = make_document()
    page = make_policy(column, county, attachments=attachments_of(document))
    assert listed(client) == [document.pk]

    page.unpublish()

    assert listed(client) == []
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v2/documents/", {"limit": 20})
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_the_api_listing_takes_the_same_queries_for_one_document_or_twenty(client, column, county):
    withheld = make_document(title="不公开")
    withhold(make_policy(column, county, title="不公开", attachments=attachments_of(withheld)))
    make_policy(column, county, title="文件1", attachments=attachments_of(make_document(title="附件1")))
    one = count_listing_queries(client)

    make_policy(
        column,
        county,
        title="文件2",
        attachments=attachments_of(*(make_document(title=f"附件{n}", name=f"a{n}.pdf") for n in range(2, 21))),
    )
    twenty = count_listing_queries(client)

    assert (one[1], twenty[1]) == (1, 20)
    assert one[0] == twenty[0]


def test_serving_a_document_takes_a_bounded_number_of_queries(client, column, county, django_assert_max_num_queries):
    document = make_document()
    make_policy(column, county, attachments=attachments_of(document))

    # The document, the view restrictions of its page and its collection, and the one check.
    with django_assert_max_num_queries(6):
        assert download(client, document).status_code == 200
