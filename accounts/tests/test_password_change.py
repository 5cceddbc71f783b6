"""Changing the password while logged in: /auth/users/set_password/."""

from django.urls import reverse

from accounts.tests.factories import PASSWORD
from security.models import SecurityEvent

SET_PASSWORD = "/auth/users/set_password/"


def test_change_needs_the_current_password(alice_client, alice):
    response = alice_client.post(
        SET_PASSWORD, {"current_password": "wrong", "new_password": "a-new-passphrase"}
    )

    assert response.status_code == 400
    assert "current_password" in response.json()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_new_password_logs_in(alice_client, anon, alice):
    response = alice_client.post(
        SET_PASSWORD, {"current_password": PASSWORD, "new_password": "a-new-passphrase"}
    )

    assert response.status_code == 204
    login = anon.post(reverse("jwt-create"), {"username": "alice", "password": "a-new-passphrase"})
    assert login.status_code == 200


def test_the_password_validators_apply(alice_client, alice):
    response = alice_client.post(
        SET_PASSWORD, {"current_password": PASSWORD, "new_password": "alice123"}
    )

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_anonymous_change_is_a_401(anon, db):
    response = anon.post(SET_PASSWORD, {"current_password": "x", "new_password": "y"})

    assert response.status_code == 401


def test_a_change_is_audited_and_a_refused_one_is_not(alice_client, alice):
    alice_client.post(SET_PASSWORD, {"current_password": "wrong", "new_password": "a-new-pass"})
    alice_client.post(
        SET_PASSWORD, {"current_password": PASSWORD, "new_password": "a-new-passphrase"}
    )

    events = SecurityEvent.objects.values_list("type", "user")
    assert list(events) == [
        (SecurityEvent.Type.PASSWORD_CHANGED, alice.pk),
        (SecurityEvent.Type.LOGIN_SUCCEEDED, alice.pk),
    ]
