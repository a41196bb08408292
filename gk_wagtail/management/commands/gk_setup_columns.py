"""Scaffold the standard 政府信息公开专栏 columns on a site; running it again changes nothing."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from gk_wagtail.conf import gk_settings
from gk_wagtail.management.commands._base import GkCommand, find_organization
from gk_wagtail.setup.columns import LEVELS, SetupError, setup_columns


class Command(GkCommand):
    help = gettext_lazy(
        "Create the standard disclosure columns (国办公开办函〔2019〕61号) under a site's root page. Existing columns, "
        "found by their codes, are kept as they are; nothing is moved or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, metavar="HOSTNAME", help=gettext_lazy("Hostname of the site."))
        parser.add_argument(
            "--organ",
            required=True,
            metavar="NAME_OR_CODE",
            help=gettext_lazy("The organization the site speaks for, by name, short name or credit code."),
        )
        parser.add_argument(
            "--level",
            choices=LEVELS,
            help=gettext_lazy("Which 条例第二十一条 columns to add; by default from the organization's type."),
        )

    def handle(self, *args, site, organ, level, **options):
        organization = find_organization(organ)
        sites = list(Site.objects.filter(hostname=site))
        if not sites:
            raise CommandError(_("No site has the hostname %(hostname)s.") % {"hostname": site})
        if len(sites) > 1:
            raise CommandError(
                _("Several sites have the hostname %(hostname)s (ports %(ports)s).")
                % {
                    "hostname": site,
                    "ports": ", ".join(str(each.port) for each in sites),
                }
            )
        try:
            result = setup_columns(sites[0], organization, level)
        except SetupError as error:
            raise CommandError(str(error)) from None
        root_depth = sites[0].root_page.depth
        for column in result.created:
            indent = "  " * (column.depth - root_depth - 1)
            self.stdout.write(
                indent + _("Created “%(title)s” (%(code)s)") % {"title": column.title, "code": column.column_code}
            )
        self.report_review(result.review)
        for note in result.notes:
            self.stdout.write(note)
        if result.settings_changed:
            self.stdout.write(_("The site now speaks for %(organization)s.") % {"organization": organization})
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Created %(created)d columns; %(kept)d were already there.")
                    % {
                        "created": len(result.created),
                        "kept": len(result.kept),
                    }
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Nothing to change: all %(count)d standard columns are already there.")
                    % {"count": len(result.kept)}
                )
            )

    def report_review(self, review):
        workflow = review.workflow
        if review.created:
            self.stdout.write(
                _("Created the workflow “%(workflow)s”: %(tasks)s.")
                % {"workflow": workflow.name, "tasks": " → ".join(task.name for task in workflow.tasks)}
            )
        for column in review.assigned:
            self.stdout.write(
                _("“%(title)s” (%(code)s) and the pages under it now go through “%(workflow)s”.")
                % {"title": column.title, "code": column.column_code, "workflow": workflow.name}
            )
        for column in review.removed:
            self.stdout.write(
                _("“%(title)s” (%(code)s) is exempt from review: “%(workflow)s” was taken off it.")
                % {"title": column.title, "code": column.column_code, "workflow": workflow.name}
            )
        if (
            gk_settings.REVIEW_WORKFLOW
            and workflow is not None
            and workflow.active
            and not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False)
        ):
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT is not True: a page changed after its "
                        "confidentiality review, or resubmitted after changes were requested at a later step, "
                        "is not reviewed again."
                    )
                )
            )
