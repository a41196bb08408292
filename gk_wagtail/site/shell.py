"""What the shell's templates show around one page, worked out lazily so an overridden include costs nothing."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from wagtail.models import Site

from gk_wagtail.site import display_mode
from gk_wagtail.site.navigation import main_navigation


def _url(name):
    """The URL named ``name``, or "" when the integrator did not include it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


class SiteShell:
    """The site name, emblem, footer settings, navigation, links and display mode of the page being rendered.

    Without a request (Django's 400 and 500 pages) it reads neither the database nor the request:
    the site name comes from WAGTAIL_SITE_NAME and there is no navigation or footer settings.
    """

    def __init__(self, request=None, page=None, elder=False):
        self.request = request
        self.page = page
        self._elder = elder

    @cached_property
    def site(self):
        return Site.find_for_request(self.request) if self.request is not None else None

    @cached_property
    def settings(self):
        """The site's GovSiteSettings, or None."""
        from gk_wagtail.site_settings import GovSiteSettings

        return GovSiteSettings.for_request(self.request) if self.site is not None else None

    @cached_property
    def site_name(self):
        if self.site is not None:
            return self.site.site_name or self.site.hostname
        return getattr(settings, "WAGTAIL_SITE_NAME", "")

    @cached_property
    def home_url(self):
        if self.site is not None:
            return self.site.root_page.get_url(request=self.request) or "/"
        return "/"

    @cached_property
    def navigation(self):
        """NavItems for the main navigation; empty without a site."""
        if self.site is None:
            return []
        return main_navigation(self.site.root_page, self.request, self.page)

    @cached_property
    def mode(self):
        return display_mode.mode_of(self.request)

    @property
    def elder(self):
        """Whether the page is shown in 长辈版."""
        return self.mode.elder if self.mode is not None else self._elder

    @cached_property
    def switch_url(self):
        """The link that switches to the other display mode and comes back here; "" when it cannot work."""
        base = _url("gk_wagtail_site:display_mode")
        if not base or self.mode is None:
            return ""
        query = {"mode": display_mode.STANDARD if self.elder else display_mode.ELDER}
        query["next"] = self.request.get_full_path()
        return f"{base}?{urlencode(query)}"

    @cached_property
    def search_url(self):
        return _url("gk_wagtail_search:search")

    @cached_property
    def sitemap_url(self):
        return _url("gk_wagtail_site:sitemap")

    @cached_property
    def accessibility_url(self):
        return _url("gk_wagtail_site:accessibility")
