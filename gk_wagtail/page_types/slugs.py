"""Short slugs for new pages, in the style ``SLUG_STYLE`` chooses (docs/settings.md).

Wagtail makes a new page's slug from its title, in the editor (JavaScript, as the title is typed)
or on save when the slug is empty; with Chinese titles that is the whole title, percent-encoded in
every address. A new page whose slug is still the one made from its title gets a short ASCII slug
instead, unique among its siblings; a slug an editor typed is kept, and so is the slug of every
page already saved, so no published address changes.
"""

import re

from django.utils import timezone
from django.utils.text import slugify

from gk_wagtail.conf import gk_settings
from gk_wagtail.formats.slugs import date_slug, free_slug, pinyin_slug

PINYIN, DATE, TITLE = "pinyin", "date", "title"
SLUG_STYLES = (PINYIN, DATE, TITLE)
#: Wagtail's own cap on a slug (Page.slug's max_length).
WAGTAIL_SLUG_LENGTH = 255


def title_slugs(title):
    """The slugs Wagtail makes of ``title``: on the server (django's slugify) and in the editor (its urlify)."""
    title = (title or "").strip()
    typed = re.sub(r"[^-\w\s]", "", title.lower())
    typed = re.sub(r"[-\s]+", "-", typed)[:WAGTAIL_SLUG_LENGTH].rstrip("-")
    return {slugify(title, allow_unicode=True), slugify(title), typed} - {""}


def base_slug(title, date, style=None, max_length=None):
    """The slug a new page of ``title`` and ``date`` starts from, before siblings are counted."""
    style = style or gk_settings.SLUG_STYLE
    max_length = max_length or gk_settings.SLUG_MAX_LENGTH
    if style == TITLE:
        return slugify(title, allow_unicode=True)[:WAGTAIL_SLUG_LENGTH]
    if style == PINYIN and (slug := pinyin_slug(title, max_length)):
        return slug
    return date_slug(date or timezone.localdate())


class ShortSlugMixin:
    """Gives a new page a short slug (``base_slug``) when its slug is empty or made from its title."""

    def slug_date(self):
        """The date of the ``date`` style: when the page was published, else written, else today."""
        return getattr(self, "date_published", None) or getattr(self, "date_written", None)

    def wants_short_slug(self):
        if self.pk is not None or gk_settings.SLUG_STYLE == TITLE:
            return False
        # The parent is known once the page is being added to the tree (add_child sets its path).
        return bool(self.path) and (not self.slug or self.slug in title_slugs(self.title))

    def shorten_slug(self):
        if not self.wants_short_slug():
            return
        base = base_slug(self.title, self.slug_date())
        if base:
            parent = self.get_parent()
            self.slug = free_slug(
                base,
                lambda slug: not self._slug_is_available(slug, parent, self),
                max(gk_settings.SLUG_MAX_LENGTH, len(base)),
            )

    def full_clean(self, *args, **kwargs):
        self.shorten_slug()
        super().full_clean(*args, **kwargs)

    # Wagtail saves a page that is not live (a draft, one submitted for review) with this instead
    # of full_clean.
    def minimal_clean(self):
        self.shorten_slug()
        super().minimal_clean()
