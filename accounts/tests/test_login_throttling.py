"""Failed logins are limited per account and per IP; a success never clears the count.

The throttles are attached to the token views by `throttled_login_urls` (the wiring the
token views get in phase 2); failures are counted by the user_login_failed receiver.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.urls("accounts.tests.throttled_login_urls")

CLIENT = "198.51.100.1"


def attempt(client, username, password, ip=CLIENT, **extra):
    return client.post(
        reverse("jwt-create"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def fail(client, username, times, ip=CLIENT):
    for n in range(times):
        assert attempt(client, username, f"wrong-{n}", ip=ip).status_code == 401


def assert_throttled(response, period):
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= period


@pytest.fixture
def per_account_only(throttle_rates):
    throttle_rates(login_failures_account="5/5m", login_failures_ip=None)


def test_five_failures_lock_the_account_for_five_minutes(
    anon, alice, cache_backend, per_account_only
):
    fail(anon, "alice", 5, ip="198.51.100.1")

    # Even the right password, from another address, waits.
    response = attempt(anon, "alice", PASSWORD, ip="198.51.100.2")

    assert_throttled(response, period=300)
    assert attempt(anon, "bob-does-not-exist", "x", ip="198.51.100.2").status_code == 401


def test_a_success_does_not_reset_the_failure_count(anon, alice, cache_backend, per_account_only):
    fail(anon, "alice", 4)
    assert attempt(anon, "alice", PASSWORD).status_code == 200
    fail(anon, "alice", 1)

    assert_throttled(attempt(anon, "alice", PASSWORD), period=300)


def test_the_username_and_the_email_share_one_count(anon, alice, per_account_only):
    fail(anon, "alice", 2)
    fail(anon, "alice@example.com", 2)
    fail(anon, "ALICE@example.com", 1)

    assert_throttled(attempt(anon, "alice", PASSWORD), period=300)


def test_other_accounts_are_not_affected(anon, alice, bob, per_account_only):
    fail(anon, "alice", 5)

    assert attempt(anon, "bob", PASSWORD).status_code == 200


def test_successes_are_not_counted(anon, alice, per_account_only):
    assert {attempt(anon, "alice", PASSWORD).status_code for _ in range(8)} == {200}


def test_failures_per_ip_are_limited_across_names(anon, alice, cache_backend, throttle_rates):
    throttle_rates(login_failures_ip="10/m", login_failures_account=None)
    for n in range(10):
        attempt(anon, f"guess{n}", "wrong")

    assert_throttled(attempt(anon, "alice", PASSWORD), period=60)
    assert attempt(anon, "alice", PASSWORD, ip="198.51.100.2").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_ip_limit(anon, alice, throttle_rates):
    throttle_rates(login_failures_ip="3/m", login_failures_account=None)
    for n in range(3):
        attempt(anon, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = attempt(anon, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200")

    assert_throttled(response, period=60)


def test_an_unknown_name_is_limited_by_its_spelling(anon, db, per_account_only):
    fail(anon, "nobody", 5)

    assert_throttled(attempt(anon, "NOBODY", "x"), period=300)


def test_refreshes_are_limited_per_ip(anon, alice, throttle_rates):
    throttle_rates(token_refresh_ip="2/m")
    refresh = attempt(anon, "alice", PASSWORD).json()["refresh"]

    statuses = []
    for _ in range(3):
        response = anon.post(reverse("jwt-refresh"), {"refresh": refresh}, REMOTE_ADDR=CLIENT)
        statuses.append(response.status_code)
        # Each refresh spends its token and answers with the next one.
        refresh = response.json().get("refresh")

    assert statuses == [200, 200, 429]


def test_the_configured_default_is_five_per_five_minutes(anon, db):
    carol = UserFactory(username="carol")
    fail(anon, carol.username, 5, ip="198.51.100.7")

    assert_throttled(attempt(anon, "carol", PASSWORD, ip="198.51.100.8"), period=300)
