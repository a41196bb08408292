"""舆情回应: two responses to public opinion about 示范镇, in the standard 回应关切 column.

An ordinary one with an overdue commitment, and a major one whose press conference came late
(国办发〔2016〕80号: a press conference within 24 hours of a major event). Dates are relative to the
publisher's ``today`` so the demo always looks current. See docs/opinion-responses.md.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gk_wagtail.models import (
    OpinionCommitment,
    OpinionResponseLink,
    OpinionResponsePage,
    PolicyDocumentPage,
    VillageAffairsCategory,
)
from gk_wagtail.page_types.villages import Period
from gk_wagtail.setup.columns import setup_columns

from .publishing import Publisher, body
from .villages import ensure_village_organizations, entry, load_villages

RESPONSES_CODE = "hygq"
POLICIES_CODE = "zcwj"


def load_responses(publisher, columns, county, township, index_pages):
    """The responses, published by ``county`` for ``township``, in the 回应关切 column of ``columns``."""
    today = publisher.today
    responses = columns[RESPONSES_CODE]
    policy = PolicyDocumentPage.objects.descendant_of(columns[POLICIES_CODE]).live().first()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 30)))

    noticed = now - datetime.timedelta(days=40)
    water = OpinionResponsePage(
        title="关于城南社区二次供水水质问题的回应",
        slug="chengnan-water",
        topic="城南社区居民反映自来水发黄",
        first_noticed_at=noticed,
        first_noticed_where="12345政务服务便民热线",
        severity="ordinary",
        responsible_organization=township,
        issuing_organ=county,
        status="supervising",
        responded_at=noticed + datetime.timedelta(hours=20),
        body=body(
            "经排查，水质问题系小区二次供水水箱老化所致。示范镇已组织供水企业对水箱进行清洗消毒，"
            "并将委托第三方机构检测水质，检测结果将向居民公开。"
        ),
    )
    water.commitments.add(
        OpinionCommitment(
            promise="完成二次供水水箱清洗消毒并公布第三方水质检测报告",
            due_date=today - datetime.timedelta(days=10),
            status="in_progress",
        )
    )
    if policy is not None:
        water.related_links.add(OpinionResponseLink(linked_page=policy))
    publisher.publish_child(responses, water)

    noticed = now - datetime.timedelta(days=90, hours=3)
    relief_paid = timezone.localtime(noticed).date() + datetime.timedelta(days=3)
    # The village notice that shows the commitment below was kept.
    relief = entry(
        publisher,
        index_pages["dongling"],
        "flood-relief-result",
        "东岭村受灾群众救助资金发放结果公示",
        VillageAffairsCategory.objects.get(name="村务"),
        Period.containing(relief_paid, "month"),
        published=relief_paid,
        topic="social_assistance",
        body=body("共向32户受灾群众发放临时救助资金9.6万元，名单附后。"),
    )
    flood = OpinionResponsePage(
        title="关于示范镇暴雨灾情的情况通报",
        slug="shifan-flood",
        topic="示范镇遭遇强降雨，部分村庄受淹",
        first_noticed_at=noticed,
        first_noticed_where="微博",
        severity="major",
        responsible_organization=township,
        issuing_organ=county,
        status="closed",
        responded_at=noticed + datetime.timedelta(hours=3),
        # Late: the press conference was due within 24 hours.
        press_conference_at=noticed + datetime.timedelta(hours=26),
        body=body(
            "示范镇遭遇强降雨，已转移群众186人，无人员伤亡。县政府已启动防汛四级应急响应，"
            "受灾群众临时救助资金三日内发放到户。"
        ),
    )
    flood.commitments.add(
        OpinionCommitment(
            promise="三日内将临时救助资金发放到户并公示",
            due_date=relief_paid,
            status="kept",
            evidence_page=relief,
        )
    )
    publisher.publish_child(responses, flood)


@transaction.atomic
def load_village_and_opinion_demo(home, county, today=None):
    """The villages and the responses on ``home``'s site, on their own; returns the pages and organizations created.

    The site gets ``county``'s standard columns first, as ``manage.py gk_setup_columns`` would give
    it; those columns are not in the list returned. Safe to run again: what exists (found by slug or
    name) is left as it is, so a second run on the same day creates nothing. ``county`` publishes the
    responses and must have a unified social credit code, as responses get index numbers. A failure
    leaves nothing behind.
    """
    publisher = Publisher(today or timezone.localdate())
    township = ensure_village_organizations(publisher, county)
    columns = setup_columns(home.get_site(), county, "county").columns
    index_pages = load_villages(publisher, columns, township)
    load_responses(publisher, columns, county, township, index_pages)
    return publisher.created
