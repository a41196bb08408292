"""Production settings of the example site: ``DJANGO_SETTINGS_MODULE=config.production``.

Everything that differs between installations comes from the environment (see
docs/deployment.md for the full table):

- ``GK_SECRET_KEY`` (required), ``GK_ALLOWED_HOSTS`` (required, comma-separated),
  ``GK_BASE_URL`` (the admin's address, ``https://host``; defaults to the first allowed host);
- ``GK_DATABASE_URL`` (``postgres://user:password@host:5432/name``; without it the example
  site's SQLite file is used and a warning is printed);
- ``GK_ELASTICSEARCH_URL`` and ``GK_REDIS_URL`` (optional);
- ``GK_PROXY_SSL_HEADER``, ``GK_CLIENT_ADDRESS_HEADER``, ``GK_SSL_REDIRECT``, ``GK_HSTS_PRELOAD``, ``GK_CSP_REPORT_URI``,
  ``GK_STATIC_ROOT``, ``GK_MEDIA_ROOT``, ``GK_LOG_LEVEL``.
"""

import os
import sys
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import DATABASES, INSTALLED_APPS, MEDIA_ROOT, MIDDLEWARE, STATIC_ROOT

# The key config.settings falls back to: it is public, being in this repository.
EXAMPLE_SECRET_KEY = "example-site-not-for-production"


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False

SECRET_KEY = os.environ.get("GK_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "GK_SECRET_KEY is not set. Production settings need a secret key of their own, for example: "
        'python -c "from django.core.management.utils import get_random_secret_key as k; print(k())"'
    )
if SECRET_KEY == EXAMPLE_SECRET_KEY:
    raise ImproperlyConfigured(
        "GK_SECRET_KEY is the example site's public key. Generate a new random key for production."
    )

ALLOWED_HOSTS = env_list("GK_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    # With DEBUG off Django would answer every request with 400; say so at start-up instead.
    raise ImproperlyConfigured("GK_ALLOWED_HOSTS is not set: list the site's host names, separated by commas.")

_first_host = ALLOWED_HOSTS[0].lstrip(".")
WAGTAILADMIN_BASE_URL = os.environ.get("GK_BASE_URL", f"https://{_first_host}").rstrip("/")
_base = urlsplit(WAGTAILADMIN_BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.netloc:
    raise ImproperlyConfigured(f"GK_BASE_URL must be an absolute address such as https://{_first_host}")
# Needed when a proxy in front rewrites the Host header; harmless otherwise.
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]

# Database: PostgreSQL from a URL; connections are kept open across requests and checked first.
_database_url = os.environ.get("GK_DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=600, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # As in config.settings: concurrent publishers queue for SQLite's write lock.
        DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # Printed by every process that loads these settings, so it shows in each service's log.
    print(
        f"WARNING: GK_DATABASE_URL is not set, so the SQLite file {DATABASES['default']['NAME']} is used. "
        "Set GK_DATABASE_URL=postgres://user:password@host:5432/name for production.",
        file=sys.stderr,
    )

# Search: Elasticsearch when configured, with the database backend kept current as its fallback.
_elasticsearch_url = os.environ.get("GK_ELASTICSEARCH_URL", "")
if _elasticsearch_url:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "gk_wagtail.search.elasticsearch",
            "URLS": [_elasticsearch_url],
            "INDEX_PREFIX": os.environ.get("GK_ELASTICSEARCH_INDEX_PREFIX", "gk_"),
            "ANALYZER": os.environ.get("GK_ELASTICSEARCH_ANALYZER", "cjk"),
            "FALLBACK": "database",
            "TIMEOUT": 5,
        },
        "database": {"BACKEND": "gk_wagtail.search.database"},
    }

# Cache: one Redis shared by every worker and server, so cached pages and counts agree.
_redis_url = os.environ.get("GK_REDIS_URL", "")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": os.environ.get("GK_CACHE_KEY_PREFIX", "gk"),
        }
    }

# HTTPS. Behind a TLS-terminating proxy (nginx, a load balancer) set GK_PROXY_SSL_HEADER=1, and
# make sure the proxy overwrites X-Forwarded-Proto: trusting it otherwise lets clients fake HTTPS.
if env_flag("GK_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("GK_SSL_REDIRECT", True)
# The client's address for the login limits: behind a proxy, the header it overwrites with it
# (HTTP_X_REAL_IP for nginx's proxy_set_header X-Real-IP $remote_addr), never one a client can set.
GK_WAGTAIL_CLIENT_ADDRESS_HEADER = os.environ.get("GK_CLIENT_ADDRESS_HEADER", "").strip() or "REMOTE_ADDR"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_flag("GK_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview panel frames the preview itself with its own SAMEORIGIN override.
X_FRAME_OPTIONS = "DENY"
# Gravatar leaks editors' e-mail hashes to a third party (and is unreachable from many networks).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard's release check calls a server abroad from every editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Every document download goes through Wagtail's view, which applies privacy settings and hooks;
# the web server must never serve the documents folder itself (docs/deployment.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Middleware: SecurityMiddleware first (redirects and headers before any work), then WhiteNoise
# for static files, then the Content-Security-Policy.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.csp.AdminAwareCSPMiddleware",
    *(name for name in MIDDLEWARE if name != "django.middleware.security.SecurityMiddleware"),
]
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]

# Static files: collected once (collectstatic) with content hashes in their names, so WhiteNoise
# serves them compressed and cacheable forever.
STATIC_ROOT = os.environ.get("GK_STATIC_ROOT", STATIC_ROOT)
MEDIA_ROOT = os.environ.get("GK_MEDIA_ROOT", MEDIA_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy. The public templates use no inline script, inline style or third-party
# resource, so visitors get a strict policy.
_report_uri = os.environ.get("GK_CSP_REPORT_URI", "")
_common_directives = {
    "default-src": [SELF],
    "img-src": [SELF, "data:"],
    "media-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "upgrade-insecure-requests": True,
    **({"report-uri": [_report_uri]} if _report_uri else {}),
}
# Wagtail's responsive wrapper around embedded media sets an inline style this policy blocks.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_common_directives,
        "script-src": [SELF],
        "style-src": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin (config.csp): Wagtail 8 still writes inline <script> blocks for some widgets and
# panels, sets inline styles, and its accessibility checker (axe-core) compiles message
# templates with new Function(); its preview panel frames pages of the same origin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIX": "/admin/",
    "DIRECTIVES": {
        **_common_directives,
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
    },
}

# Logs go to standard output; the service manager (systemd, the container runtime) keeps them.
LOG_LEVEL = os.environ.get("GK_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {process:d} {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own messages reach standard output through the root handler only; its default
    # handlers print nothing with DEBUG off or mail ADMINS, which this site does not set.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
