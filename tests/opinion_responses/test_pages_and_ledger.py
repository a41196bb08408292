import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from example_site.demo.content.opinion_responses import load_village_and_opinion_demo
from gk_wagtail.models import ColumnPage, OpinionCommitment, OpinionResponsePage, Organization, VillageAffairsPage
from gk_wagtail.page_types.opinion_responses import OpinionResponseLink
from gk_wagtail.reports.opinion_response_ledger import commitment_ledger, response_ledger
from gk_wagtail.reports.village_overdue import overdue_villages
from tests.factories import ensure_wagtail_roots, make_column, make_organization, make_policy, make_response, make_site

NOTICED = timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 0))


def hours(n):
    return NOTICED + datetime.timedelta(hours=n)


class ResponsePageTreeTests(WagtailPageTestCase):
    def test_responses_live_under_columns(self):
        self.assertAllowedParentPageTypes(OpinionResponsePage, {ColumnPage})
        self.assertAllowedSubpageTypes(OpinionResponsePage, set())


@pytest.fixture
def tree(db):
    ensure_wagtail_roots()
    home = make_site().root_page
    organization = make_organization()
    responses = make_column(home, "回应关切", "responses", column_type="回应关切")
    return home, organization, responses


# Deadlines


@pytest.mark.parametrize(
    "severity, fields, now, expected",
    [
        # Major events: authoritative information within 5 hours, a press conference within 24.
        ("major", {"responded_at": hours(5), "press_conference_at": hours(24)}, hours(100), ["met", "met"]),
        ("major", {"responded_at": hours(5.01), "press_conference_at": hours(24.5)}, hours(100), ["missed", "missed"]),
        ("major", {"responded_at": hours(2)}, hours(23), ["met", "pending"]),
        ("major", {"responded_at": hours(2)}, hours(25), ["met", "missed"]),
        ("major", {}, hours(4), ["pending", "pending"]),
        ("major", {}, hours(6), ["missed", "pending"]),
        # Everything else: a response within 48 hours.
        ("ordinary", {"responded_at": hours(48)}, hours(100), ["met"]),
        ("ordinary", {"responded_at": hours(49)}, hours(100), ["missed"]),
        ("ordinary", {}, hours(47), ["pending"]),
        ("ordinary", {}, hours(48.5), ["missed"]),
    ],
)
def test_deadlines_count_clock_hours_from_first_notice(tree, severity, fields, now, expected):
    _home, organization, column = tree
    page = make_response(column, organization, severity=severity, first_noticed_at=NOTICED, **fields)
    assert [deadline.state for deadline in page.deadlines(now)] == expected
    # The ledger's database query agrees with the page.
    row = response_ledger(now=now).get(pk=page.pk)
    assert row.missed_deadline == ("missed" in expected)


def test_deadlines_are_due_hours_not_working_days_after_notice(tree):
    _home, organization, column = tree
    friday_evening = timezone.make_aware(datetime.datetime(2024, 5, 10, 20, 0))
    page = make_response(column, organization, severity="ordinary", first_noticed_at=friday_evening)
    (deadline,) = page.deadlines(friday_evening)
    assert deadline.due == timezone.make_aware(datetime.datetime(2024, 5, 12, 20, 0))  # a Sunday


def test_response_times_cannot_come_before_first_notice(tree):
    _home, organization, column = tree
    with pytest.raises(ValidationError) as error:
        make_response(column, organization, responded_at=hours(-1), press_conference_at=hours(-2), status="responded")
    assert set(error.value.message_dict) >= {"responded_at", "press_conference_at"}


def test_a_responded_status_needs_the_response_time(tree):
    _home, organization, column = tree
    for status in ("responded", "supervising", "closed"):
        with pytest.raises(ValidationError) as error:
            make_response(column, organization, status=status, slug=f"r-{status}")
        assert "responded_at" in error.value.message_dict
    assert make_response(column, organization, status="handling").status == "handling"


# Commitments


