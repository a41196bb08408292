"""Chinese text as documents and spreadsheets write it: full-width forms, numerals and dates."""

import re
import unicodedata
from datetime import date

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}

_DATE_RE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})")
_CHINESE_DATE_RE = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)


def fold(text):
    """Fold full-width forms to ASCII (NFKC), so that （电子屏） matches (电子屏) and １２ matches 12."""
    return unicodedata.normalize("NFKC", text)


def ascii_integer(text, max_digits=18):
    """The whole number ``text`` writes in the ASCII digits 0-9 and nothing else, or None.

    What a file or a request calls a number: ``str.isdigit()`` also passes "²", which ``int()``
    refuses, and "١٢" (Arabic-Indic digits), which ``int()`` reads as 12; ``int()`` itself reads
    " 12", "+12" and "1_2", and raises on runs of more than 4,300 digits. At most ``max_digits``
    digits are read; the default 18 keeps the value within any database's integer column.
    """
    if 0 < len(text) <= max_digits and text.isascii() and text.isdecimal():
        return int(text)
    return None


def chinese_number(text):
    """The value of a number written in digits or Chinese numerals.

    二十 → 20, 一百零五 → 105, 两 → 2; without a unit the characters are digits, as in a year:
    二〇二〇 → 2020. Raises KeyError for a character that is no numeral.
    """
    if text.isascii():
        return int(text)
    if not any(char in _UNITS for char in text):
        return int("".join(str(CHINESE_DIGITS[char]) for char in text))
    total = current = 0
    for char in text:
        if char in _UNITS:
            total, current = total + (current or 1) * _UNITS[char], 0
        else:
            current = CHINESE_DIGITS[char]
    return total + current


def parse_date(text):
    """Read a date as Chinese pages write it, or return None.

    Understands 2020年3月5日, 2020-03-05, 2020/3/5, 2020.03.05 (with or without a time
    after), full-width digits and 二〇二〇年三月五日.
    """
    text = fold(text)
    match = _DATE_RE.search(text)
    if match:
        numbers = [int(group) for group in match.groups()]
    else:
        match = _CHINESE_DATE_RE.search(text)
        if not match:
            return None
        numbers = [chinese_number(group) for group in match.groups()]
    try:
        return date(*numbers)
    except ValueError:
        return None
