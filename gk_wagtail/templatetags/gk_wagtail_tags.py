"""Template tags for disclosure pages: the 47号 meta tags and the column a page sits in."""

from django import template
from django.utils import timezone
from wagtail.models import Site

register = template.Library()


def column_of(page):
    """The nearest column page at or above ``page``, or None."""
    from ..page_types.columns import ColumnPage

    if isinstance(page, ColumnPage):
        return page
    return ColumnPage.objects.ancestor_of(page).order_by("-depth").first()


@register.inclusion_tag("gk_wagtail/includes/meta_tags.html", takes_context=True)
def gov_meta_tags(context, page=None):
    """The 政府网站发展指引 (国办发〔2017〕47号) meta tags at site, column and article level."""
    from ..page_types.document import GovDocumentMixin
    from ..site_settings import GovSiteSettings

    request = context.get("request")
    page = page or context.get("page")
    site = Site.find_for_request(request) if request else None
    tags = []
    if site:
        settings = GovSiteSettings.for_site(site)
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