def test_a_kept_commitment_needs_the_page_that_shows_it(tree):
    home, organization, column = tree
    commitment = OpinionCommitment(promise="公布检测报告", due_date=datetime.date(2024, 5, 20), status="kept")
    with pytest.raises(ValidationError) as error:
        commitment.clean()
    assert "evidence_page" in error.value.message_dict
    commitment.evidence_page = home
    commitment.clean()


def test_a_commitment_is_overdue_when_not_kept_after_its_due_date(tree):
    home, organization, column = tree
    due = datetime.date(2024, 5, 20)
    page = make_response(
        column,
        organization,
        commitments=[
            ("清洗水箱", due, "in_progress", None),
            ("公布检测报告", due, "kept", home),
        ],
    )
    waiting, kept = page.commitments.all()
    assert not waiting.overdue_on(due) and waiting.overdue_on(due + datetime.timedelta(days=1))
    assert not kept.overdue_on(due + datetime.timedelta(days=100))
    assert list(OpinionCommitment.objects.overdue(due + datetime.timedelta(days=1))) == [waiting]
    assert [c.pk for c in commitment_ledger(today=due + datetime.timedelta(days=1)) if c.overdue] == [waiting.pk]


def test_a_response_links_only_to_policies_and_interpretations(tree):
    home, organization, column = tree
    with pytest.raises(ValidationError):
        OpinionResponseLink(linked_page=home).clean()
    policy = make_policy(make_column(home, "政策文件", "policies"), organization)
    OpinionResponseLink(linked_page=policy).clean()


# Pages


def test_the_page_shows_the_response_commitments_and_the_policy_concerned(client, tree):
    home, organization, column = tree
    policy = make_policy(make_column(home, "政策文件", "policies"), organization)
    page = OpinionResponsePage(
        title="关于暴雨灾情的情况通报",
        topic="暴雨",
        first_noticed_at=NOTICED,
        first_noticed_where="微博",
        severity="major",
        responsible_organization=organization,
        issuing_organ=organization,
        status="responded",
        responded_at=hours(3),
        press_conference_at=hours(30),
        live=True,
    )
    page.related_links.add(OpinionResponseLink(linked_page=policy))
    page.commitments.add(OpinionCommitment(promise="三日内发放救助资金", due_date=datetime.date(2024, 5, 9)))
    page = column.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert "2024年5月6日 12:00" in html and "2024年5月7日 15:00" in html  # released and press conference, local time
    assert "三日内发放救助资金" in html and "2024年5月9日" in html
    assert f'href="{policy.url}"' in html
    assert page.index_number in html
    assert '<meta name="ColumnType" content="回应关切">' in html


def test_the_column_lists_published_responses_only(client, tree):
    _home, organization, column = tree
    make_response(column, organization, title="已发布的回应", slug="published")
    make_response(column, organization, title="研判中的舆情", slug="draft", live=False)
    html = client.get(column.url).content.decode()
    assert "已发布的回应" in html and "研判中的舆情" not in html


def test_a_draft_response_follows_its_status_in_the_ledger(tree):
    _home, organization, column = tree
    page = make_response(column, organization, live=False)
    page.status = "handling"
    page.save_revision()
    assert response_ledger().get(pk=page.pk).status == "handling"


def test_a_published_response_keeps_its_published_row_until_the_next_publish(tree):
    _home, organization, column = tree
    page = make_response(column, organization, live=False)
    page.save_revision().publish()
    page = OpinionResponsePage.objects.get(pk=page.pk)
    page.status = "handling"
    page.save_revision()
    assert OpinionResponsePage.objects.get(pk=page.pk).status == "collecting"


def test_the_api_gives_the_response_and_its_commitments(client, tree):
    _home, organization, column = tree
    page = make_response(
        column,
        organization,
        severity="major",
        responded_at=hours(4),
        status="responded",
        commitments=[("清洗水箱", datetime.date(2024, 5, 20), "in_progress", None)],
    )
    item = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert item["responded_at"] == "2024-05-06T13:00:00+08:00"
    commitment = item["commitments"][0]
    assert (commitment["promise"], commitment["due_date"], commitment["status"]) == (
        "清洗水箱",
        "2024-05-20",
        "in_progress",
    )
    assert "is_overdue" not in commitment
    assert item["responsible_organization_name"] == organization.name


