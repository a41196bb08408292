"""Settings for the benchmarks: the test settings on a database of their own.

GK_BENCH_DATABASE=postgres uses PostgreSQL (database GK_BENCH_DATABASE_NAME), else SQLite
(file GK_BENCH_DATABASE_NAME). The "stock" backend is Wagtail's own database search, kept
out of automatic updates: the benchmarks rebuild it when they compare against it.
"""

import os

from tests.settings import *  # noqa: F403

_name = os.environ["GK_BENCH_DATABASE_NAME"]
if os.environ.get("GK_BENCH_DATABASE") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _name,
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _name,
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
        }
    }

WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "gk_wagtail.search.database"},
    "stock": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
