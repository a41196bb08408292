"""Parsing pages saved from legacy government CMSes (gk_wagtail.formats.legacy_pages)."""

import html
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gk_wagtail.formats.legacy_pages import (
    Attachment,
    FramedPageError,
    LegacyPageError,
    decode_html,
    page_record,
    parse_legacy_page,
)
from gk_wagtail.formats.metadata import Validity, parse_validity
from gk_wagtail.formats.sanitize import RICH_TEXT_FEATURES, ImageSegment, RichTextSegment, TableSegment
from gk_wagtail.formats.text import parse_date

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"


def parse_fixture(name, **kwargs):
    path = FIXTURES / name
    return parse_legacy_page(path.read_bytes(), str(path), **kwargs)


def page_bytes(body, head="<title>测试页面</title>", encoding="utf-8"):
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(encoding)


def body_text(page):
    """The visible text of the rich-text and table segments."""
    parts = []
    for segment in page.body:
        if isinstance(segment, RichTextSegment):
            parts.append(BeautifulSoup(segment.html, "html.parser").get_text("\n"))
        elif isinstance(segment, TableSegment):
            parts.extend(cell.text for row in segment.rows for cell in row)
    return "\n".join(parts)


def segments_of(page, kind):
    return [segment for segment in page.body if isinstance(segment, kind)]


# --- metadata of each platform's layout --------------------------------------------------

