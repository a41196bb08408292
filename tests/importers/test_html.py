"""Importing saved legacy pages as policy documents (gk_wagtail.importers.html and .pages)."""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex, Revision
from wagtail.rich_text import expand_db_html

from gk_wagtail.importers.html import html_paths, import_html
from gk_wagtail.importers.writer import ImporterError
from gk_wagtail.models import IssuedIndexNumber, Organization, PolicyDocumentPage
from tests.factories import make_organization
from tests.formats.test_legacy_pages import EXPECTED, PAYLOADS, assert_safe_url

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
# Where the TRS fixture says it was saved from, so a saved copy sits in the same folders.
TRS_FOLDER = ("zwgk", "zfwj", "202003")
TRS_ATTACHMENT = "P020200310395214570001.pdf"
IMPORTABLE = sorted(set(EXPECTED) | {"hostile_xss.html"})


@pytest.fixture
def county(db):
    return make_organization(name="示范县人民政府")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def saved_site(tmp_path, media):
    """The fixture pages saved in the old site's folder layout, with the TRS page's PDF beside it."""
    folder = tmp_path.joinpath("old-site", *TRS_FOLDER)
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.txt"))
    (folder / TRS_ATTACHMENT).write_bytes(b"%PDF-1.4\n% task table\n")
    return tmp_path / "old-site"


def run(folder, county, column, **kwargs):
    paths, root = html_paths(folder)
    return import_html(paths, county, column, root=root, **kwargs)


def page_titled(title):
    return PolicyDocumentPage.objects.get(title=title)


def page_html(title, head="", charset="utf-8"):
    return f'<html><head><meta charset="{charset}">{head}<title>{title}</title></head><body>'


