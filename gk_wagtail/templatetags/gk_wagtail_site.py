"""The site shell's template tag: ``{% site_shell as shell %}``, used once by gk_wagtail/site/base.html."""

from django import template
from wagtail.models import Page

from gk_wagtail.site.shell import SiteShell

register = template.Library()


@register.simple_tag(takes_context=True)
def site_shell(context):
    """The SiteShell of the page being rendered; without a request it touches no database (400 and 500 pages)."""
    page = context.get("page")
    return SiteShell(
        context.get("request"),
        page if isinstance(page, Page) else None,
        elder=bool(context.get("gk_elder")),
    )