EXPECTED = {
    "trs_govcn.html": {
        "encoding": "utf-8",
        "title": "清水县人民政府办公室关于印发清水县2020年春季农业生产工作方案的通知",
        "index_number": "11620521013920731W/2020-00041",
        "theme": "农业、林业、水利\\农业、农村",
        "issuing_organ": "清水县人民政府办公室",
        "information_source": "清水县人民政府办公室",
        "date_written": date(2020, 3, 6),
        "document_number": "清政办发〔2020〕12号",
        "date_published": date(2020, 3, 10),
        "keywords": ["农业", "春耕", "方案"],
        "validity": "",
    },
    "hanweb_gbk.html": {
        "encoding": "gb18030",
        "title": "关于2021年度城乡居民基本医疗保险个人缴费标准的公告",
        "index_number": "11652225MB1572038U/2020-00318",
        "theme": "卫生、体育\\医药管理",
        "issuing_organ": "青河县医疗保障局",
        "information_source": "",
        "date_written": None,
        "document_number": "青医保发〔2020〕9号",
        "date_published": date(2020, 11, 20),
        "keywords": [],
        "validity": Validity.VALID,
    },
    "ucap_kaipuyun.html": {
        "encoding": "utf-8",
        "title": "望江县农业农村局关于做好2022年耕地地力保护补贴发放工作的通知",
        "index_number": "11340823003274515U/202204-00021",
        "theme": "农业、林业、水利",
        "issuing_organ": "望江县农业农村局",
        "information_source": "望江县农业农村局",
        "date_written": date(2022, 4, 12),
        "document_number": "望农〔2022〕15号",
        "date_published": date(2022, 4, 15),
        "keywords": ["耕地地力保护", "补贴", "一卡通"],
        "validity": Validity.VALID,
    },
    "guangdong_gkml.html": {
        "encoding": "gb18030",
        "title": "东莞市人民政府办公室关于印发《东莞市困难群众价格临时补贴实施细则》的通知",
        "index_number": "11441900007001400B/2021-00426",
        "theme": "综合政务\\其他",
        "issuing_organ": "东莞市人民政府办公室",
        "information_source": "",
        "date_written": date(2021, 5, 20),
        "document_number": "东府办〔2021〕25号",
        "date_published": date(2021, 5, 24),
        "keywords": [],
        "validity": "",
    },
    "county_dl.html": {
        "encoding": "utf-8",
        "title": "石门县教育局关于2019年秋季义务教育招生入学工作的通知",
        "index_number": "11330726002584013L/2019-00087",
        "theme": "科技、教育",
        "issuing_organ": "石门县教育局",
        "information_source": "",
        "date_written": date(2019, 8, 15),
        "document_number": "石教发[2019]31号",
        "date_published": date(2019, 8, 20),
        "keywords": ["招生", "入学", "义务教育"],
        "validity": Validity.REPEALED,
    },
    "county_spans.html": {
        "encoding": "utf-8",
        "title": "关于调整城区部分道路停车收费标准的通知",
        "index_number": "TCFGW/2022-00003",
        "theme": "",
        "issuing_organ": "桐城市发展和改革委员会",
        "information_source": "",
        "date_written": date(2022, 1, 12),
        "document_number": "桐发改价格〔２０２２〕３号",
        "date_published": date(2022, 1, 14),
        "keywords": [],
        "validity": Validity.EXPIRED,
    },
    "meta47_only.html": {
        "encoding": "utf-8",
        "title": "宁陵县人民政府关于划定高污染燃料禁燃区的通告",
        "index_number": "",
        "theme": "",
        "issuing_organ": "",
        "information_source": "宁陵县人民政府",
        "date_written": None,
        "document_number": "宁政〔2018〕42号",
        "date_published": date(2018, 10, 9),
        "keywords": [],
        "validity": "",
    },
    "plain_article.html": {
        "encoding": "utf-8",
        "title": "河口镇召开2023年防汛工作部署会",
        "index_number": "",
        "theme": "",
        "issuing_organ": "",
        "information_source": "河口镇党政办",
        "date_written": None,
        "document_number": "",
        "date_published": date(2023, 6, 18),
        "keywords": [],
        "validity": "",
    },
    "hanweb_p_lines.html": {
        "encoding": "utf-8",
        "title": "关于印发《永丰乡村级财务管理办法（修订）》的通知",
        "index_number": "11330726002584013L/2022-00005",
        "theme": "民政、扶贫、救灾\\社会福利",
        "issuing_organ": "永丰乡人民政府",
        "information_source": "",
        "date_written": date(2021, 12, 30),
        "document_number": "永政发【2022】2号",
        "date_published": date(2022, 1, 4),
        "keywords": [],
        "validity": Validity.AMENDED,
    },
    "broken_unclosed.html": {
        "encoding": "utf-8",
        "title": "关于公布2024年第一批乡村公益性岗位人员名单的公示",
        "index_number": "SHZ/2024-00011",
        "theme": "",
        "issuing_organ": "双河镇人民政府",
        "information_source": "",
        "date_written": None,
        "document_number": "",
        "date_published": date(2024, 2, 29),
        "keywords": [],
        "validity": Validity.VALID,
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata_is_read_exactly(name):
    page = parse_fixture(name)
    assert {field: getattr(page, field) for field in EXPECTED[name]} == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_and_title_are_not_left_in_the_body(name):
    page = parse_fixture(name)
    text = body_text(page)
    assert page.title not in text.split("\n")
    for label in ("索引号", "发布机构", "发文机关", "成文日期", "发布日期", "发布时间", "效力状态", "有效性"):
        assert label not in text


def test_trs_page_keeps_paragraphs_bold_and_the_data_table():
    page = parse_fixture("trs_govcn.html")
    first = page.body[0].html
    assert "<p>各乡镇人民政府，县政府各部门：</p>" in first
    # A line break between two Chinese characters in the source is not a space.
    assert "请认真贯彻执行。" in first
    assert "<strong>42万亩</strong>" in first
    [table] = segments_of(page, TableSegment)
    assert [cell.text for cell in table.rows[0]] == ["乡镇", "粮食作物（万亩）", "经济作物（万亩）"]
    assert table.rows[1][2].rowspan == 2 and table.rows[3][0].colspan == 2
    assert "（此件公开发布）" in page.body[-1].html


def test_saved_from_comment_gives_the_original_address_and_resolves_attachments():
    page = parse_fixture("trs_govcn.html")
    assert page.original_url == "http://www.qingshui.gov.cn/zwgk/zfwj/202003/t20200310_1395214.html"
    assert page.attachments == [
        Attachment(
            "http://www.qingshui.gov.cn/zwgk/zfwj/202003/P020200310395214570001.pdf",
            "清水县2020年春季农业生产任务分解表.pdf",
        )
    ]


def test_local_base_url_resolves_attachments_to_files_but_keeps_body_links_as_written():
    base = "file:///srv/old-site/zwgk/zfwj/202003/t20200310_1395214.html"
    page = parse_fixture("trs_govcn.html", base_url=base)
    assert page.attachments == [
        Attachment(
            "file:///srv/old-site/zwgk/zfwj/202003/P020200310395214570001.pdf", "清水县2020年春季农业生产任务分解表.pdf"
        )
    ]
    assert '<a href="./P020200310395214570001.pdf">' in page.body[-1].html
    assert page.base_url == base
    assert page.original_url.startswith("http://www.qingshui.gov.cn/")


def test_hanweb_body_is_cut_at_the_content_markers():
    page = parse_fixture("hanweb_gbk.html", base_url="http://www.qinghe.gov.cn/art/2020/11/20/art_123_456.html")
    text = body_text(page)
    assert text.startswith("根据自治区医疗保障局、财政厅有关文件精神")
    assert "个人缴费标准为每人每年320元。" in text
    assert "相关附件" not in text and "大汉网络" not in text
    assert page.attachments == [
        Attachment(
            "http://www.qinghe.gov.cn/module/download/downfile.jsp?classid=0&filename=2011201530285.xls",
            "2021年度缴费标准表",
        )
    ]


def test_ucap_page_keeps_headings_lists_links_and_images_in_order():
    page = parse_fixture("ucap_kaipuyun.html")
    kinds = [segment.block_type for segment in page.body]
    assert kinds == ["rich_text", "image", "rich_text"]
    assert "<h3>一、补贴对象</h3>" in page.body[0].html
    assert "<em>110.18</em>" in page.body[0].html
    assert page.body[1] == ImageSegment(
        "https://www.wangjiang.gov.cn/upload/2022/04/1650001122334.png", "补贴发放流程图"
    )
    assert page.body[2].html.startswith(
        "<ol><li>村级公示</li><li>乡镇审核</li><li>县级复核<ul><li>农业农村局</li><li>财政局</li></ul></li></ol>"
    )
    assert (
        '<a href="https://www.wangjiang.gov.cn/public/2001/40000001.html">上年度补贴发放情况</a>' in page.body[2].html
    )


def test_attachments_take_their_title_from_link_text_or_title_and_skip_icons():
    page = parse_fixture("ucap_kaipuyun.html")
    assert page.attachments == [
        Attachment("https://www.wangjiang.gov.cn/upload/2022/04/补贴面积汇总表.docx", "附件1：补贴面积汇总表"),
        Attachment("https://www.wangjiang.gov.cn/upload/2022/04/1650001199887.wps", "附件2：发放花名册模板.wps"),
        Attachment("https://www.wangjiang.gov.cn/upload/2022/04/1650001199999.ofd", "附件3：通知原文（OFD版）"),
    ]
    assert not any("icon_doc" in segment.url for segment in segments_of(page, ImageSegment))


def test_gb18030_only_characters_survive_a_wrong_utf8_declaration():
    page = parse_fixture("guangdong_gkml.html")
    assert "联系人：刘䶮" in body_text(page)
    assert "The page declares the utf-8 character set but is encoded in gb18030." in page.warnings


def test_utf8_page_declared_as_gb2312_is_read_as_utf8_with_a_warning():
    page = parse_fixture("county_dl.html")
    assert "The page declares the gb2312 character set but is encoded in utf-8." in page.warnings


def test_page_with_only_47_meta_tags_uses_them_and_finds_the_document_number_in_the_body():
    page = parse_fixture("meta47_only.html")
    assert "The document number was taken from the first lines of the body." in page.warnings
    assert "为改善城区环境空气质量" in body_text(page)


def test_plain_article_body_is_the_densest_text_block_without_menus():
    page = parse_fixture("plain_article.html")
    text = body_text(page)
    assert text.startswith("6月17日，河口镇召开2023年防汛工作部署会")
    for furniture in ("首页", "最新动态", "浏览次数", "版权所有", "河口镇人民政府"):
        assert furniture not in text
    assert any("the block with the most text was taken (<div.text>)" in warning for warning in page.warnings)


def test_broken_html_still_gives_paragraphs_and_table():
    page = parse_fixture("broken_unclosed.html")
    [table] = segments_of(page, TableSegment)
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["姓名", "村别", "岗位"],
        ["王某某", "柳树村", "保洁员"],
        ["李某某", "杨湾村", "护林员"],
    ]
    assert "监督电话：0376-1234567" in body_text(page)
    assert "The title was taken from the page's <title>." in page.warnings


@pytest.mark.parametrize(
    "container",
    [
        '<div class="TRS_Editor">',
        '<div class="TRS_UEDITOR">',
        '<div id="UCAP-CONTENT">',
        '<div id="zoom">',
        '<td id="Zoom">',
        '<div id="fontzoom">',
        '<div class="pages_content">',
        '<div class="article-content">',
        '<div class="article_content">',
        '<div class="wzcon">',
        '<div class="view">',
        "<article>",
        '<div id="zoomcon">',
        '<div id="ivs_content">',
        '<div class="ewb-article">',
        '<div class="bt-article">',
        '<div class="TRS_PreAppend">',
        '<div id="printContent">',
        '<div class="print-content">',
        '<div class="article-print">',
    ],
)
def test_known_body_containers_are_used(container):
    name = re.match(r"<(\w+)", container)[1]
    links = "".join(f'<li><a href="/{i}.html">其他文章标题第{i}篇</a></li>' for i in range(20))
    body = (
        f'<ul class="list">{links}</ul><h1>关于某事的通知</h1>'
        f'<table><tr>{container}<p>正文</p></{name}></tr></table><div class="foot">版权所有</div>'
    )
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert body_text(page) == "正文"
    assert page.warnings == []


@pytest.mark.parametrize(
    "href, url",
    [
        (href, f"http://www.example.gov.cn/art/{href}")
        for href in (
            "a.pdf",
            "a.PDF",
            "a.doc",
            "a.docx",
            "a.xls",
            "a.xlsx",
            "a.wps",
            "a.ofd",
            "a.zip",
            "a.rar",
            "a.pdf?v=2",
        )
    ]
    + [
        (
            "/module/download/downfile.jsp?classid=0&filename=a.xlsx",
            "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=a.xlsx",
        ),
        ("附件 1.pdf", "http://www.example.gov.cn/art/附件 1.pdf"),
    ],
)
def test_links_to_documents_are_attachments(href, url):
    body = f'<div class="TRS_Editor"><p>正文</p><p><a href="{href}">附件</a></p></div>'
    page = parse_legacy_page(page_bytes(body), "x.html", base_url="http://www.example.gov.cn/art/1.html")
    assert page.attachments == [Attachment(url, "附件")]


def test_links_to_pages_and_images_are_not_attachments():
    body = '<div class="TRS_Editor"><p><a href="a.html">页面</a><a href="b.jpg">图片</a><a href="mailto:x@example.cn">信箱</a></p></div>'
    assert parse_legacy_page(page_bytes(body), "x.html").attachments == []


def test_base_element_wins_and_canonical_link_is_the_original_url():
    head = '<title>测试页面</title><base href="http://cdn.example.gov.cn/files/"><link rel="canonical" href="http://www.example.gov.cn/a/1.html">'
    body = '<div class="TRS_Editor"><p><a href="x.pdf">附件</a></p><p><img src="p.png" alt="图"></p></div>'
    page = parse_legacy_page(page_bytes(body, head=head), "x.html", base_url="file:///srv/site/a/1.html")
    assert page.original_url == "http://www.example.gov.cn/a/1.html"
    assert page.attachments == [Attachment("http://cdn.example.gov.cn/files/x.pdf", "附件")]
    assert segments_of(page, ImageSegment) == [ImageSegment("http://cdn.example.gov.cn/files/p.png", "图")]
    assert '<a href="http://cdn.example.gov.cn/files/x.pdf">' in page.body[0].html


# --- pages that cannot be imported ---------------------------------------------------------


def test_empty_file_is_refused_with_its_name():
    with pytest.raises(LegacyPageError, match=r"empty\.html: The file is empty\."):
        parse_fixture("empty.html")


def test_page_whose_body_container_is_empty_is_refused():
    with pytest.raises(LegacyPageError, match=r"no_body\.html: The body \(\.TRS_Editor\) has no text\."):
        parse_fixture("no_body.html")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"   \r\n\t ", "The file is empty."),
        (b"%PDF-1.7\n\x00\x01\x02binary", "The file is binary data, not an HTML page."),
        (page_bytes('<div class="TRS_Editor"><p>正文</p></div>', head=""), "The page has no title."),
        (page_bytes("<ul class='nav'><li><a href='/'>首页</a></li></ul>"), "No body text was found on the page."),
    ],
)
def test_unusable_pages_raise_a_clear_error(data, message):
    with pytest.raises(LegacyPageError) as error:
        parse_legacy_page(data, "site/a.html")
    assert error.value.source == "site/a.html"
    assert error.value.message == message
    assert str(error.value) == f"site/a.html: {message}"


