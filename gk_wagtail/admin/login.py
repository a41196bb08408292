"""The admin's login form, which says why a login is refused after too many failures.

Set ``WAGTAILADMIN_USER_LOGIN_FORM = "gk_wagtail.admin.login.LoginForm"``; a site with a login form
of its own adds :class:`LoginLimitFormMixin` to it. Without it a refused login reads as a wrong
password, since Django's ``authenticate`` returns no user either way.
"""

import math

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from gk_wagtail.login_limits import refusal_of


def refusal_message(until, now=None):
    """What a clerk is told while logins are refused until ``until``: the same for every username."""
    minutes = max(1, math.ceil((until - (now or timezone.now())).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins for this account or from this network address. Sign-in is paused: "
        "try again in %(minutes)d minute.",
        "Too many failed sign-ins for this account or from this network address. Sign-in is paused: "
        "try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LoginLimitFormMixin:
    """For a login form with a ``request``: a refused login gets the refusal, not "wrong password"."""

    def get_invalid_login_error(self):
        until = refusal_of(self.request)
        if until is None:
            return super().get_invalid_login_error()
        return ValidationError(refusal_message(until), code="too_many_failures")


class LoginForm(LoginLimitFormMixin, WagtailLoginForm):
    """Wagtail's login form with the refusal message of :class:`LoginLimitFormMixin`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail declares the password field without a label, so Django shows its field name,
        # "Password", untranslated.
        self.fields["password"].label = gettext_lazy("Password")
