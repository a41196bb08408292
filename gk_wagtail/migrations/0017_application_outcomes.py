"""The result rows of table 3 of the annual report (国办公开办函〔2021〕30号), as data.

Each application closes in exactly one row. The labels are the official table's; ``article`` is
the article of the 政府信息公开条例 the result rests on.
"""

from django.db import migrations

GROUP_DISCLOSED = "（一）予以公开"
GROUP_PARTLY = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
GROUP_WITHHELD = "（三）不予公开"
GROUP_UNAVAILABLE = "（四）无法提供"
GROUP_NOT_PROCESSED = "（五）不予处理"
GROUP_OTHER = "（六）其他处理"

# code, group, label, article, requires_ground, discloses, reply notice template
OUTCOMES = [
    ("disclosed", GROUP_DISCLOSED, GROUP_DISCLOSED, "第三十六条第（一）（二）项", False, True, "reply_disclosed"),
    ("partly_disclosed", GROUP_PARTLY, GROUP_PARTLY, "第三十七条", True, True, "reply_partly_disclosed"),
    ("withheld_state_secret", GROUP_WITHHELD, "1.属于国家秘密", "第十四条", True, False, "reply_withheld"),
    (
        "withheld_prohibited_by_law",
        GROUP_WITHHELD,
        "2.其他法律行政法规禁止公开",
        "第十四条",
        True,
        False,
        "reply_withheld",
    ),
    ("withheld_three_safeties", GROUP_WITHHELD, "3.危及“三安全一稳定”", "第十四条", True, False, "reply_withheld"),
    ("withheld_third_party", GROUP_WITHHELD, "4.保护第三方合法权益", "第十五条", True, False, "reply_withheld"),
    (
        "withheld_internal_affairs",
        GROUP_WITHHELD,
        "5.属于三类内部事务信息",
        "第十六条第一款",
        True,
        False,
        "reply_withheld",
    ),
    (
        "withheld_process_information",
        GROUP_WITHHELD,
        "6.属于四类过程性信息",
        "第十六条第二款",
        True,
        False,
        "reply_withheld",
    ),
    (
        "withheld_enforcement_file",
        GROUP_WITHHELD,
        "7.属于行政执法案卷",
        "第十六条第二款",
        True,
        False,
        "reply_withheld",
    ),
    (
        "withheld_inquiry_matter",
        GROUP_WITHHELD,
        "8.属于行政查询事项",
        "第三十六条第（七）项",
        True,
        False,
        "reply_withheld",
    ),
    (
        "unavailable_not_held",
        GROUP_UNAVAILABLE,
        "1.本机关不掌握相关政府信息",
        "第三十六条第（四）（五）项",
        True,
        False,
        "reply_unavailable",
    ),
    (
        "unavailable_needs_creation",
        GROUP_UNAVAILABLE,
        "2.没有现成信息需要另行制作",
        "第三十八条",
        True,
        False,
        "reply_unavailable",
    ),
    (
        "unavailable_still_unclear",
        GROUP_UNAVAILABLE,
        "3.补正后申请内容仍不明确",
        "第三十条",
        True,
        False,
        "reply_unavailable",
    ),
    (
        "not_processed_petition",
        GROUP_NOT_PROCESSED,
        "1.信访举报投诉类申请",
        "第三十九条第一款",
        True,
        False,
        "reply_not_processed",
    ),
    (
        "not_processed_repeat",
        GROUP_NOT_PROCESSED,
        "2.重复申请",
        "第三十六条第（六）项",
        True,
        False,
        "reply_not_processed",
    ),
    (
        "not_processed_publication",
        GROUP_NOT_PROCESSED,
        "3.要求提供公开出版物",
        "第三十九条第二款",
        True,
        False,
        "reply_not_processed",
    ),
    (
        "not_processed_excessive",
        GROUP_NOT_PROCESSED,
        "4.无正当理由大量反复申请",
        "第三十五条",
        True,
        False,
        "reply_not_processed",
    ),
    (
        "not_processed_confirmation",
        GROUP_NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
        "",
        True,
        False,
        "reply_not_processed",
    ),
    (
        "other_not_corrected",
        GROUP_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
        False,
        False,
        "reply_other",
    ),
    (
        "other_fee_unpaid",
        GROUP_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条",
        False,
        False,
        "reply_other",
    ),
    ("other_other", GROUP_OTHER, "3.其他", "", True, False, "reply_other"),
]


def add_outcomes(apps, schema_editor):
    ApplicationOutcome = apps.get_model("gk_wagtail", "ApplicationOutcome")
    for order, (code, group, label, article, requires_ground, discloses, template) in enumerate(OUTCOMES, 1):
        ApplicationOutcome.objects.update_or_create(
            code=code,
            defaults={
                "group": group,
                "label": label,
                "sort_order": order,
                "article": article,
                "requires_ground": requires_ground,
                "discloses": discloses,
                "notice_template": template,
            },
        )


def remove_outcomes(apps, schema_editor):
    apps.get_model("gk_wagtail", "ApplicationOutcome").objects.filter(code__in=[row[0] for row in OUTCOMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("gk_wagtail", "0016_information_requests")]

    operations = [migrations.RunPython(add_outcomes, remove_outcomes)]
