"""A row of a 基层政务公开事项标准目录 (standard catalog, 国办发〔2019〕54号; see docs/catalogs.md) and the text forms of its parts.

Plain data: the xlsx importer reads rows into these dataclasses and the catalog page stores and
renders them. Each multi-valued part has a ``parse_*``/``format_*`` pair; the formatter writes the
canonical form the parser reads back unchanged, which is what lets a catalog survive an export and
re-import without drifting.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gk_wagtail.formats.text import chinese_number, fold

# Spreadsheets mark a ticked box with any of these; the formatters write ■ and □.
TICKED_MARKS = "■√✓✔●☑"
UNTICKED_MARKS = "□☐"
TICKED, UNTICKED = "■", "□"
MARKS = _MARKS = TICKED_MARKS + UNTICKED_MARKS

# Field lengths of the catalog row model, checked when a workbook is read so that a too long cell
# is reported with its cell instead of failing when the page is saved.
SHORT_TEXT_LENGTH = 200
NUMBER_LENGTH = 20

# Separators between words of a multi-choice cell, after NFKC folding (，；／ and the ideographic
# space fold to their ASCII forms). "/" also occurs inside channel words such as 发布会/听证会; the
# longest-match parser below reads those as one word.
_CHOICE_SEPARATORS = frozenset("、,;/ \n\t")


class LegalRank(TextChoices):
    """Rank of a 公开依据 citation, as the catalogs tag it: 【法律】《中华人民共和国预算法》第十四条."""

    LAW = "法律", _("law")
    ADMINISTRATIVE_REGULATION = "行政法规", _("administrative regulation")
    LOCAL_REGULATION = "地方性法规", _("local regulation")
    DEPARTMENTAL_RULE = "部门规章", _("departmental rule")
    LOCAL_GOVERNMENT_RULE = "地方政府规章", _("local government rule")
    NORMATIVE_DOCUMENT = "规范性文件", _("normative document")
    OTHER = "其他", _("other")


# Tags seen in published catalogs for the same ranks; parsed values are plain strings, like every
# other choice in a row.
_RANK_ALIASES = {rank: rank for rank in LegalRank.values} | {
    "行政规范性文件": LegalRank.NORMATIVE_DOCUMENT.value,
    "国务院部门规章": LegalRank.DEPARTMENTAL_RULE.value,
    "政府规章": LegalRank.LOCAL_GOVERNMENT_RULE.value,
    "地方规章": LegalRank.LOCAL_GOVERNMENT_RULE.value,
    "地方法规": LegalRank.LOCAL_REGULATION.value,
}


class Audience(TextChoices):
    """公开对象."""

    PUBLIC = "全社会", _("general public")
    SPECIFIC_GROUPS = "特定群体", _("specific groups")


class Method(TextChoices):
    """公开方式."""

    PROACTIVE = "主动", _("proactive")
    ON_REQUEST = "依申请", _("on request")


class Level(TextChoices):
    """公开层级; counties use 县级 and 乡级, cities and towns the variants. Declared top down, the column order.

    The standard guides of some domains also tick 省级 for matters a province discloses itself.
    """

    PROVINCE = "省级", _("province")
    CITY = "市级", _("city")
    COUNTY = "县级", _("county")
    # "township" is also an organization type (乡镇): the context keeps the level 乡级.
    TOWNSHIP = "乡级", pgettext_lazy("disclosure level", "township")
    TOWN = "镇级", _("town")
    VILLAGE = "村级", _("village")


@dataclass
class LegalBasis:
    """One 公开依据 citation: the title in 《》 plus article as written, without its rank tag."""

    rank: str
    citation: str

    def __str__(self):
        return f"【{self.rank}】{self.citation}"


@dataclass
class CatalogRow:
    """One matter of a standard catalog with the eight elements the catalogs carry (豫政办〔2020〕5号) and the common extras.

    ``levels`` is kept in :class:`Level` order, as the level columns of the published tables run.
    ``column_url`` is where the matter's information is published (every 主动公开 matter has its column, 粤府办〔2020〕10号); the
    spreadsheet carries it as the hyperlink of the 二级事项 cell. ``other_channels`` are the channels a
    county named that the channel register does not know, kept as written. ``number`` is the 序号 as
    the county printed it (1, 2, 5 or 1.1); it is presentation, so rows compare without it.
    """

    first_level_item: str = ""
    second_level_item: str = ""
    content_elements: str = ""
    legal_bases: list[LegalBasis] = field(default_factory=list)
    time_limit_text: str = ""
    responsible_body: str = ""
    channels: list[str] = field(default_factory=list)
    audience: str = ""
    method: str = ""
    levels: list[str] = field(default_factory=list)
    five_stages: list[str] = field(default_factory=list)
    remarks: str = ""
    column_url: str = ""
    other_channels: list[str] = field(default_factory=list)
    number: str = field(default="", compare=False)

    @property
    def time_limit_working_days(self):
        """The time limit in working days, derived from the text so the two can never disagree."""
        return parse_working_days(self.time_limit_text)

    def clean(self):
        """Raise ValidationError keyed by field name for what every catalog row must have."""
        errors = {}
        if not self.second_level_item.strip():
            errors["second_level_item"] = gettext("The item has no name (second-level item).")
        if not self.content_elements.strip():
            errors["content_elements"] = gettext("The content to disclose is empty.")
        if not self.responsible_body.strip():
            errors["responsible_body"] = gettext("The responsible body is empty.")
        if self.audience not in Audience.values:
            errors["audience"] = gettext("Choose the audience: %(choices)s.") % {"choices": "、".join(Audience.values)}
        if self.method not in Method.values:
            errors["method"] = gettext("Choose the method: %(choices)s.") % {"choices": "、".join(Method.values)}
        if not self.levels:
            errors["levels"] = gettext("Choose at least one level.")
        elif unknown := [level for level in self.levels if level not in Level.values]:
            errors["levels"] = gettext("Unknown levels %(levels)s; use %(choices)s.") % {
                "levels": "、".join(unknown),
                "choices": "、".join(Level.values),
            }
        if errors:
            raise ValidationError(errors)


def is_ticked(text):
    """True for ■ √ ✓ ✔ ● ☑, False for □ ☐ or blank; ValidationError for anything else."""
    mark = text.strip()
    if not mark or (len(mark) == 1 and mark in UNTICKED_MARKS):
        return False
    if len(mark) == 1 and mark in TICKED_MARKS:
        return True
    raise ValidationError(
        gettext("Unknown mark “%(mark)s”; tick with ■ (or √ ✓ ●), leave □ or blank for no.") % {"mark": mark}
    )


# Other spellings of register channels found in published catalogs; one applies only where the
# register has the word it stands for.
CHANNEL_ALIASES = {
    "门户网站": "政府网站",
    "政府门户网站": "政府网站",
    "政务网站": "政府网站",
    "发布会": "发布会/听证会",
    "新闻发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "入户": "入户/现场",
    "现场": "入户/现场",
    "入户/现场公开": "入户/现场",
    "社区公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "企事业单位公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "公示栏": "公示栏(电子屏)",
    "电子屏": "公示栏(电子屏)",
    "12345政务服务热线": "12345热线",
    "12345政务服务便民热线": "12345热线",
    "政务热线": "12345热线",
    "报纸": "报刊",
}


def split_choices(text, vocabulary, suffix="", aliases=None):
    """The words of ``vocabulary`` named in ``text`` and the unknown words, each in the order written, each once.

    Reads both forms found in catalogs: a list (政府网站、政务服务中心/公开查阅点) and a tick list
    (■政府网站 □政府公报 ■公开查阅点 or √政府网站), where words after □ are not chosen. A word may also
    be written with ``suffix`` (决策公开 for 决策) or as one of ``aliases`` (another spelling mapped
    to its vocabulary word). Words are matched longest first, so vocabulary words that contain a
    separator (发布会/听证会) survive. Unknown words are returned whole (政务服务中心等, not 等),
    unticked ones left out.
    """
    forms = {}
    for alias, word in (aliases or {}).items():
        if word in vocabulary:
            forms[fold(alias)] = word
    for word in vocabulary:
        forms[fold(word)] = word
        if suffix:
            forms[fold(word + suffix)] = word
    by_length = sorted(forms, key=len, reverse=True)
    folded = fold(text)
    chosen, unknown = [], []
    ticked = True
    position = 0
    while position < len(folded):
        char = folded[position]
        if char in _CHOICE_SEPARATORS:
            position += 1
            continue
        if char in _MARKS:
            ticked = char in TICKED_MARKS
            position += 1
            continue
        form = next((form for form in by_length if folded.startswith(form, position)), None)
        end = position + len(form) if form else position
        if form and (end == len(folded) or folded[end] in _CHOICE_SEPARATORS or folded[end] in _MARKS):
            if ticked and forms[form] not in chosen:
                chosen.append(forms[form])
        else:
            # The whole token (政务服务中心等, not 等), so the editor sees what to fix.
            end = position
            while end < len(folded) and folded[end] not in _CHOICE_SEPARATORS and folded[end] not in _MARKS:
                end += 1
            if ticked and folded[position:end] not in unknown:
                unknown.append(folded[position:end])
        position = end
        ticked = True
    return chosen, unknown


def parse_choices(text, vocabulary, suffix="", aliases=None):
    """The words of ``vocabulary`` named in ``text`` (see :func:`split_choices`); ValidationError naming every unknown word."""
    chosen, unknown = split_choices(text, vocabulary, suffix, aliases)
    if unknown:
        raise ValidationError(
            gettext("Unknown words %(words)s; use words from: %(allowed)s.")
            % {"words": "、".join(f"“{word}”" for word in unknown), "allowed": "、".join(vocabulary)}
        )
    return chosen


def format_choices(words):
    return "、".join(words)


_NUMBERING = re.compile(
    r"^\s*(?:\d+\s*[.、．)）]|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*"
)
# No digits inside, so that a 文号 year such as 〔2016〕 is never taken for a tag.
_BRACKET_TAG = re.compile(r"^\s*[【\[〔]\s*([^】\]〕\d]*?)\s*[】\]〕]\s*")
_LABEL_TAG = re.compile(r"^\s*(" + "|".join(sorted(_RANK_ALIASES, key=len, reverse=True)) + r")\s*[:：]\s*")
# Several citations on one line: split at ；/; always, at 、，, only where the next citation opens.
_CITATION_SEPARATOR = re.compile(r"\s*(?:[；;]|[、，,](?=\s*《))\s*")
_TRAILING_PUNCTUATION = "。；;，,、 "


def _take_tag(text, unknown_tags):
    """Split a leading rank tag (【法律】, [法律] or 法律：) off ``text``; unknown tags are collected."""
    if match := _BRACKET_TAG.match(text):
        rank = _RANK_ALIASES.get(match.group(1))
        if rank is None:
            unknown_tags.append(match.group(0).strip())
        return rank, text[match.end() :]
    if match := _LABEL_TAG.match(text):
        return _RANK_ALIASES[match.group(1)], text[match.end() :]
    return None, text


def parse_legal_bases(text):
    """Read a 公开依据 cell into citations with their ranks.

    One citation per line, or several on a line separated by ；. Leading numbering (1. 1、 （1） ①)
    is dropped. A tag (【法律】, [法律] or 法律：) ranks the citations after it on its line; a tag
    alone on a line is a heading that ranks the untagged lines below it until the next heading.
    A rank word alone on a line (一、法律) is such a heading too. Untagged citations are ranked 其他.
    Raises ValidationError naming every unknown tag.
    """
    bases, unknown_tags = [], []
    heading = None
    for line in text.splitlines():
        tag, rest = _take_tag(_NUMBERING.sub("", line, count=1), unknown_tags)
        rest = _NUMBERING.sub("", rest, count=1).strip()
        if not tag and rest.rstrip(":：") in _RANK_ALIASES:
            tag, rest = _RANK_ALIASES[rest.rstrip(":：")], ""
        if tag and not rest:
            heading = tag
            continue
        rank = tag or heading
        for piece in _CITATION_SEPARATOR.split(rest):
            piece_tag, piece = _take_tag(piece, unknown_tags)
            rank = piece_tag or rank
            citation = piece.strip().rstrip(_TRAILING_PUNCTUATION)
            if citation:
                bases.append(LegalBasis(rank or LegalRank.OTHER.value, citation))
    if unknown_tags:
        raise ValidationError(
            gettext("Unknown ranks %(tags)s; tag citations with one of: %(allowed)s.")
            % {"tags": "、".join(unknown_tags), "allowed": "、".join(f"【{rank}】" for rank in LegalRank.values)}
        )
    return bases


def format_legal_bases(bases):
    return "\n".join(str(basis) for basis in bases)


# A number of working days is a few digits or numerals long; a longer run names no time limit,
# and int() refuses runs of more than 4,300 digits.
_WORKING_DAYS = re.compile(
    r"(?<![0-9零〇一二两三四五六七八九十百])([0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,6})\s*个?\s*工作日"
)
# 实时 (real time) and its synonyms mean "at once": zero working days, due the day the
# information is formed, which is what a lateness check needs; None means no machine value.
_IMMEDIATE_WORDS = ("实时", "即时", "立即")


def parse_working_days(text):
    """Working days in a 公开时限 text, or None where it names none.

    信息形成或者变更之日起20个工作日内 → 20; 公告期五个工作日 → 5 (the first number of working days
    wins); 实时, 即时 or 立即 → 0; calendar periods (30日内) and dates (每年6月底前) → None.
    """
    folded = fold(text)
    if match := _WORKING_DAYS.search(folded):
        return chinese_number(match.group(1))
    if any(word in folded for word in _IMMEDIATE_WORDS):
        return 0
    return None
