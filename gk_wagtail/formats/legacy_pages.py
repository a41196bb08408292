"""Read pages saved from legacy government sites into plain data.

Counties migrating to gk_wagtail bring thousands of pages saved from TRS 拓尔思, Hanweb 大汉,
开普云 Ucap or a provincial 公开目录 platform. :func:`parse_legacy_page` takes the bytes of one
such page and returns a :class:`LegacyPage`: the title, the 公开 metadata (索引号, 主题分类,
发文机关, 成文日期, 文号, 发布日期, 主题词, 有效性), the body and the attachments. It reads no
files and writes no database rows, so every rule here is tested on fixture pages;
:func:`page_record` reads one saved file and turns it into the record the importer stores.

The body is rebuilt from scratch by :mod:`gk_wagtail.formats.sanitize`, which explains
how tables survive and why nothing hostile can.

Finding the body
----------------
The body is what the platform marks as such (Hanweb's ContentStart/ContentEnd markers), else
the first of :data:`BODY_SELECTORS` the page has, else one of the generic containers of
:data:`GENERIC_BODY_SELECTORS` that holds text and none of the site's furniture, else the
block with the most text, when that block is plainly an article. A page is refused, with
a reason a clerk can act on, rather than published whole: when it only frames another file,
when the best guess is the whole page, holds the site's menus or footer, or holds server
code, and when its body is mostly server code or template placeholders (``<%@ … %>``,
``<!--#include … -->``, ``{{ … }}``, ``${…}``): that is a template, not a published page.
Such leftovers are removed from every body that is kept, with a warning. Print links,
share buttons, 上一篇/下一篇 and 相关链接 inside the body are the site's, not the
document's, and are dropped.

Includes on TRS and Hanweb sites often close the document early (``</body></html>`` at the
end of ``/inc/head.html``) and the article follows; whatever the parser put after the
``<body>``, or in a second ``<html>``, is read as part of the page.

Bounded work
------------
What a page may cost is checked before the costly step: its size before it is read
(:data:`MAX_PAGE_BYTES`), its tags and their nesting by lxml's parser, which counts them without
building anything, before BeautifulSoup builds the tree (:data:`MAX_PAGE_ELEMENTS`,
:data:`MAX_PAGE_DEPTH`), its body's length before it becomes a record
(:data:`~gk_wagtail.formats.records.MAX_BODY_CHARS`). A page over a limit is refused saying which
and by how much. Within the limits every step is linear in the page: nothing walks from each tag up
to the page or down through all it holds, and the tree is taken apart once the page is read.

Addresses
---------
Attachments and images are resolved against the page's ``<base href>`` (http or https
only), else the ``base_url`` the caller passes (where the saved file lives, a ``file://``
address for a local copy), else the page's own address (:attr:`LegacyPage.original_url`,
from a browser's "saved from url" comment, a canonical link or ``og:url``). Links in the
body are resolved the same way when that gives a web address and are kept as written
otherwise, so the importer can match them to attachments with
``urljoin(page.base_url, href)``.
"""

import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from warnings import catch_warnings, simplefilter

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, NavigableString, PreformattedString
from django.utils.translation import gettext
from lxml import etree

from gk_wagtail.formats.codes import normalize_document_number
from gk_wagtail.formats.metadata import DocumentKind, Validity, parse_validity
from gk_wagtail.formats.records import (
    MAX_BODY_CHARS,
    WEB_SCHEMES,
    DocumentRecord,
    Skipped,
    first_organization_name,
    max_length,
    shorten,
    size_and_limit,
)
from gk_wagtail.formats.sanitize import (
    BLOCK_TAGS,
    FILE_SCHEMES,
    IMAGE_EXTENSIONS,
    ImageSegment,
    RichTextSegment,
    TableSegment,
    body_segments,
    events,
    file_name_in,
    plain_text,
    resolve_url,
    subtree_stats,
    tags_in,
    url_scheme,
)
from gk_wagtail.formats.text import parse_date
from gk_wagtail.page_types.policies import PolicyDocumentPage

#: The largest saved page read. Saved pages are under 1 MB; parsing costs a page's size several
#: times over in memory (far more when the markup is dense), so a larger file (an archive, a
#: generated listing) is refused from its size, before it is read.
MAX_PAGE_BYTES = 5 * 1024 * 1024
#: The most tags and comments a page may have. A 2,000-row table of ten columns has 22,000; each
#: costs about 2.5 KB and 60 µs to build and walk, so a page at the limit stays under 300 MB and 5 s.
MAX_PAGE_ELEMENTS = 40_000
#: The deepest nesting of tags. Real pages nest tens deep, broken ones (unclosed <div>s) a few
#: hundred. BeautifulSoup links each piece of text that follows a closed tag by walking up to the
#: page, so a page's cost grows with its tags times their depth: with MAX_PAGE_ELEMENTS tags at this
#: depth a page still takes seconds, not minutes.
MAX_PAGE_DEPTH = 1_500

#: Links to these files are attachments (.wps and .et are WPS Office, .ofd the national
#: fixed-layout format).
ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".et",
    ".wps",
    ".ofd",
    ".ppt",
    ".pptx",
    ".zip",
    ".rar",
)

# Containers the platforms put the body in, most specific first: TRS WCM (.TRS_Editor and,
# from Word, .TRS_PreAppend), 开普云 Ucap (#UCAP-CONTENT), Hanweb (#zoom, #zoomcon,
# #ivs_content), 新点 Epoint (.ewb-article), and the print versions (打印版, print.jsp?id=).
BODY_SELECTORS = (
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    "#zoomcon",
    "#fontzoom",
    "#ivs_content",
    ".pages_content",
    ".article-content",
    ".article_content",
    ".ewb-article",
    ".bt-article",
    ".wzcon",
    ".TRS_PreAppend",
    "#printContent",
    ".print-content",
    ".article-print",
    ".view",
    "article",
)
# Class and id names any site may use for a whole column or page; one of these is the body
# only when it holds real text and none of the site's menus or footer.
GENERIC_BODY_SELECTORS = (".zoom", "#content", ".content", ".article")
# How many of a generic selector's elements, those with the most text first, may be tried.
_GENERIC_CANDIDATES = 10
# TRS splits a body pasted from Word into several sibling .TRS_PreAppend blocks.
_SIBLING_SELECTORS = frozenset([".TRS_PreAppend"])