def write(path, markup, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(markup.encode(encoding))
    return path


def stored_markup(page):
    """Every piece of HTML the page's body and attachments would put on the public site."""
    parts = []
    for block in page.body.raw_data:
        if block["type"] == "rich_text":
            parts.append(block["value"])
        elif block["type"] == "table":
            parts.extend(cell for row in block["value"]["data"] for cell in row)
            parts.append(block["value"]["table_caption"])
        elif block["type"] == "figure":
            parts.append(block["value"]["alt_text"])
    parts.extend(block["value"]["title"] for block in page.attachments.raw_data)
    return parts


def assert_stored_body_is_clean(page):
    documents = set(get_document_model().objects.values_list("pk", flat=True))
    for fragment in stored_markup(page):
        lowered = fragment.lower()
        for forbidden in (
            "<script",
            "<style",
            "<font",
            "style=",
            "<iframe",
            "<svg",
            "<object",
            "<embed",
            "<img",
            "<base",
            "<meta",
            "embedtype",
            "javascript:",
            "vbscript:",
        ):
            assert forbidden not in lowered, fragment
        assert not re.search(r"<[^>]*\son\w+\s*=", lowered), fragment
        for tag in BeautifulSoup(fragment, "html.parser").find_all(True):
            assert set(tag.attrs) <= {"href", "linktype", "id"}, fragment
            if tag.has_attr("linktype"):
                # Only links to the documents the import stored itself.
                assert tag["linktype"] == "document" and int(tag["id"]) in documents, fragment
            if tag.has_attr("href"):
                assert_safe_url(tag["href"])
        assert "<script" not in expand_db_html(fragment).lower()


# --- the fixture pages -------------------------------------------------------------------------


def test_fixture_pages_become_published_documents_with_their_metadata(saved_site, county, column):
    result = run(saved_site, county, column)
    assert result.created == len(IMPORTABLE)
    for name, expected in EXPECTED.items():
        page = page_titled(expected["title"])
        assert page.live and page.get_parent().pk == column.pk
        assert page.index_number == expected["index_number"], name
        assert str(page.theme or "") == expected["theme"].replace("\\", " / "), name
        # A page that names no issuing organ is issued by the organization whose site it was.
        assert page.issuing_organ.name == (expected["issuing_organ"] or county.name), name
        assert page.information_source == expected["information_source"], name
        assert (page.date_written, page.document_number) == (expected["date_written"], expected["document_number"]), (
            name
        )
        assert page.date_published == expected["date_published"], name
        assert sorted(page.keyword_names) == sorted(expected["keywords"]), name
        assert page.validity == (expected["validity"] or "valid"), name
        assert page.document_kind == "other"


def test_broken_and_empty_pages_are_skipped_with_their_reasons_and_the_rest_import(saved_site, county, column):
    result = run(saved_site, county, column)
    folder = saved_site.joinpath(*TRS_FOLDER)
    assert sorted(result.skipped) == [
        (str(folder / "empty.html"), "The file is empty."),
        (str(folder / "no_body.html"), "The body (.TRS_Editor) has no text."),
    ]


def test_no_script_or_event_handler_survives_in_any_stored_body(saved_site, county, column):
    run(saved_site, county, column)
    hostile = page_titled("关于测试页面安全的通知")
    assert_stored_body_is_clean(hostile)
    text = " ".join(BeautifulSoup(fragment, "html.parser").get_text() for fragment in stored_markup(hostile))
    for kept in ("正文第一段", "列表项", "红色字体", "单元格甲", "正文最后一段。"):
        assert kept in text
    for page in PolicyDocumentPage.objects.all():
        assert_stored_body_is_clean(page)


def test_every_xss_payload_is_gone_from_the_stored_body(tmp_path, county, column, media):
    body = "".join(f"<div>{payload}</div>" for payload in PAYLOADS)
    write(
        tmp_path / "site" / "xss.html",
        page_html("关于安全测试的通知") + f'<div class="TRS_Editor"><p>正文开头。</p>{body}</div>',
    )
    write(
        tmp_path / "site" / "xss_meta.html",
        page_html("元数据安全测试")
        + (
            f"<table><tr><td>发布机构：</td><td>{PAYLOADS[0]}测试局</td><td>主题分类：</td><td>{PAYLOADS[5]}综合政务</td></tr></table>"
            '<div class="TRS_Editor"><p>正文。</p></div>'
        ),
    )
    result = run(tmp_path / "site", county, column)
    assert result.created == 2
    for page in PolicyDocumentPage.objects.all():
        assert_stored_body_is_clean(page)
        for value in (page.title, page.issuing_organ.name, str(page.theme or ""), *page.keyword_names):
            assert not re.search(r"<[a-zA-Z/!]", value), value
    assert "正文开头。" in page_titled("关于安全测试的通知").body.raw_data[0]["value"]


# --- attachments and images ----------------------------------------------------------------------


def test_a_saved_attachment_becomes_a_document_the_body_links_to(saved_site, county, column):
    run(saved_site, county, column)
    page = page_titled(EXPECTED["trs_govcn.html"]["title"])
    [attachment] = page.attachments.raw_data
    document = get_document_model().objects.get(pk=attachment["value"]["document"])
    assert attachment["value"]["title"] == document.title == "清水县2020年春季农业生产任务分解表.pdf"
    assert document.file.read().startswith(b"%PDF-1.4")
    assert (
        f'<a id="{document.pk}" linktype="document">清水县2020年春季农业生产任务分解表.pdf</a>'
        in page.body.raw_data[-1]["value"]
    )
    # The document knows where it is used.
    assert ReferenceIndex.get_references_to(document).filter(object_id=str(page.pk)).exists()


def test_attachments_and_images_not_saved_link_to_the_old_site_with_a_warning(saved_site, county, column):
    result = run(saved_site, county, column)
    page = page_titled(EXPECTED["ucap_kaipuyun.html"]["title"])
    body = "".join(block["value"] for block in page.body.raw_data)
    assert '<p><a href="https://www.wangjiang.gov.cn/upload/2022/04/1650001122334.png">补贴发放流程图</a></p>' in body
    # Attachments the body does not link to are listed after it.
    assert body.endswith(
        '<ul><li><a href="https://www.wangjiang.gov.cn/upload/2022/04/补贴面积汇总表.docx">附件1：补贴面积汇总表</a></li>'
        '<li><a href="https://www.wangjiang.gov.cn/upload/2022/04/1650001199887.wps">附件2：发放花名册模板.wps</a></li>'
        '<li><a href="https://www.wangjiang.gov.cn/upload/2022/04/1650001199999.ofd">附件3：通知原文（OFD版）</a></li></ul>'
    )
    assert list(page.attachments.raw_data) == []
    location = str(saved_site.joinpath(*TRS_FOLDER, "ucap_kaipuyun.html"))
    assert (
        location,
        "The attachment “附件3：通知原文（OFD版）” is not among the saved files; it links to "
        "https://www.wangjiang.gov.cn/upload/2022/04/1650001199999.ofd.",
    ) in result.warnings


def test_a_relative_link_without_a_known_address_keeps_its_text_only(tmp_path, county, column, media):
    body = '<div class="TRS_Editor"><p>详见<a href="../other/b.html">另一通知</a>。</p></div>'
    write(tmp_path / "site" / "a.html", page_html("关于链接的通知") + body)
    result = run(tmp_path / "site", county, column)
    assert page_titled("关于链接的通知").body.raw_data[0]["value"] == "<p>详见另一通知。</p>"
    assert any("is relative and the old site's address is unknown" in message for _location, message in result.warnings)


def test_a_saved_image_becomes_a_figure_and_a_second_run_reuses_it(tmp_path, county, column, media):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    PillowImage.new("RGB", (40, 30), "red").save(site / "img" / "flow.png")
    write(
        site / "zwgk" / "a.html",
        page_html("关于流程图的通知")
        + (
            '<div class="TRS_Editor"><p>流程如下：</p><p><img src="../img/flow.png" alt="办理流程图"></p><p>以上。</p></div>'
        ),
    )
    run(site, county, column)
    page = page_titled("关于流程图的通知")
    assert [block["type"] for block in page.body.raw_data] == ["rich_text", "figure", "rich_text"]
    figure = page.body.raw_data[1]["value"]
    image = get_image_model().objects.get(pk=figure["image"])
    assert (figure["alt_text"], image.title, image.width, image.height) == ("办理流程图", "办理流程图", 40, 30)
    again = run(site, county, column)
    assert again.unchanged == 1 and get_image_model().objects.count() == 1


def test_a_file_outside_the_imported_folder_is_never_read(tmp_path, county, column, media):
    (tmp_path / "secret.pdf").write_bytes(b"%PDF private")
    write(
        tmp_path / "site" / "a.html",
        page_html("关于越界的通知")
        + (
            '<div class="TRS_Editor"><p>正文。</p><p><a href="../secret.pdf">附件</a></p>'
            '<p><a href="file:///etc/hostname.pdf">附件二</a></p></div>'
        ),
    )
    result = run(tmp_path / "site", county, column)
    assert get_document_model().objects.count() == 0
    assert any("outside the folder being imported" in message for _location, message in result.warnings)
    assert list(page_titled("关于越界的通知").attachments.raw_data) == []


def test_the_same_file_attached_to_two_pages_is_stored_once(tmp_path, county, column, media):
    site = tmp_path / "site"
    (site / "files").mkdir(parents=True)
    (site / "files" / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0 workbook")
    for name in ("a", "b"):
        write(
            site / f"{name}.html",
            page_html(f"关于{name}的通知")
            + (f'<div class="TRS_Editor"><p>正文{name}。</p><p><a href="files/table.xls">附件：汇总表</a></p></div>'),
        )
    run(site, county, column)
    assert get_document_model().objects.count() == 1
    documents = {page.attachments.raw_data[0]["value"]["document"] for page in PolicyDocumentPage.objects.all()}
    assert len(documents) == 1


# --- keys, re-runs and failures --------------------------------------------------------------------


def test_a_second_run_changes_nothing(saved_site, county, column):
    run(saved_site, county, column)
    counts = (Revision.objects.count(), get_document_model().objects.count(), Organization.objects.count())
    result = run(saved_site, county, column)
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(IMPORTABLE))
    assert (Revision.objects.count(), get_document_model().objects.count(), Organization.objects.count()) == counts


def test_pages_are_keyed_by_index_number_else_document_number_and_organ_else_path(saved_site, county, column):
    run(saved_site, county, column)
    sources = {page.title: page.import_source for page in PolicyDocumentPage.objects.all()}
    assert sources[EXPECTED["trs_govcn.html"]["title"]] == "html:index:11620521013920731W/2020-00041"
    assert sources[EXPECTED["meta47_only.html"]["title"]] == "html:docnum:示范县人民政府:宁政〔2018〕42号"
    assert sources[EXPECTED["plain_article.html"]["title"]] == "html:path:zwgk/zfwj/202003/plain_article.html"


def test_an_edited_page_updates_its_document_instead_of_adding_one(saved_site, county, column):
    run(saved_site, county, column)
    trs = saved_site.joinpath(*TRS_FOLDER, "trs_govcn.html")
    trs.write_text(trs.read_text(encoding="utf-8").replace("全县春播面积", "全县春季播种面积"), encoding="utf-8")
    # Moved to another folder: still the same document, found by its index number.
    trs.rename(saved_site / "moved.html")
    result = run(saved_site, county, column)
    assert (result.created, result.updated) == (0, 1)
    page = page_titled(EXPECTED["trs_govcn.html"]["title"])
    assert "全县春季播种面积" in page.body.raw_data[0]["value"]
    assert page.revisions.count() == 2


def test_two_files_of_one_document_import_once(tmp_path, county, column, media):
    for name in ("index.html", "copy.html"):
        write(
            tmp_path / "site" / name,
            page_html("关于重复的通知")
            + (
                "<table><tr><td>发文字号：</td><td>示政〔2020〕1号</td><td>发布机构：</td><td>示范县人民政府</td></tr></table>"
                '<div class="TRS_Editor"><p>正文。</p></div>'
            ),
        )
    result = run(tmp_path / "site", county, column)
    assert result.created == 1
    assert result.skipped == [
        (
            str(tmp_path / "site" / "index.html"),
            f"The same document as {tmp_path / 'site' / 'copy.html'} (key html:docnum:示范县人民政府:示政〔2020〕1号).",
        )
    ]


def test_a_legacy_index_number_is_recorded_so_new_numbers_skip_it(saved_site, county, column):
    run(saved_site, county, column)
    page = page_titled(EXPECTED["trs_govcn.html"]["title"])
    issued = IssuedIndexNumber.objects.get(value="11620521013920731W/2020-00041")
    assert (issued.page_id, issued.organization) == (page.pk, page.issuing_organ)


def test_a_page_whose_index_number_belongs_to_another_page_is_skipped_leaving_nothing(
    saved_site, county, column, media
):
    IssuedIndexNumber.objects.create(
        value="11620521013920731W/2020-00041", organization=county, page_id=999999, title="别的文件"
    )
    result = run(saved_site, county, column)
    [(location, reason)] = [item for item in result.skipped if item[0].endswith("trs_govcn.html")]
    assert (
        reason
        == "index_number: Index number 11620521013920731W/2020-00041 already belongs to another page (id 999999)."
    )
    assert not PolicyDocumentPage.objects.filter(title=EXPECTED["trs_govcn.html"]["title"]).exists()
    # Neither its organization nor its attachment was left behind.
    assert not Organization.objects.filter(name="清水县人民政府办公室").exists()
    assert get_document_model().objects.count() == 0
    assert not any(media.rglob("*.pdf"))


def test_a_page_naming_no_organ_is_issued_by_the_organ_given(tmp_path, county, column, media):
    write(tmp_path / "site" / "a.html", page_html("关于无机构的通知") + '<div class="TRS_Editor"><p>正文。</p></div>')
    run(tmp_path / "site", county, column)
    assert page_titled("关于无机构的通知").issuing_organ == county


def test_dry_run_reports_and_leaves_no_page_document_or_file(saved_site, county, column, media):
    result = run(saved_site, county, column, dry_run=True)
    assert result.created == len(IMPORTABLE) and result.dry_run
    assert PolicyDocumentPage.objects.count() == 0 and get_document_model().objects.count() == 0
    assert not any(path.is_file() for path in Path(media).rglob("*"))


# --- finding the pages -----------------------------------------------------------------------------


def test_a_folder_is_searched_recursively_for_html_pages(tmp_path):
    for name in ("a.htm", "sub/b.HTML", "sub/deeper/c.shtml", "notes.txt", "sub/style.css"):
        write(tmp_path / name, "x")
    paths, root = html_paths(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in paths] == ["a.htm", "sub/b.HTML", "sub/deeper/c.shtml"]
    assert root == tmp_path


def test_a_list_file_names_pages_relative_to_itself_or_absolute(tmp_path, county, column, media):
    write(tmp_path / "saved" / "one.html", page_html("第一份") + '<div class="TRS_Editor"><p>正文一。</p></div>')
    write(
        tmp_path / "saved" / "deep" / "two.html", page_html("第二份") + '<div class="TRS_Editor"><p>正文二。</p></div>'
    )
    listing = write(
        tmp_path / "saved" / "pages.txt",
        "\n".join(
            [
                "# pages to import",
                "one.html",
                "",
                str(tmp_path / "saved" / "deep" / "two.html"),
                "missing.html",
            ]
        ),
    )
    paths, root = html_paths(listing)
    assert root == tmp_path / "saved"
    result = import_html(paths, county, column, root=root)
    assert result.created == 2
    [(location, reason)] = result.skipped
    assert location.endswith("missing.html") and reason.startswith("The file cannot be read: No such file")


@pytest.mark.parametrize(
    "name, message", [("nowhere", "is neither a folder nor a file"), ("empty.txt", "lists no pages")]
)
def test_a_path_that_names_no_pages_is_refused(tmp_path, name, message):
    (tmp_path / "empty.txt").write_text("# nothing yet\n")
    with pytest.raises(ImporterError, match=message):
        html_paths(tmp_path / name)


def test_a_newspaper_named_as_the_source_is_kept_as_provenance_and_creates_no_organization(tmp_path, county, column):
    write(
        tmp_path / "site" / "reprint.html",
        page_html("转载：县里召开防汛会")
        + '<p>来源：某某日报</p><div class="TRS_Editor"><p>会议要求做好防汛准备。</p></div></body></html>',
    )
    result = run(tmp_path / "site", county, column)
    assert (result.created, result.organizations_created) == (1, [])
    page = page_titled("转载：县里召开防汛会")
    assert (page.issuing_organ, page.information_source) == (county, "某某日报")
    assert not Organization.objects.filter(name="某某日报").exists()


# --- pages that are refused, each with its reason ------------------------------------------------


def test_saved_pages_of_every_shape_import_or_are_skipped_with_their_reasons(tmp_path, county, column, media):
    site = tmp_path / "site"
    # A TRS page whose head include closes the document before the article, with a comment
    # inside <noscript>, saved in GBK.
    write(
        site / "zfwj" / "t20231008_112.html",
        '<%@ page contentType="text/html;charset=GBK" %>\n<html><head><meta charset="gbk">'
        "<title>关于做好秋冬季森林防火工作的通知_清河县人民政府</title></head><body>"
        '<!--#include virtual="/inc/head.html"--><div class="header"><ul class="nav"><li><a href="/">首页</a></li></ul>'
        "</div></body></html>\n<noscript><!-- 统计 --><img src='http://hm.baidu.com/hm.gif'></noscript>"
        "<table><tr><td><h1>关于做好秋冬季森林防火工作的通知</h1><p>索引号：QH/2023-00112</p>"
        '<div id="zoom"><p>各乡镇人民政府：</p><p>现就森林防火有关事项通知如下。{{article.extra}}</p>'
        '<p>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</p>'
        "</div></td></tr></table></body></html>",
        encoding="gbk",
    )
    # A frameset whose article is saved beside it, and the article itself.
    write(
        site / "index.html",
        '<html><head><title>政务公开</title></head><frameset rows="100,*"><frame name="top" src="top.html">'
        '<frame name="main" src="art/content.html"></frameset></html>',
    )
    write(
        site / "art" / "content.html",
        page_html("关于公布公益性岗位名单的公示")
        + '<div class="TRS_Editor"><p>现将名单公示如下。</p></div></body></html>',
    )
    # A column template saved without any content block: menu, text and footer in one <body>.
    write(
        site / "column.jsp.html",
        '<%@ page contentType="text/html;charset=UTF-8" %><html><head><title>XX镇人民政府</title></head><body>'
        '<a href="/">首页</a> | <a href="/zwgk/">政务公开</a> 关于2023年度农村低保对象动态管理情况的公示，公示期7天。'
        '<% out.print(request.getParameter("id")); %> 版权所有：XX镇人民政府</body></html>',
    )
    # A TRS detail template saved before it was filled in.
    write(
        site / "detail.html",
        page_html("{{article.title}}_XX县")
        + '<h1>关于某事的通知</h1><div class="TRS_Editor">${doc.content}</div></body></html>',
    )
    result = run(site, county, column)
    assert result.created == 2
    assert sorted(result.skipped) == [
        (
            str(site / "column.jsp.html"),
            "No body container was found, and the text is spread over the whole page; "
            "the page is not imported, as that would publish the site's menus with it.",
        ),
        (
            str(site / "detail.html"),
            "The body (.TRS_Editor) is mostly server code or template placeholders (${doc.content}): "
            "the page was saved from its template, not from the published site.",
        ),
        (
            str(site / "index.html"),
            "The page only frames art/content.html, which is in the folder being imported and is imported on its own.",
        ),
    ]
    trs = page_titled("关于做好秋冬季森林防火工作的通知")
    assert trs.index_number == "QH/2023-00112"
    text = " ".join(BeautifulSoup(fragment, "html.parser").get_text() for fragment in stored_markup(trs))
    assert text == "各乡镇人民政府：现就森林防火有关事项通知如下。"
    for page in PolicyDocumentPage.objects.all():
        assert_stored_body_is_clean(page)
        for fragment in stored_markup(page):
            assert not re.search(r"<%|\{\{|\$\{|#include", fragment), fragment
