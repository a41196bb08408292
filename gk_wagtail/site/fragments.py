"""Cached fragments of public pages, valid while the site's content version stays the same.

The version is one value in Django's default cache. Publishing, unpublishing, moving or deleting a
page, and any change to the site settings, the registers or a catalog's rows, replace it, so every
fragment cached before is left unread and expires. The cache must be shared by the processes that
serve the site (Redis, Memcached, a database cache) for a change made in one to reach the others.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from gk_wagtail.conf import gk_settings

VERSION_KEY = "gk_wagtail:content_version"
KEY_PREFIX = "gk_wagtail:fragment"


def content_version():
    """The current content version; a new one when the cache holds none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_content_version(**kwargs):
    """Retire every cached fragment (a signal receiver, hence ``**kwargs``).

    Again once the transaction commits: a request served in between could read the data as it was
    before and cache it under the new version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def fragment_key(request, name, vary_on=()):
    """The cache key of fragment ``name`` for ``request``, or None when this response must not use the cache.

    Previews and pages rendered without a request are never cached: they show what is not published.
    """
    if not gk_settings.FRAGMENT_CACHE_TIMEOUT or request is None or getattr(request, "is_preview", False):
        return None
    site = Site.find_for_request(request)
    # Links are relative on their own site and absolute elsewhere, so the site is part of the key.
    parts = [str(site.pk if site else ""), translation.get_language() or "", *(str(value) for value in vary_on)]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{content_version()}:{name}:{digest}"


def cached_fragment(request, name, vary_on, render):
    """``render()``, or what it returned for the same key while the content version has not changed."""
    key = fragment_key(request, name, vary_on)
    if key is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, gk_settings.FRAGMENT_CACHE_TIMEOUT)
    return html


def _changes_content(sender):
    from gk_wagtail import models

    watched = (
        Page,
        Site,
        models.GovSiteSettings,
        models.Organization,
        models.Theme,
        models.DisclosureStage,
        models.Domain,
        models.InterpretationForm,
        models.DisclosureChannel,
        models.VillageAffairsCategory,
        models.CatalogItem,
        models.CatalogDomain,
    )
    return isinstance(sender, type) and issubclass(sender, watched)


def _on_model_change(sender, **kwargs):
    if _changes_content(sender):
        bump_content_version()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and _changes_content(type(instance)):
        bump_content_version()


def connect_signals():
    for signal in (post_save, post_delete):
        signal.connect(_on_model_change, dispatch_uid=f"gk_wagtail_content_version_{signal}")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="gk_wagtail_content_version_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"gk_wagtail_content_version_{signal}")
