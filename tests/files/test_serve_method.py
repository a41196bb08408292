"""Documents are served through Wagtail's view, where the check that they are public runs."""

import pytest
from django.core import checks

from gk_wagtail.checks import check_document_serve_method


def ids(messages):
    return [message.id for message in messages]


def test_direct_serving_is_warned_about(settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "direct"

    assert ids(check_document_serve_method(None)) == ["gk_wagtail.W030"]
    assert "gk_wagtail.W030" in ids(checks.run_checks(tags=[checks.Tags.security]))


@pytest.mark.parametrize("method", ["serve_view", "redirect", None])
def test_serving_through_the_view_is_not(settings, method):
    settings.WAGTAILDOCS_SERVE_METHOD = method

    assert check_document_serve_method(None) == []


def test_the_example_site_serves_documents_through_the_view():
    from example_site.config import settings as example

    assert getattr(example, "WAGTAILDOCS_SERVE_METHOD", "serve_view") == "serve_view"
