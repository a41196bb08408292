"""The example site as `make demo` runs it: migrate, load the demo (twice), then read it as a visitor would.

The example site runs in subprocesses with its own settings (config.settings) and a SQLite file and
media directory in a temporary directory, whatever database the rest of the tests use.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SITE = REPO / "example_site"

REQUIRED_POLICIES = {"粤府办〔2020〕10号", "豫政办〔2020〕5号", "国办发〔2020〕17号"}

# Counted before and after the second load: a re-run must not add any of these.
COUNT_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from gk_wagtail.models import IssuedIndexNumber, Organization
print(json.dumps({
    "pages": Page.objects.count(),
    "revisions": Revision.objects.count(),
    "organizations": Organization.objects.count(),
    "images": get_image_model().objects.count(),
    "index_numbers": IssuedIndexNumber.objects.count(),
    "sites": Site.objects.count(),
    "users": get_user_model().objects.count(),
}))
"""

# Reads the loaded site through Django's test client and reports what a visitor and the API see.
VISIT_SCRIPT = """
import json
from django.test import Client
from gk_wagtail.models import PolicyDocumentPage, PolicyInterpretationPage
from gk_wagtail.reports.interpretation_lag import late_interpretations, policies_without_interpretation
from wagtail.models import Site

client = Client()
home = client.get("/")
site = Site.objects.get(is_default_site=True)

def visit(page):
    response = client.get(page.url)
    return response.status_code, response.content.decode()

policies = []
for policy in PolicyDocumentPage.objects.live().order_by("pk"):
    status, html = visit(policy)
    policies.append({
        "id": policy.pk,
        "url": policy.url,
        "status": status,
        "document_number": policy.document_number,
        "index_number": policy.index_number,
        "organ": policy.issuing_organ.name,
        "kind": policy.document_kind,
        "revisions": policy.revisions.count(),
        "has_live_revision": policy.live_revision_id is not None,
        "metadata_shown": all(value in html for value in [policy.title, policy.document_number, policy.index_number,
                                                          policy.issuing_organ.name, policy.date_published.isoformat()]),
        "links_to": sorted(i.pk for i in policy.public_interpretations if f'href="{i.url}"' in html),
        "interpretations": sorted(i.pk for i in policy.public_interpretations),
    })

interpretations = []
for page in PolicyInterpretationPage.objects.live().order_by("pk"):
    status, html = visit(page)
    interpretations.append({
        "id": page.pk,
        "status": status,
        "forms": page.interpretation_form_names,
        "is_late": page.is_late,
        "policies": sorted(p.pk for p in page.interpreted_policies),
        "links_to": sorted(p.pk for p in page.interpreted_policies if f'href="{p.url}"' in html),
        "metadata_shown": page.index_number in html and page.date_published.isoformat() in html,
        "has_figure": 'class="gk-figure"' in html and "<img" in html,
        "has_questions": 'class="gk-questions"' in html,
    })

api = client.get("/api/v2/pages/", {"type": "gk_wagtail.PolicyDocumentPage", "fields": "*"})
print(json.dumps({
    "home": {"status": home.status_code, "html": home.content.decode()},
    "site_address": [site.hostname, site.port],
    "site_root_url": site.root_url,
    "site_root_type": type(site.root_page.specific).__name__,
    "policies": policies,
    "interpretations": interpretations,
    "api": {"status": api.status_code, "items": api.json()["items"] if api.status_code == 200 else []},
    "late": [page.pk for page in late_interpretations()],
    "without_interpretation": [page.document_number for page in policies_without_interpretation()],
}))
"""


def manage(environment, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=EXAMPLE_SITE,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def run_manage(environment, *arguments):
    completed = manage(environment, *arguments)
    assert completed.returncode == 0, (
        f"manage.py {' '.join(arguments[:2])} failed with exit code {completed.returncode}:\n"
        f"{completed.stdout}\n{completed.stderr}"
    )
    return completed.stdout


def run_script(environment, script):
    output = run_manage(environment, "shell", "--verbosity", "0", "--command", script)
    return json.loads(output.strip().splitlines()[-1])


def site_environment(directory):
    """The example site's settings with its database and media in ``directory``."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "GK_EXAMPLE_DATABASE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        GK_EXAMPLE_SQLITE_PATH=str(directory / "demo.sqlite3"),
        GK_EXAMPLE_MEDIA_ROOT=str(directory / "media"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return environment


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A freshly migrated example-site database file, to be copied, never loaded."""
    directory = tmp_path_factory.mktemp("migrated")
    run_manage(site_environment(directory), "migrate", "--no-input", "--verbosity", "0")
    return directory / "demo.sqlite3"


def fresh_site(tmp_path_factory, migrated_database, name):
    directory = tmp_path_factory.mktemp(name)
    shutil.copy(migrated_database, directory / "demo.sqlite3")
    return site_environment(directory), directory


# As `make demo` runs it: the loader is told where runserver serves.
DEMO_HOST = "127.0.0.1:8000"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory, migrated_database):
    """The example site, loaded once; returns its environment and the first load's output."""
    environment, _directory = fresh_site(tmp_path_factory, migrated_database, "example_site")
    return environment, run_manage(environment, "load_demo", "--host", DEMO_HOST)


def test_loading_the_demo_again_changes_nothing(example_site):
    environment, first_output = example_site
    assert "Created" in first_output
    assert "admin" in first_output and "password" in first_output
    before = run_script(environment, COUNT_SCRIPT)

    second_output = run_manage(environment, "load_demo")

    assert second_output.strip() == "Demo content is already loaded; nothing changed."
    assert run_script(environment, COUNT_SCRIPT) == before
    assert before["sites"] == 1 and before["users"] == 1
    assert before["images"] >= 1


