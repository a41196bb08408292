"""Read pages saved from legacy government sites into plain data.

Counties migrating to gk_wagtail bring thousands of pages saved from TRS 拓尔思, Hanweb 大汉,
开普云 Ucap or a provincial 公开目录 platform. :func:`parse_legacy_page` takes the bytes of one
such page and returns a :class:`LegacyPage`: the title, the 公开 metadata (索引号, 主题分类,
发文机关, 成文日期, 文号, 发布日期, 主题词, 有效性), the body and the attachments. It reads no
files and writes no database rows, so the import command is a thin loop around it and every
rule here is tested on fixture pages.

The body is rebuilt from scratch by :mod:`gk_wagtail.importers.sanitize`, which explains
how tables survive and why nothing hostile can.

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

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from warnings import catch_warnings, simplefilter

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, NavigableString, PreformattedString
from django.utils.translation import gettext

from .sanitize import (
    BLOCK_TAGS,
    FILE_SCHEMES,
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

VALIDITY_VALID = "valid"
VALIDITY_AMENDED = "amended"
VALIDITY_EXPIRED = "expired"
VALIDITY_REPEALED = "repealed"

#: Links to these files are attachments (.wps and .et are WPS Office, .ofd the national
#: fixed-layout format).
ATTACHMENT_EXTENSIONS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".et", ".wps", ".ofd", ".ppt", ".pptx", ".zip", ".rar",
)

# Containers the platforms put the body in, most specific first.
BODY_SELECTORS = (
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    "#fontzoom",
    ".pages_content",
    ".article-content",
    ".article_content",
    ".wzcon",
    ".view",
    "article",
)

# field: [(label as written without spaces, rank)]; a lower rank wins when a page has both.
FIELD_LABELS = {
    "title": [("标题", 0), ("文件名称", 0), ("信息名称", 0), ("名称", 1)],
    "index_number": [("索引号", 0), ("信息索引号", 0), ("索取号", 0)],
    "theme": [("主题分类", 0), ("信息分类", 1), ("所属主题", 1), ("分类", 1), ("主题", 2)],
    "issuing_organ": [
        ("发文机关", 0), ("发布机构", 0), ("发布单位", 0), ("发文单位", 0), ("发布机关", 0),
        ("信息来源", 2), ("文章来源", 2), ("来源", 2),
    ],
    "document_number": [("发文字号", 0), ("文号", 0), ("发文号", 0), ("文件编号", 1)],
    "date_written": [("成文日期", 0), ("成文时间", 0), ("印发日期", 0), ("发文日期", 1)],
    "date_published": [
        ("发布日期", 0), ("发布时间", 0), ("公开日期", 0), ("公开时间", 0), ("生成日期", 1),
    ],
    "keywords": [("主题词", 0), ("关键词", 0), ("关键字", 0)],
    "validity": [("有效性", 0), ("效力状态", 0), ("时效性", 0), ("时效", 0), ("有效状态", 0)],
}
# Labels that carry nothing we keep; they are recognised so their values end the one before.
OTHER_LABELS = (
    "体裁分类", "组配分类", "服务对象", "公开方式", "公开范围", "公开时限", "公开形式", "公开属性",
    "效力级别", "生效日期", "生效时间", "施行日期", "废止日期", "失效日期", "内容概述", "摘要",
    "信息类别", "载体类型", "浏览次数", "阅读次数", "访问次数", "点击数", "浏览", "阅读", "点击",
    "字体", "字号", "作者", "责任编辑", "编辑",
)

# Values that mean "none" on legacy pages.
EMPTY_VALUES = {"无", "暂无", "空", "-", "--", "—", "——", "/", "null", "none", "本网", "本站"}

_LABELS = {label: (name, rank) for name, labels in FIELD_LABELS.items() for label, rank in labels}
# Spaces may sit between the characters of a label: 索 引 号, 标　　题.
_LABEL_PATTERN = "|".join(
    r"\s*".join(map(re.escape, label))
    for label in sorted([*_LABELS, *OTHER_LABELS], key=len, reverse=True)
)
# Marks a table-cell boundary in the text lines that metadata is read from.
_CELL = "\ue000"
_LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s{_CELL}【\[|｜]))[【\[]?\s*(?P<label>{_LABEL_PATTERN})\s*(?P<close>[】\]])?\s*(?P<colon>[:：])?"
)
_LABEL_ALONE_RE = re.compile(rf"[【\[]?\s*(?:{_LABEL_PATTERN})\s*[】\]]?\s*[:：]?")

_DROPPED_TAGS = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "param", "canvas", "audio", "video", "source", "track", "map",
    "link", "meta", "base", "input", "button", "select", "option", "textarea", "xml",
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
_DOCUMENT_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,16}\s*[〔\[［(（【﹝]\s*\d{4}\s*[〕\]］)）】﹞]\s*\d+\s*号")
_DATE_RE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})")
_CHINESE_DATE_RE = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


class LegacyPageError(ValueError):
    """A page that cannot be imported: empty, not HTML, or without a title or body."""

    def __init__(self, source, message):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class Attachment(NamedTuple):
    url: str
    title: str


@dataclass
class LegacyPage:
    """What one legacy page says about a disclosed document.

    Text fields are plain text, "" when the page does not say; dates are ``None`` then.
    ``validity`` is one of the ``VALIDITY_*`` values or "".
    """

    source: str
    encoding: str
    title: str
    index_number: str = ""
    theme: str = ""
    issuing_organ: str = ""
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
    cannot be imported.
    """
    if not data.strip():
        raise LegacyPageError(source, gettext("The file is empty."))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LegacyPageError(source, gettext("The file is binary data, not an HTML page."))
    text, encoding, warnings = decode_html(data)
    if "锟斤拷" in text:
        warnings.append(gettext("The text contains “锟斤拷”: the page was already garbled on the old site."))
    with catch_warnings():
        # XHTML pages from TRS start with an XML declaration; they are HTML all the same.
        simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    root = soup.body or soup
    facts = _collect_and_clean(soup, text, base_url)

    body, body_label = _find_body(root, facts.marked_body)
    if body is None:
        raise LegacyPageError(source, gettext("No body text was found on the page."))
    if body_label is None:
        body_label = _describe(body)
        warnings.append(
            gettext("No known body container was found; the block with the most text was taken (%(element)s).")
            % {"element": body_label}
        )
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
    segments = body_segments(body, facts.base, link_base)
    if not segments:
        raise LegacyPageError(source, gettext("The body (%(element)s) has no text.") % {"element": body_label})

    page = LegacyPage(
        source=source,
        encoding=encoding,
        title=title,
        index_number=plain_text(unicodedata.normalize("NFKC", values.get("index_number", ""))).replace(" ", ""),
        theme=plain_text(values.get("theme", "")),
        issuing_organ=plain_text(values.get("issuing_organ") or facts.metas.get("contentsource", "")),
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


class _PageFacts(NamedTuple):
    metas: dict
    original_url: str
    base: str
    attachments: list
    marked_body: Tag | None


def _collect_and_clean(soup, text, base_url):
    """Read what cleaning removes (meta tags, addresses, embedded files, body markers), then
    remove scripts, styles, embedded objects, form controls and comments."""
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
    facts = _PageFacts(metas, original_url, base, _attachments(tags, base), _marked_body(soup, tags, comments))
    for tag in tags:
        if tag.name in _DROPPED_TAGS:
            tag.decompose()
        elif tag.name in _UNWRAPPED_TAGS and tag.parent is not None:
            # lxml does not know these, so an unclosed one swallows the rest of the page.
            tag.unwrap()
    for comment in comments:
        comment.extract()
    return facts


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
    written = {"date_written": values.get("date_written"), "date_published": values.get("date_published") or metas.get("pubdate")}
    for name, value in written.items():
        value = plain_text(value)
        if value:
            setattr(page, name, parse_date(value))
            if getattr(page, name) is None:
                page.warnings.append(gettext("“%(value)s” could not be read as a date.") % {"value": value})
    if values.get("validity"):
        page.validity = map_validity(values["validity"])
        if not page.validity:
            page.warnings.append(
                gettext("The validity “%(value)s” is none of 有效, 已修改, 失效 or 废止.") % {"value": values["validity"]}
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
            return data[len(bom):].decode(encoding, errors="replace"), encoding, []
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


def parse_date(text):
    """Read a date as legacy pages write it, or return None.

    Understands 2020年3月5日, 2020-03-05, 2020/3/5, 2020.03.05 (with or without a time
    after), full-width digits and 二〇二〇年三月五日.
    """
    text = unicodedata.normalize("NFKC", text)
    match = _DATE_RE.search(text)
    if match:
        numbers = [int(group) for group in match.groups()]
    else:
        match = _CHINESE_DATE_RE.search(text)
        if not match:
            return None
        year = int("".join(str(_CHINESE_DIGITS[char]) for char in match[1]))
        numbers = [year, _chinese_number(match[2]), _chinese_number(match[3])]
    try:
        return date(*numbers)
    except ValueError:
        return None


def map_validity(text):
    """Map a page's 有效性 text to a ``VALIDITY_*`` value, or "" when it says none of them."""
    text = re.sub(r"\s+", "", text)
    if not text or "未" in text:  # 尚未生效, 未施行: not in force yet, which no value says.
        return ""
    for words, value in (
        (("废止",), VALIDITY_REPEALED),
        (("失效", "过期"), VALIDITY_EXPIRED),
        (("修改", "修订", "修正"), VALIDITY_AMENDED),
        (("有效", "生效", "现行"), VALIDITY_VALID),
    ):
        if any(word in text for word in words):
            return value
    return ""


def _chinese_number(text):
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CHINESE_DIGITS[text]
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


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
        rest = line[match.end():].lstrip()
        if match["colon"] or match["close"] or not rest or rest[0] == _CELL:
            matches.append(match)
    found = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        cells = (cell.strip(" \t\r\n\f\u3000\xa0:：") for cell in line[match.end():end].split(_CELL))
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
    first = {}
    for tag in tags_in(root):
        keys = [tag.name, *(f".{name}" for name in tag.get("class", []))]
        if tag.get("id"):
            keys.append(f"#{tag['id']}")
        for key in keys:
            first.setdefault(key, tag)
    for selector in BODY_SELECTORS:
        if selector in first:
            return first[selector], selector
    return _densest_block(root), None


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
        for weight, container in zip((1, 0.5), containers):
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


def _title_from_elements(soup, root, body):
    """Return ``(element, text)`` of the page's visible title, or ``(None, "")``.

    Headings and elements with a title-like class are candidates. One whose text makes up
    much of the <title> wins (the longest); otherwise the last one before the body, else
    the first one inside it. A short part of the <title> is the site's or column's name.
    """
    head_title = plain_text(soup.title.get_text()) if soup.title else ""
    elements = tags_in(root)
    candidates = []
    for element in elements:
        names = " ".join([element.get("id", ""), *element.get("class", [])])
        if element.name not in {"h1", "h2", "h3"} and not _TITLE_CLASS_RE.search(names):
            continue
        if any(_is_furniture(e) for e in [element, *element.parents]):
            continue  # the site's name in a banner, a column heading in a menu
        text = plain_text(element.get_text(" "))
        links = sum(len(a.get_text(strip=True)) for a in tags_in(element, {"a"}))
        if 4 <= len(text) <= 200 and links <= len(text) / 2:
            candidates.append((element, text))
    in_head = [c for c in candidates if c[1] in head_title and len(c[1]) >= 0.4 * len(head_title)]
    if in_head:
        return max(in_head, key=lambda c: len(c[1]))
    order = {id(element): index for index, element in enumerate(elements)}
    inside = [c for c in candidates if any(parent is body for parent in c[0].parents)]
    before = [c for c in candidates if c not in inside and order[id(c[0])] < order.get(id(body), 0)]
    if before:
        return before[-1]
    return inside[0] if inside else (None, "")


def _is_furniture(element):
    if element.name in {"nav", "footer", "aside"}:
        return True
    words = [element.get("id", ""), *element.get("class", [])]
    return any(_FURNITURE_RE.fullmatch(word) for word in words if word)


def _title_from_head(soup):
    if soup.title is None:
        return ""
    # Platforms append the site name: 标题_XX县人民政府, 标题 - XX县人民政府网, 标题|XX县.
    return re.split(r"_|\s[-–—|]\s|\|", soup.title.get_text())[0]


def _remove_title_from_body(body, title_element, title):
    """Drop the title where the body repeats it, as most platforms do above the text."""
    candidates = [title_element] if title_element is not None else []
    candidates += tags_in(body, {"h1", "h2", "h3", "h4", "p", "div", "td", "strong", "b"})[:40]
    for element in candidates:
        inside = any(parent is body for parent in element.parents)
        if inside and plain_text(element.get_text(" ")) == title:
            element.decompose()
            return


def _document_number_from_body(segments):
    first = next((s for s in segments if isinstance(s, RichTextSegment)), None)
    if first is None:
        return ""
    paragraphs = [tag for tag in BeautifulSoup(first.html, "html.parser").children if isinstance(tag, Tag)]
    for paragraph in paragraphs[:3]:
        text = plain_text(paragraph.get_text())
        if _DOCUMENT_NUMBER_RE.fullmatch(text):
            return text
    return ""


def _original_url(tags, text):
    match = _SAVED_FROM_RE.search(text[:2048])
    candidates = [match[1] if match else ""]
    candidates += [tag.get("href", "") for tag in tags if tag.name == "link" and "canonical" in tag.get("rel", [])]
    candidates += [tag.get("content", "") for tag in tags if tag.name == "meta" and tag.get("property") == "og:url"]
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
    return f"<{element.name}{names}>"

