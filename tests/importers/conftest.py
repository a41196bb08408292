import pytest

from gk_wagtail.page_types.columns import ColumnType
from tests.factories import make_column, make_site


@pytest.fixture
def column(db):
    """The one 政策文件 column of the default site, where imports go unless told otherwise."""
    return make_column(make_site().root_page, column_type=ColumnType.POLICY_DOCUMENTS)
