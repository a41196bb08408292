"""Identifiers of the domain: 统一社会信用代码 (GB 32100-2015), 公民身份号码 (GB 11643-1999) and 文号."""

import datetime
import re
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 excludes I, O, S, V and Z so codes survive handwriting.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17):
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    """Raise ValidationError unless ``value`` is a well-formed 统一社会信用代码."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d."),
            code="credit_code_length",
            params={"length": len(code)},
        )
    bad = [char for char in code if char not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("“%(char)s” cannot appear in a unified social credit code (I, O, S, V and Z are never used)."),
            code="credit_code_character",
            params={"char": bad[0]},
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of %(code)s is wrong: it should be %(expected)s. Please check the code for a typing mistake."
            ),
            code="credit_code_check",
            params={"code": code, "expected": expected},
        )


_BRACKETS = str.maketrans(
    {
        "〔": "〔",
        "〕": "〕",
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "【": "〔",
        "】": "〕",
        "﹝": "〔",
        "﹞": "〕",
        "{": "〔",
        "}": "〕",
        "〖": "〔",
        "〗": "〕",
    }
)
# ASCII digits only (after NFKC): re's \d also matches Arabic-Indic and other decimal digits.
_YEAR_WITHOUT_BRACKETS = re.compile(
    r"^(?P<prefix>[^0-9]*?)〔?(?P<year>(?:19|20)[0-9]{2})(?:〕|年)?(?P<number>[0-9]+)号?$"
)


def normalize_document_number(value):
    """Fold the ways people write a 文号 into one form: ``粤府办〔2020〕10号``.

    Handles [] () （） 【】 ﹝﹞ brackets, full-width digits, stray spaces, a
    missing final 号 and a bare year (``浦南规2026 3号``, ``2022年1号``).
    Returns "" for an empty value; text that does not look like a 文号 is
    returned folded but otherwise unchanged.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value)
    # NFKC turns 〔〕 into plain brackets too; fold every bracket to 〔〕.
    text = text.translate(_BRACKETS)
    text = re.sub(r"\s+", "", text)
    match = _YEAR_WITHOUT_BRACKETS.match(text)
    if match:
        # Leading zeros dropped without int(), which refuses runs of more than 4,300 digits.
        number = match["number"].lstrip("0") or "0"
        return f"{match['prefix']}〔{match['year']}〕{number}号"
    return text


# GB 11643-1999: weights of the first 17 digits of a 公民身份号码, and the check character for each remainder mod 11.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"


def resident_id_check_character(first17):
    return RESIDENT_ID_CHECK[
        sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True)) % 11
    ]


def validate_resident_id(value):
    """Raise ValidationError unless ``value`` is a well-formed 18-digit 居民身份证 number (GB 11643)."""
    number = unicodedata.normalize("NFKC", value or "").strip().upper()
    if len(number) != 18:
        raise ValidationError(
            _("A resident identity card number has 18 characters; this one has %(length)d."),
            code="resident_id_length",
            params={"length": len(number)},
        )
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ValidationError(
            _("A resident identity card number is 17 digits followed by a digit or X."),
            code="resident_id_character",
        )
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("Digits 7 to 14 of a resident identity card number are a date of birth; %(digits)s is not a date."),
            code="resident_id_birth_date",
            params={"digits": number[6:14]},
        ) from None
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _(
                "The last character of this identity card number should be %(expected)s. Please check the number for a typing mistake."
            ),
            code="resident_id_check",
            params={"expected": expected},
        )


def new_tracking_code():
    """A 查询码 for an application: 12 random digits, easy to read out on the phone.

    The status page also asks for the application's secret, so the code alone reveals nothing.
    """
    return "".join(secrets.choice("0123456789") for _ in range(12))
