"""System checks: misconfiguration is reported at startup, each with a hint."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .conf import gk_settings


@register(Tags.compatibility)
def check_index_number_rule(app_configs, **kwargs):
    from .index_numbers import rule_fields

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
        if config["ENGINE"] == "django.db.backends.sqlite3" and config.get("OPTIONS", {}).get("transaction_mode") != "IMMEDIATE":
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

    from .workdays import WorkingDayOverride, years_without_data

    # migrate runs the checks before it creates the table.
    if WorkingDayOverride._meta.db_table not in connection.introspection.table_names():
        return []

    this_year = timezone.localdate().year
    missing = years_without_data([this_year])
    if missing:
        return [
            Warning(
                f"The working-day calendar has no holiday data for {missing[0]}: deadlines fall back to Monday–Friday.",
                hint="Upgrade chinesecalendar, or add the year's holidays and 调休 working days under "
                "Settings → Working-day calendar in the Wagtail admin.",
                id="gk_wagtail.W002",
            )
        ]
    return []


# Search (issue 5): the segmenter, and a search backend that segments Chinese.
SEGMENTING_BACKENDS = ("gk_wagtail.search.database", "gk_wagtail.search.elasticsearch")


@register(Tags.compatibility)
def check_search_segmentation(app_configs, **kwargs):
    from importlib import import_module

    errors = []
    segmenter = gk_settings.SEGMENTER
    if segmenter not in ("rjieba", "jieba"):
        errors.append(Error(
            f"GK_WAGTAIL_SEGMENTER is {segmenter!r}: search cannot cut Chinese queries into words.",
            hint="Set GK_WAGTAIL_SEGMENTER to 'rjieba' (the default) or 'jieba'.",
            id="gk_wagtail.E010",
        ))
    else:
        try:
            import_module(segmenter)
        except ImportError:
            errors.append(Error(
                f"GK_WAGTAIL_SEGMENTER is {segmenter!r}, but the {segmenter} package is not installed.",
                hint=f"pip install {segmenter}, or set GK_WAGTAIL_SEGMENTER to the segmenter you have.",
                id="gk_wagtail.E010",
            ))
    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {}).get("BACKEND", "wagtail.search.backends.database")
    if backend not in SEGMENTING_BACKENDS:
        errors.append(Warning(
            f"The default search backend {backend!r} does not segment Chinese: a word inside a longer run of "
            "characters (公开 in 政府信息公开条例) is not found.",
            hint="Set WAGTAILSEARCH_BACKENDS['default']['BACKEND'] to 'gk_wagtail.search.database' (or "
            "'gk_wagtail.search.elasticsearch') and run manage.py update_index.",
            id="gk_wagtail.W010",
        ))
    elif backend == "gk_wagtail.search.database":
        from django.db import connection

        from .search.database import segments_chinese

        if not segments_chinese():
            errors.append(Warning(
                f"gk_wagtail.search.database segments Chinese on PostgreSQL and on SQLite with FTS5, not on "
                f"{connection.vendor}: it falls back to Wagtail's stock search there.",
                hint="Use PostgreSQL, SQLite with FTS5, or gk_wagtail.search.elasticsearch.",
                id="gk_wagtail.W010",
            ))
    return errors
