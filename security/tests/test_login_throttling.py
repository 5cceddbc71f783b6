"""Failed logins are limited per account and per IP on /auth/jwt/create/; refreshes per IP.

A success never clears a count, a refused attempt checks no password, and every limit lifts
by itself when its window has passed.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.utils import login
from security import throttles
from security.models import SecurityEvent

CLIENT = "198.51.100.1"
OTHER_CLIENT = "198.51.100.2"
PROXY = "10.0.0.2"


def attempt(client, username, password, ip=CLIENT, **extra):
    return client.post(
        reverse("jwt-create"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def fail(client, username, times, ip=CLIENT, **extra):
    for n in range(times):
        assert attempt(client, username, f"wrong-{n}", ip=ip, **extra).status_code == 401


def assert_throttled(response, period):
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Request was throttled.")
    assert 1 <= int(response["Retry-After"]) <= period


def failures_counted(identifier):
    key = throttles.LoginFailureAccountThrottle().key_for(None, identifier)
    return len(cache.get(key, []))


class Clock:
    """The throttles' timer, moved by hand: a window passes without waiting for it."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_900_000_000.0)
    monkeypatch.setattr(throttles.RateThrottle, "timer", clock)
    return clock


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting every hash it computes."""

    computed = []

    def encode(self, password, salt):
        self.computed.append(salt)
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.computed.clear()
    return CountingHasher.computed


@pytest.fixture
def per_account_only(throttle_rates):
    throttle_rates(login_failures_account="5/5m", login_failures_ip=None)


@pytest.fixture
def per_ip_only(throttle_rates):
    throttle_rates(login_failures_ip="3/m", login_failures_account=None)


def test_five_failures_lock_the_account_for_five_minutes(
    anon, alice, cache_backend, per_account_only
):
    fail(anon, "alice", 5, ip=CLIENT)

    # Even the right password, from another address, waits.
    response = attempt(anon, "alice", PASSWORD, ip=OTHER_CLIENT)

    assert_throttled(response, period=300)
    assert attempt(anon, "nobody", "x", ip=OTHER_CLIENT).status_code == 401


def test_a_success_does_not_reset_the_failure_count(anon, alice, cache_backend, per_account_only):
    fail(anon, "alice", 4)
    assert attempt(anon, "alice", PASSWORD).status_code == 200
    fail(anon, "alice", 1)

    assert_throttled(attempt(anon, "alice", PASSWORD), period=300)


def test_an_attackers_own_logins_do_not_clear_another_accounts_count(
    anon, alice, bob, cache_backend, throttle_rates
):
    # bob is the attacker: he guesses alice's password and logs in as himself in between.
    throttle_rates(login_failures_account="5/5m", login_failures_ip="8/m")
    for _ in range(2):
        fail(anon, "alice", 2)
        assert {attempt(anon, "bob", PASSWORD).status_code for _ in range(3)} == {200}
    fail(anon, "alice", 1)

    assert_throttled(attempt(anon, "alice", PASSWORD, ip=OTHER_CLIENT), period=300)
    assert failures_counted("alice") == 5
    assert attempt(anon, "bob", PASSWORD).status_code == 200


def test_the_username_and_the_email_share_one_count(anon, alice, per_account_only):
    fail(anon, "alice", 2)
    fail(anon, "alice@example.com", 2)
    fail(anon, "ALICE@example.com", 1)

    assert_throttled(attempt(anon, "alice", PASSWORD), period=300)
    assert_throttled(attempt(anon, "Alice@Example.com", PASSWORD), period=300)


def test_other_accounts_are_not_affected(anon, alice, bob, per_account_only):
    fail(anon, "alice", 5)

    assert attempt(anon, "bob", PASSWORD).status_code == 200


def test_successes_are_not_counted(anon, alice, per_account_only):
    assert {attempt(anon, "alice", PASSWORD).status_code for _ in range(8)} == {200}
    assert failures_counted("alice") == 0


def test_failures_per_ip_are_limited_across_names(anon, alice, cache_backend, throttle_rates):
    throttle_rates(login_failures_ip="10/m", login_failures_account=None)
    for n in range(10):
        attempt(anon, f"guess{n}", "wrong")

    assert_throttled(attempt(anon, "alice", PASSWORD), period=60)
    assert attempt(anon, "alice", PASSWORD, ip=OTHER_CLIENT).status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_ip_limit(
    anon, alice, cache_backend, per_ip_only
):
    for n in range(3):
        attempt(anon, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = attempt(anon, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200")

    assert_throttled(response, period=60)


def test_behind_a_trusted_proxy_the_client_it_saw_is_counted(
    anon, alice, settings, cache_backend, per_ip_only
):
    # DJANGO_TRUSTED_PROXIES=1: the proxy appends the address it saw, the rightmost hop.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(3):
        forged_then_real = f"192.0.2.{n}, 203.0.113.7"
        attempt(anon, f"guess{n}", "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR=forged_then_real)

    blocked = attempt(
        anon, "alice", PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7"
    )
    another_client = attempt(anon, "alice", PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert_throttled(blocked, period=60)
    assert another_client.status_code == 200


def test_a_throttled_login_checks_no_password_and_counts_no_failure(
    anon, alice, hashes, per_account_only
):
    fail(anon, "alice", 5)
    assert hashes, "a failed login hashes the password it was given"
    hashes.clear()

    for password in ("wrong-again", PASSWORD):
        assert_throttled(attempt(anon, "alice", password), period=300)

    assert hashes == []
    assert failures_counted("alice") == 5
    assert SecurityEvent.objects.filter(type=SecurityEvent.Type.LOGIN_FAILED).count() == 5


def test_the_limit_lifts_when_the_window_has_passed(
    anon, alice, clock, cache_backend, per_account_only
):
    fail(anon, "alice", 5)
    clock.now += 200
    assert_throttled(attempt(anon, "alice", PASSWORD), period=100)

    clock.now += 101

    assert attempt(anon, "alice", PASSWORD).status_code == 200


def test_old_failures_stop_counting(anon, alice, clock, per_account_only):
    fail(anon, "alice", 3)
    clock.now += 301
    fail(anon, "alice", 4)

    assert attempt(anon, "alice", PASSWORD).status_code == 200


def test_an_unknown_name_is_limited_by_its_spelling(anon, db, per_account_only):
    fail(anon, "nobody", 5)

    assert_throttled(attempt(anon, "NOBODY", "x"), period=300)


def refresh(client, token, ip=CLIENT):
    return client.post(reverse("jwt-refresh"), {"refresh": token}, REMOTE_ADDR=ip)


def test_refreshes_are_limited_per_ip(anon, alice, cache_backend, throttle_rates):
    throttle_rates(token_refresh_ip="2/m")
    token = login(anon, alice)["refresh"]

    statuses = []
    for _ in range(3):
        response = refresh(anon, token)
        statuses.append(response.status_code)
        # Each refresh spends its token and answers with the next one.
        token = response.json().get("refresh", token)

    assert statuses == [200, 200, 429]
    assert_throttled(refresh(anon, token), period=60)
    assert refresh(anon, token, ip=OTHER_CLIENT).status_code == 200


def test_a_user_over_the_refresh_limit_can_still_log_out(anon, alice, throttle_rates):
    throttle_rates(token_refresh_ip="1/m")
    token = refresh(anon, login(anon, alice)["refresh"]).json()["refresh"]
    assert refresh(anon, token).status_code == 429

    response = anon.post(reverse("jwt-logout"), {"refresh": token}, REMOTE_ADDR=CLIENT)

    assert response.status_code == 204
    assert refresh(anon, token, ip=OTHER_CLIENT).status_code == 401


def test_the_configured_default_is_five_per_five_minutes(anon, db):
    carol = UserFactory(username="carol")
    fail(anon, carol.username, 5, ip="198.51.100.7")

    assert_throttled(attempt(anon, "carol", PASSWORD, ip="198.51.100.8"), period=300)
