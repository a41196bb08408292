"""The example site's production settings (config.production), as an operator runs them.

Every test runs the example site in subprocesses from ``example_site/`` with
``DJANGO_SETTINGS_MODULE=config.production`` and only the environment the test sets, so nothing
from the developer's shell or the test suite's own settings leaks in. Databases, media and
collected static files live in temporary directories.
"""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SITE = REPO / "example_site"

# Long and varied enough for Django's deploy check, and obviously not a real key.
TEST_SECRET_KEY = "production-settings-test-key-3f9a7c1e5b2d8046-not-a-real-secret"
EXAMPLE_SECRET_KEY = "example-site-not-for-production"
HOST = "gk.example.gov.cn"
TIMEOUT = 180

SETTINGS_SCRIPT = """
import json
from django.conf import settings
from django.core.cache import caches
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "MIDDLEWARE": settings.MIDDLEWARE,
    "CSP": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "SEARCH": settings.WAGTAILSEARCH_BACKENDS,
    "DATABASE": {key: settings.DATABASES["default"].get(key) for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
    "DOCS_SERVE_METHOD": settings.WAGTAILDOCS_SERVE_METHOD,
    "LOG_HANDLER": settings.LOGGING["handlers"]["console"],
    "LOG_LEVEL": settings.LOGGING["root"]["level"],
}, default=str))
"""

# The demo has no downloads of its own; one is added the way the admin's upload form stores it,
# and published on its own, since no page links it.
ADD_DOCUMENT_SCRIPT = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from gk_wagtail.models import DocumentPublication
document = get_document_model()(title="预算公开说明")
document.file.save("budget-notes.txt", ContentFile("示范县2024年预算公开说明".encode()), save=True)
DocumentPublication.objects.create(document=document, reason="预算公开说明")
"""

# Reads pages as a visitor's browser would, over HTTPS, through every middleware: each page's
# Content-Security-Policy header, and whatever in its HTML a strict policy would block.
VISITOR_SCRIPT = """
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit
from django.templatetags.static import static
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

HOST = %(host)r
RESOURCE_TAGS = {"script", "link", "img", "video", "audio", "source", "track", "iframe", "embed", "object", "form"}


