"""Report and ledger tables are built to fit the screen: long text cut with its whole in a tooltip, the
stylesheet that does it on every admin page. (Measured in Chromium at 1280 px when changed: no table
wider than the content area, even with a web address in a topic.)"""

import datetime
import html
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_clerk, make_column, make_organization, make_response, make_site

LONG_TOPIC = "市民在 https://weibo.com/u/1234567890/status/" + "AbCdEfGhIjKlMnOpQrStUvWxYz" * 4 + " 发帖反映水质问题"


@pytest.fixture
def clerk(db):
    column = make_column(make_site().root_page, "回应关切", "hygq")
    make_response(
        column,
        make_organization(),
        topic=LONG_TOPIC,
        first_noticed_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 0)),
        commitments=[("清洗水箱并公开检测报告" * 10, datetime.date(2024, 5, 20), "in_progress", None)],
    )
    return make_clerk(column)


@pytest.mark.parametrize(
    "url_name, text",
    [
        ("gk_wagtail_admin:opinion_responses_ledger", LONG_TOPIC),
        ("gk_wagtail_admin:opinion_responses_commitments", "清洗水箱并公开检测报告" * 10),
    ],
)
def test_long_text_is_clamped_with_the_whole_in_its_title(client, clerk, url_name, text):
    client.force_login(clerk)
    page = client.get(reverse(url_name)).content.decode()
    assert re.search(r'<table class="listing gk-report"', page)
    clamped = {
        html.unescape(title): html.unescape(shown)
        for title, shown in re.findall(r'<div class="gk-clamp" title="([^"]*)">(.*?)</div>', page, re.S)
    }
    assert clamped[text] == text
    # Dates and statuses are kept on one line.
    assert re.search(r"<td class=\"gk-nowrap\">\s*\S+\s*</td>", page)
    assert '<td class="gk-date"><time' in page


def test_every_admin_page_links_the_stylesheet_that_fits_the_tables(client, clerk):
    client.force_login(clerk)
    for url in [reverse("wagtailadmin_home"), reverse("gk_wagtail_admin:opinion_responses_ledger")]:
        assert re.search(
            r'<link rel="stylesheet" href="/static/gk_wagtail/css/admin\.css\?v=\w+">', client.get(url).content.decode()
        )
    stylesheet = Path(finders.find("gk_wagtail/css/admin.css")).read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere" in stylesheet and "-webkit-line-clamp: 3" in stylesheet
