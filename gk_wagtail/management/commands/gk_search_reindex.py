"""Send Elasticsearch the search index writes it did not take when objects were saved or deleted."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gk_wagtail.management.commands._base import GkCommand
from gk_wagtail.search.elasticsearch import auto_update_backends
from gk_wagtail.search.pending import PendingIndexWrite, replay


def batch_size(value):
    """An argparse type for a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError(_("--batch-size takes a whole number of at least 1, not %(value)r.") % {"value": value})
    return number


class Command(GkCommand):
    help = gettext_lazy(
        "Send Elasticsearch the search index writes it did not take while pages were saved (it was slow or down). "
        "Run it with --pending from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending",
            action="store_true",
            help=gettext_lazy(
                "Replay the queued index writes: those Elasticsearch takes leave the queue, the others stay and are "
                "listed."
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=batch_size,
            default=100,
            help=gettext_lazy("Objects sent per bulk request (default: 100)."),
        )

    def handle(self, *args, pending: bool, batch_size: int, verbosity: int, **options):
        if not pending:
            raise CommandError(
                _(
                    "Say what to reindex: --pending replays the queued index writes. To rebuild whole indexes, "
                    "run manage.py update_index."
                )
            )
        queued = PendingIndexWrite.objects.count()
        if not queued:
            self.stdout.write(_("No search index writes are pending."))
            return
        backends = [backend for _name, backend in auto_update_backends()]
        if not backends:
            raise CommandError(
                ngettext(
                    "%(count)d search index write is queued, but no backend in WAGTAILSEARCH_BACKENDS is "
                    "gk_wagtail.search.elasticsearch with AUTO_UPDATE on.",
                    "%(count)d search index writes are queued, but no backend in WAGTAILSEARCH_BACKENDS is "
                    "gk_wagtail.search.elasticsearch with AUTO_UPDATE on.",
                    queued,
                )
                % {"count": queued}
            )

        result = replay(backends, batch_size=batch_size)
        self._write_rows(result, verbosity)
        if result.unreachable is not None:
            self.stderr.write(
                _("Elasticsearch did not answer (%(error)s); the writes not sent stay queued.")
                % {"error": result.unreachable}
            )
        summary = _(
            "%(written)d written, %(failed)d still failing, %(not_tried)d not tried, %(discarded)d discarded."
        ) % {
            "written": len(result.written),
            "failed": len(result.failed),
            "not_tried": result.not_tried,
            "discarded": len(result.discarded),
        }
        left = len(result.failed) + result.not_tried
        self.stdout.write(self.style.WARNING(summary) if left else self.style.SUCCESS(summary))
        if left:
            # A non-zero exit: cron mails it, systemd marks the unit failed.
            raise CommandError(
                ngettext(
                    "%(count)d search index write is still queued; run the command again once Elasticsearch answers.",
                    "%(count)d search index writes are still queued; run the command again once Elasticsearch answers.",
                    left,
                )
                % {"count": left}
            )

    def _write_rows(self, result, verbosity):
        sent = {
            PendingIndexWrite.Action.ADD: _("added or updated"),
            PendingIndexWrite.Action.DELETE: _("deleted"),
        }
        if verbosity >= 1:
            for row in result.written:
                self.stdout.write(f"{sent[row.sent]}\t{row.model_label} {row.object_pk}")
            for row in result.discarded:
                reason = _("the model no longer exists or is no longer indexed")
                self.stdout.write(f"{_('discarded')}\t{row.model_label} {row.object_pk}\t{reason}")
        for row in result.failed:
            since = timezone.localtime(row.first_failed_at).strftime("%Y-%m-%d %H:%M")
            attempts = ngettext(
                "%(attempts)d failed attempt since %(since)s",
                "%(attempts)d failed attempts since %(since)s",
                row.attempts,
            ) % {"attempts": row.attempts, "since": since}
            line = f"{_('still failing')}\t{row.model_label} {row.object_pk}\t{attempts}\t{row.last_error}"
            self.stdout.write(self.style.WARNING(line))
