"""An import of saved pages skips the pages past a limit, naming it, and imports the others."""

import pytest

from gk_wagtail.formats import legacy_pages
from gk_wagtail.importers import html
from gk_wagtail.importers.html import html_paths, import_html
from gk_wagtail.importers.writer import ImporterError
from gk_wagtail.models import PolicyDocumentPage
from tests.factories import make_organization

KB = "\xa0KB"  # filesizeformat keeps the number and its unit together


def page(title, body):
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f'<body><h1>{title}</h1><div class="TRS_Editor">{body}</div></body></html>'
    ).encode()


@pytest.fixture
def county(db):
    return make_organization(name="示范县人民政府")


def test_pages_past_a_limit_are_skipped_with_the_limit_and_the_others_import(tmp_path, county, column, monkeypatch):
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_BYTES", 2048)
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_ELEMENTS", 100)
    monkeypatch.setattr(legacy_pages, "MAX_PAGE_DEPTH", 40)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a-good.html").write_bytes(page("关于做好春季农业生产工作的通知", "<p>各乡镇：现将有关事项通知如下。</p>"))
    (site / "b-large.html").write_bytes(page("很大的页面", "<p>" + "正文" * 1000 + "</p>"))
    (site / "c-many.html").write_bytes(page("很多标签的页面", "<i>字</i>" * 120))
    (site / "d-deep.html").write_bytes(page("很深的页面", "<div>" * 50 + "正文"))
    paths, root = html_paths(site)
    result = import_html(paths, county, column, root=root)
    assert result.created == 1
    assert PolicyDocumentPage.objects.get().title == "关于做好春季农业生产工作的通知"
    large = len((site / "b-large.html").read_bytes())
    assert sorted(result.skipped) == [
        (str(site / "b-large.html"), f"The file is {large / 1024:.1f}{KB}; a saved page may be at most 2.0{KB}."),
        (str(site / "c-many.html"), "The page has 127 tags and comments; a saved page may have at most 100."),
        (str(site / "d-deep.html"), "The page nests its tags 53 deep; a saved page may nest them at most 40 deep."),
    ]


def test_a_list_of_pages_over_its_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "MAX_LIST_BYTES", 1024)
    listing = tmp_path / "pages.txt"
    listing.write_text("page.html\n" * 200, encoding="utf-8")
    with pytest.raises(ImporterError) as raised:
        html_paths(listing)
    assert str(raised.value) == f"{listing} is 2.0{KB}; a list of pages may be at most 1.0{KB}."
