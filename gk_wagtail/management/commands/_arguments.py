"""Argument parsing shared by the catalog, column and coverage commands."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ...registers import Organization


def organization_by_credit_code(code):
    """The organization whose 统一社会信用代码 is ``code`` (any case), or a CommandError saying so."""
    code = code.strip().upper()
    try:
        return Organization.objects.get(credit_code=code)
    except Organization.DoesNotExist:
        raise CommandError(_(
            "No organization has the credit code %(code)s; check it, or add the organization under "
            "Disclosure registers → Organizations."
        ) % {"code": code}) from None


def iso_date(value):
    """An argparse type for dates written 2024-05-01."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give a date like 2024-05-01, not %(value)r.") % {"value": value}) from None
