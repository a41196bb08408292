"""Publish many new pages under one parent at once, with the result of adding and publishing each.

:func:`publish_new_pages` writes what ``parent.add_child(instance=page)``,
``page.save_revision()`` and ``revision.publish()`` write for every page, in a few statements per
batch instead of some eighty per page:

* the tree: paths, depth and the parent's ``numchild`` computed for the whole batch, as
  treebeard's ``add_child`` would give them one by one (the parent row is locked meanwhile);
* the rows: the ``Page`` rows in one multi-row insert, then the rows of the specific model, then
  the pages' child relations (keywords, through the page's own tag manager) and parental
  many-to-many relations, all from what the page objects hold in memory;
* one revision per page, holding what ``save_revision()`` would have stored, set as the page's
  latest and live revision; ``first_published_at`` (kept when the caller set it) and
  ``last_published_at``;
* 索引号 for pages that get one at first publish, handed out in blocks
  (:func:`~gk_wagtail.index_numbers.assign_index_numbers`);
* the history: a ``wagtail.create`` and a ``wagtail.publish`` entry per page;
* the reference index and the search index (each backend's ``add_bulk``);
* after commit, ``page_published`` and ``published`` for each page, as publishing sends them.

What it does not do (docs/importing.md): no ``pre_save``/``post_save`` (nor ``m2m_changed``)
signal is sent, since no model's ``save()`` runs; the model's own checks run through
``clean_fields()``, ``clean()`` and ``prepare_to_save()`` where the model has one. Pages with a
future ``go_live_at``, aliases and translations are not handled: publish those one by one.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.index import class_is_indexed, get_search_backends_with_name
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published, published

from gk_wagtail.index_numbers import IssuedIndexNumber, assign_index_numbers

logger = logging.getLogger(__name__)

#: Fields a page holds differently once published; the revision keeps their values from before.
PUBLISHING_FIELDS = (
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "expired",
    "date_published",
    "index_number",
)


def publish_new_pages(parent, pages, user=None):
    """Add the unsaved ``pages`` (all of one specific model) as the last children of ``parent`` and publish them.

    Returns their revisions, in order. Runs in one transaction: either every page is published or
    none is. Raises ValidationError if a page fails its model's checks or its slug is taken.
    """
    pages = list(pages)
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages) or not issubclass(model, Page):
        raise TypeError("publish_new_pages() takes pages of one specific page model.")
    if any(page.pk is not None for page in pages):
        raise ValueError("publish_new_pages() adds new pages only.")
    with transaction.atomic():
        parent_row = Page.objects.select_for_update().get(pk=parent.pk)
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        base_content_type = ContentType.objects.get_for_model(Page)
        _place(parent_row, pages, content_type)
        numbers = _prepare(pages, now)
        _insert(model, pages)
        if numbers:
            for record, page in numbers:
                record.page_id = page.pk
            IssuedIndexNumber.objects.bulk_update([record for record, _page in numbers], ["page_id"])
        Page.objects.filter(pk=parent_row.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild = parent_row.numchild + len(pages)
        revisions = _revisions(pages, content_type, base_content_type, user, now)
        _history(pages, revisions, content_type, user, now)
        _reference_index(model, pages)
        _search_index(model, pages)
        for page in pages:
            page.__dict__.pop("_gk_draft", None)
        transaction.on_commit(lambda: _send_published(pages, revisions))
    return revisions


def _place(parent, pages, content_type):
    """Tree fields, URL path, locale and the checks Wagtail runs when a page is added, for every page."""
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    # Treebeard's own arithmetic for the next child path (the step after the last child's).
    step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    if step + len(pages) - 1 >= len(Page.alphabet) ** Page.steplen:
        raise PathOverflow("The parent page cannot take that many more children.")
    slugs = [page.slug for page in pages]
    taken = set(children.filter(slug__in=slugs).values_list("slug", flat=True))
    seen = set()
    for offset, page in enumerate(pages):
        if not page.slug:
            raise ValueError("publish_new_pages() needs a slug on every page.")
        if page.slug in taken or page.slug in seen:
            raise ValidationError(
                {"slug": f"The slug '{page.slug}' is already in use within the parent page at '{parent.url_path}'."}
            )
        seen.add(page.slug)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step + offset)
        page.numchild = 0
        page._cached_parent_obj = parent
        page.content_type = content_type
        if page.locale_id is None:
            page.locale_id = parent.locale_id
        page.title = page._meta.get_field("title").clean(page.title, page)
        page.draft_title = page.title
        page.url_path = parent.url_path + page.slug + "/"
        # Read from memory from now on, as they are before the page has an id: a query each otherwise.
        for relation in get_all_child_relations(page):
            manager = getattr(page, relation.get_accessor_name())
            if not manager.is_deferring:
                manager.set([])
        for field in get_all_child_m2m_relations(page):
            manager = getattr(page, field.name)
            manager.set(list(manager.all()))


def _prepare(pages, now):
    """Validate every page, keep its state as of its revision and publish it in memory.

    Returns the 索引号 handed out, as ``(IssuedIndexNumber, page)``.

    A page comes as ``add_child()`` would save it (a draft, unless the caller set ``live``): that
    state is what its revision holds. Then it is published: what ``save()`` does for a live page
    is done again, so a draft numbered at publishing gets its 索引号 then, as one by one.
    """
    relations = [field.name for field in pages[0]._meta.concrete_fields if field.is_relation]
    records = []
    for stage in ("added", "published"):
        waiting = []
        for page in pages:
            if stage == "published":
                page.__dict__["_gk_draft"] = {name: getattr(page, name, None) for name in PUBLISHING_FIELDS}
                page.live = True
                page.expired = False
                page.has_unpublished_changes = False
                page.last_published_at = now
                page.latest_revision_created_at = now
                if page.first_published_at is None:
                    page.first_published_at = now
            prepare = getattr(page, "prepare_to_save", None)
            if prepare is not None and prepare():
                waiting.append(page)
            if stage == "published":
                # Publishing validates the page; its relations point to rows just read or created.
                page.clean_fields(exclude=relations)
                page.clean()
        if waiting:
            numbers = assign_index_numbers(
                [(page.issuing_organ, page.title, page.date_published, page.theme) for page in waiting]
            )
            for record, page in zip(numbers, waiting, strict=True):
                page.index_number = record.value
            records += zip(numbers, waiting, strict=True)
    return records


def _insert(model, pages):
    """The rows of each table of the model, from ``Page`` down, then the pages' child relations."""
    chain = [*reversed(model._meta.get_parent_list()), model]
    chain = [table for table in chain if not table._meta.proxy and not table._meta.abstract]
    database = Page.objects.db
    operations = connections[database].ops
    for table in chain:
        fields = [field for field in table._meta.local_concrete_fields if not field.generated]
        base = table is chain[0]
        if base:
            fields = [field for field in fields if not field.primary_key]
        else:
            for page in pages:
                setattr(page, table._meta.pk.attname, page.id)
        size = operations.bulk_batch_size(fields, pages) or len(pages)
        for start in range(0, len(pages), size):
            batch = pages[start : start + size]
            # Django refuses bulk_create() for multi-table models; each table is filled by hand.
            returned = table._base_manager._insert(
                batch, fields=fields, returning_fields=table._meta.db_returning_fields if base else None
            )
            if base:
                if not returned or len(returned) != len(batch):
                    raise RuntimeError("The database did not return the ids of the pages inserted.")
                for page, row in zip(batch, returned, strict=True):
                    page.id = row[0]
    for page in pages:
        page._state.adding = False
        page._state.db = database
    # Set after the Page rows, which must exist first; the revisions fill both.
    for relation in get_all_child_relations(model):
        items = []
        for page in pages:
            manager = getattr(page, relation.get_accessor_name())
            for item in manager.all():
                setattr(item, relation.field.name, page)
                items.append(item)
        if items:
            relation.related_model._base_manager.bulk_create(items)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        rows = [
            through(**{field.m2m_field_name(): page, field.m2m_reverse_field_name(): target})
            for page in pages
            for target in getattr(page, field.name).all()
        ]
        through._base_manager.bulk_create(rows)


