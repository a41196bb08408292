"""依申请公开: a year of applications to the demo county, in every state and every result row of table 3.

The report year is the last full year before the publisher's ``today``: each of the 21 result rows
of the annual report's table 3 (国办公开办函〔2021〕30号) gets at least one application replied in
that year, the applicant columns take turns, a few applications cross the year's boundaries
(上年结转, 结转下年度), and some carry the steps the time limits count (补正, 第三方意见, 延期).
Applications of the current year stand in every open state, one of them late. Reconsiderations and
lawsuits fill table 4.

Applicants are invented, and generated from a fixed seed so that every run makes the same ones;
each application's tracking code is its stable key, so a second run creates nothing.
"""

import datetime
import random

from django.utils import timezone

from gk_wagtail import workdays
from gk_wagtail.applications import (
    ApplicantType,
    ApplicationOutcome,
    Channel,
    Delivery,
    IdentityDocument,
    InformationRequest,
    Medium,
    RequestEvent,
    RequestFollowUp,
    RequestKind,
    State,
    hash_secret,
)
from gk_wagtail.formats.codes import credit_code_check_character, resident_id_check_character

#: The status page of this application answers to this secret, so that the demo's can be tried.
DEMO_STATUS_SECRET = "shifan-demo-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ["建国", "秀英", "志强", "丽华", "海涛", "春梅", "立新", "晓燕", "国庆", "玉兰", "文杰", "桂芳"]
ORGANIZATION_NAMES = {
    ApplicantType.COMMERCIAL: ["示范县恒达建材有限公司", "示范县绿源农业开发有限公司", "示范县顺通物流有限公司"],
    ApplicantType.RESEARCH: ["示范县农业科学研究所", "某某大学公共管理学院课题组"],
    ApplicantType.PUBLIC_INTEREST: ["示范县慈善总会", "示范县志愿者协会"],
    ApplicantType.LEGAL_SERVICE: ["示范县正义律师事务所", "示范县法律援助中心"],
    ApplicantType.OTHER: ["示范县个体劳动者协会", "城关镇东岭村股份经济合作社"],
}
TOPICS = [
    ("2024年度示范县城乡居民最低生活保障资金分配表", ""),
    ("示范县城南片区旧城改造项目征收补偿方案", "示政发〔2024〕12号"),
    ("示范县2024年农村公路建设项目招标文件", ""),
    ("示范县第三次国土调查主要数据公报", ""),
    ("关于东岭村土地承包经营权确权登记的批复", "示政复〔2023〕45号"),
    ("示范县2024年部门预算执行情况", ""),
    ("示范县城区学校划片招生范围", "示教发〔2024〕3号"),
    ("示范县生活垃圾焚烧发电项目环境影响评价报告", ""),
]
GROUNDS = {
    "partly_disclosed": "申请公开的信息中含有第三方个人信息，已作区分处理，隐去相关内容后予以公开。",
    "withheld_state_secret": "所申请信息经定密属于国家秘密，依据《条例》第十四条不予公开。",
    "withheld_prohibited_by_law": "所申请信息属于法律、行政法规禁止公开的信息。",
    "withheld_three_safeties": "公开后可能危及社会稳定。",
    "withheld_third_party": "第三方不同意公开，且不公开不会对公共利益造成重大影响。",
    "withheld_internal_affairs": "所申请信息属于本机关内部管理信息。",
    "withheld_process_information": "所申请信息属于讨论记录、过程稿等过程性信息。",
    "withheld_enforcement_file": "所申请信息属于行政执法案卷信息。",
    "withheld_inquiry_matter": "所申请信息属于不动产登记资料，请依照《不动产登记资料查询暂行办法》办理。",
    "unavailable_not_held": "经检索，本机关未制作或获取该信息。",
    "unavailable_needs_creation": "所申请信息需要对现有信息进行加工、分析。",
    "unavailable_still_unclear": "经补正后，申请内容仍不明确，无法确定所指信息。",
    "not_processed_petition": "申请内容属于投诉举报，已告知通过12345热线反映。",
    "not_processed_repeat": "本机关已就同一信息作出答复。",
    "not_processed_publication": "所申请信息已在《示范县人民政府公报》刊登，已告知获取途径。",
    "not_processed_excessive": "申请人一个月内提出同类申请40余件，经要求说明理由后认为理由不合理。",
    "not_processed_confirmation": "申请内容为要求确认已获取文件的真实性。",
    "other_other": "申请人撤回申请。",
}
# Follow-ups of the report year for table 4: (kind, result).
FOLLOW_UPS = [
    (RequestFollowUp.Kind.REVIEW, RequestFollowUp.Result.MAINTAINED),
    (RequestFollowUp.Kind.REVIEW, RequestFollowUp.Result.MAINTAINED),
    (RequestFollowUp.Kind.REVIEW, RequestFollowUp.Result.CORRECTED),
    (RequestFollowUp.Kind.REVIEW, RequestFollowUp.Result.PENDING),
    (RequestFollowUp.Kind.LITIGATION_DIRECT, RequestFollowUp.Result.MAINTAINED),
    (RequestFollowUp.Kind.LITIGATION_DIRECT, RequestFollowUp.Result.OTHER),
    (RequestFollowUp.Kind.LITIGATION_AFTER_REVIEW, RequestFollowUp.Result.PENDING),
]
APPLICANT_COLUMNS = list(ApplicantType)


