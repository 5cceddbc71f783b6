"""/admin/login/ is held to the API login's limits: one count of failures for both doors.

Before, the admin's form checked passwords without limit, so the per-account lock of
/auth/jwt/create/ could be walked around through it.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from security.models import SecurityEvent

ADMIN_LOGIN = reverse("admin:login")
CLIENT = "198.51.100.7"


@pytest.fixture
def staff(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def admin_login(client, username, password, ip=CLIENT):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def api_login(client, username, password, ip=CLIENT):
    return client.post(
        reverse("jwt-create"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(response):
    return response.status_code == 302


@pytest.fixture
def account_limit(throttle_rates):
    throttle_rates(login_failures_account="3/5m", login_failures_ip="100/m")


def test_api_failures_lock_the_admin_even_with_the_right_password(
    client, anon, staff, account_limit
):
    for n in range(3):
        assert api_login(anon, "root", f"guess-{n}").status_code == 401

    response = admin_login(client, "root", PASSWORD)

    assert not logged_in(response)
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_failures_lock_the_api_login(client, anon, staff, account_limit):
    for n in range(3):
        assert not logged_in(admin_login(client, "root", f"guess-{n}"))

    assert api_login(anon, "root", PASSWORD).status_code == 429
    assert not logged_in(admin_login(client, "root", PASSWORD))


def test_failures_through_the_email_share_the_count(client, anon, staff, account_limit):
    for n in range(3):
        admin_login(client, "root@example.com", f"guess-{n}")

    assert api_login(anon, "root", PASSWORD).status_code == 429


def test_admin_failures_count_per_ip_too(client, anon, staff, bob, throttle_rates):
    throttle_rates(login_failures_account=None, login_failures_ip="3/m")
    for name in ["x", "y", "z"]:
        admin_login(client, name, "guess")

    assert api_login(anon, "bob", PASSWORD).status_code == 429
    assert not logged_in(admin_login(client, "root", PASSWORD))
    assert logged_in(admin_login(client, "root", PASSWORD, ip="198.51.100.8"))


def test_below_the_limit_the_admin_logs_in(client, staff, account_limit):
    admin_login(client, "root", "guess")

    assert logged_in(admin_login(client, "root", PASSWORD))


def test_admin_logins_are_audited(client, staff, alice):
    admin_login(client, "root", "guess")
    admin_login(client, "alice", PASSWORD)  # right password, not staff
    admin_login(client, "root", PASSWORD)

    events = list(SecurityEvent.objects.order_by("id").values_list("type", "user__username", "ip"))
    assert events == [
        ("admin_login_failed", "root", CLIENT),
        ("admin_login_failed", "alice", CLIENT),
        ("admin_login_succeeded", "root", CLIENT),
    ]


def test_a_refused_admin_login_is_audited_once_as_throttled(client, staff, throttle_rates):
    throttle_rates(login_failures_account="1/5m", login_failures_ip="100/m")
    admin_login(client, "root", "guess")
    admin_login(client, "root", PASSWORD)
    admin_login(client, "root", PASSWORD)

    throttled = SecurityEvent.objects.filter(type="throttled")
    assert list(throttled.values_list("user__username", "scope")) == [
        ("root", "login_failures_account")
    ]