class BlockedByStrictPolicy(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            elif name == "style":
                self.problems.append(f"<{tag} style>")
            elif name in {"href", "src", "action", "poster", "data"} and value:
                url = urlsplit(value)
                if url.scheme == "javascript":
                    self.problems.append(f"<{tag} {name}=javascript:>")
                elif tag in RESOURCE_TAGS and url.netloc and url.netloc != HOST:
                    self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.problems.append("inline <script>")
        elif tag in {"style", "iframe", "embed", "object"}:
            self.problems.append(f"<{tag}>")


client = Client(HTTP_HOST=HOST)


def visit(url, secure=True):
    response = client.get(url, secure=secure)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    checker = BlockedByStrictPolicy()
    if response.get("Content-Type", "").startswith("text/html"):
        checker.feed(body.decode())
    return {
        "url": url,
        "status": response.status_code,
        "location": response.get("Location"),
        "content_type": response.get("Content-Type", ""),
        "csp": response.get("Content-Security-Policy"),
        "hsts": response.get("Strict-Transport-Security"),
        "size": len(body),
        "problems": checker.problems,
    }
"""

# The loaded demo: every live page, the search, error pages, documents and static files.
VISIT_SCRIPT = (
    VISITOR_SCRIPT
    + """
live = [page for page in Page.objects.live().public().specific().order_by("path") if page.get_url()]
pages = [visit(page.get_url()) for page in live]
pages.append(visit("/search/?q=公开"))
documents = get_document_model().objects.order_by("pk")
print(json.dumps({
    "pages": pages,
    "page_types": sorted({page._meta.label for page in live}),
    "all_page_types": sorted(model._meta.label for model in get_page_models() if model._meta.app_label != "wagtailcore"),
    # Error pages are public templates too.
    "not_found": visit("/gkzl/no-such-page/"),
    "bad_request": visit("/search/?q=公开&page=²"),
    "documents": [visit(document.url) for document in documents],
    "document_urls": [document.url for document in documents],
    # The file itself under MEDIA_URL: Django serves no media with DEBUG off.
    "document_files": [visit(document.file.url) for document in documents],
    "hashed_static": visit(static("gk_wagtail/css/gk_wagtail.css")),
    "plain_static": visit("/static/gk_wagtail/css/gk_wagtail.css"),
    "admin_static": visit(static("wagtailadmin/js/core.js")),
    "missing_static": visit("/static/gk_wagtail/css/no-such-file.css"),
    "http_home": visit("/", secure=False),
    "admin_login": visit("/admin/login/"),
}))
"""
)

# A rich-text embed (Wagtail's embed feature, on in the body's text block) added to a live policy.
# Its oEmbed answer is stored beforehand, as Wagtail caches it, so that no provider is asked.
EMBED_SCRIPT = (
    VISITOR_SCRIPT
    + """
from django.test import override_settings
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText
from gk_wagtail.models import PolicyDocumentPage

URL = "https://www.youtube.com/watch?v=gk-csp-check"
Embed.objects.update_or_create(
    hash=get_embed_hash(URL),
    defaults={
        "url": URL,
        "type": "video",
        "html": '<iframe width="640" height="360" src="https://www.youtube.com/embed/gk-csp-check" allowfullscreen></iframe>',
        "width": 640,
        "height": 360,
        "provider_name": "YouTube",
    },
)
page = PolicyDocumentPage.objects.live().public().order_by("pk").first()
page.body.append(("rich_text", RichText(f'<p>视频解读</p><embed embedtype="media" url="{URL}"/>')))
page.save_revision().publish()
plain = visit(page.url)
with override_settings(WAGTAILEMBEDS_RESPONSIVE_HTML=True):
    responsive = visit(page.url)
print(json.dumps({"plain": plain, "responsive": responsive}))
"""
)


def production_environment(directory, **variables):
    """config.production with the required variables, data in ``directory``, plus ``variables``.

    A variable given as None is left out.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "DJANGO_SETTINGS_MODULE" and not name.startswith("GK_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.production",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        GK_SECRET_KEY=TEST_SECRET_KEY,
        GK_ALLOWED_HOSTS=HOST,
        GK_BASE_URL=f"https://{HOST}",
        # Where the SQLite fallback would put its file: never the developer's own demo database.
        GK_EXAMPLE_SQLITE_PATH=str(directory / "fallback.sqlite3"),
        GK_MEDIA_ROOT=str(directory / "media"),
        GK_STATIC_ROOT=str(directory / "static"),
    )
    for name, value in variables.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def run(environment, *arguments):
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=EXAMPLE_SITE,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def run_ok(environment, *arguments):
    completed = run(environment, *arguments)
    assert completed.returncode == 0, (
        f"{' '.join(arguments[:3])} failed with exit code {completed.returncode}:\n{completed.stdout}\n{completed.stderr}"
    )
    return completed


def settings_seen(environment):
    return json.loads(run_ok(environment, "-c", SETTINGS_SCRIPT).stdout.strip().splitlines()[-1])


def test_deploy_check_reports_nothing(tmp_path):
    completed = run(production_environment(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip() == "System check identified no issues (0 silenced)."
    # Without GK_DATABASE_URL the site says it is on SQLite, on stderr, outside the checks.
    assert "GK_DATABASE_URL is not set" in completed.stderr


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        (None, "GK_SECRET_KEY is not set"),
        ("", "GK_SECRET_KEY is not set"),
        (EXAMPLE_SECRET_KEY, "GK_SECRET_KEY is the example site's public key"),
    ],
    ids=["missing", "empty", "example-key"],
)
def test_refuses_to_start_without_a_secret_key_of_its_own(tmp_path, secret_key, message):
    completed = run(production_environment(tmp_path, GK_SECRET_KEY=secret_key), "manage.py", "check")

    assert completed.returncode != 0
    assert "ImproperlyConfigured" in completed.stderr
    assert message in completed.stderr
    assert "System check identified" not in completed.stdout


def test_refuses_to_start_without_allowed_hosts(tmp_path):
    completed = run(production_environment(tmp_path, GK_ALLOWED_HOSTS=None), "manage.py", "check")

    assert completed.returncode != 0
    assert "GK_ALLOWED_HOSTS is not set" in completed.stderr


def test_defaults_are_secure_and_self_contained(tmp_path):
    seen = settings_seen(production_environment(tmp_path))

    assert seen["DEBUG"] is False
    assert seen["ALLOWED_HOSTS"] == [HOST]
    assert seen["WAGTAILADMIN_BASE_URL"] == f"https://{HOST}"
    assert seen["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}"]
    assert seen["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert seen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and seen["SECURE_HSTS_PRELOAD"]
    assert seen["SECURE_SSL_REDIRECT"] is True
    assert seen["SECURE_PROXY_SSL_HEADER"] is None
    assert seen["SESSION_COOKIE_SECURE"] and seen["CSRF_COOKIE_SECURE"]
    assert seen["X_FRAME_OPTIONS"] == "DENY"

    middleware = seen["MIDDLEWARE"]
    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert "config.csp.AdminAwareCSPMiddleware" in middleware
    assert middleware.count("django.middleware.security.SecurityMiddleware") == 1

    csp = seen["CSP"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]

    assert seen["STATICFILES_BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert seen["DOCS_SERVE_METHOD"] == "serve_view"
    assert seen["LOG_HANDLER"]["class"] == "logging.StreamHandler"
    assert seen["LOG_HANDLER"]["stream"] == "ext://sys.stdout"
    assert seen["LOG_LEVEL"] == "INFO"

    # Optional services are off until their URLs are given.
    assert seen["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert seen["DATABASE"]["NAME"] == str(tmp_path / "fallback.sqlite3")
    assert seen["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert seen["SEARCH"] == {"default": {"BACKEND": "gk_wagtail.search.database"}}


def test_service_urls_switch_database_search_and_cache(tmp_path):
    seen = settings_seen(
        production_environment(
            tmp_path,
            GK_DATABASE_URL="postgres://gk:p%40ss%2Fword@db.internal:5433/gk_county",
            GK_ELASTICSEARCH_URL="https://search:secret@es.internal:9200",
            GK_REDIS_URL="redis://cache.internal:6379/1",
            GK_PROXY_SSL_HEADER="1",
            GK_HSTS_PRELOAD="0",
            GK_LOG_LEVEL="warning",
        )
    )

    assert seen["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "gk_county",
        "USER": "gk",
        "PASSWORD": "p@ss/word",
        "HOST": "db.internal",
        "PORT": 5433,
    }
    search = seen["SEARCH"]
    assert search["default"]["BACKEND"] == "gk_wagtail.search.elasticsearch"
    assert search["default"]["URLS"] == ["https://search:secret@es.internal:9200"]
    assert search["default"]["FALLBACK"] == "database"
    assert search["database"] == {"BACKEND": "gk_wagtail.search.database"}
    assert seen["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["CACHE_LOCATION"] == "redis://cache.internal:6379/1"
    assert seen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["SECURE_HSTS_PRELOAD"] is False
    assert seen["LOG_LEVEL"] == "WARNING"


def redis_listening(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_listening(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_is_shared_between_processes(tmp_path):
    environment = production_environment(tmp_path, GK_REDIS_URL="redis://127.0.0.1:6379/0")
    key = f"gk-production-test-{uuid.uuid4().hex}"

    def in_a_new_process(code):
        return run(environment, "manage.py", "shell", "-v", "0", "-c", f"from django.core.cache import cache; {code}")

    try:
        assert in_a_new_process(f"cache.set({key!r}, 'shared', 60)").returncode == 0
        assert in_a_new_process(f"print(cache.get({key!r}))").stdout.strip() == "shared"
    finally:
        in_a_new_process(f"cache.delete({key!r})")


def served_environment(directory):
    return production_environment(directory, GK_DATABASE_URL=f"sqlite:///{directory / 'site.sqlite3'}")


def policy_directives(csp):
    return dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    """The demo migrated, loaded and its static files collected, all under production settings."""
    directory = tmp_path_factory.mktemp("production")
    environment = served_environment(directory)
    run_ok(environment, "manage.py", "migrate", "--no-input", "-v", "0")
    run_ok(environment, "manage.py", "load_demo")
    run_ok(environment, "manage.py", "shell", "-v", "0", "-c", ADD_DOCUMENT_SCRIPT)
    run_ok(environment, "manage.py", "collectstatic", "--no-input", "-v", "0")
    completed = run_ok(environment, "manage.py", "shell", "-v", "0", "-c", VISIT_SCRIPT % {"host": HOST})
    return directory, json.loads(completed.stdout.strip().splitlines()[-1])


def test_static_files_are_served_with_debug_off(served_demo):
    directory, seen = served_demo

    assert (directory / "static" / "staticfiles.json").is_file()
    hashed = seen["hashed_static"]
    assert hashed["url"] != "/static/gk_wagtail/css/gk_wagtail.css", "static() should give the hashed name"
    assert hashed["status"] == 200 and hashed["content_type"].startswith("text/css") and hashed["size"] > 0
    assert hashed["hsts"].startswith("max-age=31536000")
    assert seen["plain_static"]["status"] == 200
    assert seen["admin_static"]["status"] == 200
    assert seen["missing_static"]["status"] == 404


def test_public_pages_answer_under_a_strict_policy(served_demo):
    _directory, seen = served_demo

    pages = seen["pages"]
    assert len(pages) > 50  # every live page of the demo, and the citizen search
    for page in pages:
        assert page["status"] == 200, page["url"]
        assert page["csp"], page["url"]
        directives = policy_directives(page["csp"])
        assert directives["script-src"] == "'self'", page["url"]
        assert directives["style-src"] == "'self'", page["url"]
        assert directives["frame-ancestors"] == "'none'", page["url"]
        assert page["hsts"] == "max-age=31536000; includeSubDomains; preload", page["url"]
        assert page["problems"] == [], page["url"]


def test_every_page_type_and_the_error_pages_are_read_under_the_policy(served_demo):
    _directory, seen = served_demo

    # A page type the demo does not show would escape the check above.
    assert seen["page_types"] == seen["all_page_types"]
    for page, status in ((seen["not_found"], 404), (seen["bad_request"], 400)):
        assert page["status"] == status, page["url"]
        assert page["content_type"].startswith("text/html"), page["url"]
        assert policy_directives(page["csp"])["style-src"] == "'self'", page["url"]
        assert page["problems"] == [], page["url"]


def test_a_rich_text_embed_is_blocked_only_for_its_frame(served_demo):
    directory, _seen = served_demo
    completed = run_ok(
        served_environment(directory), "manage.py", "shell", "-v", "0", "-c", EMBED_SCRIPT % {"host": HOST}
    )
    seen = json.loads(completed.stdout.strip().splitlines()[-1])

    plain = seen["plain"]
    assert plain["status"] == 200
    # The provider's frame needs its origin in frame-src, which the public policy leaves to
    # default-src 'self'; Wagtail's wrapper around it adds no inline style or script.
    assert plain["problems"] == ["<iframe src=https://www.youtube.com/embed/gk-csp-check>", "<iframe>"]
    directives = policy_directives(plain["csp"])
    assert "frame-src" not in directives and directives["default-src"] == "'self'"
    # Wagtail's responsive wrapper would set an inline style the policy blocks: production keeps it off.
    assert "<div style>" in seen["responsive"]["problems"]


def test_the_admin_gets_its_own_allowances_and_http_is_redirected(served_demo):
    _directory, seen = served_demo

    admin = seen["admin_login"]
    assert admin["status"] == 200
    assert "'unsafe-inline'" in admin["csp"] and "frame-ancestors 'self'" in admin["csp"]
    assert seen["http_home"]["status"] == 301
    assert seen["http_home"]["location"] == f"https://{HOST}/"


def test_documents_are_served_through_wagtails_view(served_demo):
    _directory, seen = served_demo

    assert seen["documents"]
    assert all(url.startswith("/documents/") for url in seen["document_urls"])
    assert all(file["url"].startswith("/media/documents/") and file["status"] == 404 for file in seen["document_files"])
    for document in seen["documents"]:
        assert document["status"] == 200, document["url"]
        assert document["size"] > 0, document["url"]
        # Wagtail's serve view sets its own policy, which keeps any script in a document inert.
        assert document["csp"] == "default-src 'none'", document["url"]
