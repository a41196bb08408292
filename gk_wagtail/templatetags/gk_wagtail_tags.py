"""Template tags for disclosure pages: the 47号 meta tags, the column a page sits in, and dates as public pages write them."""

import datetime

from django import template
from django.utils import timezone
from wagtail.models import Site

register = template.Library()


@register.filter
def cn_date(value):
    """A date as Chinese public pages write it, 2024年3月14日; a date and time in local time, 2024年3月14日 09:05.

    The one form of dates citizens read; ``<time datetime>`` attributes keep ISO 8601 for machines.
    Anything else (None, "") is shown as it is.
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return value if value is not None else ""


def column_of(page):
    """The nearest column page at or above ``page``, or None."""
    from gk_wagtail.page_types.columns import ColumnPage

    if isinstance(page, ColumnPage):
        return page
    return ColumnPage.objects.ancestor_of(page).order_by("-depth").first()


@register.inclusion_tag("gk_wagtail/includes/meta_tags.html", takes_context=True)
def gov_meta_tags(context, page=None):
    """The 政府网站发展指引 (国办发〔2017〕47号) meta tags at site, column and article level."""
    from gk_wagtail.page_types.documents import GovDocumentMixin
    from gk_wagtail.site_settings import GovSiteSettings

    request = context.get("request")
    page = page or context.get("page")
    site = Site.find_for_request(request) if request else None
    tags = []
    if site:
        settings = GovSiteSettings.for_request(request)
        tags += [("SiteName", site.site_name), ("SiteDomain", site.hostname), ("SiteIDCode", settings.site_id_code)]
    column = column_of(page) if page else None
    if column:
        tags += [
            ("ColumnName", column.title),
            ("ColumnDescription", column.description),
            ("ColumnKeywords", column.column_keywords),
            ("ColumnType", column.column_type),
        ]
    if isinstance(page, GovDocumentMixin):
        published = page.first_published_at or page.last_published_at
        tags += [
            ("ArticleTitle", page.title),
            ("PubDate", timezone.localtime(published).strftime("%Y-%m-%d %H:%M") if published else ""),
            ("ContentSource", page.issuing_organ_name),
            ("Keywords", ",".join(page.keyword_names)),
            ("Description", page.summary),
        ]
    return {"meta_tags": [(name, value) for name, value in tags if value]}


@register.inclusion_tag("gk_wagtail/includes/how_to_apply.html", takes_context=True)
def how_to_apply(context, page):
    """Where a citizen applies for ``page`` when it is disclosed on request (条例第二十七条, 第二十九条).

    The office is the page's issuing organization, else the organization the site speaks for, with
    the contact data of its register entry (条例第十二条); the guide is ``APPLICATION_GUIDE_URL`` or
    the site's 依申请公开 column.
    """
    from gk_wagtail.conf import gk_settings
    from gk_wagtail.page_types.columns import on_request_column
    from gk_wagtail.site_settings import GovSiteSettings

    request = context.get("request")
    site = Site.find_for_request(request) if request else page.get_site()
    organization = page.issuing_organ
    if organization is None and site is not None:
        organization = GovSiteSettings.for_site(site).organization
    guide_url = gk_settings.APPLICATION_GUIDE_URL
    if not guide_url:
        column = on_request_column(site)
        guide_url = column.get_url(request) if column else ""
    return {"organization": organization, "guide_url": guide_url}
