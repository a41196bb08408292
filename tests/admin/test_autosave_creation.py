"""Wagtail's autosave on the new-page form does not create a page; the clerk's submit creates one."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from gk_wagtail.models import ColumnPage, PolicyInterpretationPage
from gk_wagtail.setup.columns import setup_columns
from tests.factories import make_clerk, make_county, make_site

# The headers of Wagtail's w-autosave controller, which posts the editor's FormData to the form's action.
AUTOSAVE_HEADERS = {"Accept": "application/json", "X-CSRFToken": "token"}


@pytest.fixture
def column(db):
    county = make_county()
    setup_columns(make_site(organization=county), county, "county")
    column = ColumnPage.objects.get(column_code="zcjd")
    column.county = county
    return column


TITLE = "图解：政务公开工作要点"


def form_data(column):
    return nested_form_data(
        {
            "title": TITLE,
            # As the editor fills it in from the title; saved, the page gets a short slug instead.
            "slug": slugify(TITLE, allow_unicode=True),
            "issuing_organ": column.county.pk,
            "validity": "valid",
            "disclosure_attribute": "public",
            "body": streamfield([("rich_text", rich_text("<p>解读内容</p>"))]),
            "attachments": streamfield([]),
            "policy_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )


def test_an_autosave_then_the_submit_make_one_page(client, column):
    client.force_login(make_clerk(column))
    add_url = reverse("wagtailadmin_pages:add", args=["gk_wagtail", "policyinterpretationpage", column.pk])
    assert client.get(add_url).status_code == 200

    autosave = client.post(add_url, form_data(column), headers=AUTOSAVE_HEADERS)
    assert autosave.status_code == 400
    assert autosave.json()["success"] is False
    # The code on which Wagtail's autosave pauses for the form instead of retrying.
    assert autosave.json()["error_code"] == "invalid_revision"
    assert autosave.json()["error_message"] == "新页面需先手动保存一次，之后才会自动保存。"
    assert not PolicyInterpretationPage.objects.exists()

    submitted = client.post(add_url, form_data(column))
    assert submitted.status_code == 302, submitted.context["form"].errors
    page = PolicyInterpretationPage.objects.get()
    assert page.get_parent().pk == column.pk

    # In the editor that follows, autosave saves as before.
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(column) | {"title": "图解：政务公开工作要点（修订）", "slug": page.slug}
    saved = client.post(edit_url, data, headers=AUTOSAVE_HEADERS)
    assert saved.status_code == 200 and saved.json()["success"] is True
    assert PolicyInterpretationPage.objects.get().get_latest_revision_as_object().title.endswith("（修订）")
    assert PolicyInterpretationPage.objects.count() == 1
