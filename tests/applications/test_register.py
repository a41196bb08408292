"""The register of applications: states and their audit, masking, status secrets, notice numbers, time limits."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gk_wagtail.applications import (
    ApplicationOutcome,
    InformationRequest,
    Notice,
    RequestEvent,
    State,
    allocate_notice_number,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    recompute_open_requests,
)
from gk_wagtail.formats.codes import validate_resident_id
from gk_wagtail.workdays import WorkingDayOverride
from tests.factories import RESIDENT_ID, make_county, make_request

pytestmark = pytest.mark.django_db


def test_outcomes_are_the_21_result_rows_of_table_3_in_order():
    outcomes = list(ApplicationOutcome.objects.all())
    assert len(outcomes) == 1 + 1 + 8 + 3 + 5 + 3
    assert outcomes[0].label == "（一）予以公开"
    assert outcomes[-1].label == "3.其他" and outcomes[-1].group == "（六）其他处理"
    assert [o.sort_order for o in outcomes] == sorted(o.sort_order for o in outcomes)
    assert ApplicationOutcome.objects.filter(discloses=True).count() == 2


def test_transitions_follow_article_45_and_leave_an_audit_entry(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    request = make_request(make_county())
    request.transition(State.REVIEWING, user=clerk, reason="材料齐全")
    with pytest.raises(ValidationError) as refused:
        request.transition(State.ARCHIVED, user=clerk)
    assert refused.value.code == "invalid_transition"
    request.refresh_from_db()
    assert request.state == State.REVIEWING
    (event,) = RequestEvent.objects.filter(request=request, kind=RequestEvent.Kind.TRANSITION)
    assert (event.from_state, event.to_state, event.user, event.note) == (
        State.REGISTERED,
        State.REVIEWING,
        clerk,
        "材料齐全",
    )


def test_masks_keep_only_what_a_listing_may_show():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("350102199001011234") == "35*************234"
    assert mask_name("张三丰") == "张**"
    assert mask_address("示范县城关镇人民路12号") == "示范县城关镇***"
    assert mask_phone("") == "" and mask_id_number("") == ""


def test_status_secret_is_kept_only_as_a_keyed_hash():
    request = make_request(make_county())
    secret = request.set_secret()
    request.save()
    stored = InformationRequest.objects.get(pk=request.pk)
    assert secret not in stored.secret_hash
    assert stored.check_secret(secret)
    assert not stored.check_secret(secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert not stored.check_secret("")


def test_notice_numbers_run_per_organ_type_and_year():
    county = make_county()
    request = make_request(county)
    numbers = [allocate_notice_number(county, Notice.Type.REPLY, 2025) for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert allocate_notice_number(county, Notice.Type.RECEIPT, 2025) == 1
    assert allocate_notice_number(county, Notice.Type.REPLY, 2026) == 1
    Notice.objects.create(
        request=request, organization=county, notice_type="reply", year=2025, number=3, issued_on=datetime.date.today()
    )


def test_reply_due_counts_20_working_days_and_moves_when_the_calendar_changes():
    request = make_request(make_county(), received_on=datetime.date(2025, 9, 26))
    request.refresh_deadlines(today=datetime.date(2025, 9, 29))
    request.refresh_from_db()
    assert request.reply_due == datetime.date(2025, 10, 30)
    # A day off declared inside the count pushes the limit one working day on.
    WorkingDayOverride.objects.create(date=datetime.date(2025, 10, 20), is_working_day=False, note="测试")
    recompute_open_requests(days={datetime.date(2025, 10, 20)})
    request.refresh_from_db()
    assert request.reply_due == datetime.date(2025, 10, 31)


@pytest.mark.parametrize(
    "number, code",
    [
        ("11010519491231002X", None),
        ("11010519491231002x", None),
        ("110105194912310021", "resident_id_check"),
        ("11010519491331002X", "resident_id_birth_date"),
        ("1101051949123100", "resident_id_length"),
        ("1101051949123100XX", "resident_id_character"),
    ],
)
def test_resident_id_check_digit(number, code):
    if code is None:
        validate_resident_id(number)
        return
    with pytest.raises(ValidationError) as error:
        validate_resident_id(number)
    assert error.value.code == code


def test_factory_number_is_valid():
    validate_resident_id(RESIDENT_ID)
