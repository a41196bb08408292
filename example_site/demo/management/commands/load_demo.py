from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.content.loader import ADMIN_PASSWORD, ADMIN_USERNAME, DEFAULT_HOST, DemoContentError, load_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo county, its columns, policies and interpretations; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            help=str(
                gettext_lazy(
                    "Host and port the demo is served on, as given to runserver (e.g. %(default)s): the site "
                    "answers there, so absolute links, the API and QR codes point at it. Without it, a new "
                    "demo gets %(default)s and a loaded one keeps its address."
                )
                % {"default": DEFAULT_HOST}
            ),
        )

    def handle(self, *args, **options):
        try:
            result = load_demo(host=options["host"])
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        if not result.changed:
            self.stdout.write(_("Demo content is already loaded; nothing changed."))
            return
        for kind, name in result.created:
            self.stdout.write(_("Created %(kind)s: %(name)s") % {"kind": kind, "name": name})
        for kind, name in result.updated:
            self.stdout.write(_("Updated %(kind)s: %(name)s") % {"kind": kind, "name": name})
        if result.admin_created:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Created the superuser %(username)s with the password %(password)s for this local demo; "
                        "do not use it anywhere else."
                    )
                    % {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
                )
            )
        if result.created:
            summary = _("Demo content loaded: %(count)d objects created.") % {"count": len(result.created)}
            self.stdout.write(self.style.SUCCESS(summary))
