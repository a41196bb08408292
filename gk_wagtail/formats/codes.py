"""Identifiers of the domain: 统一社会信用代码 (GB 32100-2015) and 文号."""

import re
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