def test_unclosed_tags_deeper_than_the_recursion_limit_do_not_exhaust_the_stack():
    # 1,400 deep: past Python's recursion limit, within MAX_PAGE_DEPTH.
    body = '<div class="TRS_Editor">' + "<font><span>" * 700 + "深层正文</div>"
    page = parse_legacy_page(page_bytes(body), "deep.html")
    assert body_text(page) == "深层正文"


# --- encodings -----------------------------------------------------------------------------


def test_byte_order_mark_wins_over_the_declared_charset():
    data = b"\xef\xbb\xbf" + page_bytes('<meta charset="gbk"><div class="TRS_Editor">正文</div>')
    text, encoding, warnings = decode_html(data)
    assert (encoding, warnings) == ("utf-8", [])
    assert "正文" in text


def test_gbk_page_without_any_declaration_is_read_as_gb18030():
    text, encoding, warnings = decode_html("<p>没有声明字符集的页面</p>".encode("gbk"))
    assert (text, encoding, warnings) == ("<p>没有声明字符集的页面</p>", "gb18030", [])


def test_correct_gb2312_declaration_gives_no_warning():
    page = parse_fixture("hanweb_gbk.html")
    assert page.warnings == []


def test_truncated_utf8_page_is_decoded_with_the_broken_bytes_replaced():
    data = "<title>标题</title><p>最后一个字被截断了</p>".encode()[:-6]
    text, encoding, warnings = decode_html(data)
    assert encoding == "utf-8"
    assert text.startswith("<title>标题</title><p>最后一个字被截断")
    assert warnings == ["1 bytes could not be decoded as utf-8 and were replaced."]


def test_text_garbled_on_the_old_site_is_reported():
    page = parse_legacy_page(page_bytes('<div class="TRS_Editor">锟斤拷烫烫烫</div>'), "x.html")
    assert any("锟斤拷" in warning for warning in page.warnings)


# --- dates, labels, validity ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020年3月5日", date(2020, 3, 5)),
        ("2020年03月05日", date(2020, 3, 5)),
        ("2020-03-05", date(2020, 3, 5)),
        ("2020-03-05 16:20:00", date(2020, 3, 5)),
        ("2020/3/5", date(2020, 3, 5)),
        ("2020.03.05", date(2020, 3, 5)),
        ("２０２０－０３－０５", date(2020, 3, 5)),
        ("２０２０年３月５日", date(2020, 3, 5)),
        ("二〇二〇年三月五日", date(2020, 3, 5)),
        ("二〇一九年十二月三十一日", date(2019, 12, 31)),
        ("二○二一年十月二十日", date(2021, 10, 20)),
        ("2020年2月30日", None),
        ("2020-13-01", None),
        ("近日", None),
        ("", None),
    ],
)
def test_dates_are_read_in_every_common_spelling(text, expected):
    assert parse_date(text) == expected


def test_unreadable_date_is_reported_and_left_empty():
    body = '<table><tr><td>成文日期：</td><td>2020年2月30日</td></tr></table><div class="TRS_Editor">正文</div>'
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert page.date_written is None
    assert "“2020年2月30日” could not be read as a date." in page.warnings


@pytest.mark.parametrize(
    "label, field, value",
    [
        ("索引号", "index_number", "ABC/2020-00001"),
        ("索 引 号", "index_number", "ABC/2020-00001"),
        ("索&nbsp;&nbsp;引&nbsp;&nbsp;号", "index_number", "ABC/2020-00001"),
        ("信息索引号", "index_number", "ABC/2020-00001"),
        ("发文机关", "issuing_organ", "某某县人民政府"),
        ("发布机构", "issuing_organ", "某某县人民政府"),
        ("发布单位", "issuing_organ", "某某县人民政府"),
        ("发文单位", "issuing_organ", "某某县人民政府"),
        ("文号", "document_number", "某政发〔2020〕1号"),
        ("文 号", "document_number", "某政发〔2020〕1号"),
        ("文　　号", "document_number", "某政发〔2020〕1号"),
        ("发文字号", "document_number", "某政发〔2020〕1号"),
        ("成文日期", "date_written", date(2020, 3, 5)),
        ("成文时间", "date_written", date(2020, 3, 5)),
        ("印发日期", "date_written", date(2020, 3, 5)),
        ("发布日期", "date_published", date(2020, 3, 5)),
        ("发布时间", "date_published", date(2020, 3, 5)),
        ("公开日期", "date_published", date(2020, 3, 5)),
        ("主题分类", "theme", "综合政务"),
        ("分类", "theme", "综合政务"),
        ("主题", "theme", "综合政务"),
        ("主题词", "keywords", ["政务", "公开"]),
        ("关键词", "keywords", ["政务", "公开"]),
        ("有效性", "validity", Validity.VALID),
        ("效力状态", "validity", Validity.VALID),
        ("时效", "validity", Validity.VALID),
        ("标　　题", "title", "关于某事的通知"),
    ],
)
def test_label_spellings_are_recognised(label, field, value):
    written = {"date_written": "2020年3月5日", "date_published": "2020年3月5日", "validity": "有效"}.get(field, value)
    if field == "keywords":
        written = "、".join(value)
    body = f'<table><tr><td>{label}：</td><td>{written}</td></tr></table><div class="TRS_Editor">正文</div>'
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert getattr(page, field) == value


