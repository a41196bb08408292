"""The one settings object of gk_wagtail, with its defaults.

Each name below can be overridden in Django settings as ``GK_WAGTAIL_<NAME>``; code reads it as
``gk_settings.<NAME>``, never from ``django.conf.settings`` directly, so every setting has its
default here and is documented in ``docs/settings.md``.
"""

from django.conf import settings


class GkSettings:
    """Reads GK_WAGTAIL_<NAME> from Django settings, else the default below."""

    #: Working days within which an interpretation follows its policy (粤府办〔2020〕10号: 同步起草、同步审签、同步发布;
    #: the provincial task lists allow three working days).
    INTERPRETATION_LAG_DAYS = 3
    #: Rule for 索引号; fields: credit_code, year, month, theme_code, seq.
    INDEX_NUMBER_RULE = "{credit_code}/{year}-{seq:05d}"
    #: Segmenter used by the search backends: "rjieba" or "jieba".
    SEGMENTER = "rjieba"
    #: Seconds an index write to Elasticsearch may take while an editor saves or publishes; a write that
    #: fails is queued for ``gk_search_reindex --pending``. Searches keep the backend's own TIMEOUT.
    ELASTICSEARCH_INDEX_TIMEOUT = 2
    #: Page types the citizen search returns besides every page type with the disclosure metadata.
    SEARCH_EXTRA_PAGE_TYPES = ("gk_wagtail.StandardCatalogPage", "gk_wagtail.VillageAffairsPage")
    #: Sites (host names or ids) whose citizen search covers every site of the installation, with a
    #: facet by site: the portal of an intensive platform (集约化平台). Other sites search themselves.
    SEARCH_PORTAL_SITES = ()
    #: Days after a month or quarter ends by which a village publishes it (每月10日前公布上月财务).
    VILLAGE_GRACE_DAYS = 10
    #: Whether gk_setup_columns gives the disclosure columns the two-step review workflow (先审后发:
    #: 保密审查, then 审核发布), so that their pages go live only once reviewed.
    REVIEW_WORKFLOW = True
    #: Codes of standard columns whose pages publish without review, e.g. ("gkzn", "gknb").
    REVIEW_EXEMPT_COLUMNS = ()
    #: Failed logins with one username within LOGIN_FAILURE_WINDOW after which that name is refused
    #: (gk_wagtail.login_limits.LoginLimitBackend); None turns the limit off.
    LOGIN_FAILURES_PER_ACCOUNT = 5
    #: Failed logins from one client address (an IPv6 /64) within the window after which it is refused.
    LOGIN_FAILURES_PER_ADDRESS = 20
    #: Seconds a failed login counts for.
    LOGIN_FAILURE_WINDOW = 15 * 60
    #: The request.META key holding the client's address: "REMOTE_ADDR", or the header a trusted proxy
    #: overwrites, e.g. "HTTP_X_REAL_IP" (of a list, as in X-Forwarded-For, the last entry counts).
    CLIENT_ADDRESS_HEADER = "REMOTE_ADDR"
    #: Where a citizen reads how to apply for a document disclosed on request (依申请公开): a URL or a
    #: path. Empty: the site's 依申请公开 column, as gk_setup_columns makes it.
    APPLICATION_GUIDE_URL = ""
    #: Slugs of new documents: "pinyin" (pinyin words of the title), "date" (20240314) or "title"
    #: (Wagtail's own: the title itself, in Chinese). Pages already saved keep theirs.
    SLUG_STYLE = "pinyin"
    #: Longest slug the "pinyin" style makes, a sibling's -2, -3… included.
    SLUG_MAX_LENGTH = 40
    #: Items the API's pages endpoint returns when no ?limit= is given; Wagtail's WAGTAILAPI_LIMIT_MAX
    #: (default 20) caps it and every limit asked for.
    API_PAGE_SIZE = 20
    #: Seconds the public pages keep a cached fragment (navigation, footer, catalog tables); each
    #: publication or settings change retires them all at once. 0 turns the fragment cache off.
    FRAGMENT_CACHE_TIMEOUT = 300

    def __getattribute__(self, name):
        if name.isupper():
            return getattr(settings, f"GK_WAGTAIL_{name}", object.__getattribute__(self, name))
        return object.__getattribute__(self, name)


gk_settings = GkSettings()
