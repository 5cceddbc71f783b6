"""The audit log records who, what, from where, and never a secret."""

import pytest
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse

from security import audit
from security.models import SecurityEvent

SECRET = "my-very-secret-guess"


def fail_login(client, username, **extra):
    return client.post(reverse("jwt-create"), {"username": username, "password": SECRET}, **extra)


def test_a_failed_login_is_recorded_against_the_account(anon, alice):
    fail_login(anon, "ALICE@example.com", HTTP_USER_AGENT="curl/8.5", REMOTE_ADDR="198.51.100.7")

    event = SecurityEvent.objects.get()
    assert (event.type, event.user, event.ip, event.user_agent) == (
        SecurityEvent.Type.LOGIN_FAILED,
        alice,
        "198.51.100.7",
        "curl/8.5",
    )


@pytest.mark.django_db
def test_a_failed_login_for_an_unknown_name_is_recorded_without_a_user(anon):
    fail_login(anon, "nobody")

    event = SecurityEvent.objects.get()
    assert event.type == SecurityEvent.Type.LOGIN_FAILED
    assert event.user is None


def test_no_password_reaches_the_signal_or_the_log(anon, alice):
    received = []

    def keep(sender, credentials, **kwargs):
        received.append(dict(credentials))

    user_login_failed.connect(keep)
    try:
        fail_login(anon, "alice")
    finally:
        user_login_failed.disconnect(keep)

    assert SECRET not in repr(received)
    row = SecurityEvent.objects.values().get()
    assert SECRET not in repr(row)


def test_a_successful_login_records_no_failure(anon, alice):
    response = anon.post(
        reverse("jwt-create"), {"username": "alice", "password": "correct-horse-battery"}
    )

    assert response.status_code == 200
    assert not SecurityEvent.objects.filter(type=SecurityEvent.Type.LOGIN_FAILED).exists()


def test_the_user_agent_is_truncated(rf, alice):
    request = rf.get("/", HTTP_USER_AGENT="A" * 1000)

    event = audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=alice)

    event.refresh_from_db()
    assert event.user_agent == "A" * SecurityEvent.USER_AGENT_MAX_LENGTH


def test_a_forged_forwarded_for_is_not_the_recorded_ip(rf, alice):
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    event = audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=alice)

    assert event.ip == "198.51.100.1"


def test_behind_a_trusted_proxy_the_forwarded_client_is_recorded(rf, alice, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    event = audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=alice)

    assert event.ip == "203.0.113.9"


def test_a_forwarded_value_that_is_not_an_address_is_stored_as_unknown(rf, alice, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip")

    event = audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=alice)

    event.refresh_from_db()
    assert event.ip is None


@pytest.mark.django_db
def test_an_event_without_a_request_or_user_is_fine():
    event = audit.record(type=SecurityEvent.Type.THROTTLED, request=None)

    assert (event.user, event.ip, event.user_agent) == (None, None, "")


def test_deleting_the_account_keeps_its_events(alice):
    audit.record(type=SecurityEvent.Type.PASSWORD_CHANGED, request=None, user=alice)

    alice.delete()

    assert SecurityEvent.objects.get().user is None
