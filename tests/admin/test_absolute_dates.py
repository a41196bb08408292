"""Reports, ledgers and listings give dates as 2026-03-14 (and 09:30 local time), not "6 年，8 月之前"."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from gk_wagtail.admin.base import absolute_date
from tests.factories import (
    make_clerk,
    make_column,
    make_interpretation,
    make_organization,
    make_policy,
    make_response,
    make_site,
)

NOTICED = timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 0))
# What Wagtail writes for a relative date: its markup, and the Chinese "ago" of timesince.
RELATIVE = re.compile(r"w-human-readable-date|之前")


@pytest.fixture
def clerk_with_documents(db):
    """A clerk of one column holding a policy, a late interpretation of it, and a response with a commitment."""
    home = make_site().root_page
    organization = make_organization()
    column = make_column(home, "政策文件", "policies")
    policy = make_policy(column, organization, title="未解读的规范性文件", date_published=datetime.date(2025, 3, 3))
    interpreted = make_policy(
        column,
        organization,
        title="已解读的规范性文件",
        document_number="示府〔2025〕2号",
        date_published=datetime.date(2025, 3, 3),
    )
    make_interpretation(
        column, organization, [interpreted], title="迟到的解读", date_published=datetime.date(2025, 3, 14)
    )
    make_response(
        column,
        organization,
        first_noticed_at=NOTICED,
        commitments=[("清洗水箱", datetime.date(2024, 5, 20), "in_progress", None)],
    )
    # The page was last edited years ago: Wagtail's listing would say so in words.
    Revision.objects.filter(object_id=str(policy.pk)).update(created_at=NOTICED)
    policy.latest_revision_created_at = NOTICED
    policy.save(update_fields=["latest_revision_created_at"])
    return make_clerk(column)


def screen(client, clerk, url_name, **query):
    client.force_login(clerk)
    response = client.get(reverse(url_name), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "url_name, expected",
    [
        ("gk_wagtail_admin:policies_without_interpretation", ['<time datetime="2025-03-03">2025-03-03</time>']),
        ("gk_wagtail_admin:late_interpretations", ['<time datetime="2025-03-14">2025-03-14</time>']),
        (
            "gk_wagtail_admin:opinion_responses_ledger",
            ['<time datetime="2024-05-06T09:00:00+08:00">2024-05-06 09:00</time>'],
        ),
        ("gk_wagtail_admin:opinion_responses_commitments", ['<time datetime="2024-05-20">2024-05-20</time>']),
        # Wagtail's own "Updated" column too, in the listings of policies and interpretations.
        ("gk_policies:index", ["2025-03-03</time>", "2024-05-06 09:00</time>"]),
        ("gk_interpretations:index", ["2025-03-14</time>"]),
    ],
)
def test_a_clerk_reads_absolute_dates(client, clerk_with_documents, url_name, expected):
    html = screen(client, clerk_with_documents, url_name)
    for text in expected:
        assert text in html
    assert not RELATIVE.search(html)


def csv_rows(client, clerk, url_name):
    client.force_login(clerk)
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_exports_carry_iso_dates_and_local_times(client, clerk_with_documents):
    [_heading, policy] = csv_rows(client, clerk_with_documents, "gk_wagtail_admin:policies_without_interpretation")
    assert "2025-03-03" in policy
    [_heading, response] = csv_rows(client, clerk_with_documents, "gk_wagtail_admin:opinion_responses_ledger")
    # 09:00 in Shanghai, not the 01:00 UTC Wagtail would write.
    assert "2024-05-06 09:00" in response and not any("01:00" in cell for cell in response)
    [_heading, commitment] = csv_rows(client, clerk_with_documents, "gk_wagtail_admin:opinion_responses_commitments")
    assert "2024-05-20" in commitment


def test_absolute_date_of_dates_moments_and_nothing():
    assert absolute_date(datetime.date(2026, 3, 14)) == "2026-03-14"
    assert absolute_date(datetime.datetime(2026, 3, 14, 1, 30, tzinfo=datetime.UTC)) == "2026-03-14 09:30"
    assert absolute_date(datetime.datetime(2026, 3, 14, 23, 5)) == "2026-03-14 23:05"
    assert absolute_date(None) == absolute_date("") == ""
