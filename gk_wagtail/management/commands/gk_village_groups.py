"""Create or update the editor groups of every village and the reviewer groups of every township."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.management.commands._base import GkCommand
from gk_wagtail.setup.villages import VillageSetupError, setup_village_groups


class Command(GkCommand):
    help = gettext_lazy(
        "Give each village's editors their own village pages and each township's reviewers its villages."
    )

    def handle(self, *args, **options):
        try:
            setups = setup_village_groups()
        except VillageSetupError as error:
            raise CommandError(str(error)) from error
        for setup in setups:
            self.stdout.write(_("%(group)s → %(page)s") % {"group": setup.group.name, "page": setup.page.title})
        self.stdout.write(_("%(count)d group(s) set up.") % {"count": len(setups)})