# The ledger


@pytest.fixture
def ledger(tree, settings):
    home, organization, column = tree
    other = make_organization("示范县住房和城乡建设局", "11440300MB2C92052F")
    late = make_response(
        column,
        organization,
        title="迟到的回应",
        slug="late",
        responded_at=hours(60),
        status="responded",
        commitments=[("清洗水箱", datetime.date(2024, 5, 20), "in_progress", None)],
    )
    on_time = make_response(
        column,
        other,
        title="及时的回应",
        slug="on-time",
        responded_at=hours(24 * 30 + 3),
        status="closed",
        first_noticed_at=hours(24 * 30),
    )
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    return late, on_time, other, user


def test_the_ledger_highlights_overdue_responses(client, ledger):
    late, on_time, _other, user = ledger
    client.force_login(user)
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="gk-ledger-overdue"') == 1
    assert late.title in html and on_time.title in html
    assert "opinion-responses-admin.css" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"overdue": "true"}, ["迟到的回应"]),
        ({"overdue": "false"}, ["及时的回应"]),
        ({"status": "closed"}, ["及时的回应"]),
        ({"first_noticed_at_from": "2024-06-01"}, ["及时的回应"]),
        ({"first_noticed_at_to": "2024-05-31"}, ["迟到的回应"]),
    ],
)
def test_the_ledger_filters(client, ledger, query, expected):
    client.force_login(ledger[3])
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger_results"), query)
    assert [row.title for row in response.context["object_list"]] == expected


def test_the_ledger_filters_by_organization(client, ledger):
    _late, on_time, other, user = ledger
    client.force_login(user)
    response = client.get(
        reverse("gk_wagtail_admin:opinion_responses_ledger_results"), {"responsible_organization": other.pk}
    )
    assert [row.pk for row in response.context["object_list"]] == [on_time.pk]


def test_the_ledger_exports_local_times_to_csv_and_xlsx(client, ledger):
    late, _on_time, _other, user = ledger
    client.force_login(user)
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(row for row in rows if row[0] == late.title)
    assert "2024-05-06 09:00" in row
    assert row[-1] == "是"
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    late_row = next(row for row in values if row[0] == late.title)
    assert datetime.datetime(2024, 5, 6, 9, 0) in late_row


def test_the_commitment_ledger_lists_and_filters_overdue_commitments(client, ledger):
    late, _on_time, _other, user = ledger
    client.force_login(user)
    html = client.get(reverse("gk_wagtail_admin:opinion_responses_commitments")).content.decode()
    assert "清洗水箱" in html and 'class="gk-ledger-overdue"' in html
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_commitments_results"), {"overdue": "false"})
    assert list(response.context["object_list"]) == []
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_commitments"), {"export": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # Excel reads the Chinese only with the byte-order mark
    text = raw.decode("utf-8-sig")
    assert "清洗水箱" in text and late.title in text