def report_year(today):
    """The year whose annual report the demo publishes: the last full year."""
    return today.year - 1


def working_day_on_or_after(day):
    while not workdays.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class _Applicants:
    """Invented applicants with well-formed identity numbers, the same ones on every run."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def person(self):
        name = self.random.choice(SURNAMES) + self.random.choice(GIVEN_NAMES)
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=self.random.randrange(20000))
        first17 = f"360125{birth:%Y%m%d}{self.random.randrange(1000):03d}"
        return {
            "applicant_name": name,
            "id_type": IdentityDocument.RESIDENT_ID,
            "id_number": first17 + resident_id_check_character(first17),
            "phone": f"1{self.random.choice('3589')}{self.random.randrange(10**9):09d}",
            "address": f"示范县城关镇{self.random.choice(['人民路', '解放街', '新华路'])}{self.random.randrange(1, 200)}号",
            "postcode": "344100",
            "email": f"applicant{self.random.randrange(10**6)}@example.cn",
        }

    def organization(self, applicant_type):
        first17 = f"91360125MA{self.random.randrange(10**7):07d}"
        return {
            "applicant_name": self.random.choice(ORGANIZATION_NAMES[applicant_type]),
            "id_type": IdentityDocument.CREDIT_CODE,
            "id_number": first17 + credit_code_check_character(first17),
            "contact_name": self.random.choice(SURNAMES) + self.random.choice(GIVEN_NAMES),
            "phone": f"0797-{self.random.randrange(10**7):07d}",
            "address": "示范县工业园区创业大道8号",
            "postcode": "344100",
        }

    def of_type(self, applicant_type):
        if applicant_type == ApplicantType.NATURAL_PERSON:
            return self.person()
        return self.organization(applicant_type)


def load_applications(publisher, county, office_group=None):
    """The demo's applications to ``county``; returns the number created."""
    today = publisher.today
    year = report_year(today)
    applicants = _Applicants(seed=year)
    outcomes = list(ApplicationOutcome.objects.order_by("sort_order"))
    plans = []
    # Every result row of the report year, the applicant columns in turn; the first rows twice over.
    for index, outcome in enumerate(outcomes + outcomes[:6]):
        received = working_day_on_or_after(datetime.date(year, 1, 6) + datetime.timedelta(days=index * 13))
        plans.append((outcome, APPLICANT_COLUMNS[index % len(APPLICANT_COLUMNS)], received, None))
    # 上年结转: received in the December before, replied in January.
    for index in range(3):
        received = working_day_on_or_after(datetime.date(year - 1, 12, 15 + index * 3))
        plans.append((outcomes[index % 2], APPLICANT_COLUMNS[index], received, None))
    # 结转下年度: received at the end of the year, replied in the next.
    for index in range(2):
        received = working_day_on_or_after(datetime.date(year, 12, 22 + index * 3))
        plans.append((outcomes[0], APPLICANT_COLUMNS[index * 2], received, None))
    # This year's open applications, one per open state, and one that is late.
    recent = workdays.add_working_days(today, -3)
    for state in (State.SUBMITTED, State.REGISTERED, State.REVIEWING, State.PROCESSING):
        plans.append((None, ApplicantType.NATURAL_PERSON, recent, state))
    plans.append((None, ApplicantType.COMMERCIAL, workdays.add_working_days(today, -25), State.PROCESSING))

    created = 0
    for number, (outcome, applicant_type, received, open_state) in enumerate(plans, 1):
        code = f"9{received.year}{number:07d}"
        if InformationRequest.objects.filter(tracking_code=code).exists():
            continue
        _create(code, county, office_group, applicants, outcome, applicant_type, received, open_state, number)
        created += 1
    if not RequestFollowUp.objects.filter(organization=county).exists():
        replied = list(
            InformationRequest.objects.filter(organization=county, replied_on__year=year).order_by("replied_on")[:7]
        )
        for index, (kind, result) in enumerate(FOLLOW_UPS):
            filed = working_day_on_or_after(datetime.date(year, 3 + index, 10))
            RequestFollowUp.objects.create(
                organization=county,
                request=replied[index] if index < len(replied) else None,
                kind=kind,
                result=result,
                filed_on=filed,
                decided_on=None if result == RequestFollowUp.Result.PENDING else filed + datetime.timedelta(days=60),
            )
    return created