# field: [(label as written without spaces, rank)]; a lower rank wins when a page has both.
FIELD_LABELS = {
    "title": [("标题", 0), ("文件名称", 0), ("信息名称", 0), ("名称", 1)],
    "index_number": [("索引号", 0), ("信息索引号", 0), ("索取号", 0)],
    "theme": [("主题分类", 0), ("信息分类", 1), ("所属主题", 1), ("分类", 1), ("主题", 2)],
    "issuing_organ": [
        ("发文机关", 0),
        ("发布机构", 0),
        ("发布单位", 0),
        ("发文单位", 0),
        ("发布机关", 0),
        ("发文部门", 0),
        ("发布部门", 0),
    ],
    # Where the text comes from (a newspaper, another site): provenance, never the issuing organ.
    "information_source": [("信息来源", 0), ("文章来源", 0), ("来源", 1)],
    "document_number": [("发文字号", 0), ("文号", 0), ("发文号", 0), ("文件编号", 1)],
    "date_written": [("成文日期", 0), ("成文时间", 0), ("印发日期", 0), ("发文日期", 1)],
    "date_published": [
        ("发布日期", 0),
        ("发布时间", 0),
        ("公开日期", 0),
        ("公开时间", 0),
        ("生成日期", 1),
    ],
    "keywords": [("主题词", 0), ("关键词", 0), ("关键字", 0)],
    "validity": [("有效性", 0), ("效力状态", 0), ("时效性", 0), ("时效", 0), ("有效状态", 0)],
}
# Labels that carry nothing we keep; they are recognised so their values end the one before.
OTHER_LABELS = (
    "体裁分类",
    "组配分类",
    "服务对象",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开形式",
    "公开属性",
    "效力级别",
    "生效日期",
    "生效时间",
    "施行日期",
    "废止日期",
    "失效日期",
    "内容概述",
    "摘要",
    "信息类别",
    "载体类型",
    "浏览次数",
    "阅读次数",
    "访问次数",
    "点击数",
    "浏览",
    "阅读",
    "点击",
    "字体",
    "字号",
    "作者",
    "责任编辑",
    "编辑",
)

# Values that mean "none" on legacy pages.
EMPTY_VALUES = {"无", "暂无", "空", "-", "--", "—", "——", "/", "null", "none", "本网", "本站"}

_LABELS = {label: (name, rank) for name, labels in FIELD_LABELS.items() for label, rank in labels}
# Spaces may sit between the characters of a label: 索 引 号, 标　　题.
_LABEL_PATTERN = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted([*_LABELS, *OTHER_LABELS], key=len, reverse=True)
)
# Marks a table-cell boundary in the text lines that metadata is read from.
_CELL = "\ue000"
_LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s{_CELL}【\[|｜]))[【\[]?\s*(?P<label>{_LABEL_PATTERN})\s*(?P<close>[】\]])?\s*(?P<colon>[:：])?"
)
_LABEL_ALONE_RE = re.compile(rf"[【\[]?\s*(?:{_LABEL_PATTERN})\s*[】\]]?\s*[:：]?")

_DROPPED_TAGS = {
    "noframes",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "param",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "map",
    "link",
    "meta",
    "base",
    "input",
    "button",
    "select",
    "option",
    "textarea",
    "xml",
}
_UNWRAPPED_TAGS = {"svg", "math"}
_CELL_TAGS = frozenset(["td", "th", "dt", "dd"])
_METADATA_CONTAINERS = frozenset(["table", "dl", "ul", "ol", "div", "p", "section", "li", "header"])

_NOT_CONTENT_RE = re.compile(
    r"nav|menu|foot|header|sidebar|copyright|breadcrumb|crumb|share|friend|related|links", re.I
)
# Class or id words of a site's header, menus and footer.
_FURNITURE_RE = re.compile(r"(?:head(?:er)?|top|foot(?:er)?)(?:[-_]\w*)?|(?:nav|menu|logo|banner|side)\w*", re.I)
_TITLE_CLASS_RE = re.compile(r"title|(?:^|[-_\s])(?:tit|bt|biaoti)(?:$|[-_\s\d])", re.I)
_SAVED_FROM_RE = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
# Server code and template syntax a saved page should never contain: JSP and ASP (<%@ page %>,
# <% %>, <%= %>), server-side includes written out as text, PHP, Mustache/Vue/Jinja ({{ }},
# {% %}), JSP EL, FreeMarker and Velocity (${ }, $!{ }, <#list>).
_SERVER_CODE_RE = re.compile(
    r"<%.*?%>"
    r"|<!--\s*#\s*(?:include|echo|config|exec|fsize|flastmod|printenv|set|if|elif|else|endif)\b.*?-->"
    r"|<\?(?:php\b|=).*?\?>"
    r"|\{\{.*?\}\}|\{%.*?%\}"
    r"|\$!?\{[^{}]*\}"
    r"|</?#\w[^<>]*>",
    re.S,
)
_SERVER_CODE_HINT_RE = re.compile(r"<[%?#!/]|\{[{%]|\$!?\{")
# The same as comments: SSI (Hanweb's <!--#begineditable--> markers are not directives) and PHP,
# which lxml reads as a comment.
_SERVER_COMMENT_RE = re.compile(
    r"^\s*(?:#\s*(?:include|echo|config|exec|fsize|flastmod|printenv|set|if|elif|else|endif)\b|\?(?:php\b|=))"
)
# Tags of server-side tag libraries (JSP, Struts, Spring) and TRS WCM's 置标 (<TRS_DOCUMENT>,
# <TRS_APPENDIX>) left in a page saved from its template.
_SERVER_TAG_RE = re.compile(r"(?:jsp|c|fmt|s|sql|fn|html|bean|logic|tiles|spring|sec|shiro|cms|ww):\S+|trs_\w+")
# Text of a site's footer: ICP 备案, 公安备案 and 网站标识码 appear on every page of a government site.
_FOOTER_TEXT_RE = re.compile(r"ICP备|公网安备|网站标识码|版权所有")
# Class or id words of a site's navigation, anywhere in the name (subnav, leftMenu, crumbs) …
_SITE_FURNITURE_RE = re.compile(r"nav|menu|crumb|copyright|banner|sidebar", re.I)
# … and the whole name of a site's header or footer (header, site-top, footer_wrap, but not
# an article's head-title).
_SITE_PART_RE = re.compile(
    r"(?:site|page|g)?[-_]?(?:head(?:er)?|top|foot(?:er)?|bottom|logo)(?:[-_]?(?:bar|box|wrap|bg|con|nav|links?))?",
    re.I,
)
# Page tools: print and close links, font size, share and favourite buttons.
_TOOL_WORDS_RE = re.compile(
    r"(?:打印(?:本页|此页|页面|文章|正文)?|关闭(?:窗口|本页|页面)?|返回(?:顶部|首页|列表)?|(?:加入|添加到?)?收藏(?:本页)?"
    r"|我要纠错|纠错|分享到?|扫一扫(?:在手机(?:上)?打开(?:当前页)?)?|手机(?:版|浏览)|字[体号]|[大中小]|默认|(?:视力)?保护色"
    r"|(?:保护)?视力色|浏览次数|\d+)+"
)
_TOOL_SEPARATORS_RE = re.compile(r"[\s【】\[\]（）()|｜:：/·•<>《》,，。]+")
_PREV_NEXT_RE = re.compile(r"^[【\[]?\s*(?:上|下)\s*一\s*(?:篇|条|页|则)")
_RELATED_RE = re.compile(
    r"^[【\[]?\s*相\s*关\s*(?:链\s*接|文\s*章|阅\s*读|信\s*息|新\s*闻|稿\s*件|解\s*读|文\s*件|内\s*容)"
)
_TOOL_NAMES_RE = re.compile(
    r"(?:bd)?share\w*|jiathis\w*|bshare\w*|related\w*|xg(?:lj|xx|wz|yd)\w*|(?:page-?)?(?:prev|next)\w*"
    r"|print(?:-?(?:btn|bar|link|tool))?|close(?:-?btn)?|font-?size|fontsize|ft-size|article-?tools?|tools?",
    re.I,
)
# What the javascript: links of page tools call.
_TOOL_SCRIPT_RE = re.compile(r"print|close|zoom|font|size|share|fav|collect|bookmark|history|scroll", re.I)
# A site menu without a class: this many short links to pages (首页 | 政务公开 | 办事服务 …).
_MENU_LINKS = 6
# Frames whose name says they hold the site's header, menu or footer rather than the article.
_FRAME_FURNITURE_RE = re.compile(r"top|head|left|menu|nav|foot|bottom|banner|logo", re.I)
_MARKUP_RE = re.compile(r"<[^>]*>")
_TOP_LEVEL_END_RE = re.compile(r"</(?:p|h[1-6])>")
_DOCUMENT_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,16}\s*[〔\[［(（【﹝]\s*\d{4}\s*[〕\]］)）】﹞]\s*\d+\s*号")


