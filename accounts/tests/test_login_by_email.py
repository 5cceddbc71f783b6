"""`username` on /auth/jwt/create/ takes the username or the email address (any case)."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from accounts.backends import UsernameOrEmailBackend
from accounts.tests.factories import PASSWORD, UserFactory


def login(client, username, password=PASSWORD):
    return client.post(reverse("jwt-create"), {"username": username, "password": password})


@pytest.mark.parametrize("name", ["alice", "alice@example.com", "ALICE@example.COM"])
def test_log_in_with_the_username_or_the_email(anon, alice, name):
    response = login(anon, name)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_the_username_stays_case_sensitive(anon, alice):
    assert login(anon, "Alice").status_code == 401


@pytest.mark.parametrize("name", ["alice@example.com", "nobody@example.com", "nobody"])
def test_a_wrong_password_or_unknown_name_is_a_401(anon, alice, name):
    response = login(anon, name, "wrong-password")

    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"


@pytest.mark.django_db
def test_a_username_spelt_like_someone_elses_email_does_not_lock_them_out(anon):
    UserFactory(username="carol", email="carol@example.com", password="carols-passphrase")
    UserFactory(username="carol@example.com", email="", password="squatters-passphrase")

    assert login(anon, "carol@example.com", "carols-passphrase").status_code == 200
    assert login(anon, "carol@example.com", "squatters-passphrase").status_code == 200


INACTIVE_BACKENDS = [
    "accounts.backends.UsernameOrEmailBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Returns inactive users on purpose; simplejwt's USER_AUTHENTICATION_RULE must still refuse.
    "django.contrib.auth.backends.AllowAllUsersModelBackend",
]


@pytest.mark.parametrize("backend", INACTIVE_BACKENDS)
@pytest.mark.parametrize("name", ["alice", "alice@example.com"])
def test_an_inactive_user_gets_no_token_whichever_backend_is_asked(
    anon, alice, settings, backend, name
):
    # CVE-2024-21543: djoser once issued tokens to inactive users when a backend refused them.
    alice.is_active = False
    alice.save()
    settings.AUTHENTICATION_BACKENDS = [backend]

    response = login(anon, name)

    assert response.status_code == 401
    assert "access" not in response.json()


@pytest.mark.parametrize("backend", [UsernameOrEmailBackend, ModelBackend])
def test_both_backends_refuse_an_inactive_user(alice, backend):
    alice.is_active = False
    alice.save()

    assert backend().authenticate(None, username="alice", password=PASSWORD) is None


def test_the_email_backend_is_the_configured_one(alice):
    user = authenticate(username="ALICE@example.com", password=PASSWORD)

    assert user == alice
    assert user.backend == "accounts.backends.UsernameOrEmailBackend"
