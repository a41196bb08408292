"""The search index writes Elasticsearch did not take, kept until ``gk_search_reindex --pending`` replays them.

One row per object: a later failure for the same object replaces the action. A replay sends each
object as it is now, whatever the action queued (indexed if it exists and is indexed, deleted from
the index otherwise), so rows replayed in any order leave the index right.
"""

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch.backends.base import get_model_root
from modelsearch.index import class_is_indexed, get_indexed_instance

# The backend's logger: everything about the cluster is configured and read in one place.
logger = logging.getLogger("gk_wagtail.search.elasticsearch")

#: Longest error text kept per row; a transport error can carry a whole response body.
MAX_ERROR_LENGTH = 1000


class PendingIndexWrite(models.Model):
    """An object whose search index entry Elasticsearch has not taken yet."""

    class Action(models.TextChoices):
        ADD = "add", _("add or update")
        DELETE = "delete", _("delete")

    model_label = models.CharField(_("model"), max_length=200)
    object_pk = models.CharField(_("object ID"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    first_failed_at = models.DateTimeField(_("first failed at"), default=timezone.now)
    last_failed_at = models.DateTimeField(_("last failed at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending search index write")
        verbose_name_plural = _("pending search index writes")
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_pk"], name="gk_pending_index_write_object")
        ]

    def __str__(self):
        return f"{self.action} {self.model_label} {self.object_pk}"


def record(model, pks, action, error, attempted=True):
    """Queue ``action`` for the objects of ``model`` with the primary keys ``pks``.

    ``attempted`` is false when the write was not sent because the cluster failed moments ago.
    Never raises: the queue is a safety net under a publish, and must not be what breaks it.
    """
    label = model._meta.label
    error = str(error)[:MAX_ERROR_LENGTH]
    changes = {"action": action, "last_error": error, "last_failed_at": timezone.now()}
    if attempted:
        changes["attempts"] = F("attempts") + 1
    try:
        # A savepoint: a failure here must not break the transaction the publish runs in.
        with transaction.atomic():
            for pk in pks:
                rows = PendingIndexWrite.objects.filter(model_label=label, object_pk=str(pk))
                if rows.update(**changes):
                    continue
                try:
                    with transaction.atomic():
                        PendingIndexWrite.objects.create(
                            model_label=label,
                            object_pk=str(pk),
                            action=action,
                            last_error=error,
                            attempts=int(attempted),
                        )
                except IntegrityError:
                    # Another process queued the same object between the update and the insert.
                    rows.update(**changes)
    except DatabaseError:
        logger.exception("Could not queue the search index %s of %s %s for a later replay.", action, label, list(pks))


class ClusterUnreachable(Exception):
    """The cluster did not answer a replay; the error it raised is the cause."""


@dataclass
class ReplayResult:
    #: Rows sent and taken, each with ``sent`` set to the action replayed ("add" or "delete").
    written: list = field(default_factory=list)
    #: Rows the cluster refused or did not answer for; they stay queued with the new error.
    failed: list = field(default_factory=list)
    #: Rows of models that no longer exist or are no longer indexed; removed from the queue.
    discarded: list = field(default_factory=list)
    #: The error that stopped the replay, if the cluster stopped answering.
    unreachable: Exception | None = None
    #: Rows left for a later replay because the cluster stopped answering.
    not_tried: int = 0


def replay(backends, batch_size=100):
    """Send the queued writes to ``backends`` in bulk requests of ``batch_size`` objects.

    Rows whose write every backend took leave the queue; the others stay with one more attempt and
    their error. The replay stops at the first batch the cluster does not answer.
    """
    result = ReplayResult()
    last_pk = 0
    while True:
        batch = list(PendingIndexWrite.objects.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return result
        last_pk = batch[-1].pk
        writes, rows_by_key = _current_state(batch, result)
        refused = {}
        try:
            for backend in backends:
                for key, error in backend.write_now(writes).items():
                    refused.setdefault(key, error)
        except ClusterUnreachable as error:
            result.unreachable = error.__cause__ or error
            for rows in rows_by_key.values():
                _keep(rows, result.unreachable, result)
            result.not_tried = PendingIndexWrite.objects.filter(pk__gt=last_pk).count()
            return result
        for key, rows in rows_by_key.items():
            if key in refused:
                _keep(rows, refused[key], result)
            else:
                for row in rows:
                    # Unless a save failed again meanwhile: then the row stands for a newer state.
                    PendingIndexWrite.objects.filter(pk=row.pk, last_failed_at=row.last_failed_at).delete()
                result.written += rows


def _current_state(batch, result):
    """The writes that bring the index up to date with the batch's objects as they are now.

    Returns ``(writes, rows_by_key)``: one write per indexed document, however many rows name it
    (a page is queued under its own type and under Page when it is deleted).
    """
    writes, rows_by_key = [], {}
    by_model = {}
    for row in batch:
        by_model.setdefault(row.model_label, []).append(row)
    for label, rows in by_model.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        if model is None or not class_is_indexed(model):
            PendingIndexWrite.objects.filter(pk__in=[row.pk for row in rows]).delete()
            result.discarded += rows
            continue
        found = {str(obj.pk): obj for obj in model._default_manager.filter(pk__in=[row.object_pk for row in rows])}
        for row in rows:
            obj = found.get(row.object_pk)
            instance = get_indexed_instance(obj) if obj is not None else None
            row.sent = PendingIndexWrite.Action.ADD if instance is not None else PendingIndexWrite.Action.DELETE
            key = (get_model_root(model)._meta.label, row.object_pk)
            if key not in rows_by_key:
                writes.append((key, model, row.object_pk, instance))
                rows_by_key[key] = []
            rows_by_key[key].append(row)
    return writes, rows_by_key


def _keep(rows, error, result):
    for row in rows:
        row.attempts += 1
        row.last_error = str(error)[:MAX_ERROR_LENGTH]
        PendingIndexWrite.objects.filter(pk=row.pk).update(
            attempts=F("attempts") + 1, last_error=row.last_error, last_failed_at=timezone.now()
        )
    result.failed += rows