@pytest.mark.parametrize(
    "layout",
    [
        "<table><tr><td>索引号</td><td>ABC/2020-00001</td></tr></table>",
        "<table><tr><th>索引号：</th><td>ABC/2020-00001</td><th>发布日期：</th><td>2020-03-05</td></tr></table>",
        "<dl><dt>索引号:</dt><dd>ABC/2020-00001</dd></dl>",
        "<div><label>索引号</label><span>ABC/2020-00001</span></div>",
        "<p><span class='lab'>索引号：</span><span>ABC/2020-00001</span></p>",
        "<ul><li>【索引号】ABC/2020-00001</li></ul>",
        "<p>索 引 号 ： ABC/2020-00001　　发布日期：2020-03-05</p>",
        "<p>索引号：ABC／2020－00001</p>",
    ],
)
def test_metadata_layouts_are_all_read(layout):
    page = parse_legacy_page(page_bytes(layout + '<div class="TRS_Editor">正文</div>'), "x.html")
    assert page.index_number == "ABC/2020-00001"


def test_label_words_inside_sentences_are_not_labels():
    body = (
        '<div class="intro">深入开展主题教育，分类推进各项工作。</div>'
        '<div class="TRS_Editor"><p>本办法自发布日期起施行。</p></div>'
    )
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert (page.theme, page.date_published) == ("", None)
    assert body_text(page) == "本办法自发布日期起施行。"


def test_strong_label_wins_over_a_weak_one_before_it():
    body = (
        "<p>发布时间：2020-03-05　来源：本网</p><p>来源：县融媒体中心</p>"
        '<table><tr><td>发布机构：</td><td>某某县财政局</td></tr></table><div class="TRS_Editor">正文</div>'
    )
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert page.issuing_organ == "某某县财政局"
    assert page.information_source == "县融媒体中心"


@pytest.mark.parametrize(
    ("label", "meta"),
    [("来源", ""), ("信息来源", ""), ("文章来源", ""), ("", '<meta name="ContentSource" content="人民日报">')],
)
def test_the_source_of_a_text_is_provenance_never_the_issuing_organ(label, meta):
    line = f"<p>{label}：人民日报</p>" if label else ""
    page = parse_legacy_page(
        page_bytes(f'{line}<div class="TRS_Editor"><p>正文</p></div>', head=f"<title>某文</title>{meta}"), "x.html"
    )
    assert (page.issuing_organ, page.information_source) == ("", "人民日报")


def test_the_original_address_comes_from_what_the_page_says_of_itself_first():
    head = (
        "<title>某文</title><!-- saved from url=(0040)http://mirror.example.org/a.html -->"
        '<meta name="Url" content="http://www.example.gov.cn/zwgk/b.html">'
        '<meta property="og:url" content="http://www.example.gov.cn/og.html">'
    )
    page = parse_legacy_page(page_bytes('<div class="TRS_Editor"><p>正文</p></div>', head=head), "x.html")
    assert page.original_url == "http://www.example.gov.cn/zwgk/b.html"
    canonical = '<link rel="canonical" href="https://www.example.gov.cn/c.html">'
    page = parse_legacy_page(page_bytes('<div class="TRS_Editor"><p>正文</p></div>', head=head + canonical), "x.html")
    assert page.original_url == "https://www.example.gov.cn/c.html"


def test_document_list_table_in_the_body_is_kept_as_a_table():
    table = (
        "<table><tr><th>文件名称</th><th>文号</th><th>发布日期</th></tr>"
        "<tr><td>关于甲的通知</td><td>某政〔2020〕1号</td><td>2020-01-01</td></tr></table>"
    )
    page = parse_legacy_page(page_bytes(f'<div class="TRS_Editor"><p>已废止文件目录：</p>{table}</div>'), "x.html")
    assert (page.document_number, page.date_published) == ("", None)
    [segment] = segments_of(page, TableSegment)
    assert segment.rows[1][1].text == "某政〔2020〕1号"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("有效", Validity.VALID),
        ("现行有效", Validity.VALID),
        ("继续有效", Validity.VALID),
        ("已修改", Validity.AMENDED),
        ("已修订", Validity.AMENDED),
        ("失效", Validity.EXPIRED),
        ("已失效", Validity.EXPIRED),
        ("废止", Validity.REPEALED),
        ("已 废 止", Validity.REPEALED),
        ("尚未生效", ""),
        ("其他", ""),
        ("", ""),
    ],
)
def test_validity_texts_map_to_the_project_values(text, expected):
    assert parse_validity(text) == expected


def test_unknown_validity_is_reported():
    body = '<p>有效性：待定</p><div class="TRS_Editor">正文</div>'
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert page.validity == ""
    assert "The validity “待定” is none of 有效, 已修改, 失效 or 废止." in page.warnings


# --- titles --------------------------------------------------------------------------------


def test_site_logo_heading_is_not_taken_for_the_title():
    body = (
        '<div class="logo"><h1>某某县人民政府</h1></div><h2>关于某事的通知</h2>'
        '<div class="TRS_Editor"><p>正文</p></div>'
    )
    page = parse_legacy_page(page_bytes(body, head="<title>某某县人民政府</title>"), "x.html")
    assert page.title == "关于某事的通知"


def test_column_name_in_the_head_title_is_not_taken_for_the_title():
    body = '<h2 class="column-title">政策文件</h2><h1>关于某事的通知</h1><div class="TRS_Editor"><p>正文</p></div>'
    page = parse_legacy_page(page_bytes(body, head="<title>政策文件_某某县人民政府</title>"), "x.html")
    assert page.title == "关于某事的通知"


def test_title_repeated_at_the_top_of_the_body_is_removed():
    body = '<div class="TRS_Editor"><p><strong>关于某事的通知</strong></p><p>正文</p></div>'
    page = parse_legacy_page(page_bytes(body, head="<title>关于某事的通知_某某县</title>"), "x.html")
    assert page.title == "关于某事的通知"
    assert body_text(page) == "正文"


# --- body cleaning -------------------------------------------------------------------------


def test_body_is_already_in_wagtail_database_format():
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
    for name in EXPECTED:
        for segment in segments_of(parse_fixture(name), RichTextSegment):
            assert converter.to_database_format(segment.html) == segment.html


def test_hidden_elements_are_not_imported():
    body = (
        '<div class="TRS_Editor"><p>可见</p><p style="DISPLAY: none">隐藏关键词堆砌</p><div hidden>也隐藏</div></div>'
    )
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert body_text(page) == "可见"


def test_layout_table_is_unwrapped_and_the_data_table_inside_it_kept():
    table = "<table><tr><td><p>甲</p><table><tr><td>乙</td><td>丙</td></tr></table></td><td><p>丁</p></td></tr></table>"
    page = parse_legacy_page(page_bytes(f'<div class="TRS_Editor">{table}</div>'), "x.html")
    assert [segment.block_type for segment in page.body] == ["rich_text", "table", "rich_text"]
    assert (page.body[0].html, page.body[2].html) == ("<p>甲</p>", "<p>丁</p>")


def test_single_cell_table_is_layout():
    page = parse_legacy_page(
        page_bytes('<div class="TRS_Editor"><table><tr><td><p>甲</p><p>乙</p></td></tr></table></div>'), "x.html"
    )
    assert [segment.html for segment in page.body] == ["<p>甲</p><p>乙</p>"]


