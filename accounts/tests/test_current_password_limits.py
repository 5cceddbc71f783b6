"""Endpoints that check the current password are not an unlimited guessing oracle."""

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.utils import manage_shell
from security.models import SecurityEvent

ACTIONS = {
    "set_password": ("post", "/auth/users/set_password/", {"new_password": "a-new-phrase-42"}),
    "set_username": ("post", "/auth/users/set_username/", {"new_username": "alicia"}),
    "set_email": ("post", "/auth/users/set_email/", {"new_email": "alice@new.example"}),
    "delete_me": ("delete", "/auth/users/me/", {}),
}


def attempt(client, action, password):
    method, url, body = ACTIONS[action]
    return getattr(client, method)(url, {**body, "current_password": password}, format="json")


@pytest.fixture
def limit(throttle_rates):
    throttle_rates(current_password_failures="3/15m")


@pytest.mark.parametrize("action", list(ACTIONS))
def test_wrong_current_passwords_are_limited_per_account(alice_client, alice, limit, action):
    for n in range(3):
        assert attempt(alice_client, action, f"guess-{n}").status_code == 400

    refused = attempt(alice_client, action, "guess-3")
    right_one = attempt(alice_client, action, PASSWORD)

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    assert right_one.status_code == 429
    alice.refresh_from_db()
    assert (alice.username, alice.email) == ("alice", "alice@example.com")
    assert alice.check_password(PASSWORD)


def test_the_actions_share_one_count(alice_client, alice, limit):
    for action in ("set_password", "set_username", "set_email"):
        attempt(alice_client, action, "guess")

    assert attempt(alice_client, "delete_me", "guess").status_code == 429
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_count_is_per_account(alice_client, bob_client, alice, bob, limit):
    for n in range(3):
        attempt(alice_client, "set_password", f"guess-{n}")

    assert attempt(alice_client, "set_username", PASSWORD).status_code == 429
    assert attempt(bob_client, "set_username", PASSWORD).status_code == 204


def test_a_right_password_counts_nothing(alice_client, alice, limit):
    attempt(alice_client, "set_password", "guess-1")
    attempt(alice_client, "set_password", "guess-2")
    for name in ("alicia", "ally", "al"):
        body = {"new_username": name, "current_password": PASSWORD}
        assert alice_client.post("/auth/users/set_username/", body).status_code == 204

    assert attempt(alice_client, "set_password", "guess-3").status_code == 400
    assert attempt(alice_client, "set_password", "guess-4").status_code == 429


def test_the_default_limit_is_five_in_fifteen_minutes():
    script = (
        "from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['current_password_failures'])"
    )

    assert manage_shell(script, DJANGO_DEBUG="1") == "5/15m"


def test_each_failure_is_a_security_event(alice_client, alice, limit):
    for action in ACTIONS:
        attempt(alice_client, action, "guess")

    events = SecurityEvent.objects.filter(user=alice).exclude(type="login_succeeded")
    assert list(events.order_by("id").values_list("type", "scope")) == [
        *[(SecurityEvent.Type.CURRENT_PASSWORD_FAILED, "")] * 3,
        (SecurityEvent.Type.THROTTLED, "current_password_failures"),
    ]
