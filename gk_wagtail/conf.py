"""One settings object with documented defaults.

Every name below can be overridden in Django settings as ``GK_WAGTAIL_<NAME>``.
"""

from django.conf import settings


class GkSettings:
    """Reads GK_WAGTAIL_<NAME> from Django settings, else the default below."""

    #: Working days allowed between a policy and its interpretation (source 001 item 14).
    INTERPRETATION_LAG_DAYS = 3
    #: Rule for 索引号; fields: credit_code, year, month, theme_code, seq.
    INDEX_NUMBER_RULE = "{credit_code}/{year}-{seq:05d}"
    #: Working days within which information is published after it is formed (条例第二十六条).
    PUBLICATION_LIMIT_DAYS = 20
    #: Segmenter used by the search backends: "rjieba" or "jieba".
    SEGMENTER = "rjieba"

    def __getattribute__(self, name):
        if name.isupper():
            return getattr(settings, f"GK_WAGTAIL_{name}", object.__getattribute__(self, name))
        return object.__getattribute__(self, name)


gk_settings = GkSettings()