def test_table_block_value_keeps_spans_and_headers():
    page = parse_fixture("trs_govcn.html")
    [table] = segments_of(page, TableSegment)
    value = table.table_block_value()
    assert value["data"] == [
        ["乡镇", "粮食作物（万亩）", "经济作物（万亩）"],
        ["永清镇", "4.5", "3.0"],
        ["红堡镇", "3.8", ""],
        ["合计", "", "11.3"],
    ]
    assert value["mergeCells"] == [
        {"row": 1, "col": 2, "rowspan": 2, "colspan": 1},
        {"row": 3, "col": 0, "rowspan": 1, "colspan": 2},
    ]
    assert value["cell"] == [{"row": 2, "col": 2, "hidden": True}, {"row": 3, "col": 1, "hidden": True}]
    assert (value["first_row_is_table_header"], value["first_col_is_header"], value["table_header_choice"]) == (
        True,
        False,
        "row",
    )


def test_table_block_renders_the_imported_table_with_its_spans():
    from wagtail.contrib.table_block.blocks import TableBlock

    [table] = segments_of(parse_fixture("trs_govcn.html"), TableSegment)
    rendered = TableBlock().render(table.table_block_value())
    cells = BeautifulSoup(rendered, "html.parser").find_all(["td", "th"])
    assert [cell.get_text(strip=True) for cell in cells] == [
        "乡镇",
        "粮食作物（万亩）",
        "经济作物（万亩）",
        "永清镇",
        "4.5",
        "3.0",
        "红堡镇",
        "3.8",
        "合计",
        "11.3",
    ]
    assert 'rowspan="2"' in rendered and 'colspan="2"' in rendered


def test_absurd_spans_are_clamped():
    table = '<table><tr><td rowspan="0" colspan="99999">甲</td><td rowspan="abc">乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>'
    [segment] = segments_of(
        parse_legacy_page(page_bytes(f'<div class="TRS_Editor">{table}</div>'), "x.html"), TableSegment
    )
    assert [(cell.rowspan, cell.colspan) for cell in segment.rows[0]] == [(1, 100), (1, 1)]


@pytest.mark.parametrize(
    ("size", "kept"),
    [
        ("16", False),
        ("32", False),
        ("33", True),
        ("", True),
        ("²", True),
        ("١٦", True),
        ("１６", True),
        ("9" * 5000, True),
    ],
)
def test_small_images_are_dropped_as_icons_by_a_size_in_ascii_digits(size, kept):
    # Browsers read width and height in ASCII digits only; "²" reached int() and stopped the page's import.
    body = f'<div class="TRS_Editor"><p>正文</p><p><img src="p.png" width="{size}" height="{size}" alt="图"></p></div>'
    page = parse_legacy_page(page_bytes(body), "x.html", base_url="http://www.example.gov.cn/art/1.html")
    image = ImageSegment("http://www.example.gov.cn/art/p.png", "图")
    assert segments_of(page, ImageSegment) == ([image] if kept else [])


# --- hostile pages -------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "ol",
    "ul",
    "li",
    "a",
    "br",
    "hr",
    "table",
    "caption",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"href", "rowspan", "colspan", "scope"}


def assert_safe_url(url):
    # What a browser would see: entities decoded once, control characters and spaces dropped.
    compact = re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", html.unescape(url)).lower()
    assert not compact.startswith(("javascript:", "vbscript:", "livescript:", "data:")), url


def assert_clean(page):
    markup = [segment.html for segment in page.body if not isinstance(segment, ImageSegment)]
    for fragment in markup:
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
            "linktype",
            "embedtype",
        ):
            assert forbidden not in lowered, fragment
        assert not re.search(r"<[^>]*\son\w+\s*=", lowered), fragment
        for tag in BeautifulSoup(fragment, "html.parser").find_all(True):
            assert tag.name in ALLOWED_TAGS, fragment
            assert set(tag.attrs) <= ALLOWED_ATTRIBUTES, fragment
            if tag.has_attr("href"):
                assert_safe_url(tag["href"])
    texts = [page.title, page.index_number, page.theme, page.issuing_organ, page.document_number, *page.keywords]
    texts += [attachment.title for attachment in page.attachments]
    texts += [segment.alt for segment in segments_of(page, ImageSegment)]
    texts += [cell.text for table in segments_of(page, TableSegment) for row in table.rows for cell in row]
    for text in texts:
        assert not re.search(r"<[a-zA-Z/!]", text), text
    for url in [attachment.url for attachment in page.attachments] + [s.url for s in segments_of(page, ImageSegment)]:
        assert_safe_url(url)
        assert not url.lower().endswith(".svg")


def test_hostile_fixture_is_cleaned_and_keeps_its_text():
    page = parse_fixture("hostile_xss.html")
    assert_clean(page)
    assert page.title == "关于测试页面安全的通知"
    assert (page.index_number, page.issuing_organ, page.keywords) == ("XSS/2020-00001", "测试局", ["安全", "测试"])
    text = body_text(page)
    for kept in ("正文第一段", "列表项", "带表达式的段落", "红色字体", "单元格甲", "正文最后一段。"):
        assert kept in text
    assert page.attachments == [Attachment("x.pdf", "附件正常")]
    # <base href="javascript:..."> is no base.
    assert page.base_url == ""


