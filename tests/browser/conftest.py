"""The example site served by a real server and read by Debian's Chromium through Playwright.

These tests run only when ``GK_BROWSER_TESTS=1`` (``make test-browser``): they need Chromium
(``apt-get install -y chromium fonts-noto-cjk``), the ``browser`` extra and ``npm install``
for axe-core. ``GK_CHROMIUM`` names another Chromium binary.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.example_site.test_demo import EXAMPLE_SITE, REPO, run_manage, run_script, site_environment

CHROMIUM = os.environ.get("GK_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "images"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}

# One public URL of each kind the demo has, found by what the pages are, not by their slugs.
URLS_SCRIPT = """
import json
from wagtail.models import Site
from gk_wagtail.models import (
    ColumnPage, OpinionResponsePage, PolicyDocumentPage, PolicyInterpretationPage, StandardCatalogPage,
    VillageAffairsIndexPage, VillageAffairsPage,
)

def first(model, **filters):
    page = model.objects.live().public().filter(**filters).order_by("path").first()
    return page.url if page else None

interpreted = next(
    (policy for policy in PolicyDocumentPage.objects.live().public().order_by("path") if policy.public_interpretations),
    None,
)
urls = {
    "home": Site.objects.get(is_default_site=True).root_page.url,
    "column": first(ColumnPage),
    "policy": first(PolicyDocumentPage),
    "interpretation": first(PolicyInterpretationPage),
    "catalog": first(StandardCatalogPage),
    "opinion_response": first(OpinionResponsePage),
    "village_index": first(VillageAffairsIndexPage),
    "village": first(VillageAffairsPage),
    "interpreted_policy": interpreted and {
        "title": interpreted.title,
        "url": interpreted.url,
        "interpretation": interpreted.public_interpretations[0].url,
    },
}
print(json.dumps(urls))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo server stopped with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the demo server did not answer on port {port} within {seconds} s")


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo site, migrated and loaded, served on a free port with DEBUG off."""
    directory = tmp_path_factory.mktemp("browser-demo")
    environment = site_environment(directory)
    port = free_port()
    host = f"127.0.0.1:{port}"
    run_manage(environment, "migrate", "--no-input")
    run_manage(environment, "load_demo", "--host", host)
    urls = run_script(environment, URLS_SCRIPT)
    environment.update(DJANGO_DEBUG="0", GK_EXAMPLE_SERVE_MEDIA="1")
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", host],
        cwd=EXAMPLE_SITE,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(port, server)
        yield {"base": f"http://{host}", "urls": urls, "environment": environment, "log": directory / "server.log"}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser extra is not installed")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk, or set GK_CHROMIUM")
    if not AXE.exists():
        pytest.fail(f"no axe-core at {AXE}: run npm install in {REPO}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


def new_page(browser, viewport, **options):
    # axe-core is injected as a script tag, which the site's Content-Security-Policy would refuse.
    context = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return result


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def describe(violations):
    return json.dumps(violations, ensure_ascii=False, indent=1)
