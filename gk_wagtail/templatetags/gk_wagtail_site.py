"""The site shell's template tags: ``{% site_shell as shell %}`` and the fragment cache ``{% gk_cached %}``."""

from django import template
from wagtail.models import Page

from gk_wagtail.site.fragments import cached_fragment
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


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        vary_on = [value.resolve(context) for value in self.vary_on]
        return cached_fragment(context.get("request"), self.name, vary_on, lambda: self.nodelist.render(context))


@register.tag
def gk_cached(parser, token):
    """``{% gk_cached "name" value… %}…{% end_gk_cached %}``: the enclosed HTML, cached per site,
    language, content version and the given values (gk_wagtail.site.fragments)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted fragment name, then the values it varies on")
    nodelist = parser.parse(("end_gk_cached",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