PAYLOADS = [line for line in (FIXTURES / "xss_payloads.txt").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payload_in_the_body_does_not_survive(payload):
    body = f'<div class="TRS_Editor"><p>正文内容。</p>{payload}<p>结尾。</p></div>'
    page = parse_legacy_page(page_bytes(body, head="<title>安全测试</title>"), "x.html")
    assert_clean(page)
    assert "正文内容。" in body_text(page)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payload_in_the_metadata_and_title_does_not_survive(payload):
    body = (
        f"<h1>关于安全测试的通知{payload}</h1>"
        f"<table><tr><td>发布机构：</td><td>{payload}测试局</td><td>主题词：</td><td>安全{payload}</td></tr></table>"
        '<div class="TRS_Editor"><p>正文内容。</p></div>'
    )
    try:
        page = parse_legacy_page(page_bytes(body, head=f"<title>关于安全测试的通知{payload}</title>"), "x.html")
    except FramedPageError:
        pass  # an unclosed <iframe> swallows the rest of the page: all that is left is the frame
    except LegacyPageError as error:
        # A payload that swallows the rest of the page leaves nothing to import; that is fine.
        assert error.message in ("The page has no title.", "No body text was found on the page.")
    else:
        assert_clean(page)


@pytest.mark.parametrize(
    "nesting, expected",
    [
        ("<b>" * 1400 + "粗体正文", "<p><strong>粗体正文</strong></p>"),
        ("<ul><li>" * 700 + "列表正文", None),
    ],
)
def test_deeply_nested_inline_or_list_tags_give_shallow_rich_text(nesting, expected):
    page = parse_legacy_page(page_bytes(f'<div class="TRS_Editor">{nesting}</div>'), "deep.html")
    [segment] = page.body
    if expected:
        assert segment.html == expected
    assert segment.html.count("<ul>") <= 5
    assert body_text(page) == nesting.rsplit(">", 1)[1]


def test_hundreds_of_nested_tables_are_read_as_layout():
    body = '<div class="TRS_Editor">' + "<table><tr><td>" * 450 + "表中正文<p>第二段</p></div>"
    page = parse_legacy_page(page_bytes(body), "deep.html")
    assert body_text(page) == "表中正文\n第二段"


# --- saved pages of real platforms, in all their mess ------------------------------------------
#
# The pages below are written the way TRS, Hanweb, 开普云 Ucap and the provincial 公开目录
# platforms publish them: GBK, layout tables inside layout tables, server-side includes that
# close the document early, print and share links, 上一篇/下一篇 and 相关链接.

HEAD_INCLUDE = (
    # /inc/head.html of a TRS site: the site's banner and menu, then the end of the document.
    '<div class="header"><div class="logo">清河县人民政府</div>'
    '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
    '<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>'
)
FOOT_INCLUDE = (
    '<div class="footer">主办：清河县人民政府办公室　版权所有　网站标识码：1301230001　'
    "冀ICP备05012345号　冀公网安备 13052302000001号</div>"
)
TITLE = "清河县人民政府办公室关于做好2023年秋冬季森林防火工作的通知"
ARTICLE = (
    "<p>各乡镇人民政府，县政府各部门：</p>"
    "<p>当前已进入秋冬季森林防火期，为切实做好森林防火工作，现就有关事项通知如下。</p>"
    "<p>一、提高思想认识，压实防火责任。</p>"
    "<p>二、加强火源管控，严防人为失火。</p>"
)
ARTICLE_TEXT = "\n".join(BeautifulSoup(ARTICLE, "html.parser").stripped_strings)
INFO_TABLE = (
    '<table class="xxgk_table" width="100%" border="0">'
    "<tr><td>索 引 号：</td><td>11130534MB0123456X/2023-00112</td><td>发布机构：</td><td>清河县人民政府办公室</td></tr>"
    "<tr><td>发布日期：</td><td>2023-10-08</td><td>文　　号：</td><td>清政办发〔2023〕21号</td></tr></table>"
)
PAGE_TOOLS = (
    '<div class="fontsize">【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
    '<a href="javascript:doZoom(12)">小</a>】</div>'
    '<p align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.opener=null;'
    'window.close()">关闭窗口</a>】</p>'
    '<div class="bdsharebuttonbox"><a class="bds_weixin" title="分享到微信"></a><a class="bds_tsina"></a></div>'
    '<p>上一篇：<a href="./t20231007_1.html">关于开展安全生产大检查的通知</a></p><p>下一篇：没有了</p>'
    '<h4>相关链接</h4><ul><li><a href="/zcjd/1.html">《森林防火条例》解读</a></li>'
    '<li><a href="/zcjd/2.html">河北省森林防火规定</a></li></ul>'
)


def gbk_template_page(middle, head_title=f"{TITLE}_清河县人民政府"):
    """A page published by a JSP template: directives above <html>, includes, GBK."""
    page = (
        '<%@ page contentType="text/html;charset=GBK" %>\n<%@ include file="/inc/common.jsp" %>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />'
        f"<title>{head_title}</title>"
        '<script type="text/javascript"><!--\nvar _hmt = _hmt || [];\n//--></script></head>\n'
        f"{middle}"
    )
    return page.encode("gbk")


def nested_layout(inner):
    """The article inside layout tables inside layout tables, as TRS templates of 2010 had it."""
    return (
        '<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td>'
        '<table width="100%" border="0"><tr><td width="200" valign="top"><table><tr><td>'
        '<a href="/zwgk/zfwj/">政府文件</a><br><a href="/zwgk/bmwj/">部门文件</a></td></tr></table></td>'
        f'<td valign="top"><table width="100%"><tr><td class="bt">{TITLE}</td></tr>'
        f"<tr><td>{INFO_TABLE}</td></tr><tr><td>{inner}</td></tr></table></td></tr></table>"
        "</td></tr></table>"
    )


def assert_no_server_code(page):
    for fragment in [page.title, body_text(page), *(getattr(s, "html", "") for s in page.body)]:
        for leftover in ("<%", "%>", "{{", "}}", "${", "<?php", "#include", "jsp:", "trs_document"):
            assert leftover not in fragment.lower(), fragment


@pytest.mark.parametrize(
    "middle",
    [
        # /inc/head.html ends in </body></html>; the article follows in what lxml makes a second <html>.
        f'<body><!--#include virtual="/inc/head.html"-->{HEAD_INCLUDE}</body></html>\n'
        f'{nested_layout(f"<div id=zoom>{ARTICLE}</div>")}<!--#include virtual="/inc/foot.html"-->{FOOT_INCLUDE}'
        "</body></html>",
        # Only </body> comes early: the article sits beside the <body>.
        f"<body>{HEAD_INCLUDE}</body>\n{nested_layout(f'<div id=zoom>{ARTICLE}</div>')}{FOOT_INCLUDE}</body></html>",
        # The head include closes the document before the <body> even starts.
        f"</html>\n<body>{HEAD_INCLUDE}{nested_layout(f'<div id=zoom>{ARTICLE}</div>')}{FOOT_INCLUDE}</body></html>",
        # Body container, metadata and all after the end of the document, without any <body>.
        f"<body>{HEAD_INCLUDE}</body></html>\n{INFO_TABLE}<div class='TRS_Editor'>{ARTICLE}</div>",
    ],
    ids=["second-html", "beside-body", "before-body", "no-body-tag"],
)
def test_the_article_after_a_stray_end_of_document_is_found(middle):
    page = parse_legacy_page(gbk_template_page(middle), "zwgk/t20231008_112.html")
    assert page.encoding == "gb18030"
    assert (page.title, page.index_number, page.issuing_organ) == (
        TITLE,
        "11130534MB0123456X/2023-00112",
        "清河县人民政府办公室",
    )
    assert (page.document_number, page.date_published) == ("清政办发〔2023〕21号", date(2023, 10, 8))
    assert body_text(page) == ARTICLE_TEXT
    assert_no_server_code(page)
    assert not any("most text" in warning for warning in page.warnings)


@pytest.mark.parametrize(
    "removed",
    [
        '<script type="text/javascript"><!--\ndocument.write("<p>统计代码</p>");\n//--></script>',
        "<script><![CDATA[ var a = 1; ]]></script>",
        '<style type="text/css">/*<![CDATA[*/ .TRS_Editor P{line-height:2;} /*]]>*/</style>',
        "<style><!-- p { margin: 0 } --></style>",
        "<noscript><!-- 百度统计 --><img src='http://hm.baidu.com/hm.gif'></noscript>",
        '<iframe src="/share.html" frameborder="0"><!-- 分享 --></iframe>',
        # Flash as Dreamweaver wrote it: conditional comments inside nested <object>s.
        '<object classid="clsid:D27CDB6E"><param name="movie" value="banner.swf"><!--[if !IE]>-->'
        '<object type="application/x-shockwave-flash" data="banner.swf"><!--<![endif]--><p>需要 Flash 插件</p>'
        "<!--[if !IE]>--></object><!--<![endif]--></object>",
        "<noscript><iframe src='//www.googletagmanager.com/ns.html'><!-- gtm --></iframe></noscript>",
        "<noscript><svg><!-- icon --></svg></noscript>",
        "<select onchange='go(this)'><option><!-- 友情链接 -->请选择</option></select>",
        "<noframes><!-- 不支持框架 --></noframes>",
    ],
)
def test_comments_and_cdata_inside_removed_elements_are_removed_with_them(removed):
    body = f'{removed}<div class="TRS_Editor">{removed}<p>正文第一段。</p><!-- 正文结束 -->{removed}</div>{removed}'
    page = parse_legacy_page(page_bytes(body, head=f"<title>关于某事的通知</title>{removed}"), "x.html")
    assert body_text(page) == "正文第一段。"


# --- frames and print versions ------------------------------------------------------------------


def test_a_frameset_page_is_refused_naming_the_framed_article():
    data = (
        "<html><head><title>关于某事的通知</title></head>"
        '<frameset rows="120,*" frameborder="no"><frame name="topFrame" src="../../inc/top.html" scrolling="no">'
        '<frame name="mainFrame" src="content_12345.html"></frameset>'
        "<noframes><body>您的浏览器不支持框架，请升级浏览器。</body></noframes></html>"
    ).encode("gbk")
    with pytest.raises(FramedPageError) as error:
        parse_legacy_page(data, "x.html")
    assert error.value.message == (
        "The page only frames content_12345.html; its text is in that file: import it instead."
    )


def test_a_page_that_only_wraps_an_iframe_is_refused_naming_the_framed_page():
    body = (
        f"{HEAD_INCLUDE}<div class='location'>当前位置：首页 &gt; 政务公开</div>"
        '<iframe id="contentFrame" src="/art/2023/10/8/art_1234_56789.html" width="100%" height="1800" '
        'frameborder="0" scrolling="no"><!-- 正文 --></iframe>'
        '<iframe src="/module/share/share.jsp" width="0" height="0"></iframe>'
        f"{FOOT_INCLUDE}"
    )
    with pytest.raises(FramedPageError) as error:
        parse_legacy_page(page_bytes(body), "x.html", base_url="http://www.example.gov.cn/col/col1234/index.html")
    assert error.value.frames[0] == (
        "/art/2023/10/8/art_1234_56789.html",
        "http://www.example.gov.cn/art/2023/10/8/art_1234_56789.html",
    )


def test_an_iframe_beside_a_real_body_is_ignored():
    body = '<div class="TRS_Editor"><p>正文第一段。</p><iframe src="/map.html"></iframe></div>'
    assert body_text(parse_legacy_page(page_bytes(body), "x.html")) == "正文第一段。"


def test_the_refusal_says_when_the_framed_page_is_in_the_folder_being_imported(tmp_path):
    frame = '<html><head><title>某文</title></head><frameset cols="200,*"><frame name="left" src="menu.html"><frame src="{}"></frameset></html>'
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "content.html").write_bytes(page_bytes('<div class="TRS_Editor"><p>正文</p></div>'))
    inside = tmp_path / "index.html"
    inside.write_text(frame.format("art/content.html"), encoding="utf-8")
    elsewhere = tmp_path / "other.html"
    elsewhere.write_text(frame.format("http://www.example.gov.cn/art/1.html"), encoding="utf-8")
    assert page_record(inside, "某县", tmp_path).reason == (
        "The page only frames art/content.html, which is in the folder being imported and is imported on its own."
    )
    assert page_record(elsewhere, "某县", tmp_path).reason == (
        "The page only frames http://www.example.gov.cn/art/1.html; its text is in that file: import it instead."
    )