def _revisions(pages, content_type, base_content_type, user, now):
    """One revision per page with the content ``save_revision()`` would store; made latest and live."""
    revisions = []
    for page in pages:
        published_values = {name: getattr(page, name, None) for name in PUBLISHING_FIELDS}
        for name, value in page.__dict__["_gk_draft"].items():
            setattr(page, name, value)
        content = page.serializable_data()
        for name, value in published_values.items():
            setattr(page, name, value)
        revisions.append(
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                user=user,
                created_at=now,
                content=content,
                object_str=str(page),
            )
        )
    Revision.objects.bulk_create(revisions)
    newest = Revision.objects.filter(base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), CharField()))
    newest = Subquery(newest.order_by("-created_at", "-id").values("pk")[:1])
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(latest_revision_id=newest, live_revision_id=newest)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision
    return revisions


def _history(pages, revisions, content_type, user, now):
    """The entries adding (``wagtail.create``) and publishing (``wagtail.publish``) each page logs."""
    context = get_active_log_context()
    user = user or context.user
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {
            "content_type": content_type,
            "label": page.get_admin_display_title(),
            "timestamp": now,
            "data": {},
            "content_changed": True,
            "page_id": page.pk,
        }
        entries.append(PageLogEntry(action="wagtail.create", user=user or page.owner, uuid=context.uuid, **common))
        entries.append(
            PageLogEntry(action="wagtail.publish", user=user, revision=revision, uuid=context.uuid, **common)
        )
    PageLogEntry.objects.bulk_create(entries)


def _reference_index(model, pages):
    """What ``ReferenceIndex.create_or_update_for_object`` records for a new page, for all of them at once."""
    if not ReferenceIndex.is_indexed(model):
        return
    content_types = [
        ContentType.objects.get_for_model(table, for_concrete_model=False)
        for table in [model, *model._meta.get_parent_list()]
    ]
    rows = [
        ReferenceIndex(
            content_type=content_types[0],
            base_content_type=content_types[-1],
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


def _search_index(model, pages):
    if not class_is_indexed(model):
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, pages)
        except Exception:
            # As for one page: a search service that is down must not lose the pages; a database index must.
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Indexing %d new pages in the '%s' search backend failed", len(pages), name)


def _send_published(pages, revisions):
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=page.specific_class, instance=page, revision=revision)
        published.send(sender=type(page), instance=page, revision=revision)