class LegacyPageError(ValueError):
    """A page that cannot be imported: empty, not HTML, or without a title or body."""

    def __init__(self, source, message):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class FramedPageError(LegacyPageError):
    """A page that only frames other files (``<frameset>`` or a content ``<iframe>``).

    ``frames`` are ``(address as written, address resolved)`` pairs, so the caller can tell
    whether the framed file is among the pages being imported.
    """

    def __init__(self, source, frames):
        self.frames = frames
        files = ", ".join(written for written, _ in frames)
        super().__init__(
            source,
            gettext("The page only frames %(files)s; its text is in that file: import it instead.") % {"files": files},
        )


class Attachment(NamedTuple):
    url: str
    title: str


@dataclass
class LegacyPage:
    """What one legacy page says about a disclosed document.

    Text fields are plain text, "" when the page does not say; dates are ``None`` then.
    ``validity`` is a :class:`~gk_wagtail.formats.metadata.Validity` value or "".
    """

    source: str
    encoding: str
    title: str
    index_number: str = ""
    theme: str = ""
    issuing_organ: str = ""
    #: 信息来源: where the text was first published; never taken for the issuing organ.
    information_source: str = ""
    date_written: date | None = None
    document_number: str = ""
    date_published: date | None = None
    keywords: list[str] = field(default_factory=list)
    validity: str = ""
    #: The body in reading order.
    body: list[RichTextSegment | TableSegment | ImageSegment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    #: The page's address on the old site, where the saved page records it.
    original_url: str = ""
    #: The address relative links were resolved against ("" when none was known).
    base_url: str = ""
    #: What looked wrong but did not stop the import, as translated sentences.
    warnings: list[str] = field(default_factory=list)


def parse_legacy_page(data, source, base_url=None):
    """Parse the bytes of one saved page.

    ``source`` names the page in messages (usually its path); ``base_url`` is where the saved
    file lives, for resolving relative links. Raises :class:`LegacyPageError` when the page
    cannot be imported (:class:`FramedPageError` when it only frames other files).
    """
    if len(data) > MAX_PAGE_BYTES:
        raise LegacyPageError(source, _too_large(len(data)))
    if not data.strip():
        raise LegacyPageError(source, gettext("The file is empty."))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LegacyPageError(source, gettext("The file is binary data, not an HTML page."))
    text, encoding, warnings = decode_html(data)
    if "锟斤拷" in text:
        warnings.append(gettext("The text contains “锟斤拷”: the page was already garbled on the old site."))
    _check_markup(source, text)
    with catch_warnings():
        # XHTML pages from TRS start with an XML declaration; they are HTML all the same.
        simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    detached = []
    try:
        return _read_page(soup, detached, source, text, encoding, warnings, base_url)
    finally:
        # The tree is all reference cycles (parents, children, siblings); taken apart now, it is
        # freed before the importer stores the page instead of at some later garbage collection.
        for tree in [*detached, soup]:
            tree.decompose()


def _read_page(soup, detached, source, text, encoding, warnings, base_url):
    """The LegacyPage of a parsed page; what the reading takes out of the tree goes in ``detached``."""
    root = _gather_body(soup)
    facts = _collect_and_clean(soup, text, base_url)
    if facts.frameset:
        raise FramedPageError(source, facts.frames)
    leftovers = facts.server_code + _remove_server_code(soup)

    body, body_label = _find_body(root, facts.marked_body)
    if body is not None:
        detached.append(body)
    if body_label is None:
        _check_guessed_body(source, root, body, leftovers, facts.frames)
        body_label = _describe(body)
        warnings.append(
            gettext("No known body container was found; the block with the most text was taken (%(element)s).")
            % {"element": body_label}
        )
    _check_server_code_in_body(source, body, body_label, leftovers, warnings)
    _remove_page_tools(body)
    title_element, title = _title_from_elements(soup, root, body)
    values = _read_metadata(root, body)
    title = values.get("title") or facts.metas.get("articletitle") or title
    if not title:
        title = _title_from_head(soup)
        if title:
            warnings.append(gettext("The title was taken from the page's <title>."))
    title = plain_text(title)
    if not title:
        raise LegacyPageError(source, gettext("The page has no title."))
    _remove_title_from_body(body, title_element, title)

    link_base = facts.base if url_scheme(facts.base) in {"http", "https"} else ""
    segments = body_segments(body, facts.base, link_base, warnings)
    if not segments:
        if facts.frames:
            raise FramedPageError(source, facts.frames)
        raise LegacyPageError(source, gettext("The body (%(element)s) has no text.") % {"element": body_label})
    length = _text_length(segments)
    if length > MAX_BODY_CHARS:
        # Storing a body costs far more than reading it (see MAX_BODY_CHARS): refuse it here.
        raise LegacyPageError(
            source,
            gettext("The body (%(element)s) has %(length)d characters; a body may have at most %(limit)d.")
            % {"element": body_label, "length": length, "limit": MAX_BODY_CHARS},
        )

    page = LegacyPage(
        source=source,
        encoding=encoding,
        title=title,
        index_number=plain_text(unicodedata.normalize("NFKC", values.get("index_number", ""))).replace(" ", ""),
        theme=plain_text(values.get("theme", "")),
        issuing_organ=plain_text(values.get("issuing_organ", "")),
        information_source=plain_text(values.get("information_source") or facts.metas.get("contentsource", "")),
        document_number=plain_text(values.get("document_number", "")),
        keywords=[word for word in re.split(r"[\s,，;；、|｜/]+", plain_text(values.get("keywords", ""))) if word],
        body=segments,
        attachments=facts.attachments,
        original_url=facts.original_url,
        base_url=facts.base,
        warnings=warnings,
    )
    _set_dates_and_validity(page, values, facts.metas)
    if not page.document_number:
        page.document_number = _document_number_from_body(segments)
        if page.document_number:
            warnings.append(gettext("The document number was taken from the first lines of the body."))
    return page


def _text_length(segments):
    """Characters of text in the body's segments, as a reader sees them."""
    length = 0
    for segment in segments:
        if isinstance(segment, RichTextSegment):
            length += len(html.unescape(_MARKUP_RE.sub("", segment.html)))
        elif isinstance(segment, TableSegment):
            length += sum(len(cell.text) for row in segment.rows for cell in row) + len(segment.caption)
    return length


def _too_large(size):
    return gettext("The file is %(size)s; a saved page may be at most %(limit)s.") % size_and_limit(
        size, MAX_PAGE_BYTES
    )


class _MarkupCounter:
    """An lxml parser target that counts what BeautifulSoup would build from the same parser's
    events, and builds nothing: ``elements`` (tags, comments, processing instructions) and
    ``deepest`` (the deepest nesting of tags, after the parser has closed what the page left open)."""

    def __init__(self):
        self.elements = self.depth = self.deepest = 0

    def start(self, tag, attrib):
        self.elements += 1
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def end(self, tag):
        self.depth -= 1

    def comment(self, text):
        self.elements += 1

    def pi(self, target, data=None):
        self.elements += 1

    def data(self, data):
        pass

    def close(self):
        return self


def markup_counts(text):
    """``(elements, deepest nesting)`` of an HTML text, counted by lxml's parser without building a
    tree: about fifty times cheaper in time, and flat in memory, than the soup the page would become."""
    counter = _MarkupCounter()
    parser = etree.HTMLParser(target=counter, recover=True)
    try:
        parser.feed(text)
        parser.close()
    except etree.LxmlError:
        pass  # what the parser could not read, BeautifulSoup will not build either
    return counter.elements, counter.deepest


def _check_markup(source, text):
    """Refuse a page with more tags, or deeper nesting, than :data:`MAX_PAGE_ELEMENTS` and
    :data:`MAX_PAGE_DEPTH`, before BeautifulSoup builds it."""
    elements, deepest = markup_counts(text)
    if elements > MAX_PAGE_ELEMENTS:
        raise LegacyPageError(
            source,
            gettext("The page has %(count)d tags and comments; a saved page may have at most %(limit)d.")
            % {"count": elements, "limit": MAX_PAGE_ELEMENTS},
        )
    if deepest > MAX_PAGE_DEPTH:
        raise LegacyPageError(
            source,
            gettext("The page nests its tags %(depth)d deep; a saved page may nest them at most %(limit)d deep.")
            % {"depth": deepest, "limit": MAX_PAGE_DEPTH},
        )


class _PageFacts(NamedTuple):
    metas: dict
    original_url: str
    base: str
    attachments: list
    marked_body: Tag | None
    #: Framed pages, as ``(address as written, address resolved)``.
    frames: list
    #: Whether the page is a <frameset>: it has no text of its own at all.
    frameset: bool
    #: Server code the cleaning removed (directive comments, tag-library tags), as _Leftover.
    server_code: list


class _Leftover(NamedTuple):
    """Server code or a template placeholder removed from the page, and where it was."""

    parent: Tag
    code: str


def _gather_body(soup):
    """The page's ``<body>``, holding whatever a stray ``</body>`` or ``</html>`` left outside it.

    An include that ends in ``</body></html>`` makes lxml put the rest of the page beside
    the ``<body>`` or in a second ``<html>``; moved into the body, in document order, the
    article is found like any other. Heads stay where they are.
    """
    tops = [node for node in soup.contents if isinstance(node, Tag)]
    if not any(node.name == "html" for node in tops):
        return soup.body or soup
    pieces = []
    for node in tops:
        children = node.contents if node.name == "html" else [node]
        for child in children:
            if isinstance(child, Tag) and child.name == "head":
                continue
            if isinstance(child, Tag) or (type(child) is NavigableString and child.strip()):
                pieces.append(child)
    # Tags compare equal by content, so positions are found by identity.
    bodies = [index for index, piece in enumerate(pieces) if isinstance(piece, Tag) and piece.name == "body"]
    if len(pieces) == 1 and bodies:
        return pieces[0]
    if bodies:
        index = bodies[0]
        main = pieces[index]
    else:
        index = len(pieces)
        main = soup.new_tag("body")
        next(node for node in tops if node.name == "html").append(main)

    def content(position):
        piece = pieces[position]
        return list(piece.contents) if position in bodies else [piece]

    for position in reversed(range(index)):
        for node in reversed(content(position)):
            main.insert(0, node.extract())
    for position in range(index + 1, len(pieces)):
        for node in content(position):
            main.append(node.extract())
    for position in bodies[1:]:
        pieces[position].decompose()
    return main


def _collect_and_clean(soup, text, base_url):
    """Read what cleaning removes (meta tags, addresses, frames, embedded files, body
    markers, server code in comments), then remove scripts, styles, frames, embedded
    objects, form controls, comments and server tags."""
    nodes = list(soup.descendants)
    tags = [node for node in nodes if isinstance(node, Tag)]
    comments = [node for node in nodes if isinstance(node, Comment)]
    metas = {
        tag["name"].strip().lower(): tag.get("content", "").strip()
        for tag in tags
        if tag.name == "meta" and tag.has_attr("name")
    }
    original_url = _original_url(tags, text)
    base = _base_href(tags) or base_url or original_url or ""
    server_code = [
        # lxml reads <?php … ?> as the comment "?php … ?"
        _Leftover(comment.parent, f"<{comment}>" if comment.startswith("?") else f"<!--{comment}-->")
        for comment in comments
        if _SERVER_COMMENT_RE.match(comment)
    ]
    for tag in tags:
        for name in ("href", "src"):
            # A link to ${doc.url} leads nowhere; it must not become an attachment or a link.
            if tag.name in {"a", "img"} and _SERVER_CODE_RE.search(tag.get(name, "")):
                server_code.append(_Leftover(tag, tag[name]))
                del tag[name]
    frames, frameset = _frames(tags, base_url or base)
    facts = _PageFacts(
        metas,
        original_url,
        base,
        _attachments(tags, base),
        _marked_body(soup, tags, comments),
        frames,
        frameset,
        server_code,
    )
    # Comments first: those inside a <noscript>, <iframe> or <object> go with it, and a
    # decomposed element's descendants can no longer be extracted.
    for comment in comments:
        comment.extract()
    gone = set()  # what went with a dropped element: its nodes can no longer be touched
    for tag in tags:
        if id(tag) in gone:
            continue
        if tag.name in _DROPPED_TAGS:
            gone.update(id(node) for node in tag.descendants)
            tag.decompose()
        elif tag.name in _UNWRAPPED_TAGS and tag.parent is not None:
            # lxml does not know these, so an unclosed one swallows the rest of the page.
            tag.unwrap()
        elif _SERVER_TAG_RE.fullmatch(tag.name) and tag.parent is not None:
            server_code.append(_Leftover(tag.parent, _describe_tag(tag)))
            tag.unwrap()
    return facts


def _frames(tags, base):
    """``(frames, is_frameset)``: the pages a ``<frameset>`` or ``<iframe>`` shows.

    Frames named as the site's header, menu or footer are left out when others remain;
    attachments and images shown in a frame are attachments, not framed pages.
    """
    frameset = any(tag.name == "frameset" for tag in tags)
    found = []
    for tag in tags:
        if tag.name not in {"frame", "iframe"}:
            continue
        written = tag.get("src", "").strip()
        url = resolve_url(written, base, FILE_SCHEMES)
        if url is None or file_name_in(url, (*ATTACHMENT_EXTENSIONS, *IMAGE_EXTENSIONS)):
            continue
        names = " ".join([tag.get("name", ""), tag.get("id", ""), urlsplit(url).path.rsplit("/", 1)[-1]])
        found.append((written, url, bool(_FRAME_FURNITURE_RE.search(names))))
    content = [(written, url) for written, url, furniture in found if not furniture]
    return content or [(written, url) for written, url, _ in found], frameset and bool(found)


def _remove_server_code(soup):
    """Remove server code and template placeholders from the page's text; return them as _Leftover."""
    removed = []
    strings = [
        node
        for node in soup.descendants
        if type(node) is NavigableString and _SERVER_CODE_HINT_RE.search(node) and _SERVER_CODE_RE.search(node)
    ]
    for string in strings:
        removed.extend(_Leftover(string.parent, match[0]) for match in _SERVER_CODE_RE.finditer(string))
        string.replace_with(NavigableString(_SERVER_CODE_RE.sub("", string)))
    return removed


def _check_server_code_in_body(source, body, body_label, leftovers, warnings):
    """Refuse a body that is mostly server code; warn about the code removed from any other."""
    inside = _inside(body)
    found = [leftover.code for leftover in leftovers if id(leftover.parent) in inside]
    if not found:
        return
    examples = _examples(found)
    if sum(len(code) for code in found) >= len(body.get_text(strip=True)):
        raise LegacyPageError(
            source,
            gettext(
                "The body (%(element)s) is mostly server code or template placeholders (%(examples)s): "
                "the page was saved from its template, not from the published site."
            )
            % {"element": body_label, "examples": examples},
        )
    warnings.append(
        gettext("Server code or template placeholders were removed from the body: %(examples)s.")
        % {"examples": examples}
    )


def _check_guessed_body(source, root, guess, leftovers, frames):
    """Refuse the page unless the densest-text guess is plainly an article.

    A guess that is the whole page, or that holds the site's menus or footer, would publish
    the site around the document; one holding server code comes from a template. A page that
    frames another and has little text of its own is refused for the frame.
    """
    text = len(guess.get_text(strip=True)) if guess is not None else 0
    if frames and text < 200:
        raise FramedPageError(source, frames)
    if guess is None:
        raise LegacyPageError(source, gettext("No body text was found on the page."))
    element = _describe(guess)
    if guess is root or guess.name in {"body", "html"}:
        raise LegacyPageError(
            source,
            gettext(
                "No body container was found, and the text is spread over the whole page; "
                "the page is not imported, as that would publish the site's menus with it."
            ),
        )
    if _holds_site_furniture(guess):
        raise LegacyPageError(
            source,
            gettext(
                "No body container was found, and the block with the most text (%(element)s) "
                "also holds the site's menus or footer."
            )
            % {"element": element},
        )
    inside = _inside(guess)
    found = [leftover.code for leftover in leftovers if id(leftover.parent) in inside]
    if found:
        raise LegacyPageError(
            source,
            gettext(
                "No body container was found, and the block with the most text (%(element)s) holds server code "
                "or template placeholders (%(examples)s): the page was saved from its template."
            )
            % {"element": element, "examples": _examples(found)},
        )


def _holds_site_furniture(element):
    """Whether ``element`` holds a site's navigation or footer: <nav>, <footer>, a menu or
    footer by its class or id, a row of short links to pages (a menu written without a
    class, as old TRS templates have it), or the 备案 lines every government site's footer
    carries."""
    short_links = 0
    for tag in [element, *tags_in(element)]:
        if tag.name in {"nav", "footer", "aside"}:
            return True
        words = [tag.get("id", ""), *tag.get("class", [])]
        if any(_SITE_PART_RE.fullmatch(word) or _SITE_FURNITURE_RE.search(word) for word in words if word):
            return True
        if tag.name == "a" and not file_name_in(tag.get("href", ""), ATTACHMENT_EXTENSIONS):
            text = tag.get_text(strip=True)
            short_links += 0 < len(text) <= 6 and not _is_tool_text(text)
    return short_links >= _MENU_LINKS or bool(_FOOTER_TEXT_RE.search(element.get_text()))


def _inside(element):
    """The ids of ``element`` and the tags inside it."""
    return {id(element), *(id(tag) for tag in tags_in(element))}


def _examples(codes):
    """A few of the server codes found, for a message: a template can hold thousands."""
    return ", ".join(shorten(code) for code in islice(dict.fromkeys(codes), 5))


def _describe_tag(tag):
    attributes = "".join(f' {name}="{value}"' for name, value in tag.attrs.items() if isinstance(value, str))
    return f"<{tag.name}{attributes}>"


def _read_metadata(root, body):
    """The labelled values on the page, by field; takes the body out of the page.

    Metadata blocks inside the body are taken out of it too. When the whole page is the
    body, only those blocks are read, so that ordinary sentences are not taken for labels.
    """
    found = {}
    blocks = _extract_metadata_blocks(body)
    if body is not root:
        body.extract()
        _scan_metadata(_text_lines(root), found)
    for block in blocks:
        _scan_metadata(_text_lines(block), found)
    return {name: value for name, (_, value) in found.items()}


def _set_dates_and_validity(page, values, metas):
    written = {
        "date_written": values.get("date_written"),
        "date_published": values.get("date_published") or metas.get("pubdate"),
    }
    for name, value in written.items():
        value = plain_text(value)
        if value:
            setattr(page, name, parse_date(value))
            if getattr(page, name) is None:
                page.warnings.append(gettext("“%(value)s” could not be read as a date.") % {"value": shorten(value)})
    if values.get("validity"):
        page.validity = parse_validity(values["validity"])
        if not page.validity:
            page.warnings.append(
                gettext("The validity “%(value)s” is none of 有效, 已修改, 失效 or 废止.")
                % {"value": shorten(values["validity"])}
            )


def decode_html(data):
    """Return ``(text, encoding, warnings)`` for the bytes of a page.

    A byte-order mark wins; otherwise strict UTF-8, then GB18030 (the superset of GBK and
    GB2312), because pages often declare the wrong one of the two. The declared charset is
    only compared, to warn. When neither decodes cleanly, the one with fewer undecodable
    bytes is used and they are replaced.
    """
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding, []
    warnings = []
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        decoded = {name: data.decode(name, errors="replace") for name in ("utf-8", "gb18030")}
        encoding = min(decoded, key=lambda name: decoded[name].count("\ufffd"))
        text = decoded[encoding]
        warnings.append(
            gettext("%(count)d bytes could not be decoded as %(encoding)s and were replaced.")
            % {"count": text.count("\ufffd"), "encoding": encoding}
        )
    declared = _declared_charset(data)
    if declared and not _same_charset(declared, encoding) and not data.isascii():
        warnings.append(
            gettext("The page declares the %(declared)s character set but is encoded in %(actual)s.")
            % {"declared": declared, "actual": encoding}
        )
    return text, encoding, warnings


def _declared_charset(data):
    """The charset the page declares, as written (lower case), or ""."""
    match = _CHARSET_RE.search(data[:4096])
    return match[1].decode("ascii").lower() if match else ""


def _same_charset(declared, encoding):
    name = re.sub(r"[-_]", "", declared)
    if name in {"gb2312", "gbk", "xgbk", "cp936", "gb18030"}:
        name = "gb18030"
    return name == re.sub(r"[-_]", "", encoding)


def _text_lines(root):
    """The text of ``root`` as lines; cells (td, th, dt, dd, a lone label) end with ``_CELL``."""
    lines, current = [], []

    def end_line():
        if "".join(current).strip():
            lines.append("".join(current))
        current.clear()

    cells = set()
    for event, node in events(root):
        if event == "text":
            current.append(node)
        elif node.name in _CELL_TAGS or (event == "start" and _is_label_alone(node)) or id(node) in cells:
            # A label in its own inline element is a cell of its own too.
            if event == "start" and node.name not in _CELL_TAGS:
                cells.add(id(node))
            current.append(_CELL)
        elif node.name in BLOCK_TAGS or node.name == "br":
            end_line()
    end_line()
    return lines


def _is_label_alone(tag):
    if tag.name in BLOCK_TAGS or any(isinstance(child, Tag) for child in tag.contents):
        return False
    text = tag.get_text()
    return len(text) <= 24 and _LABEL_ALONE_RE.fullmatch(text.strip()) is not None


def _labelled_values(line):
    """``(label match, (field, rank) or None, value)`` for each label in a line.

    A label counts when a colon, a closing bracket or the end of its cell follows it; its
    value is the first non-empty cell after it, up to the next label.
    """
    matches = []
    for match in _LABEL_RE.finditer(line):
        rest = line[match.end() :].lstrip()
        if match["colon"] or match["close"] or not rest or rest[0] == _CELL:
            matches.append(match)
    found = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        cells = (cell.strip(" \t\r\n\f\u3000\xa0:：") for cell in line[match.end() : end].split(_CELL))
        value = " ".join(next((cell for cell in cells if cell), "").split())
        if value.lower() in EMPTY_VALUES:
            value = ""
        found.append((match, _LABELS.get(re.sub(r"\s+", "", match["label"])), value))
    return found


def _scan_metadata(lines, found):
    """Record ``field: (rank, value)`` in ``found`` for the labelled values in ``lines``."""
    for line in lines:
        for _, known, value in _labelled_values(line):
            if known is None or not value:
                continue
            name, rank = known
            if name not in found or rank < found[name][0]:
                found[name] = (rank, value)


def _extract_metadata_blocks(body):
    """Take metadata blocks and lines out of the body and return them.

    A block is metadata when two or more labels in it have values and there is little
    else; a short paragraph is when it starts with a field's main label and a colon, as in
    发布日期：2020-03-05. The outermost such element is taken.
    """
    stats = subtree_stats(body)
    blocks, skipping = [], None
    for event, node in events(body):
        if skipping is not None:
            if event == "end" and node is skipping:
                skipping = None
        elif event == "start" and node.name in _METADATA_CONTAINERS:
            tags, chars, _, _ = stats[id(node)]
            # Metadata blocks are small; the size limits also keep deeply nested pages linear.
            if tags <= 400 and chars <= 3000 and _is_metadata(node):
                blocks.append(node)
                skipping = node
    for block in blocks:
        block.extract()
    return blocks


def _is_metadata(element):
    if not _LABEL_RE.search(element.get_text()):
        return False
    lines = _text_lines(element)
    length = sum(len(line.replace(_CELL, "").strip()) for line in lines)
    labelled = [item for line in lines for item in _labelled_values(line) if item[2]]
    if len(labelled) >= 2:
        return length <= 150 * len(labelled)
    if len(labelled) == 1 and len(lines) == 1 and length <= 120:
        match, known, _ = labelled[0]
        starts_line = not lines[0][: match.start()].replace(_CELL, "").strip()
        return bool(known and known[1] == 0 and match["colon"] and starts_line)
    return False


def _find_body(root, marked):
    """Return ``(element, how it was found)``; the label is None for the densest-text guess."""
    if marked is not None:
        return marked, "ContentStart"
    found = defaultdict(list)
    for tag in tags_in(root):
        keys = [tag.name, *(f".{name}" for name in tag.get("class", []))]
        if tag.get("id"):
            keys.append(f"#{tag['id']}")
        for key in keys:
            found[key].append(tag)
    for selector in BODY_SELECTORS:
        if selector in _SIBLING_SELECTORS and len(found[selector]) > 1:
            return _wrap_siblings(found[selector]), selector
        if found[selector]:
            return found[selector][0], selector
    lengths = None
    for selector in GENERIC_BODY_SELECTORS:
        if not found[selector]:
            continue
        lengths = lengths or _text_lengths(root)
        # The one with the most text outside links that is an article: tried in that order, and
        # only the first few, so that a page of thousands of nested .content is not walked once each.
        ranked = sorted(found[selector], key=lambda tag: lengths[id(tag)].outside_links, reverse=True)
        for tag in ranked[:_GENERIC_CANDIDATES]:
            if _is_article_block(tag, root, lengths[id(tag)]):
                return tag, selector
    return _densest_block(root), None


def _wrap_siblings(elements):
    """Wrap siblings ``elements[0]`` … ``elements[-1]`` and what lies between them in a <div>;
    when they are not siblings, the first of them is the body."""
    first, last = elements[0], elements[-1]
    if any(element.parent is not first.parent for element in elements):
        return first
    wrapper = Tag(name="div")
    first.insert_before(wrapper)
    node = first
    while node is not None:
        following = node.next_sibling
        wrapper.append(node.extract())
        if node is last:
            break
        node = following
    return wrapper


def _is_article_block(element, root, length):
    """Whether a generic container (``.content``, ``#content``) is an article rather than a
    column of the page: real text, mostly outside links, and none of the site's furniture.
    ``length`` is its :class:`_TextLength`."""
    if element is root or element.name in {"body", "html"}:
        return False
    text = length.text
    return text >= 20 and length.outside_links >= text / 2 and not _holds_site_furniture(element)


class _TextLength(NamedTuple):
    """Characters of text inside a tag, as ``len(tag.get_text(strip=True))`` counts them."""

    text: int
    in_links: int

    @property
    def outside_links(self):
        return self.text - self.in_links


def _text_lengths(root):
    """``id(tag) -> _TextLength`` for every tag under ``root``, in one pass whatever the nesting."""
    lengths, stack, open_links = {}, [], 0
    for event, node in events(root):
        if event == "text":
            if stack:
                length = len(node.strip())
                stack[-1][0] += length
                stack[-1][1] += length if open_links else 0
        elif event == "start":
            stack.append([0, 0])
            open_links += node.name == "a"
        else:
            text, in_links = stack.pop()
            lengths[id(node)] = _TextLength(text, in_links)
            open_links -= node.name == "a"
            if stack:
                stack[-1][0] += text
                stack[-1][1] += in_links
    return lengths


def _marked_body(soup, tags, comments):
    """Hanweb marks the body with ``<meta name="ContentStart">`` … ``<meta name="ContentEnd">``
    or ``<!--ZJEG_RSS.content.begin-->`` … ``<!--ZJEG_RSS.content.end-->``; wrap what lies
    between two sibling markers in a ``<div>`` and return it, else None."""

    def marker(meta_name, comment_text):
        metas = (tag for tag in tags if tag.name == "meta" and tag.get("name") == meta_name)
        marked_comments = (comment for comment in comments if comment_text in comment)
        return next(metas, None) or next(marked_comments, None)

    start = marker("ContentStart", "content.begin")
    end = marker("ContentEnd", "content.end")
    if start is None or end is None or start.parent is not end.parent:
        return None
    wrapper = soup.new_tag("div")
    node = start.next_sibling
    start.insert_after(wrapper)
    while node is not None and node is not end:
        following = node.next_sibling
        wrapper.append(node.extract())
        node = following
    return wrapper


def _densest_block(root):
    """The element holding the most text outside links, in the manner of readability."""
    scores = defaultdict(float)
    elements = {}
    for string in root.descendants:
        if not isinstance(string, NavigableString) or isinstance(string, PreformattedString):
            continue
        length = len(string.strip())
        if not length:
            continue
        containers = []
        for level, parent in enumerate(string.parents):
            if level > 50:
                break  # deeper than any real layout: broken nesting
            if parent.name == "a":
                containers = []
                break
            if parent.name in {"div", "td", "article", "section", "main", "body"}:
                containers.append(parent)
                if len(containers) == 2:
                    break
        for weight, container in zip((1, 0.5), containers, strict=False):
            scores[id(container)] += length * weight
            elements[id(container)] = container

    def score(key):
        element = elements[key]
        text = len(element.get_text(strip=True)) or 1
        links = sum(len(a.get_text(strip=True)) for a in tags_in(element, {"a"}))
        names = " ".join([element.get("id", ""), *element.get("class", [])])
        penalty = 0.2 if _NOT_CONTENT_RE.search(names) else 1
        return scores[key] * (1 - links / text) * penalty

    best = sorted(scores, key=scores.get, reverse=True)[:8]
    if not best:
        return None
    winner = max(best, key=score)
    return elements[winner] if score(winner) >= 20 else None


def _remove_page_tools(body):
    """Drop the site's page tools from the body: print and close links, font size, share
    buttons, 上一篇/下一篇 and 相关链接 lists, which TRS and Hanweb templates often put inside
    the body container (and print versions always do). A cell of a data table is emptied
    rather than removed, so that the table keeps its shape."""
    stats = subtree_stats(body)
    doomed, doomed_ids, skipping = [], set(), None
    for event, node in events(body):
        if skipping is not None:
            if event == "end" and node is skipping:
                skipping = None
            continue
        if event != "start":
            continue
        tags, chars, _, _ = stats[id(node)]
        if id(node) not in doomed_ids:
            if tags > 400 or chars > 2000 or not _is_page_tool(node, tags, chars):
                continue
            doomed.append(node)
            doomed_ids.add(id(node))
            if _RELATED_RE.fullmatch(_TOOL_SEPARATORS_RE.sub("", node.get_text())):
                # A 相关链接 heading: the list that follows it goes too.
                following = node.find_next_sibling()
                if following is not None and _mostly_links(following, 0):
                    doomed.append(following)
                    doomed_ids.add(id(following))
        skipping = node
    for node in doomed:
        if node.name in {"td", "th"}:
            node.clear()
        else:
            node.decompose()


def _is_page_tool(node, tags, chars):
    words = [node.get("id", ""), *node.get("class", [])]
    if any(_TOOL_NAMES_RE.fullmatch(word) for word in words if word):
        return True
    href = node.get("href", "") if node.name == "a" else ""
    if url_scheme(href) == "javascript" and _TOOL_SCRIPT_RE.search(href):
        return True  # javascript:window.print(), javascript:window.close(), javascript:doZoom(16)
    if not chars:
        return False
    text = node.get_text().strip()
    if chars <= 40 and tags <= 30 and _is_tool_text(text):
        return True
    if chars <= 200 and _PREV_NEXT_RE.match(text):
        return bool(node.name == "a" or tags_in(node, {"a"}) or text.endswith(("没有了", "无")))
    label = _RELATED_RE.match(text)
    if label:
        return _TOOL_SEPARATORS_RE.sub("", text) == _TOOL_SEPARATORS_RE.sub("", label[0]) or _mostly_links(
            node, len(label[0])
        )
    return False


def _is_tool_text(text):
    compact = _TOOL_SEPARATORS_RE.sub("", text)
    if not compact or not _TOOL_WORDS_RE.fullmatch(compact):
        return False
    # 大, 中, 小 or a number alone are words of a document; with 字体 or 打印 they are tools.
    return bool(re.sub(r"[大中小\d]|默认", "", compact))


def _mostly_links(element, label_length):
    text = len(element.get_text(strip=True)) - label_length
    links = sum(len(a.get_text(strip=True)) for a in tags_in(element, {"a"}))
    if element.name == "a":
        links = text
    return links > 0 and links >= text / 2


def _title_from_elements(soup, root, body):
    """Return ``(element, text)`` of the page's visible title, or ``(None, "")``.

    Headings and elements with a title-like class are candidates. One whose text makes up
    much of the <title> wins (the longest); otherwise the last one before the body, else
    the first one inside it. A short part of the <title> is the site's or column's name.
    """
    head_title = plain_text(soup.title.get_text()) if soup.title else ""
    elements = tags_in(root)
    furniture = _in_furniture(root)
    stats = subtree_stats(root)
    candidates = []
    for element in elements:
        names = " ".join([element.get("id", ""), *element.get("class", [])])
        if element.name not in {"h1", "h2", "h3"} and not _TITLE_CLASS_RE.search(names):
            continue
        if id(element) in furniture:
            continue  # the site's name in a banner, a column heading in a menu
        # A title is a line of text: a larger element is not read, which keeps a page of
        # thousands of nested headings linear.
        inside = stats[id(element)]
        if inside.tags > 200 or inside.chars > 1000:
            continue
        text = plain_text(element.get_text(" "))
        links = sum(len(a.get_text(strip=True)) for a in tags_in(element, {"a"}))
        if 4 <= len(text) <= 200 and links <= len(text) / 2:
            candidates.append((element, text))
    in_head = [c for c in candidates if c[1] in head_title and len(c[1]) >= 0.4 * len(head_title)]
    if in_head:
        return max(in_head, key=lambda c: len(c[1]))
    order = {id(element): index for index, element in enumerate(elements)}
    in_body = {id(tag) for tag in tags_in(body)}
    inside = [c for c in candidates if id(c[0]) in in_body]
    before = [c for c in candidates if c not in inside and order[id(c[0])] < order.get(id(body), 0)]
    if before:
        return before[-1]
    return inside[0] if inside else (None, "")


def _in_furniture(root):
    """The ids of the tags under ``root`` that are the site's furniture or inside it, found in one
    pass: asking each tag about its parents costs the page's depth per tag."""
    outer = any(_is_furniture(element) for element in [root, *root.parents])
    found, open_furniture = set(), []
    for event, node in events(root):
        if event == "start":
            if _is_furniture(node):
                open_furniture.append(node)
            if outer or open_furniture:
                found.add(id(node))
        elif event == "end" and open_furniture and open_furniture[-1] is node:
            open_furniture.pop()
    return found


def _short_text(element, limit, separator=""):
    """The text of ``element`` as ``get_text(separator)`` gives it, or None when it holds more than
    ``limit`` characters or nodes: read no further than a short text needs."""
    # events(), not .descendants: BeautifulSoup finds the end of .descendants before the first
    # step, which walks the whole subtree however soon the loop stops.
    parts, length = [], 0
    for count, (event, node) in enumerate(events(element)):
        if count > limit:
            return None
        if event == "text":
            parts.append(node)
            length += len(node)
            if length > limit:
                return None
    return separator.join(parts)


def _is_furniture(element):
    if element.name in {"nav", "footer", "aside"}:
        return True
    words = [element.get("id", ""), *element.get("class", [])]
    return any(_FURNITURE_RE.fullmatch(word) for word in words if word)


def _title_from_head(soup):
    if soup.title is None:
        return ""
    # Platforms append the site name: 标题_XX县人民政府, 标题 - XX县人民政府网, 标题|XX县.
    title = re.split(r"_|\s[-–—|]\s|\|", soup.title.get_text())[0]
    # Print versions are titled 打印本页 or the like.
    return "" if _is_tool_text(title) else title


def _remove_title_from_body(body, title_element, title):
    """Drop the title where the body repeats it, as most platforms do above the text."""
    candidates = [title_element] if title_element is not None else []
    candidates += tags_in(body, {"h1", "h2", "h3", "h4", "p", "div", "td", "strong", "b"})[:40]
    for element in candidates:
        inside = any(parent is body for parent in element.parents)
        text = _short_text(element, 4 * len(title) + 1000, " ")
        if inside and text is not None and plain_text(text) == title:
            element.decompose()
            return


def _document_number_from_body(segments):
    first = next((s for s in segments if isinstance(s, RichTextSegment)), None)
    if first is None:
        return ""
    # Only the start is parsed: parsing a long body to look at three blocks costs as much as the
    # body. Paragraphs and headings are never nested in the rich text (list items hold inline
    # content), so the third of their ends closes at least three top-level blocks.
    ends = [match.end() for match in islice(_TOP_LEVEL_END_RE.finditer(first.html), 3)]
    head = first.html[: ends[-1]] if len(ends) == 3 else first.html
    paragraphs = [tag for tag in BeautifulSoup(head, "html.parser").children if isinstance(tag, Tag)]
    for paragraph in paragraphs[:3]:
        text = plain_text(paragraph.get_text())
        if _DOCUMENT_NUMBER_RE.fullmatch(text):
            return text
    return ""


def _original_url(tags, text):
    """The page's address on its old site: what the page says of itself first, then the browser's note."""
    candidates = [tag.get("href", "") for tag in tags if tag.name == "link" and "canonical" in tag.get("rel", [])]
    # 国办发〔2017〕47号 has sites put the page's address in <meta name="Url">.
    candidates += [
        tag.get("content", "") for tag in tags if tag.name == "meta" and tag.get("name", "").strip().lower() == "url"
    ]
    candidates += [tag.get("content", "") for tag in tags if tag.name == "meta" and tag.get("property") == "og:url"]
    match = _SAVED_FROM_RE.search(text[:2048])
    candidates.append(match[1] if match else "")
    return next((url.strip() for url in candidates if url_scheme(url.strip()) in {"http", "https"}), "")


def _base_href(tags):
    href = next((tag["href"].strip() for tag in tags if tag.name == "base" and tag.has_attr("href")), "")
    return href if url_scheme(href) in {"http", "https"} else ""


def _attachments(tags, base):
    found = {}
    for tag in (tag for tag in tags if tag.name in {"a", "iframe", "embed", "object"}):
        raw = tag.get("href") or tag.get("src") or tag.get("data") or ""
        text = plain_text(tag.get_text(" ")) if tag.name == "a" else ""
        named_by_text = text.lower().endswith(ATTACHMENT_EXTENSIONS)
        if not named_by_text and not any(extension in raw.lower() for extension in ATTACHMENT_EXTENSIONS):
            continue  # most links are to pages; skip resolving them
        url = resolve_url(raw, base, FILE_SCHEMES)
        if url is None:
            continue
        name = file_name_in(url, ATTACHMENT_EXTENSIONS)
        if not name and not named_by_text:
            continue
        title = text or plain_text(tag.get("title", "")) or name
        if not found.get(url):
            found[url] = title
    return [Attachment(url, title) for url, title in found.items()]


def _describe(element):
    names = f"#{element['id']}" if element.get("id") else ""
    names += "".join(f".{name}" for name in element.get("class", []))
    return shorten(f"<{element.name}{names}>", 80)


# --- pages as import records ------------------------------------------------------------


def page_record(path, organ_name, root):
    """The DocumentRecord of one saved page, or Skipped saying why it cannot be imported.

    ``organ_name`` names the organization whose old site this is; ``root`` is the folder the
    pages were found in, which keys are relative to and attachments are read from.
    """
    location = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return Skipped(location, _too_large(size))
        with path.open("rb") as file:
            # At most one byte more than the limit, whatever the file has become since stat().
            data = file.read(MAX_PAGE_BYTES + 1)
        resolved = path.resolve(strict=True)
    except OSError as error:
        return Skipped(location, gettext("The file cannot be read: %(error)s.") % {"error": error.strerror or error})
    try:
        page = parse_legacy_page(data, location, base_url=resolved.as_uri())
    except FramedPageError as error:
        return Skipped(location, _framed_reason(error, root))
    except LegacyPageError as error:
        return Skipped(location, error.message)
    except Exception as error:  # noqa: BLE001  (a page that trips the parser must not stop the others)
        return Skipped(location, f"{type(error).__name__}: {error}")
    key, slug = page_key(page, organ_name, resolved, root)
    record = DocumentRecord(
        key=key,
        location=location,
        title=page.title,
        slug=slug,
        index_number=page.index_number,
        document_number=page.document_number,
        issuing_organ=page.issuing_organ,
        information_source=page.information_source,
        theme=page.theme,
        date_written=page.date_written,
        date_published=page.date_published,
        keywords=page.keywords,
        validity=page.validity or Validity.VALID,
        document_kind=DocumentKind.OTHER,
        body=page.body,
        attachments=page.attachments,
        base_url=page.base_url,
        original_url=page.original_url,
        local_root=root,
        warnings=page.warnings,
    )
    if url_scheme(page.original_url) in WEB_SCHEMES:
        if len(page.original_url) <= max_length(PolicyDocumentPage, "source_url"):
            record.source_url = page.original_url
        else:
            record.warnings.append(gettext("The page's original address is too long to keep."))
    return record


def _framed_reason(error, root):
    """Why a page that only frames others is skipped: when the framed files are saved in the
    folder being imported, they are imported themselves and nothing needs doing."""
    inside = []
    for written, url in error.frames:
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        path = Path(url2pathname(unquote(parts.path)))
        try:
            if path.is_file() and path.resolve().is_relative_to(Path(root).resolve()):
                inside.append(written)
        except (OSError, ValueError):
            continue  # a name too long or with a NUL is no file of the folder
    if not inside:
        return error.message
    return gettext(
        "The page only frames %(files)s, which is in the folder being imported and is imported on its own."
    ) % {"files": ", ".join(inside)}


def page_key(page, organ_name, path, root):
    """``(import_source, slug)``: by 索引号, else 文号 and issuing organ, else the path under ``root``."""
    if page.index_number:
        key, slug = f"html:index:{page.index_number}", page.index_number
    elif page.document_number:
        organ_name = first_organization_name(page.issuing_organ) or organ_name
        number = normalize_document_number(page.document_number)
        key, slug = f"html:docnum:{organ_name}:{number}", number
    else:
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        key, slug = f"html:path:{relative}", path.stem
    limit = max_length(PolicyDocumentPage, "import_source")
    if len(key) > limit:
        key = f"html:sha1:{hashlib.sha1(key.encode()).hexdigest()}"
    return key, slug
