"""Short ASCII slugs for page addresses: pinyin words of a Chinese title, or a date.

A title such as 关于全面推进基层政务公开标准化规范化工作的实施意见 makes a percent-encoded address
of more than 200 characters when it is its own slug; ``pinyin_slug`` makes it
``quanmian-tuijin-jiceng-zhengwu-gongkai``: the title cut into words (rjieba, the search
segmenter's engine), each word in toneless pinyin (pypinyin), ASCII words kept, cut at a word
boundary. Pure functions: the page types and the importers decide when to use them.
"""

import re
import unicodedata

import rjieba
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

#: Words almost every title has, which tell one page from another least.
STOP_WORDS = frozenset({"关于", "的", "和", "与", "及", "之"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _ascii_words(text):
    # Punctuation separates words (〔2020〕10 is 2020 and 10); slugify alone would run them together.
    text = re.sub(r"[^\w\s]|_", " ", text)
    return [word for word in slugify(text).split("-") if word]


def slug_words(text):
    """The ASCII words of ``text``: each Chinese word in pinyin, other letters and digits as they are."""
    words, other = [], ""
    for segment in rjieba.cut(unicodedata.normalize("NFKC", text or "")):
        if not _HAN.search(segment):
            # The segmenter splits runs of other scripts apart (Ünïcode); fold each run whole.
            other += segment
            continue
        words.extend(_ascii_words(other))
        other = ""
        if segment not in STOP_WORDS:
            # Non-Chinese characters inside the segment come back unchanged and are folded here.
            words.extend(_ascii_words("".join(lazy_pinyin(segment, style=Style.NORMAL))))
    return words + _ascii_words(other)


def cut_words(words, max_length):
    """``words`` joined with hyphens, as many as fit in ``max_length``; a longer first word is cut."""
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            return slug or word[:max_length]
        slug = candidate
    return slug


def pinyin_slug(text, max_length):
    """A slug of ``text`` in ASCII letters, digits and hyphens, at most ``max_length`` long; "" if none."""
    return cut_words(slug_words(text), max_length)


def date_slug(date):
    """``20240314``: the slug of the ``date`` style."""
    return date.strftime("%Y%m%d")


def with_suffix(base, number, max_length):
    """``base`` for the first page, ``base-2``, ``base-3``… after, shortening ``base`` to keep ``max_length``."""
    if number <= 1:
        return base[:max_length]
    suffix = f"-{number}"
    return base[: max(max_length - len(suffix), 1)].rstrip("-") + suffix


def free_slug(base, is_taken, max_length):
    """The first of ``base``, ``base-2``, ``base-3``… that ``is_taken`` refuses, each at most ``max_length`` long."""
    number = 1
    while is_taken(slug := with_suffix(base, number, max_length)):
        number += 1
    return slug
