"""The images API lists an image only while a page citizens may read shows it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from gk_wagtail.models import PolicyDocumentPage
from gk_wagtail.page_types.documents import DisclosureAttribute
from tests.factories import make_column, make_county, make_image, make_policy, make_site

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


def figures(*images):
    return [
        ("figure", {"image": image, "alt_text": image.title, "caption": "", "long_description": ""}) for image in images
    ]


def listed(client):
    response = client.get("/api/v2/images/", {"limit": 20})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_only_images_shown_on_pages_citizens_may_read_are_listed(client, column, county):
    shown, draft, withheld, protected, unused = (
        make_image(title=title, name=f"{n}.png") for n, title in enumerate(["公开", "草稿", "不公开", "密码", "未用"])
    )
    make_policy(column, county, title="公开", body=figures(shown))
    make_policy(column, county, title="草稿", live=False, body=figures(draft))
    page = make_policy(column, county, title="不公开", body=figures(withheld))
    PolicyDocumentPage.objects.filter(pk=page.pk).update(disclosure_attribute=DisclosureAttribute.ON_REQUEST)
    PageViewRestriction.objects.create(
        page=make_policy(column, county, title="密码", body=figures(protected)),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )

    assert listed(client) == [shown.pk]
    for image in (draft, withheld, protected, unused):
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    assert client.get(f"/api/v2/images/{shown.pk}/").json()["title"] == "公开"


def test_the_images_listing_takes_the_same_queries_for_one_image_or_twenty(client, column, county):
    make_policy(column, county, title="一张", body=figures(make_image(title="图1")))
    with CaptureQueriesContext(connection) as one:
        assert len(listed(client)) == 1

    make_policy(
        column, county, title="多张", body=figures(*(make_image(title=f"图{n}", name=f"{n}.png") for n in range(2, 21)))
    )
    with CaptureQueriesContext(connection) as twenty:
        assert len(listed(client)) == 20

    assert len(one) == len(twenty)
