from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.content import ADMIN_PASSWORD, ADMIN_USERNAME, DemoContentError, load_demo


class Command(BaseCommand):
    help = gettext_lazy("Load the demo county, its columns, policies and interpretations; a second run changes nothing.")

    def handle(self, *args, **options):
        try:
            result = load_demo()
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        if not result.changed:
            self.stdout.write(_("Demo content is already loaded; nothing changed."))
            return
        for kind, name in result.created:
            self.stdout.write(_("Created %(kind)s: %(name)s") % {"kind": kind, "name": name})
        if result.admin_created:
            self.stdout.write(
                self.style.WARNING(
                    _("Created the superuser %(username)s with the password %(password)s for this local demo; "
                      "do not use it anywhere else.") % {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
                )
            )
        summary = _("Demo content loaded: %(count)d objects created.") % {"count": len(result.created)}
        self.stdout.write(self.style.SUCCESS(summary))