def _create(code, county, office_group, applicants, outcome, applicant_type, received, open_state, number):
    title, document_number = TOPICS[number % len(TOPICS)]
    channel = [Channel.ONLINE, Channel.IN_PERSON, Channel.REGISTERED_POST, Channel.ORDINARY_POST, Channel.FAX][
        number % 5
    ]
    submitted_at = timezone.make_aware(datetime.datetime.combine(received, datetime.time(10, number % 60)))
    request = InformationRequest(
        organization=county,
        kind=RequestKind.DISCLOSURE,
        tracking_code=code,
        channel=Channel.ONLINE if open_state == State.SUBMITTED else channel,
        state=State.REGISTERED,
        applicant_type=applicant_type,
        information_title=title,
        document_number=document_number,
        description="请提供该文件的全文。" if not document_number else "",
        medium=Medium.ELECTRONIC if number % 3 else Medium.PAPER,
        delivery=Delivery.EMAIL if number % 3 else Delivery.POST,
        accessibility_needs=number % 17 == 0,
        submitted_at=submitted_at,
        received_on=None if open_state == State.SUBMITTED else received,
        office_group=office_group,
        assigned_unit="" if open_state in (State.SUBMITTED, State.REGISTERED) else "综合股",
        **applicants.of_type(applicant_type),
    )
    if open_state == State.SUBMITTED:
        request.state = State.SUBMITTED
    if number == 1:
        request.secret_hash = hash_secret(DEMO_STATUS_SECRET)
    request.save()
    if open_state == State.SUBMITTED:
        return request
    day = received
    if open_state is None or open_state in (State.REVIEWING, State.PROCESSING):
        request.transition(State.REVIEWING, reason="材料齐全，进入审核", day=day)
    if open_state == State.PROCESSING or open_state is None:
        request.transition(State.PROCESSING, reason="分送承办科室办理", day=day)
    if outcome is None:
        request.refresh_deadlines()
        return request
    # Steps that count for the time limits, on some applications.
    reply_day = workdays.add_working_days(received, 8 + number % 9)
    if outcome.code == "unavailable_still_unclear":
        _event(
            request,
            RequestEvent.Kind.CORRECTION_REQUESTED,
            workdays.add_working_days(received, 3),
            correct_by=workdays.add_working_days(received, 13),
            note="申请内容不明确，请补正所需信息的名称或文号。",
        )
        corrected = workdays.add_working_days(received, 8)
        _event(request, RequestEvent.Kind.CORRECTED, corrected)
        reply_day = workdays.add_working_days(corrected, 10)
    if outcome.code == "withheld_third_party":
        sent = workdays.add_working_days(received, 4)
        _event(
            request,
            RequestEvent.Kind.THIRD_PARTY,
            sent,
            delivered_on=sent,
            answered_on=workdays.add_working_days(sent, 9),
            party="示范县恒达建材有限公司",
        )
        reply_day = workdays.add_working_days(received, 25)
    if outcome.code in ("partly_disclosed", "unavailable_needs_creation"):
        _event(
            request,
            RequestEvent.Kind.EXTENDED,
            workdays.add_working_days(received, 18),
            days=15,
            approver="县政府办公室主任 李明",
            note="所需信息涉及多个部门，需协调汇总。",
        )
        reply_day = workdays.add_working_days(received, 28)
    _event(request, RequestEvent.Kind.REPLIED, reply_day)
    request.outcome = outcome
    request.outcome_ground = GROUNDS.get(outcome.code, "")
    request.replied_on = reply_day
    request.save(update_fields=["outcome", "outcome_ground", "replied_on"])
    request.transition(State.REPLIED, reason=str(outcome), day=reply_day)
    # Most replied applications are archived a month later; some wait for their papers.
    if number % 6 and reply_day + datetime.timedelta(days=30) < timezone.localdate():
        request.transition(State.ARCHIVED, reason="办结归档", day=reply_day + datetime.timedelta(days=30))
    request.refresh_deadlines()
    return request


def _event(request, kind, day, **fields):
    return RequestEvent.objects.create(request=request, kind=kind, day=day, **fields)
