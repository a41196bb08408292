"""System checks: misconfiguration is reported at startup, each with a hint.

Ids: E001 index-number rule; W001 SQLite transactions; W002 working-day calendar data;
E010 unknown segmenter; E011 segmenter not installed; W010 a search backend that does not
segment Chinese; W011 gk_wagtail's database backend on a database it cannot segment on;
E020 a login-limit setting out of range; W020 failed logins not refused; W021 a login form that
calls a refused login a wrong password; W022 behind a proxy, every client with the proxy's address;
W030 documents served straight from their storage, past the check that they are public;
W060 长辈版 offered without DisplayModeMiddleware, so pages in it would be cached for everyone;
E040 an unknown slug style or a slug length too short for it; E050 an API page size that is not
a whole number; W050 a time zone other than China's, which dates and the API's times would follow.
W070 a review workflow that lets a page changed after review go live unreviewed; W071 a review
workflow Wagtail does not run; W080 gk_wagtail listed after the wagtail apps, whose Chinese then
replaces its own. E090 a disclosed page type whose keywords are missing or kept where its pages cannot have them.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils import timezone

from gk_wagtail.conf import gk_settings

DISPLAY_MODE_MIDDLEWARE = "gk_wagtail.site.display_mode.DisplayModeMiddleware"


@register(Tags.compatibility)
def check_display_mode_middleware(app_configs, **kwargs):
    # Without it the shell hides the 长辈版 switch: a page read with the cookie but no Vary: Cookie
    # would be cached and served in the wrong version.
    if DISPLAY_MODE_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            "The 长辈版 (elderly-friendly version) switch is hidden: DisplayModeMiddleware is not in MIDDLEWARE.",
            hint=f"Add '{DISPLAY_MODE_MIDDLEWARE}' to MIDDLEWARE (see docs/site.md).",
            id="gk_wagtail.W060",
        )
    ]


@register(Tags.compatibility)
def check_index_number_rule(app_configs, **kwargs):
    from gk_wagtail.index_numbers import rule_fields

    try:
        rule_fields(gk_settings.INDEX_NUMBER_RULE)
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Use fields from {credit_code}, {year}, {month}, {theme_code}, {seq}, e.g. "
                "'{credit_code}/{year}-{seq:05d}'.",
                id="gk_wagtail.E001",
            )
        ]
    return []


@register(Tags.database)
def check_sqlite_transaction_mode(app_configs, databases=None, **kwargs):
    errors = []
    for alias, config in settings.DATABASES.items():
        if (
            config["ENGINE"] == "django.db.backends.sqlite3"
            and config.get("OPTIONS", {}).get("transaction_mode") != "IMMEDIATE"
        ):
            errors.append(
                Warning(
                    f"SQLite database '{alias}' does not use IMMEDIATE transactions: two editors publishing "
                    "at the same moment may get 'database is locked' errors.",
                    hint=f"Set DATABASES['{alias}']['OPTIONS']['transaction_mode'] = 'IMMEDIATE'.",
                    id="gk_wagtail.W001",
                )
            )
    return errors


@register(Tags.database)
def check_working_day_calendar(app_configs, databases=None, **kwargs):
    # Only when the checks are run against a database (migrate, check --database).
    if not databases:
        return []
    from django.db import connection

    from gk_wagtail.workdays import WorkingDayOverride, years_without_data

    # migrate runs the checks before it creates the table.
    if WorkingDayOverride._meta.db_table not in connection.introspection.table_names():
        return []

    this_year = timezone.localdate().year
    missing = years_without_data([this_year])
    if missing:
        return [
            Warning(
                f"The working-day calendar has no holiday data for {missing[0]}: deadlines fall back to Monday–Friday.",
                hint="Upgrade chinesecalendar, or add the year's holidays and 调休 working days in the Wagtail "
                "admin under Disclosure registers → Working-day calendar (政务公开登记 → 工作日调整).",
                id="gk_wagtail.W002",
            )
        ]
    return []


# The search backends that cut Chinese into words.
SEGMENTING_BACKENDS = ("gk_wagtail.search.database", "gk_wagtail.search.elasticsearch")


@register(Tags.compatibility)
def check_search_segmentation(app_configs, **kwargs):
    from importlib import import_module

    errors = []
    segmenter = gk_settings.SEGMENTER
    if segmenter not in ("rjieba", "jieba"):
        errors.append(
            Error(
                f"GK_WAGTAIL_SEGMENTER is {segmenter!r}: search cannot cut Chinese queries into words.",
                hint="Set GK_WAGTAIL_SEGMENTER to 'rjieba' (the default) or 'jieba'.",
                id="gk_wagtail.E010",
            )
        )
    else:
        try:
            import_module(segmenter)
        except ImportError:
            errors.append(
                Error(
                    f"GK_WAGTAIL_SEGMENTER is {segmenter!r}, but the {segmenter} package is not installed.",
                    hint=f"pip install {segmenter}, or set GK_WAGTAIL_SEGMENTER to the segmenter you have.",
                    id="gk_wagtail.E011",
                )
            )
    backend = (
        getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
        .get("default", {})
        .get("BACKEND", "wagtail.search.backends.database")
    )
    if backend not in SEGMENTING_BACKENDS:
        errors.append(
            Warning(
                f"The default search backend {backend!r} does not segment Chinese: a word inside a longer run of "
                "characters (公开 in 政府信息公开条例) is not found.",
                hint="Set WAGTAILSEARCH_BACKENDS['default']['BACKEND'] to 'gk_wagtail.search.database' (or "
                "'gk_wagtail.search.elasticsearch') and run manage.py update_index.",
                id="gk_wagtail.W010",
            )
        )
    elif backend == "gk_wagtail.search.database":
        from django.db import connection

        from gk_wagtail.search.database import segments_chinese

        if not segments_chinese():
            errors.append(
                Warning(
                    f"gk_wagtail.search.database segments Chinese on PostgreSQL and on SQLite with FTS5, not on "
                    f"{connection.vendor}: it falls back to Wagtail's stock search there.",
                    hint="Use PostgreSQL, SQLite with FTS5, or gk_wagtail.search.elasticsearch.",
                    id="gk_wagtail.W011",
                )
            )
    return errors


LOGIN_LIMIT_BACKEND = "gk_wagtail.login_limits.LoginLimitBackend"
LOGIN_FORM = "gk_wagtail.admin.login.LoginForm"


@register(Tags.security)
def check_login_limits(app_configs, **kwargs):
    from django.utils.module_loading import import_string

    errors = []
    for name in ("LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURE_WINDOW"):
        value = getattr(gk_settings, name)
        off_allowed = name != "LOGIN_FAILURE_WINDOW"
        if not (isinstance(value, int) and not isinstance(value, bool) and value > 0) and not (
            off_allowed and value is None
        ):
            errors.append(
                Error(
                    f"GK_WAGTAIL_{name} is {value!r}; it must be a whole number above 0"
                    + (" or None." if off_allowed else "."),
                    hint="See docs/settings.md for its meaning and default.",
                    id="gk_wagtail.E020",
                )
            )
    header = gk_settings.CLIENT_ADDRESS_HEADER
    if not isinstance(header, str) or not (header == "REMOTE_ADDR" or header.startswith("HTTP_")):
        errors.append(
            Error(
                f"GK_WAGTAIL_CLIENT_ADDRESS_HEADER is {header!r}, which is not a key of request.META.",
                hint="Use 'REMOTE_ADDR', or the header your proxy overwrites as Django names it, e.g. "
                "'HTTP_X_REAL_IP' for X-Real-IP.",
                id="gk_wagtail.E020",
            )
        )
    elif header == "REMOTE_ADDR" and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        errors.append(
            Warning(
                "A proxy sits in front of the site (SECURE_PROXY_SSL_HEADER is set), yet the client's address is "
                "read from REMOTE_ADDR: every visitor then has the proxy's address, and one client's failed "
                "logins refuse logins from all.",
                hint="Have the proxy overwrite a header with the client's address (nginx: proxy_set_header "
                "X-Real-IP $remote_addr;) and set GK_WAGTAIL_CLIENT_ADDRESS_HEADER = 'HTTP_X_REAL_IP'.",
                id="gk_wagtail.W022",
            )
        )

    from gk_wagtail.login_limits import LoginLimitBackend

    backends = list(getattr(settings, "AUTHENTICATION_BACKENDS", []))
    try:
        first = import_string(backends[0]) if backends else None
    except ImportError:
        first = None  # Django says so itself at the first login.
    if not (isinstance(first, type) and issubclass(first, LoginLimitBackend)):
        errors.append(
            Warning(
                "Failed logins are counted but never refused: "
                + (
                    f"{LOGIN_LIMIT_BACKEND} comes after a backend that checks passwords."
                    if LOGIN_LIMIT_BACKEND in backends
                    else f"{LOGIN_LIMIT_BACKEND} is not in AUTHENTICATION_BACKENDS."
                ),
                hint=f"Put {LOGIN_LIMIT_BACKEND!r} first in AUTHENTICATION_BACKENDS, before "
                "'django.contrib.auth.backends.ModelBackend'.",
                id="gk_wagtail.W020",
            )
        )
    else:
        from gk_wagtail.admin.login import LoginLimitFormMixin

        form_path = getattr(settings, "WAGTAILADMIN_USER_LOGIN_FORM", "wagtail.admin.forms.auth.LoginForm")
        try:
            form = import_string(form_path)
        except ImportError:
            form = None  # Wagtail reports a form it cannot import when the login page is opened.
        if form is not None and not issubclass(form, LoginLimitFormMixin):
            errors.append(
                Warning(
                    "The admin's login form tells a clerk whose login is refused after too many failures that "
                    "the password is wrong.",
                    hint=f"Set WAGTAILADMIN_USER_LOGIN_FORM = {LOGIN_FORM!r}, or add "
                    "gk_wagtail.admin.login.LoginLimitFormMixin to your own login form.",
                    id="gk_wagtail.W021",
                )
            )
    return errors


@register(Tags.security)
def check_document_serve_method(app_configs, **kwargs):
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "direct":
        return []
    return [
        Warning(
            "WAGTAILDOCS_SERVE_METHOD is 'direct': pages link documents at their storage address, which no check "
            "stands in front of, so a document stays downloadable after its page is unpublished or made a "
            "catalogue entry, and so does one that no page links.",
            hint="Set WAGTAILDOCS_SERVE_METHOD = 'serve_view' (see docs/deployment.md).",
            id="gk_wagtail.W030",
        )
    ]


@register(Tags.compatibility)
def check_slug_settings(app_configs, **kwargs):
    from gk_wagtail.page_types.slugs import SLUG_STYLES

    errors = []
    style = gk_settings.SLUG_STYLE
    if style not in SLUG_STYLES:
        errors.append(
            Error(
                f"GK_WAGTAIL_SLUG_STYLE is {style!r}: new pages cannot be given a slug.",
                hint="Set GK_WAGTAIL_SLUG_STYLE to 'pinyin' (the default), 'date' or 'title'.",
                id="gk_wagtail.E040",
            )
        )
    length = gk_settings.SLUG_MAX_LENGTH
    # A date slug and its -99 take 11 characters; Wagtail's slugs stop at 255.
    if not (isinstance(length, int) and not isinstance(length, bool) and 11 <= length <= 255):
        errors.append(
            Error(
                f"GK_WAGTAIL_SLUG_MAX_LENGTH is {length!r}; it must be a whole number from 11 to 255.",
                hint="See docs/settings.md for its meaning and default.",
                id="gk_wagtail.E040",
            )
        )
    return errors


@register(Tags.compatibility)
def check_api_and_time_zone(app_configs, **kwargs):
    import datetime
    import zoneinfo

    errors = []
    size = gk_settings.API_PAGE_SIZE
    if not (isinstance(size, int) and not isinstance(size, bool) and size > 0):
        errors.append(
            Error(
                f"GK_WAGTAIL_API_PAGE_SIZE is {size!r}; it must be a whole number above 0.",
                hint="See docs/settings.md for its meaning and default.",
                id="gk_wagtail.E050",
            )
        )
    # Dates published, deadlines and the API's times (ISO 8601 with +08:00) are China Standard Time.
    name = getattr(settings, "TIME_ZONE", None) or "UTC"
    try:
        offset = datetime.datetime(2024, 1, 1, tzinfo=zoneinfo.ZoneInfo(name)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        offset = None
    if not settings.USE_TZ or offset != datetime.timedelta(hours=8):
        errors.append(
            Warning(
                f"TIME_ZONE is {name!r}{'' if settings.USE_TZ else ' and USE_TZ is False'}: dates published, deadlines "
                "and the API's times would not be China Standard Time (+08:00).",
                hint="Set TIME_ZONE = 'Asia/Shanghai' and USE_TZ = True.",
                id="gk_wagtail.W050",
            )
        )
    return errors


@register(Tags.translation)
def check_translations_come_first(app_configs, **kwargs):
    """Django takes a message's translation from the first installed app whose catalogue has it."""
    from django.apps import apps

    names = [config.name for config in apps.get_app_configs()]
    if "gk_wagtail" not in names:
        return []
    earlier = [name for name in names[: names.index("gk_wagtail")] if name.split(".")[0] == "wagtail"]
    if not earlier:
        return []
    return [
        Warning(
            f"'gk_wagtail' comes after {', '.join(earlier)} in INSTALLED_APPS: where both catalogues translate a "
            "message, Wagtail's Chinese is shown instead of gk_wagtail's (the public pages' 上一页 and 下一页 read "
            "上一个 and 下一个, 筛选 reads 过滤器).",
            hint="List 'gk_wagtail' before the wagtail apps in INSTALLED_APPS (docs/settings.md, INSTALLED_APPS).",
            id="gk_wagtail.W080",
        )
    ]


