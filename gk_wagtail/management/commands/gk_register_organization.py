"""Register an organization (机构) so imports and scaffolds can name it, without opening the admin."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gk_wagtail.management.commands._base import GkCommand, find_organization
from gk_wagtail.registers import Organization


class Command(GkCommand):
    help = gettext_lazy(
        "Add an organization to the register, or update the one with this name; its unified social credit "
        "code is checked (GB 32100). Run it again to change the type, short name, parent or code."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", metavar="NAME", help=gettext_lazy("Full registered name, e.g. 示范县财政局."))
        parser.add_argument(
            "--type",
            choices=Organization.Type.values,
            default=None,
            help=gettext_lazy("Kind of organization (default for a new one: department)."),
        )
        parser.add_argument("--credit-code", metavar="CODE", help=gettext_lazy("统一社会信用代码, 18 characters."))
        parser.add_argument("--short-name", metavar="NAME", help=gettext_lazy("As citizens say it, e.g. 县财政局."))
        parser.add_argument(
            "--parent",
            metavar="NAME_OR_CODE",
            help=gettext_lazy("The organization it belongs to, by name, short name or credit code."),
        )

    @transaction.atomic
    def handle(self, *args, name, type, credit_code, short_name, parent, **options):
        name = name.strip()
        organization = Organization.objects.filter(name=name).first()
        created = organization is None
        if created:
            organization = Organization(name=name)
        if type is not None:
            organization.organization_type = type
        if credit_code is not None:
            organization.credit_code = credit_code
        if short_name is not None:
            organization.short_name = short_name.strip()
        if parent is not None:
            organization.parent = find_organization(parent)
        try:
            organization.full_clean()
        except ValidationError as error:
            problems = [
                f"{Organization._meta.get_field(field).verbose_name}: {' '.join(messages)}"
                if field != "__all__"
                else " ".join(messages)
                for field, messages in error.message_dict.items()
            ]
            raise CommandError(
                _("%(name)s was not registered:") % {"name": name} + "\n  " + "\n  ".join(problems)
            ) from None
        organization.save()
        message = _("Registered %(name)s.") if created else _("Updated %(name)s.")
        self.stdout.write(self.style.SUCCESS(message % {"name": organization.name}))
        code = organization.credit_code or _("no credit code")
        self.stdout.write(f"  {organization.get_organization_type_display()} · {code}")
