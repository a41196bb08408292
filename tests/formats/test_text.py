"""Numbers as files and requests write them (gk_wagtail.formats.text)."""

import pytest

from gk_wagtail.formats.text import ascii_integer


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("7", 7), ("007", 7), ("2147483647", 2147483647)])
def test_ascii_digits_are_read(text, number):
    assert ascii_integer(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "²",  # superscript two: str.isdigit() passes it, int() refuses it
        "1²",
        "١٢",  # Arabic-Indic digits: int() reads them as 12
        "۱۲",  # Extended Arabic-Indic (Persian) digits
        "१२",  # Devanagari digits
        "１２",  # full-width digits
        "½",
        "二",
        " 12",
        "12 ",
        "+12",
        "-12",
        "1_2",
        "1.5",
        "0x1f",
    ],
)
def test_anything_but_ascii_digits_is_refused(text):
    assert ascii_integer(text) is None


def test_more_digits_than_allowed_are_refused_without_converting_them():
    assert ascii_integer("9" * 18) == 10**18 - 1
    assert ascii_integer("9" * 19) is None
    # int() raises on more than 4,300 digits; the length is checked first.
    assert ascii_integer("9" * 100_000) is None
    assert ascii_integer("123", max_digits=2) is None
    assert ascii_integer("12", max_digits=2) == 12