@register(Tags.compatibility)
def check_review_workflow(app_configs, **kwargs):
    # With GK_WAGTAIL_REVIEW_WORKFLOW on, gk_setup_columns puts the disclosure columns under 先审后发.
    if not gk_settings.REVIEW_WORKFLOW:
        return []
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return [
            Warning(
                "WAGTAIL_WORKFLOW_ENABLED is False: no page goes through the confidentiality review and "
                "publishing approval (先审后发) that GK_WAGTAIL_REVIEW_WORKFLOW puts on the disclosure columns; "
                "editors publish directly.",
                hint="Remove WAGTAIL_WORKFLOW_ENABLED = False, or set GK_WAGTAIL_REVIEW_WORKFLOW = False.",
                id="gk_wagtail.W071",
            )
        ]
    # Wagtail reads the setting for its truth, as here.
    if not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        return [
            Warning(
                "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT is not True: a page changed after its confidentiality "
                "review (保密审查), or resubmitted after changes were requested at a later step, is published "
                "without being reviewed again.",
                hint="Set WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True, so that every step approves the "
                "version that goes live.",
                id="gk_wagtail.W070",
            )
        ]
    return []


@register(Tags.models)
def check_document_keywords(app_configs, **kwargs):
    from gk_wagtail.page_types.documents import disclosed_page_models

    models = [
        model
        for model in disclosed_page_models()
        if not model._meta.proxy and (app_configs is None or model._meta.app_config in app_configs)
    ]
    return keyword_errors(models)