def test_ledger_csv_cells_are_never_run_as_formulas(client, ledger):
    late, _on_time, _other, user = ledger
    commitment = late.commitments.first()
    commitment.promise = '=HYPERLINK("http://evil.example","点击")'
    commitment.save()
    late.title = "+cmd|' /C calc'!A0"
    late.save()
    client.force_login(user)
    for name in ("opinion_responses_ledger", "opinion_responses_commitments"):
        response = client.get(reverse(f"gk_wagtail_admin:{name}"), {"export": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), name
        assert "'+cmd|' /C calc'!A0" in cells
    assert '\'=HYPERLINK("http://evil.example","点击")' in cells


def test_the_ledger_shows_only_responses_the_user_may_edit(client, ledger):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    late, on_time, _other, _user = ledger
    group = Group.objects.create(name="住建局编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=on_time, permission_type="change")
    clerk = get_user_model().objects.create_user("clerk", "clerk@example.com", "password")
    clerk.groups.add(group)
    client.force_login(clerk)
    response = client.get(reverse("gk_wagtail_admin:opinion_responses_ledger_results"))
    assert [row.pk for row in response.context["object_list"]] == [on_time.pk]


# The demo


def test_the_demo_seeds_an_overdue_village_and_an_overdue_commitment_and_is_idempotent(tree):
    home, county, _column = tree
    today = datetime.date(2025, 3, 15)
    created = load_village_and_opinion_demo(home, county, today=today)
    counts = (VillageAffairsPage.objects.count(), OpinionResponsePage.objects.count(), Organization.objects.count())
    assert len(created) == sum(counts) - 1 + 3  # all but the county, plus 村(居)务公开 and 2 village pages
    assert load_village_and_opinion_demo(home, county, today=today) == []
    assert (
        VillageAffairsPage.objects.count(),
        OpinionResponsePage.objects.count(),
        Organization.objects.count(),
    ) == counts

    overdue = overdue_villages(today)
    assert [item.village_name for item in overdue] == ["城南社区居民委员会"]
    assert [(item.category.name, item.period.code) for item in overdue[0].missing] == [("财务", "2024-Q3")]

    now = timezone.make_aware(datetime.datetime(2025, 3, 15, 12, 0))
    rows = {row.title: row for row in response_ledger(now=now)}
    assert rows["关于城南社区二次供水水质问题的回应"].overdue_commitment_count == 1
    assert rows["关于示范镇暴雨灾情的情况通报"].missed_deadline  # the press conference came after 26 hours
    overdue_commitments = [c.promise for c in commitment_ledger(today=today) if c.overdue]
    assert overdue_commitments == ["完成二次供水水箱清洗消毒并公布第三方水质检测报告"]
    kept = OpinionCommitment.objects.get(status="kept")
    assert kept.outcome_published and kept.evidence_page.title == "东岭村受灾群众救助资金发放结果公示"
    resolution = VillageAffairsPage.objects.get(slug="road-resolution")
    assert [page.slug for page in resolution.public_results] == ["road-result"]
    assert VillageAffairsPage.objects.get(slug="elevator-resolution").awaiting_result


class AdminResponseFormTests(WagtailPageTestCase):
    def setUp(self):
        ensure_wagtail_roots()
        home = make_site().root_page
        self.organization = make_organization()
        self.column = make_column(home, "回应关切", "responses", column_type="回应关切")
        self.client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "password"))

    def post(self, commitment_status):
        data = nested_form_data(
            {
                "title": "关于停水问题的回应",
                "slug": "water",
                "topic": "停水",
                "first_noticed_at": "2024-05-06 09:00",
                "first_noticed_where": "12345热线",
                "severity": "ordinary",
                "responsible_organization": self.organization.pk,
                "status": "assessing",
                "responded_at": "",
                "press_conference_at": "",
                "issuing_organ": self.organization.pk,
                "validity": "valid",
                "disclosure_attribute": "public",
                "body": streamfield([]),
                "attachments": streamfield([]),
                "related_links": inline_formset([]),
                "commitments": inline_formset(
                    [
                        {
                            "promise": "清洗水箱",
                            "due_date": "2024-05-20",
                            "status": commitment_status,
                            "evidence_page": "",
                        }
                    ]
                ),
                "comments": inline_formset([]),
            }
        )
        url = reverse("wagtailadmin_pages:add", args=["gk_wagtail", "opinionresponsepage", self.column.pk])
        return self.client.post(url, data)

    def test_a_kept_commitment_without_its_evidence_is_refused_in_the_form(self):
        response = self.post("kept")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(OpinionResponsePage.objects.exists())
        formset = response.context["form"].formsets["commitments"]
        self.assertIn("evidence_page", formset.forms[0].errors)

    def test_a_draft_created_in_the_admin_is_in_the_ledger_with_its_commitment(self):
        response = self.post("in_progress")
        self.assertEqual(response.status_code, 302)
        page = OpinionResponsePage.objects.get()
        self.assertFalse(page.live)
        self.assertEqual(response_ledger().get(pk=page.pk).status, "assessing")
        self.assertEqual([c.promise for c in commitment_ledger()], ["清洗水箱"])