@pytest.mark.parametrize(
    "container",
    ['<div id="printContent">', '<div class="print-content">', '<div id="zoomcon">', '<div class="article-print">'],
)
def test_a_print_version_is_read_like_the_page(container):
    name = re.match(r"<(\w+)", container)[1]
    body = (
        '<div class="print-tools"><a href="javascript:window.print()">打印</a> '
        '<a href="javascript:window.close()">关闭</a></div>'
        f"{container}<h1>{TITLE}</h1>{INFO_TABLE}{ARTICLE}{PAGE_TOOLS}</{name}>"
    )
    # print.jsp?id= pages are titled after the tool, not the document.
    page = parse_legacy_page(page_bytes(body, head="<title>打印本页</title>", encoding="gbk"), "print.jsp?id=112.html")
    assert (page.title, page.index_number, page.date_published) == (
        TITLE,
        "11130534MB0123456X/2023-00112",
        date(2023, 10, 8),
    )
    assert body_text(page) == ARTICLE_TEXT
    assert page.warnings == []


def test_trs_blocks_pasted_from_word_are_read_together():
    body = (
        '<div class="detail"><div class="TRS_PreAppend"><p>第一部分。</p></div><p class="MsoNormal">衔接段落。<o:p></o:p></p>'
        '<div class="TRS_PreAppend"><p>第二部分。</p></div></div><div class="footer">版权所有</div>'
    )
    assert body_text(parse_legacy_page(page_bytes(body), "x.html")) == "第一部分。\n衔接段落。\n第二部分。"


def test_page_tools_in_the_body_container_are_dropped():
    body = f"<h1>{TITLE}</h1><div id='zoom'>{ARTICLE}{PAGE_TOOLS}</div>"
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert body_text(page) == ARTICLE_TEXT


def test_words_of_the_document_that_look_like_tools_are_kept():
    table = (
        "<table><tr><th>规模</th><th>数量</th></tr><tr><td>大</td><td>3</td></tr><tr><td>中</td><td>5</td></tr></table>"
    )
    body = f'<div class="TRS_Editor"><p>返回原籍的人员应当登记。</p><p>上一篇文章提到的问题已经解决。</p>{table}</div>'
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert "返回原籍的人员应当登记。\n上一篇文章提到的问题已经解决。" in body_text(page)
    [segment] = segments_of(page, TableSegment)
    assert [[cell.text for cell in row] for row in segment.rows] == [["规模", "数量"], ["大", "3"], ["中", "5"]]


def test_a_script_link_that_is_no_page_tool_keeps_its_text():
    body = '<div class="TRS_Editor"><p>详见<a href="javascript:void(0)" onclick="openAttach(12)">附件一</a>。</p></div>'
    assert body_text(parse_legacy_page(page_bytes(body), "x.html")) == "详见附件一。"


def test_print_and_close_cells_of_a_data_table_are_emptied_not_shifted():
    table = (
        "<table><tr><th>姓名</th><th>村别</th><th>操作</th></tr>"
        "<tr><td>王某某</td><td>柳树村</td><td><a href='javascript:window.print()'>打印</a></td></tr></table>"
    )
    page = parse_legacy_page(page_bytes(f'<div class="TRS_Editor"><p>名单如下：</p>{table}</div>'), "x.html")
    [segment] = segments_of(page, TableSegment)
    assert [[cell.text for cell in row] for row in segment.rows] == [["姓名", "村别", "操作"], ["王某某", "柳树村", ""]]


# --- server code and template leftovers ----------------------------------------------------------


@pytest.mark.parametrize(
    "leftover",
    [
        '<%@ page contentType="text/html;charset=GBK" %>',
        '<% out.print(request.getParameter("id")); %>',
        "<%=doc.getTitle()%>",
        "<?php echo $article['title']; ?>",
        "{{article.title}}",
        "{{ doc.pubDate | date('Y-m-d') }}",
        "{% if attachments %}",
        "${doc.content}",
        "$!{article.source}",
        "<#list docs as doc>",
    ],
)
def test_server_code_left_in_a_body_is_removed_with_a_warning(leftover):
    body = f"<h1>{TITLE}</h1><div class='TRS_Editor'><p>前言。{leftover}</p>{ARTICLE}</div>"
    page = parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    assert body_text(page) == f"前言。\n{ARTICLE_TEXT}"
    assert_no_server_code(page)
    assert page.warnings == [f"Server code or template placeholders were removed from the body: {leftover}."]


def test_server_includes_and_template_tags_in_a_body_are_reported():
    body = (
        f'<h1>{TITLE}</h1><div id="zoom"><!--#include virtual="/inc/share.html"--><!--#begineditable name="正文"-->'
        f'{ARTICLE}<jsp:include page="/inc/related.jsp" /><!--#endeditable--></div>'
    )
    page = parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    assert body_text(page) == ARTICLE_TEXT
    assert page.warnings == [
        'Server code or template placeholders were removed from the body: <!--#include virtual="/inc/share.html"-->, '
        '<jsp:include page="/inc/related.jsp">.'
    ]


def test_hanweb_editable_markers_are_not_server_code():
    body = f'<h1>{TITLE}</h1><!--#begineditable name="文章内容" viewid="123"--><div id="zoom">{ARTICLE}</div><!--#endeditable-->'
    page = parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    assert (body_text(page), page.warnings) == (ARTICLE_TEXT, [])


