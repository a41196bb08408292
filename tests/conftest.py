import os

import pytest
from django.utils import translation

from gk_wagtail import workdays

# The browser tests need Chromium and a served demo: `make test-browser` runs them on their own.
collect_ignore = [] if os.environ.get("GK_BROWSER_TESTS") == "1" else ["browser"]


@pytest.fixture(autouse=True)
def fresh_working_day_overrides():
    # Test databases roll back without delete signals, so a cached override would leak.
    workdays.forget_overrides()
    yield
    workdays.forget_overrides()


@pytest.fixture(autouse=True)
def english_messages():
    # Messages made in the test thread are asserted in English; requests still pick
    # their language through the middleware, so admin pages render in Chinese.
    with translation.override("en"):
        yield
