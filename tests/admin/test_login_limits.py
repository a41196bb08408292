"""Logins are refused for a while after repeated failures, per account and per client address, with one
answer whether or not the account exists."""

import base64
import datetime
import html
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from gk_wagtail.login_limits import LoginFailure, client_address

RIGHT = "right-password"
WINDOW = datetime.timedelta(minutes=15)


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("clerk", password=RIGHT)


def sign_in(client, username, password, address="203.0.113.7", language="en", **headers):
    """Post Wagtail's admin login form; the response, with the client logged in or not."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def errors(response):
    """The messages the login page shows above the form."""
    assert response.status_code == 200
    block = re.search(r'<div class="messages" role="status">(.*?)</div>', response.content.decode(), re.S)
    return [
        html.unescape(re.sub(r"\s+", " ", item).strip())
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block.group(1), re.S)
    ]


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = sign_in(client, username, "wrong", **kwargs)
        assert not logged_in(client)
        assert errors(response) == ["Your username and password didn't match. Please try again."]


def age_failures(by, **filters):
    """Move the stored failures back in time, as if ``by`` had passed."""
    for failure in LoginFailure.objects.filter(**filters):
        failure.failed_at -= by
        failure.save(update_fields=["failed_at"])


REFUSAL = re.compile(r"Too many failed sign-ins .* try again in (\d+) minutes?\.")


def test_after_five_failures_even_the_right_password_is_refused(client, clerk):
    fail(client, "clerk", 5)
    response = sign_in(client, "clerk", RIGHT)
    assert not logged_in(client)
    [message] = errors(response)
    assert int(REFUSAL.fullmatch(message).group(1)) == 15
    # Refused attempts are not stored, so hammering a locked account does not lengthen the lock.
    assert LoginFailure.objects.filter(username="clerk").count() == 5


def test_four_failures_still_let_the_right_password_in(client, clerk):
    fail(client, "clerk", 4)
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)


def test_a_username_without_an_account_gets_the_same_answers(client, clerk):
    """Nothing in the replies tells whether an account exists: the same messages, at the same attempt."""
    fail(client, "ghost", 5)
    fail(client, "clerk", 5)
    ghost = errors(sign_in(client, "ghost", RIGHT))
    real = errors(sign_in(client, "clerk", RIGHT))
    assert ghost == real
    assert REFUSAL.fullmatch(ghost[0])


def test_changing_the_case_of_the_name_buys_no_more_tries(client, clerk):
    fail(client, "Clerk", 3)
    fail(client, "CLERK ", 2)
    sign_in(client, "clerk", RIGHT)
    assert not logged_in(client)


def test_the_refusal_is_in_chinese_on_the_chinese_login_page(client, clerk):
    fail(client, "clerk", 5)
    [message] = errors(sign_in(client, "clerk", RIGHT, language="zh-hans"))
    assert message == "此账号或此网络地址登录失败次数过多，已暂停登录，请 15 分钟后再试。"


def test_the_lock_ends_a_window_after_the_failures_that_set_it(client, clerk):
    fail(client, "clerk", 5)
    age_failures(WINDOW - datetime.timedelta(minutes=2))
    [message] = errors(sign_in(client, "clerk", RIGHT))
    assert int(REFUSAL.fullmatch(message).group(1)) == 2
    assert not logged_in(client)
    age_failures(datetime.timedelta(minutes=2, seconds=1))
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)


def test_failures_spread_over_more_than_the_window_do_not_lock(client, clerk):
    fail(client, "clerk", 3)
    age_failures(WINDOW)
    fail(client, "clerk", 4)
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)


def test_a_successful_login_clears_the_accounts_failures_but_not_the_addresss(client, clerk):
    fail(client, "clerk", 4)
    fail(client, "someone", 2)
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)
    assert not LoginFailure.objects.filter(username="clerk").exists()
    assert LoginFailure.objects.filter(address="203.0.113.7").count() == 2
    client.logout()
    # Without the clearing, 4 + 4 failures would have locked the account.
    fail(client, "clerk", 4)
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)


@override_settings(GK_WAGTAIL_LOGIN_FAILURES_PER_ADDRESS=6)
def test_one_address_is_refused_after_failures_across_usernames(client, clerk):
    for name in ["admin", "root", "editor", "clerk2", "zhangsan", "lisi"]:
        fail(client, name, 1)
    # A username it has never tried, with its right password, from the same address.
    sign_in(client, "clerk", RIGHT)
    assert not logged_in(client)
    # The same account from another address is let in: the lock was the address's.
    sign_in(client, "clerk", RIGHT, address="198.51.100.20")
    assert logged_in(client)


@override_settings(GK_WAGTAIL_LOGIN_FAILURES_PER_ADDRESS=3)
def test_ipv6_clients_are_counted_by_their_64_network(client, clerk):
    for host in ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff::1"]:
        fail(client, "somebody", 1, address=host)
    sign_in(client, "clerk", RIGHT, address="2001:db8:1:2::99")
    assert not logged_in(client)
    sign_in(client, "clerk", RIGHT, address="2001:db8:1:3::99")
    assert logged_in(client)


@override_settings(GK_WAGTAIL_LOGIN_FAILURES_PER_ACCOUNT=None, GK_WAGTAIL_LOGIN_FAILURES_PER_ADDRESS=None)
def test_limits_set_to_none_count_and_refuse_nothing(client, clerk):
    for _ in range(8):
        sign_in(client, "clerk", "wrong")
    sign_in(client, "clerk", RIGHT)
    assert logged_in(client)
    assert not LoginFailure.objects.exists()


def test_the_operators_log_names_the_lock_once(client, clerk, caplog):
    with caplog.at_level("WARNING", logger="gk_wagtail.login"):
        fail(client, "clerk", 5)
        sign_in(client, "clerk", RIGHT)
        sign_in(client, "clerk", "wrong")
    [record] = caplog.records
    assert "'clerk'" in record.getMessage() and "'203.0.113.7'" in record.getMessage()


def test_failures_older_than_the_window_are_deleted_when_another_is_stored(client, clerk):
    fail(client, "first", 3)
    age_failures(WINDOW)
    fail(client, "second", 1)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["second"]


# The client's address


def request_from(remote_addr, **meta):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **meta)


def test_by_default_a_forwarded_header_is_ignored():
    request = request_from("203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1", HTTP_X_REAL_IP="198.51.100.2")
    assert client_address(request) == "203.0.113.7"


@override_settings(GK_WAGTAIL_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_of_a_forwarded_list_the_entry_the_nearest_proxy_wrote_counts():
    # The client wrote the first entries itself; nginx's $proxy_add_x_forwarded_for appended the last.
    request = request_from("127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


@override_settings(GK_WAGTAIL_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP")
def test_a_missing_or_malformed_header_falls_back_to_the_connection():
    assert client_address(request_from("127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1", HTTP_X_REAL_IP="not an address\x00")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1", HTTP_X_REAL_IP="::ffff:203.0.113.9")) == "203.0.113.9"


@override_settings(GK_WAGTAIL_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP")
def test_behind_a_proxy_clients_are_told_apart_by_the_trusted_header(client, clerk):
    for number in range(20):
        sign_in(client, f"user{number}", "wrong", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.50")
    # Twenty failures from one client behind the proxy lock that client out, not everybody else.
    sign_in(client, "clerk", RIGHT, address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.50")
    assert not logged_in(client)
    sign_in(client, "clerk", RIGHT, address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.51")
    assert logged_in(client)


# Other callers of authenticate()


def test_hostile_usernames_are_stored_bounded_and_without_nul(db):
    name = "管理员\x00" + "x" * 1000
    for _ in range(5):
        assert authenticate(request_from("203.0.113.7"), username=name, password="wrong") is None
    [stored] = set(LoginFailure.objects.values_list("username", flat=True))
    assert "\x00" not in stored and len(stored) == 254 and stored.startswith("管理员x")


def basic(username, password):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_the_api_takes_no_password_so_none_is_tried_or_counted(client, clerk):
    """The public API reads only the admin session: a Basic header is no way to guess passwords."""
    for username, password in [("clerk", RIGHT), ("clerk\x00", "wrong"), ("clerk", "wrong")]:
        response = client.get("/api/v2/pages/", **basic(username, password), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200, (username, password, response.status_code)
    assert LoginFailure.objects.count() == 0


def test_a_refusal_outside_the_login_form_is_a_plain_failure_not_an_error(clerk):
    """Basic authentication of an API, a shell: authenticate() returns None and raises nothing."""
    for _ in range(5):
        authenticate(request_from("203.0.113.7"), username="clerk", password="wrong")
    assert authenticate(request_from("203.0.113.7"), username="clerk", password=RIGHT) is None
    assert authenticate(None, username="clerk", password=RIGHT) is None
    assert authenticate(request_from("198.51.100.1"), username="other", password=RIGHT) is None
    assert LoginFailure.objects.count() == 6


def test_force_login_and_sessions_keep_working_with_the_backend_first(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("wagtailadmin_home")).status_code in (200, 302)
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


# System checks


def check_ids():
    return sorted({message.id for message in run_checks() if message.id.startswith("gk_wagtail.")})


def login_check_ids():
    return [message_id for message_id in check_ids() if message_id[-3:-1] == "02"]


def test_the_test_settings_pass_the_login_checks():
    assert login_check_ids() == []


@override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"])
def test_a_site_without_the_backend_is_warned():
    assert login_check_ids() == ["gk_wagtail.W020"]


@override_settings(
    AUTHENTICATION_BACKENDS=[
        "django.contrib.auth.backends.ModelBackend",
        "gk_wagtail.login_limits.LoginLimitBackend",
    ]
)
def test_a_site_with_the_backend_after_modelbackend_is_warned():
    assert login_check_ids() == ["gk_wagtail.W020"]


@override_settings(WAGTAILADMIN_USER_LOGIN_FORM="wagtail.admin.forms.auth.LoginForm")
def test_a_login_form_without_the_refusal_message_is_warned():
    assert login_check_ids() == ["gk_wagtail.W021"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_proxy_with_the_address_read_from_the_connection_is_warned():
    assert login_check_ids() == ["gk_wagtail.W022"]
    with override_settings(GK_WAGTAIL_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP"):
        assert login_check_ids() == []


@pytest.mark.parametrize(
    "setting, value",
    [
        ("LOGIN_FAILURES_PER_ACCOUNT", 0),
        ("LOGIN_FAILURES_PER_ADDRESS", "20"),
        ("LOGIN_FAILURE_WINDOW", None),
        ("LOGIN_FAILURE_WINDOW", -60),
        ("CLIENT_ADDRESS_HEADER", "X-Real-IP"),
    ],
)
def test_a_setting_out_of_range_is_an_error(setting, value):
    with override_settings(**{f"GK_WAGTAIL_{setting}": value}):
        assert login_check_ids() == ["gk_wagtail.E020"]


def test_refusal_minutes_round_up():
    from gk_wagtail.admin.login import refusal_message

    now = timezone.now()
    assert "in 1 minute." in refusal_message(now + datetime.timedelta(seconds=5), now)
    assert "in 3 minutes." in refusal_message(now + datetime.timedelta(minutes=2, seconds=1), now)


def test_the_production_settings_take_the_address_header_from_the_environment(tmp_path):
    from tests.example_site.test_production import production_environment, run

    def deploy_check(**variables):
        environment = production_environment(tmp_path, GK_PROXY_SSL_HEADER="1", **variables)
        return run(environment, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    behind_proxy = deploy_check()
    assert behind_proxy.returncode != 0
    assert "gk_wagtail.W022" in behind_proxy.stderr + behind_proxy.stdout
    configured = deploy_check(GK_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP")
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.strip() == "System check identified no issues (0 silenced)."