def test_demo_pages_and_api_answer_with_metadata_and_links_both_ways(example_site):
    environment, _first_output = example_site
    seen = run_script(environment, VISIT_SCRIPT)

    assert seen["site_root_type"] == "HomePage"
    assert seen["home"]["status"] == 200
    assert "示范县人民政府" in seen["home"]["html"]
    assert 'href="/gkzl/"' in seen["home"]["html"]

    policies = {policy["document_number"]: policy for policy in seen["policies"]}
    assert set(policies) >= REQUIRED_POLICIES
    for policy in seen["policies"]:
        assert policy["status"] == 200, policy["url"]
        assert policy["metadata_shown"], policy["url"]
        assert policy["revisions"] >= 1 and policy["has_live_revision"], policy["url"]
        assert policy["links_to"] == policy["interpretations"], policy["url"]
    for number in REQUIRED_POLICIES:
        assert policies[number]["interpretations"], f"{number} has no interpretation"
    assert {policies[number]["organ"] for number in REQUIRED_POLICIES} == {
        "国务院办公厅",
        "广东省人民政府办公厅",
        "河南省人民政府办公厅",
    }

    for page in seen["interpretations"]:
        assert page["status"] == 200
        assert page["metadata_shown"]
        assert page["policies"] and page["links_to"] == page["policies"]
    forms = {form for page in seen["interpretations"] for form in page["forms"]}
    assert {"文字解读", "图表图解", "简明问答", "案例说明"} <= forms
    assert all(page["has_figure"] for page in seen["interpretations"] if "图表图解" in page["forms"])
    assert all(page["has_questions"] for page in seen["interpretations"] if "简明问答" in page["forms"])

    # The required policies are interpreted in different forms.
    forms_by_policy = [
        frozenset(
            form
            for page in seen["interpretations"]
            if policies[number]["id"] in page["policies"]
            for form in page["forms"]
        )
        for number in REQUIRED_POLICIES
    ]
    assert len(set(forms_by_policy)) == len(REQUIRED_POLICIES)

    late = [page["id"] for page in seen["interpretations"] if page["is_late"]]
    assert len(late) == 1
    assert seen["late"] == late
    late_page = next(page for page in seen["interpretations"] if page["id"] == late[0])
    assert late_page["policies"] == [policies["豫政办〔2020〕5号"]["id"]]
    assert seen["without_interpretation"] == ["粤府办〔2020〕14号"]

    assert seen["api"]["status"] == 200
    # The column demo adds undated notices, so match the demo policies by page id.
    items = {item["id"]: item for item in seen["api"]["items"]}
    for policy in policies.values():
        item = items[policy["id"]]
        # Absolute links lead to the running demo, not to Wagtail's localhost:80.
        assert item["meta"]["html_url"] == f"http://{DEMO_HOST}{policy['url']}"
        assert item["document_number"] == policy["document_number"]
        assert item["index_number"] and item["index_number"] == policy["index_number"]
        assert item["issuing_organ_name"] == policy["organ"]
        assert sorted(i["id"] for i in item["interpretations"]) == policy["interpretations"]


def test_the_site_answers_where_the_demo_is_served(example_site, tmp_path):
    environment, _first_output = example_site
    seen = run_script(environment, VISIT_SCRIPT)
    assert seen["site_address"] == ["127.0.0.1", 8000]
    assert seen["site_root_url"] == f"http://{DEMO_HOST}"

    # A copy of the loaded demo, served elsewhere: only the site moves.
    moved = dict(environment, GK_EXAMPLE_SQLITE_PATH=str(tmp_path / "moved.sqlite3"))
    shutil.copy(environment["GK_EXAMPLE_SQLITE_PATH"], moved["GK_EXAMPLE_SQLITE_PATH"])
    before = run_script(moved, COUNT_SCRIPT)
    output = run_manage(moved, "load_demo", "--host", "localhost:8123")
    assert "localhost:8123" in output and "Created" not in output
    assert run_script(moved, VISIT_SCRIPT)["site_address"] == ["localhost", 8123]
    assert run_script(moved, COUNT_SCRIPT) == before
    assert run_manage(moved, "load_demo", "--host", "localhost:8123").strip() == (
        "Demo content is already loaded; nothing changed."
    )

    for bad_host in ["127.0.0.1:99999", "two words", "127.0.0.1:80a"]:
        refused = manage(moved, "load_demo", "--host", bad_host)
        assert refused.returncode == 1, bad_host
        assert "127.0.0.1:8000" in refused.stderr and "Traceback" not in refused.stderr
    assert run_script(moved, VISIT_SCRIPT)["site_address"] == ["localhost", 8123]


def test_a_failed_load_says_what_is_missing_and_leaves_nothing_behind(tmp_path_factory, migrated_database):
    environment, directory = fresh_site(tmp_path_factory, migrated_database, "broken_site")
    run_script(
        environment,
        "from gk_wagtail.models import Theme; Theme.objects.filter(name='政务公开').update(name='政务公开（改名）'); print('{}')",
    )
    before = run_script(environment, COUNT_SCRIPT)

    failed = manage(environment, "load_demo")

    assert failed.returncode == 1
    assert "综合政务 / 政务公开" in failed.stderr and "migrate" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert run_script(environment, COUNT_SCRIPT) == before
    media = directory / "media"
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]
