"""Limits on failed logins, per account and per client address, kept in the database.

Every failed authentication (Django's ``user_login_failed`` signal) is stored as a row with the
username as typed and the client's address. :class:`LoginLimitBackend`, first in
``AUTHENTICATION_BACKENDS``, refuses any further attempt, even with the right password, while the
name has ``LOGIN_FAILURES_PER_ACCOUNT`` failures or the address ``LOGIN_FAILURES_PER_ADDRESS``
failures within the last ``LOGIN_FAILURE_WINDOW`` seconds. A name is counted whether or not an
account has it, so a refusal says nothing about which accounts exist. A successful login clears
its account's failures, not its address's. Rows older than the window are deleted whenever a
failure is stored, which keeps the table as small as the failures of one window.

The rows are in the database rather than a cache so that every worker process and server of an
installation counts the same failures, on SQLite as on PostgreSQL.
"""

import datetime
import ipaddress
import logging

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gk_wagtail.conf import gk_settings

logger = logging.getLogger("gk_wagtail.login")

#: As long as the longest username Wagtail's login form accepts.
USERNAME_LENGTH = 254
#: An IPv6 network in CIDR notation is the longest address kept: "ffff:…:ffff::/64".
ADDRESS_LENGTH = 49
#: IPv6 clients are counted by their /64 network: a single line usually holds a whole /64.
IPV6_PREFIX = 64

# Set on the request by the backend when it refuses, for the login form and the failure signal.
REFUSED_UNTIL = "gk_login_refused_until"


class LoginFailure(models.Model):
    """A failed login: the username tried (whether or not an account has it), from where, and when."""

    username = models.CharField(_("username"), max_length=USERNAME_LENGTH, blank=True)
    address = models.CharField(_("client address"), max_length=ADDRESS_LENGTH, blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["username", "failed_at"], name="gk_login_failure_username"),
            models.Index(fields=["address", "failed_at"], name="gk_login_failure_address"),
        ]

    def __str__(self):
        return f"{self.username} {self.address} {self.failed_at.isoformat()}"


def account_key(username):
    """The name failures are counted under: as typed, trimmed and case-folded, without NUL characters.

    Folding counts "Admin" and "admin" together, so changing the case of a name buys no more tries.
    """
    return str(username or "").replace("\x00", "").strip().casefold()[:USERNAME_LENGTH]


def _network(value):
    """The address ``value`` names, as counted (IPv6 by its /64 network), or "" if it is no address."""
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def client_address(request):
    """The client's address: from ``CLIENT_ADDRESS_HEADER`` (a ``request.META`` key), else REMOTE_ADDR.

    A header holding a list (X-Forwarded-For) gives its last entry, the one the nearest proxy wrote;
    the entries before it are whatever the client sent.
    """
    if request is None:
        return ""
    header = gk_settings.CLIENT_ADDRESS_HEADER
    value = request.META.get(header, "") if header else ""
    found = _network(str(value).split(",")[-1]) if value else ""
    return found or _network(request.META.get("REMOTE_ADDR", ""))


def _window():
    return datetime.timedelta(seconds=gk_settings.LOGIN_FAILURE_WINDOW)


def _limited(field, value, limit, now):
    """When the failures with ``field`` = ``value`` fall under ``limit`` again, or None if they are under it."""
    if not limit or not value:
        return None
    recent = list(
        LoginFailure.objects.filter(**{field: value, "failed_at__gt": now - _window()})
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:limit]
    )
    return recent[-1] + _window() if len(recent) >= limit else None


def refused_until(username, address, now=None):
    """Until when a login as ``username`` from ``address`` is refused, or None if it may be tried."""
    now = now or timezone.now()
    limits = [
        _limited("username", account_key(username), gk_settings.LOGIN_FAILURES_PER_ACCOUNT, now),
        _limited("address", address, gk_settings.LOGIN_FAILURES_PER_ADDRESS, now),
    ]
    return max((until for until in limits if until is not None), default=None)


def refusal_of(request):
    """Until when the backend refused the login made in ``request``, or None if it did not."""
    return getattr(request, REFUSED_UNTIL, None)


class LoginLimitBackend:
    """Stops authentication while the account or the address has too many recent failures.

    List it first in ``AUTHENTICATION_BACKENDS``: it never lets anyone in itself, and raising
    ``PermissionDenied`` keeps the backends after it from checking the password. It has no
    ``get_user``, so sessions and ``Client.force_login`` keep using the backend that logged the
    user in.
    """

    def authenticate(self, request, username=None, **credentials):
        if username is None:
            username = credentials.get(get_user_model().USERNAME_FIELD)
        if "\x00" in str(username or ""):
            # No account has such a name, and PostgreSQL cannot even look it up: a plain failure,
            # counted, instead of a database error from the backends after this one.
            raise PermissionDenied
        until = refused_until(username, client_address(request))
        if until is None:
            return None
        if request is not None:
            setattr(request, REFUSED_UNTIL, until)
        raise PermissionDenied

    async def aauthenticate(self, request, username=None, **credentials):
        return await sync_to_async(self.authenticate)(request, username=username, **credentials)


def record_failure(sender, credentials, request=None, **kwargs):
    """For ``user_login_failed``: store the failure, unless it is a refusal, and drop expired rows."""
    if not gk_settings.LOGIN_FAILURES_PER_ACCOUNT and not gk_settings.LOGIN_FAILURES_PER_ADDRESS:
        return
    username = account_key(credentials.get("username", credentials.get(get_user_model().USERNAME_FIELD)))
    address = client_address(request)
    now = timezone.now()
    # Refused attempts are not counted: the lock ends a window after the failures that set it, and
    # a client hammering a locked account adds no rows. The backend marks the requests it refuses;
    # one without a request (a shell) is known by the lock itself.
    if refusal_of(request) is not None or refused_until(username, address, now) is not None:
        return
    failure = LoginFailure.objects.create(username=username, address=address, failed_at=now)
    LoginFailure.objects.filter(failed_at__lte=now - _window()).delete()
    # For the operators' log, once: by the failure that reaches a limit.
    until = refused_until(failure.username, failure.address, now)
    if until is not None:
        logger.warning(
            "Logins refused until %s after repeated failures: username %r, address %r",
            until.isoformat(),
            failure.username,
            failure.address,
        )


def clear_account(sender, request, user, **kwargs):
    """For ``user_logged_in``: the account's failures no longer count; its address's still do."""
    LoginFailure.objects.filter(username=account_key(user.get_username())).delete()
