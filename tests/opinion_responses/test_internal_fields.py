"""The ledger's tracking fields of a response stay in the admin: never on the public page, in the API or in search."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from gk_wagtail.models import OpinionResponsePage
from tests.factories import ensure_wagtail_roots, make_column, make_organization, make_response, make_search_site

NOTICED = timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 17))
# A source no other field of the page carries, so finding it anywhere means the field leaked.
SOURCE = "网友在某论坛发帖7Q3"


@pytest.fixture
def response(db):
    ensure_wagtail_roots()
    home = make_search_site()
    organization = make_organization()
    column = make_column(home, "回应关切", "responses", column_type="回应关切")
    page = make_response(
        column,
        organization,
        title="关于东湖路积水问题的回应",
        topic="东湖路积水",
        severity="major",
        first_noticed_at=NOTICED,
        status="supervising",
        responded_at=NOTICED + datetime.timedelta(hours=7),
        commitments=[("疏通东湖路排水管网", datetime.date(2024, 5, 8), "in_progress", None)],
    )
    OpinionResponsePage.objects.filter(pk=page.pk).update(first_noticed_where=SOURCE)
    return OpinionResponsePage.objects.get(pk=page.pk)


def internal_values(page):
    """What the ledger knows that the public must not read, as the page and API would print it."""
    return [
        SOURCE,
        "09:17",  # first noticed at 09:17 local time
        "特别重大",  # the severity's label
        "重大突发",
        "督办",  # the status "under supervision"
        "supervising",
        "major",
        "missed",
        "逾期",
        "overdue",
        "2024-05-06T14:17",  # the 5-hour deadline
        "2024-05-07T09:17",  # the 24-hour deadline
    ]


def test_the_public_page_shows_no_tracking_field(client, response):
    html = client.get(response.url).content.decode()
    assert "东湖路积水" in html and "疏通东湖路排水管网" in html
    for value in internal_values(response):
        assert value not in html, value


def test_the_api_shows_no_tracking_field(client, response):
    data = client.get(f"/api/v2/pages/{response.pk}/").text
    listing = client.get("/api/v2/pages/", {"type": "gk_wagtail.OpinionResponsePage", "fields": "*"}).text
    assert "东湖路积水" in data and "东湖路积水" in listing
    for value in internal_values(response):
        assert value not in data, value
        assert value not in listing, value
    for name in OpinionResponsePage.INTERNAL_FIELDS:
        assert (
            client.get("/api/v2/pages/", {"type": "gk_wagtail.OpinionResponsePage", "fields": name}).status_code == 400
        )
        assert client.get("/api/v2/pages/", {"type": "gk_wagtail.OpinionResponsePage", name: "x"}).status_code == 400


def test_no_tracking_field_is_an_api_or_search_field():
    api = {field.name for field in OpinionResponsePage.api_fields}
    searched = {field.field_name for field in OpinionResponsePage.get_search_fields()}
    for name in OpinionResponsePage.INTERNAL_FIELDS:
        assert name not in api and name not in searched


def test_citizen_search_does_not_find_a_response_by_its_source(client, response):
    assert client.get("/search/", {"q": "东湖路积水", "format": "json"}).json()["results"]
    assert client.get("/search/", {"q": SOURCE, "format": "json"}).json()["results"] == []


def test_the_admin_keeps_the_tracking_fields(client, response):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[response.pk])).content.decode()
    assert SOURCE in html
    export = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger"), {"export": "csv"})
    ledger = b"".join(export.streaming_content).decode("utf-8-sig")
    assert SOURCE in ledger
