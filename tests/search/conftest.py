import datetime

import pytest
from wagtail.models import PageViewRestriction

from gk_wagtail.formats.metadata import Validity
from gk_wagtail.models import Theme
from tests.factories import (
    DEPARTMENT_CREDIT_CODE,
    make_column,
    make_interpretation,
    make_organization,
    make_policy,
    make_search_site,
)


@pytest.fixture
def documents(db):
    """Five policies of two Shanghai agencies, one of them a draft, for the search backend tests."""
    home = make_search_site()
    housing = make_organization("上海市房屋管理局", short_name="市房管局")
    planning = make_organization("上海市规划和自然资源局", credit_code=DEPARTMENT_CREDIT_CODE)
    column = make_column(home)
    pages = {
        "regulation": make_policy(
            column, planning, title="上海市政府信息公开规定", document_number="沪府令〔2020〕11号"
        ),
        "valuation": make_policy(
            column,
            housing,
            title="关于印发《上海市国有土地上房屋征收评估管理规定》的通知",
            document_number="沪房规范〔2024〕7号",
            date_published=datetime.date(2024, 3, 1),
        ),
        "citing": make_policy(
            column,
            planning,
            title="关于执行沪房规范〔2024〕7号文件有关问题的说明",
            document_number="沪规划资源〔2024〕2号",
            summary="依据沪房规范〔2024〕7号，明确征收评估的程序。",
        ),
        "bikes": make_policy(
            column, planning, title="上海市互联网租赁自行车管理办法", document_number="沪交规〔2023〕5号"
        ),
        "draft": make_policy(
            column, planning, title="政府信息公开工作要点（征求意见稿）", document_number="", live=False
        ),
    }
    return pages


@pytest.fixture
def site_documents(db):
    """Four public documents of two agencies about 征收评估, and two that citizens must not find."""
    home = make_search_site()
    housing = make_organization("上海市房屋管理局", short_name="市房管局")
    planning = make_organization("上海市规划和自然资源局", credit_code=DEPARTMENT_CREDIT_CODE)
    theme = Theme.objects.create(name="城乡建设、环境保护")
    policies = make_column(home)
    interpretations = make_column(home, "政策解读", "interpretations")
    valuation = make_policy(
        policies,
        housing,
        title="上海市国有土地上房屋征收评估管理规定",
        document_number="沪房规范〔2024〕7号",
        date_published=datetime.date(2024, 3, 1),
        theme=theme,
        summary="为规范房屋征收评估活动，保障被征收人的合法权益，制定本规定。",
    )
    old = make_policy(
        policies,
        housing,
        title="上海市房屋征收评估机构管理办法",
        document_number="沪房规范〔2019〕3号",
        date_published=datetime.date(2019, 6, 1),
        validity=Validity.EXPIRED,
    )
    planning_rule = make_policy(
        policies,
        planning,
        title="上海市征收土地评估技术规范",
        document_number="沪规划资源规〔2022〕4号",
        date_published=datetime.date(2022, 1, 10),
        theme=theme,
    )
    explained = make_interpretation(
        interpretations,
        housing,
        [valuation],
        title="图解：房屋征收评估管理规定",
        date_published=datetime.date(2024, 3, 3),
    )
    make_policy(policies, housing, title="房屋征收评估工作要点（草稿）", document_number="", live=False)
    hidden = make_policy(policies, planning, title="内部房屋征收评估名单", document_number="沪规划资源〔2023〕1号")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return {
        "valuation": valuation,
        "old": old,
        "planning": planning_rule,
        "explained": explained,
        "housing": housing,
        "theme": theme,
    }
