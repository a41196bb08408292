"""长辈版 (the elderly-friendly display of 工业和信息化部《互联网网站适老化通用设计规范》) and 标准版.

A visitor's choice is a cookie, set by a plain link (no JavaScript) to ``views.switch_display_mode``.
Pages look different with it, so ``DisplayModeMiddleware`` makes every response that read it
vary on Cookie; without the middleware the choice is not offered at all (check gk_wagtail.W030).
"""

import unicodedata

from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme

STANDARD, ELDER = "standard", "elder"
MODES = (STANDARD, ELDER)
COOKIE_NAME = "gk_display_mode"
#: A year: the choice is remembered like a font size, not like a session.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
#: Longer return addresses are not followed; no page of the site needs one.
MAX_NEXT_LENGTH = 2000


class DisplayModeMiddleware:
    """Reads the visitor's display mode into ``request.gk_display_mode``; adds ``Vary: Cookie`` where it was used.

    Put it below ``UpdateCacheMiddleware`` (if used) so a cache sees the Vary header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.gk_display_mode = DisplayMode(request.COOKIES.get(COOKIE_NAME))
        response = self.get_response(request)
        if request.gk_display_mode.used:
            patch_vary_headers(response, ("Cookie",))
        return response


class DisplayMode:
    """The display mode of one request; ``used`` records whether a page was rendered with it."""

    def __init__(self, value):
        self.value = value if value in MODES else STANDARD
        self.used = False

    @property
    def elder(self):
        self.used = True
        return self.value == ELDER


def mode_of(request):
    """The request's DisplayMode, or None when DisplayModeMiddleware is not installed (or there is no request)."""
    return getattr(request, "gk_display_mode", None) if request is not None else None


def safe_next_url(request, value):
    """``value`` if it is a path on this site, else "/": the only places the switch sends a visitor back to."""
    if (
        not value
        or len(value) > MAX_NEXT_LENGTH
        or not value.startswith("/")
        or any(unicodedata.category(character)[0] == "C" for character in value)
        or not url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return "/"
    return iri_to_uri(value)