def keyword_errors(models):
    """E090 for each of ``models`` (disclosed page types) without keywords kept in a table keyed on the type."""
    from modelcluster.contrib.taggit import ClusterTaggableManager
    from modelcluster.fields import ParentalKey

    from gk_wagtail.page_types.documents import GovDocumentMixin

    hint = (
        "Give the page type a keyword table of its own and declare keywords = keywords_field(<that table>), "
        "as PolicyDocumentPage does (docs/metadata.md, Keywords)."
    )
    errors = []
    for model in models:
        try:
            field = model._meta.get_field("keywords")
        except FieldDoesNotExist:
            problem = "has no keywords field, which the disclosure metadata's panels, search and API fields name"
        else:
            through = getattr(field.remote_field, "through", None)
            try:
                owner = through._meta.get_field("content_object") if through is not None else None
            except FieldDoesNotExist:
                owner = None
            target = owner.remote_field.model if isinstance(owner, ParentalKey) else None
            if not isinstance(field, ClusterTaggableManager) or target is None:
                problem = (
                    "declares keywords without modelcluster's ClusterTaggableManager and a ParentalKey named "
                    "content_object: drafts, revisions and previews would lose them"
                )
            elif not (isinstance(target, type) and issubclass(model, target)):
                problem = (
                    f"keeps its keywords in {through._meta.label}, keyed on {getattr(target, '_meta', target)}: "
                    "its pages' keywords cannot be stored there"
                )
            elif not issubclass(target, GovDocumentMixin):
                problem = (
                    f"keeps its keywords in {through._meta.label}, keyed on {target._meta.label}: every "
                    f"{target._meta.label} in the site, with keywords or not, would read that table when it is saved"
                )
            else:
                continue
        errors.append(Error(f"{model._meta.label} {problem}.", hint=hint, obj=model, id="gk_wagtail.E090"))
    return errors
