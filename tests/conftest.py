import pytest

from gk_wagtail import workdays


@pytest.fixture(autouse=True)
def fresh_working_day_overrides():
    # Test databases roll back without delete signals, so a cached override would leak.
    workdays.forget_overrides()
    yield
    workdays.forget_overrides()
