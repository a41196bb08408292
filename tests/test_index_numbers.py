import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection

from gk_wagtail.index_numbers import IssuedIndexNumber, assign_index_number, claim_index_number, rule_fields
from gk_wagtail.models import Organization, PolicyDocumentPage, Theme
from tests.factories import make_column, make_organization, make_policy, make_site

REPO = Path(__file__).resolve().parent.parent


def test_sequence_restarts_per_year_and_organization(db):
    county = make_organization()
    department = make_organization("示范县财政局", "91350100M000100Y43")
    assert assign_index_number(county, "a", datetime.date(2024, 12, 31)).endswith("/2024-00001")
    assert assign_index_number(county, "b", datetime.date(2024, 6, 1)).endswith("/2024-00002")
    assert assign_index_number(county, "c", datetime.date(2025, 1, 2)) == f"{county.credit_code}/2025-00001"
    assert assign_index_number(department, "d", datetime.date(2025, 1, 2)) == "91350100M000100Y43/2025-00001"


def test_monthly_rule_with_theme_code(db, settings):
    settings.GK_WAGTAIL_INDEX_NUMBER_RULE = "{credit_code}/{year}{month}-{theme_code}-{seq:04d}"
    county = make_organization()
    theme = Theme.objects.create(name="测试主题", code="ZW")
    assert (
        assign_index_number(county, "a", datetime.date(2021, 10, 5), theme=theme)
        == f"{county.credit_code}/202110-ZW-0001"
    )
    assert (
        assign_index_number(county, "b", datetime.date(2021, 11, 5), theme=theme)
        == f"{county.credit_code}/202111-ZW-0001"
    )


def test_numbers_taken_by_legacy_imports_are_skipped(db):
    county = make_organization()
    claim_index_number(f"{county.credit_code}/2021-00001", county, "旧文件")
    assert assign_index_number(county, "new", datetime.date(2021, 3, 1)) == f"{county.credit_code}/2021-00002"


def test_a_claimed_number_cannot_move_to_another_page(db):
    county = make_organization()
    claim_index_number("X/2021-00001", county, "旧文件", page_id=10)
    with pytest.raises(ValidationError):
        claim_index_number("X/2021-00001", county, "另一文件", page_id=11)


def test_numbers_of_deleted_pages_are_never_reused(db):
    home = make_site().root_page
    county = make_organization()
    column = make_column(home)
    first = make_policy(column, county, title="第一件")
    first_number = first.index_number
    first.delete()
    second = make_policy(column, county, title="第二件")
    assert second.index_number != first_number
    assert IssuedIndexNumber.objects.filter(value=first_number).exists()


def test_organization_without_credit_code_gets_a_clear_error(db):
    organization = Organization.objects.create(name="无代码机构")
    page = PolicyDocumentPage(title="文件", issuing_organ=organization)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "无代码机构" in str(error.value.message_dict["issuing_organ"])


@pytest.mark.parametrize("rule", ["{credit_code}/{year}", "{credit_code}/{serial}-{seq}"])
def test_bad_rules_are_refused(rule):
    with pytest.raises(ImproperlyConfigured):
        rule_fields(rule)


# serialized_rollback: the root page and locale that migrations made must be there.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publishers_in_separate_processes_get_distinct_numbers():
    home = make_site().root_page
    county = make_organization()
    column = make_column(home)
    workers, per_worker = 4, 6
    drafts = [
        make_policy(column, county, title=f"并发发布测试{i}", live=False, date_published=datetime.date(2026, 3, 2))
        for i in range(workers * per_worker)
    ]
    for draft in drafts:
        draft.save_revision()
    env = {**os.environ, "GK_WORKER_DB_NAME": str(connection.settings_dict["NAME"]), "PYTHONPATH": str(REPO)}
    start_at = time.time() + 4
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.publish_worker", str(start_at)]
            + [str(page.pk) for page in drafts[n::workers]],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=False):
        assert process.returncode == 0, err
    numbers = [line.split()[1] for out, _err in outputs for line in out.splitlines()]
    assert len(numbers) == workers * per_worker
    assert sorted(numbers) == [f"{county.credit_code}/2026-{seq:05d}" for seq in range(1, workers * per_worker + 1)]
    stored = set(
        PolicyDocumentPage.objects.filter(pk__in=[d.pk for d in drafts]).values_list("index_number", flat=True)
    )
    assert stored == set(numbers)
