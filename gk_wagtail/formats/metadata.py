"""Coded values of the disclosure metadata, and how the sources an importer reads write them."""

import re

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class DocumentKind(TextChoices):
    """What kind of policy document a page is; 规章 and 规范性文件 must be interpreted."""

    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("administrative regulation")
    RULES = "rules", _("government rules")
    NORMATIVE_DOCUMENT = "normative_document", _("normative document")
    PLAN = "plan", _("plan")
    OTHER = "other", _("other policy document")


class Validity(TextChoices):
    """有效性: whether a document is still in force."""

    VALID = "valid", _("valid")
    AMENDED = "amended", _("amended")
    EXPIRED = "expired", _("expired")
    REPEALED = "repealed", _("repealed")


def parse_validity(text):
    """The Validity a page's 有效性 text names, or "" when it names none of them."""
    text = re.sub(r"\s+", "", text)
    if not text or "未" in text:  # 尚未生效, 未施行: not in force yet, which no value says.
        return ""
    for words, value in (
        (("废止",), Validity.REPEALED),
        (("失效", "过期"), Validity.EXPIRED),
        (("修改", "修订", "修正"), Validity.AMENDED),
        (("有效", "生效", "现行"), Validity.VALID),
    ):
        if any(word in text for word in words):
            return value
    return ""