def test_a_link_to_a_template_address_is_neither_a_link_nor_an_attachment():
    body = f'<div class="TRS_Editor">{ARTICLE}<p><a href="${{doc.attachUrl}}">附件：名单.xls</a></p></div>'
    page = parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html", base_url="file:///srv/a.html")
    assert page.attachments == []
    assert "<a " not in page.body[-1].html and "附件：名单.xls" in body_text(page)


@pytest.mark.parametrize(
    "body, examples",
    [
        ('<div class="TRS_Editor">${doc.content}</div>', "${doc.content}"),
        ('<div id="zoom"><TRS_DOCUMENT FIELD="DOCHTMLCON"></TRS_DOCUMENT></div>', '<trs_document field="DOCHTMLCON">'),
        (
            '<div class="article-content"><p>{{article.content}}</p><p>附件：{{file}}</p></div>',
            "{{article.content}}, {{file}}",
        ),
        (
            '<div id="zoom"><!--#include virtual="/content/2023/112.html"--><p>正文</p></div>',
            '<!--#include virtual="/content/2023/112.html"-->',
        ),
    ],
)
def test_a_body_that_is_mostly_template_leftovers_is_refused(body, examples):
    with pytest.raises(LegacyPageError) as error:
        parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    element = re.search(r'(class|id)="([^"]+)"', body)
    selector = ("." if element[1] == "class" else "#") + element[2]
    assert error.value.message == (
        f"The body ({selector}) is mostly server code or template placeholders ({examples}): "
        "the page was saved from its template, not from the published site."
    )


# --- pages without a body container --------------------------------------------------------------


def test_a_page_whose_text_is_the_whole_page_is_refused_not_published_whole():
    # What a JSP template without any content block looks like once saved: the menu, the text
    # and the footer straight in the <body>.
    middle = (
        f"<body>{HEAD_INCLUDE.replace('class=', 'data-x=')}"
        "关于2023年度农村低保对象动态管理情况的公示。根据有关规定，经入户调查、民主评议，现将我镇2023年度"
        "农村低保对象动态管理情况予以公示，公示期7天。<br>联系电话：0310-1234567<br>"
        f"{FOOT_INCLUDE.replace('class=', 'data-x=')}</body></html>"
    )
    with pytest.raises(LegacyPageError) as error:
        parse_legacy_page(gbk_template_page(middle), "x.html")
    assert error.value.message == (
        "No body container was found, and the text is spread over the whole page; "
        "the page is not imported, as that would publish the site's menus with it."
    )


@pytest.mark.parametrize(
    "furniture",
    [
        '<ul class="mainNav"><li><a href="/">首页</a></li></ul>',
        "<nav><a href='/'>首页</a></nav>",
        '<div class="crumbs">当前位置：首页 &gt; 通知公告</div>',
        "<p>版权所有：清河县人民政府　冀ICP备05012345号</p>",
        # A menu without any class, as old TRS templates write it.
        " | ".join(
            f'<a href="/{i}/">{name}</a>'
            for i, name in enumerate(["首页", "走进清河", "政务公开", "政务服务", "互动交流", "专题专栏"])
        ),
    ],
)
def test_a_guessed_block_holding_the_sites_furniture_is_refused(furniture):
    # The site's column template: the text sits in the same block as the menu or the footer.
    body = f'<div class="wrap">{furniture}{ARTICLE}</div>'
    with pytest.raises(LegacyPageError) as error:
        parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    assert error.value.message == (
        "No body container was found, and the block with the most text (<div.wrap>) also holds the site's menus or footer."
    )


def test_a_guessed_block_holding_server_code_is_refused():
    body = f'<div class="main_box"><p>发布人：<%=doc.getAuthor()%></p>{ARTICLE}</div>'
    with pytest.raises(LegacyPageError) as error:
        parse_legacy_page(page_bytes(body, head=f"<title>{TITLE}</title>"), "x.html")
    assert error.value.message == (
        "No body container was found, and the block with the most text (<div.main_box>) holds server code "
        "or template placeholders (<%=doc.getAuthor()%>): the page was saved from its template."
    )


@pytest.mark.parametrize(
    "container", ['<div class="zoom">', '<div id="content">', '<div class="content">', '<div class="article">']
)
def test_generic_containers_are_the_body_when_they_hold_an_article(container):
    name = re.match(r"<(\w+)", container)[1]
    body = f"{HEAD_INCLUDE}<h1>{TITLE}</h1>{container}{ARTICLE}</{name}>{FOOT_INCLUDE}"
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert (body_text(page), page.warnings) == (ARTICLE_TEXT, [])


def test_a_generic_content_block_holding_the_menu_is_passed_over_for_the_article():
    body = (
        f'<div id="content"><div class="leftmenu"><a href="/">政府文件</a><a href="/">部门文件</a></div>'
        f'<div class="right"><h1>{TITLE}</h1><div class="content">{ARTICLE}</div></div></div>'
    )
    page = parse_legacy_page(page_bytes(body), "x.html")
    assert (page.title, body_text(page), page.warnings) == (TITLE, ARTICLE_TEXT, [])


# --- bounded work --------------------------------------------------------------------------------


def test_a_table_too_large_for_a_table_block_is_kept_as_paragraphs():
    rows = "".join(f'<tr><td colspan="99999" rowspan="99999">第{i}行</td><td>乙</td></tr>' for i in range(300))
    page = parse_legacy_page(
        page_bytes(f'<h1>测试页面</h1><div class="TRS_Editor"><p>名单如下：</p><table>{rows}</table></div>'), "x.html"
    )
    assert segments_of(page, TableSegment) == []
    assert body_text(page).split("\n")[:3] == ["名单如下：", "第0行\u3000乙", "第1行\u3000乙"]
    assert page.warnings == [
        "A table of 300 rows spans more than 20000 cells, more than a table block can hold; its rows were kept as paragraphs."
    ]


def test_a_rowspan_past_the_last_row_is_cut_to_the_rows_left():
    table = '<table><tr><td rowspan="500">甲</td><td>乙</td></tr><tr><td>丙</td></tr><tr><td>丁</td><td>戊</td></tr></table>'
    [segment] = segments_of(
        parse_legacy_page(page_bytes(f'<div class="TRS_Editor">{table}</div>'), "x.html"), TableSegment
    )
    assert segment.rows[0][0].rowspan == 3
    assert 'rowspan="3"' in segment.html
    assert segment.table_block_value()["mergeCells"] == [{"row": 0, "col": 0, "rowspan": 3, "colspan": 1}]


def test_a_large_real_table_is_still_a_table():
    rows = "".join(f"<tr><td>{i}</td><td>某某</td><td>某村</td><td>保洁员</td></tr>" for i in range(2000))
    page = parse_legacy_page(page_bytes(f'<div class="TRS_Editor"><table>{rows}</table></div>'), "x.html")
    [segment] = segments_of(page, TableSegment)
    assert len(segment.table_block_value()["data"]) == 2000


def test_nested_layout_tables_with_absurd_spans_stay_cheap():
    cell = '<table><tr><td colspan="99999" rowspan="99999">'
    body = (
        '<div class="TRS_Editor">'
        + cell * 450
        + "表中正文"
        + "<table>"
        + ("<tr>" + '<td rowspan="99999" colspan="99999">格</td>' * 50 + "</tr>") * 50
        + "</table></div>"
    )
    page = parse_legacy_page(page_bytes(body), "deep.html")
    assert body_text(page).startswith("表中正文")
    assert any("kept as paragraphs" in warning for warning in page.warnings)
