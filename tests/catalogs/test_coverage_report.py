"""The coverage report: what the catalogs promise against what the columns hold."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision

from example_site.demo.content.catalogs import load_catalog_demo
from gk_wagtail.reports.catalog_coverage import FORMAT, coverage_report
from tests.factories import (
    budget_row,
    domain,
    import_rows,
    login_in_english,
    make_column,
    make_county,
    make_department,
    make_policy,
    make_site,
    seed_registers,
)

DAY = datetime.date(2024, 10, 31)


@pytest.fixture
def county(db):
    seed_registers()
    return make_county()


@pytest.fixture
def columns(county):
    home = make_site(organization=county).root_page
    section = make_column(home, "政府信息公开", "gkzl")
    columns = {"gkzl": section}
    for code, title in [("bzml", "标准目录"), ("czyjs", "财政预算决算"), ("shjz", "社会救助"), ("tjxx", "统计信息")]:
        columns[code] = make_column(section, title, code)
    return columns


def publish_notice(column, county, date):
    return make_policy(column, county, f"{column.title}公告{date.isoformat()}", date_published=date, document_number="")


def second_items(entries):
    return [entry["second_level_item"] for entry in entries]


def test_proactive_rows_without_a_live_column_are_listed(county, columns):
    draft_column = make_column(columns["gkzl"], "草稿栏目", "draft", live=False)
    import_rows(
        county,
        "财政预决算",
        [
            budget_row(second_level_item="政府预算"),
            budget_row(second_level_item="部门预算", column_url=draft_column.get_full_url()),
            budget_row(second_level_item="预算明细", method="依申请"),
            budget_row(second_level_item="政府决算", column_url=columns["czyjs"].get_full_url()),
        ],
    )
    report = coverage_report(county, DAY).as_dict()
    assert [(entry["second_level_item"], entry["reason"]) for entry in report["rows_without_column"]] == [
        ("政府预算", "no_column"),
        ("部门预算", "column_not_live"),
    ]
    assert report["rows_without_column"][0]["number"] == 1
    assert (report["summary"]["rows"], report["summary"]["proactive_rows"]) == (4, 3)


def test_leaf_columns_without_live_content_are_listed(county, columns):
    publish_notice(columns["czyjs"], county, DAY)
    make_policy(columns["shjz"], county, "草稿", live=False, document_number="")
    columns["tjxx"].intro = "<p>统计公报见统计局网站。</p>"
    columns["tjxx"].save_revision().publish()
    import_rows(county, "财政预决算", [budget_row()])  # a live catalog in 标准目录
    empty = coverage_report(county, DAY).as_dict()["empty_columns"]
    # 政府信息公开 has sub-columns; 财政 has a notice, 统计 an introduction, 标准目录 a catalog; 社会救助 only a draft.
    assert [(entry["code"], entry["path"]) for entry in empty] == [("shjz", "政府信息公开 / 社会救助")]


def test_rows_whose_column_is_older_than_their_working_day_limit_are_stale(county, columns):
    publish_notice(columns["czyjs"], county, datetime.date(2024, 9, 27))
    import_rows(
        county,
        "财政预决算",
        [
            budget_row(
                time_limit_text="信息形成或者变更之日起20个工作日内", column_url=columns["czyjs"].get_full_url()
            ),
        ],
    )
    # 20 working days after Friday 27 September 2024 skip the 国庆 holiday and count the 调休 Sundays: 30 October.
    assert coverage_report(county, datetime.date(2024, 10, 30)).stale_rows == []
    (stale,) = coverage_report(county, DAY).as_dict()["stale_rows"]
    assert (stale["latest_content"], stale["due"], stale["time_limit_working_days"]) == ("2024-09-27", "2024-10-30", 20)
    assert stale["column"]["code"] == "czyjs"


def test_content_in_a_sub_column_counts_for_the_column(county, columns):
    yearly = make_column(columns["czyjs"], "2024年", "czyjs-2024")
    publish_notice(yearly, county, DAY)
    import_rows(
        county,
        "财政预决算",
        [
            budget_row(time_limit_text="20个工作日内", column_url=columns["czyjs"].get_full_url()),
        ],
    )
    report = coverage_report(county, DAY)
    assert report.stale_rows == [] and report.rows_without_column == []
    assert report.domains_with_catalogs[0].complete_rows == 1


def test_rows_without_a_working_day_limit_are_skipped_and_listed(county, columns):
    publish_notice(columns["czyjs"], county, datetime.date(2020, 1, 6))
    import_rows(
        county,
        "财政预决算",
        [
            budget_row(time_limit_text="批准后20日内", column_url=columns["czyjs"].get_full_url()),
        ],
    )
    report = coverage_report(county, DAY).as_dict()
    assert report["stale_rows"] == []
    assert [(entry["second_level_item"], entry["time_limit"]) for entry in report["rows_without_time_limit"]] == [
        ("政府预算", "批准后20日内"),
    ]


def test_completion_per_domain(county, columns):
    publish_notice(columns["czyjs"], county, DAY)
    publish_notice(columns["shjz"], county, datetime.date(2023, 1, 3))
    czyjs, shjz = columns["czyjs"].get_full_url(), columns["shjz"].get_full_url()
    import_rows(
        county,
        "财政预决算",
        [
            budget_row(second_level_item="政府预算", time_limit_text="20个工作日内", column_url=czyjs),
            budget_row(second_level_item="部门预算", time_limit_text="批准后20日内", column_url=czyjs),
            budget_row(second_level_item="部门决算"),
            budget_row(second_level_item="明细", method="依申请"),
        ],
    )
    import_rows(
        county,
        "社会救助",
        [
            budget_row(second_level_item="低保", time_limit_text="20个工作日内", column_url=shjz),
            budget_row(
                second_level_item="统计", time_limit_text="20个工作日内", column_url=columns["tjxx"].get_full_url()
            ),
        ],
    )
    import_rows(county, "城乡规划", [], note="本县不涉及")
    domain("救灾")

    domains = {entry["domain"]: entry for entry in coverage_report(county, DAY).as_dict()["domains"]}

    budget = domains["财政预决算"]
    assert (budget["rows"], budget["proactive_rows"], budget["rows_with_column"]) == (4, 3, 2)
    assert (budget["rows_with_content"], budget["stale_rows"], budget["complete_rows"]) == (2, 0, 2)
    assert budget["completion"] == 0.667
    relief = domains["社会救助"]
    assert (relief["rows_with_column"], relief["rows_with_content"], relief["stale_rows"], relief["completion"]) == (
        2,
        1,
        1,
        0.0,
    )
    assert (domains["城乡规划"]["completion"], domains["城乡规划"]["not_involved_note"]) == (None, "本县不涉及")
    assert domains["救灾"]["catalogs"] == []


def test_the_command_writes_stable_documented_json(county, columns, capsys):
    import_rows(county, "财政预决算", [budget_row()])
    call_command("gk_catalog_coverage", "--organ", county.credit_code, "--format", "json", "--date", "2024-10-31")
    first = capsys.readouterr().out
    call_command("gk_catalog_coverage", "--organ", county.credit_code, "--format", "json", "--date", "2024-10-31")
    assert capsys.readouterr().out == first
    report = json.loads(first)
    assert list(report) == [
        "format",
        "organization",
        "date",
        "summary",
        "rows_without_column",
        "empty_columns",
        "stale_rows",
        "rows_without_time_limit",
        "domains",
    ]
    assert (report["format"], report["date"]) == (FORMAT, "2024-10-31")
    assert report["organization"] == {"name": county.name, "credit_code": county.credit_code}
    assert report["summary"] == {
        "catalogs": 1,
        "rows": 1,
        "proactive_rows": 1,
        "rows_without_column": 1,
        "empty_columns": 3,
        "stale_rows": 0,
        "rows_without_time_limit": 0,
    }
    assert set(report["rows_without_column"][0]) == {
        "catalog",
        "catalog_id",
        "domain",
        "number",
        "first_level_item",
        "second_level_item",
        "time_limit",
        "reason",
    }
    assert set(report["empty_columns"][0]) == {"id", "code", "title", "path", "url", "latest_content"}


def test_the_command_prints_a_readable_summary(county, columns, capsys):
    import_rows(county, "财政预决算", [budget_row()])
    call_command("gk_catalog_coverage", "--organ", county.credit_code, "--date", "2024-10-31")
    out = capsys.readouterr().out
    assert "Proactive rows without a column (1):" in out
    assert "财政预决算 #1 预算公开 / 政府预算: No column chosen" in out
    assert "政府信息公开 / 社会救助 (shjz)" in out


def test_the_admin_report_shows_the_gaps_and_offers_json(client, django_user_model, county, columns):
    import_rows(county, "财政预决算", [budget_row()])
    login_in_english(client, django_user_model.objects.create_superuser("admin", "admin@example.org", "x"))
    response = client.get("/admin/gk/catalogs/coverage/", {"organization": county.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "预算公开 / 政府预算" in html and "政府信息公开 / 统计信息" in html
    download = client.get("/admin/gk/catalogs/coverage/", {"organization": county.pk, "format": "json"})
    assert download.json()["summary"]["rows_without_column"] == 1
    assert client.get("/admin/gk/catalogs/coverage/").status_code == 200  # the form alone


def test_the_demo_county_has_real_gaps_and_loads_twice_unchanged(county, capsys):
    make_department(county)
    site = make_site(organization=county)
    load_catalog_demo(site, county)
    revisions = Revision.objects.count()
    setup, created = load_catalog_demo(site, county)
    assert (created, setup.changed, Revision.objects.count()) == ([], False, revisions)

    call_command("gk_catalog_coverage", "--organ", county.credit_code, "--format", "json")
    report = json.loads(capsys.readouterr().out)

    assert {"部门预算", "部门决算", "审核确认结果"} <= set(second_items(report["rows_without_column"]))
    assert {"政府信息公开 / 政府信息公开指南", "政府信息公开 / 部门信息公开 / 示范县财政局"} <= {
        entry["path"] for entry in report["empty_columns"]
    }
    assert {"债务限额和余额", "政策法规"} <= set(second_items(report["stale_rows"]))
    assert "政府预算" in second_items(report["rows_without_time_limit"])
    completion = {entry["domain"]: entry["completion"] for entry in report["domains"] if entry["catalogs"]}
    assert set(completion) == {"财政预决算", "社会救助", "义务教育", "城乡规划"}
    assert 0 < completion["义务教育"] < 1 and completion["城乡规划"] is None


def test_the_report_takes_as_many_queries_for_many_rows_as_for_few(county, columns, django_assert_num_queries):
    czyjs = columns["czyjs"].get_full_url()
    publish_notice(columns["czyjs"], county, datetime.date(2024, 1, 2))
    import_rows(county, "财政预决算", [budget_row(time_limit_text="20个工作日内", column_url=czyjs)] * 2)
    coverage_report(county, DAY).as_dict()  # warm the caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        assert len(coverage_report(county, DAY).as_dict()["stale_rows"]) == 2
    import_rows(county, "财政预决算", [budget_row(time_limit_text="20个工作日内", column_url=czyjs)] * 12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(coverage_report(county, DAY).as_dict()["stale_rows"]) == 12
