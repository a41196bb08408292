"""Per-site settings: which organization a site speaks for, its identifiers, and what its footer names."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

#: Where an ICP备案号 is looked up (工业和信息化部 ICP/IP地址/域名信息备案管理系统).
ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"
#: Where a 公安机关备案号 is looked up (全国互联网安全管理服务平台); the record's digits follow.
POLICE_RECORD_LOOKUP_URL = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode="

validate_icp_number = RegexValidator(
    r"^[\u4e00-\u9fff]ICP[备证]\d{6,12}号(-\d{1,3})?$",
    _("Enter the number as the ICP filing system issued it, e.g. 湘ICP备05004567号 or 湘ICP备2021012345号-1."),
)
validate_police_record_number = RegexValidator(
    r"^[\u4e00-\u9fff]公网安备\d{10,20}号$",
    _("Enter the number as the public security filing system issued it, e.g. 湘公网安备43052102000123号."),
)


@register_setting(icon="site")
class GovSiteSettings(BaseSiteSetting):
    """The organization behind a site, the identifiers the 47号 meta tags publish, and the footer's facts.

    The footer of every public page names 主办单位, 承办单位 and how to reach them, and shows the
    政府网站标识码, the ICP备案号 and the 公安机关备案号, each linked to where it can be checked.
    """

    organization = models.ForeignKey(
        "gk_wagtail.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site_id_code = models.CharField(
        _("site identification code"),
        max_length=20,
        blank=True,
        help_text=_("政府网站标识码, assigned when the site was registered, e.g. 4400000001."),
    )
    emblem = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("emblem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The national emblem or the site's logo, shown before the site name; leave empty for none."),
    )
    sponsor = models.CharField(
        _("sponsor"),
        max_length=200,
        blank=True,
        help_text=_("主办单位: the organization that runs the site, e.g. 示范县人民政府办公室."),
    )
    operator = models.CharField(
        _("operator"),
        max_length=200,
        blank=True,
        help_text=_("承办单位: the organization that maintains the site, e.g. 示范县政务服务数据管理局."),
    )
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP number"),
        max_length=40,
        blank=True,
        validators=[validate_icp_number],
        help_text=_("ICP备案号, linked to the MIIT filing system in the footer."),
    )
    police_record_number = models.CharField(
        _("public security record number"),
        max_length=40,
        blank=True,
        validators=[validate_police_record_number],
        help_text=_("公安机关备案号, linked to its record on the public security filing system in the footer."),
    )

    panels = [
        FieldPanel("organization"),
        FieldPanel("site_id_code"),
        FieldPanel("emblem"),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("operator")],
            heading=_("Who runs the site"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_record_number")],
            heading=_("Filing numbers"),
        ),
    ]

    class Meta:
        verbose_name = _("government site settings")

    # The header of every page shows the emblem: fetched with the settings.
    select_related = ["emblem"]
    icp_lookup_url = ICP_LOOKUP_URL

    @property
    def police_record_url(self):
        """The record's page on the public security filing system, or "" without a number."""
        digits = re.sub(r"\D", "", self.police_record_number)
        return POLICE_RECORD_LOOKUP_URL + digits if digits else ""
