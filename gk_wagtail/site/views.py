"""The site's own pages: the 长辈版 switch, the 网站地图, the 无障碍 page, and a 500 page that needs no database."""

from django.http import HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from gk_wagtail.site import display_mode
from gk_wagtail.site.navigation import column_tree


@never_cache
def switch_display_mode(request):
    """Remember ``?mode=elder`` or ``?mode=standard`` and go back to ``next`` (a path on this site, else home)."""
    response = HttpResponseRedirect(display_mode.safe_next_url(request, request.GET.get("next", "")))
    if request.GET.get("mode") == display_mode.ELDER:
        response.set_cookie(
            display_mode.COOKIE_NAME,
            display_mode.ELDER,
            max_age=display_mode.COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(display_mode.COOKIE_NAME, samesite="Lax")
    return response


def sitemap(request):
    """网站地图: the columns of the site, as a nested list."""
    site = Site.find_for_request(request)
    tree = column_tree(site.root_page, request) if site else []
    return TemplateResponse(request, "gk_wagtail/site/sitemap.html", {"tree": tree})


def accessibility(request):
    """无障碍: how to use the site with a keyboard, a screen reader, enlarged text or 长辈版, and whom to tell."""
    return TemplateResponse(request, "gk_wagtail/site/accessibility.html", {})


def server_error(request, template_name="500.html"):
    """Django's 500 view, keeping the visitor's 长辈版: the template gets no request, so it touches no database."""
    mode = display_mode.mode_of(request)
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"gk_elder": bool(mode and mode.value == display_mode.ELDER)}))
