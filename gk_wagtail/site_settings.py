"""Per-site settings: which organization a site speaks for, and its 政府网站标识码."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class GovSiteSettings(BaseSiteSetting):
    """The organization behind a site and the identifiers the 47号 meta tags publish."""

    organization = models.ForeignKey(
        "gk_wagtail.Organization", verbose_name=_("organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    site_id_code = models.CharField(
        _("site identification code"), max_length=20, blank=True,
        help_text=_("政府网站标识码, assigned when the site was registered, e.g. 4400000001."),
    )

    panels = [FieldPanel("organization"), FieldPanel("site_id_code")]

    class Meta:
        verbose_name = _("government site settings")
