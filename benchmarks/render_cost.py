"""Render time of the disclosure pages against a bare page of the same site, measured in one run.

A fresh test database (tests/settings.py, migrated) gets one site with:

* the bare page: an empty column, which renders the site shell (header, navigation, footer) and
  nothing else, the cost every page pays;
* a listing: a column of 20 policies (the column's page size);
* a policy with 20 interpretations;
* a standard catalog with ``--catalog-rows`` rows (200 by default), each linking its own column.

Each page is requested ``--repeat`` times through Django's test client after two warm-up requests,
the pages in turns; the figures are medians, and the ratio is to the bare page. Targets: at most 1.5× for the listing
and the policy, 3× for the catalog. The fragment cache is off unless ``--fragment-cache`` is given,
so the figures are what a page costs when its fragments are not cached.

Usage, from the repository root::

    .venv/bin/python benchmarks/render_cost.py --repeat 10

The figures depend on the machine; compare runs of one machine only.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGETS = {"listing": 1.5, "policy": 1.5, "catalog": 3.0}


def setup(name, fragment_cache):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["GK_TEST_SQLITE_NAME"] = name
    import django
    from django.conf import settings

    django.setup()
    settings.GK_WAGTAIL_FRAGMENT_CACHE_TIMEOUT = 300 if fragment_cache else 0
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def build(catalog_rows):
    """The pages to measure, by name: their URLs."""
    from gk_wagtail.formats.codes import credit_code_check_character
    from tests.factories import (
        budget_row,
        import_rows,
        make_column,
        make_county,
        make_interpretation,
        make_organization,
        make_policy,
        make_site,
        seed_registers,
    )

    seed_registers()
    county = make_county()
    home = make_site(organization=county).root_page
    bare = make_column(home, "空栏目", "empty")
    policies = make_column(home, "政策文件", "zcwj", show_in_menus=True)
    interpretations = make_column(home, "政策解读", "zcjd", show_in_menus=True)
    section = make_column(home, "政府信息公开", "gkzl", show_in_menus=True)
    make_column(section, "标准目录", "bzml")

    def organization(number):
        first17 = f"1144030000754{number:04d}"
        return make_organization(f"示范县第{number}局", credit_code=first17 + credit_code_check_character(first17))

    made = [
        make_policy(
            policies,
            organization(number),
            f"政策{number}",
            date_published=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(1, 21)
    ]
    policy = made[-1]
    for number in range(1, 21):
        make_interpretation(interpretations, organization(100 + number), [policy], f"解读{number}")
    columns = [make_column(section, f"栏目{number}", f"column-{number}") for number in range(catalog_rows)]
    rows = [
        budget_row(
            first_level_item=f"预算公开{number // 5}",
            second_level_item=f"事项{number}",
            column_url=columns[number].get_full_url(),
            five_stages=["决策", "结果"],
            channels=["政府网站", "公开查阅点"],
        )
        for number in range(catalog_rows)
    ]
    catalog = import_rows(county, "财政预决算", rows).page
    return {"bare": bare.url, "listing": policies.url, "policy": policy.url, "catalog": catalog.url}


def measure(client, urls, repeat):
    """The median time of each page, requested in turns so that a change of the machine's load
    falls on every page alike."""
    for url in urls.values():
        for _warm_up in range(2):
            assert client.get(url).status_code == 200, url
    times = {name: [] for name in urls}
    for _round in range(repeat):
        for name, url in urls.items():
            start = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200, url
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="Measured requests per page (default 20).")
    parser.add_argument("--catalog-rows", type=int, default=200, help="Rows of the catalog (default 200).")
    parser.add_argument("--fragment-cache", action="store_true", help="Measure with the fragment cache on.")
    parser.add_argument("--name", default="/tmp/gk_render_cost.sqlite3", help="SQLite file to create afresh.")
    args = parser.parse_args()
    setup(args.name, args.fragment_cache)
    from django.test import Client

    urls = build(args.catalog_rows)
    client = Client()
    medians = measure(client, urls, args.repeat)
    bare = medians["bare"]
    print(f"{'page':<10}{'median ms':>12}{'ratio':>8}  target")
    for name, median in medians.items():
        if name == "bare":
            print(f"{name:<10}{median * 1000:>12.1f}{1:>8.2f}")
            continue
        ratio, target = median / bare, TARGETS[name]
        verdict = "met" if ratio <= target else "not met"
        print(f"{name:<10}{median * 1000:>12.1f}{ratio:>8.2f}  ≤{target}× {verdict}")


if __name__ == "__main__":
    main()
