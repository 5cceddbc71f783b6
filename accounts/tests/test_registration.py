import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import UserProfile

User = get_user_model()
REGISTER = "/auth/users/"


@pytest.mark.django_db
def test_register_with_username_and_password_only(anon):
    response = anon.post(REGISTER, {"username": "carol", "password": "a-long-passphrase"})

    assert response.status_code == 201
    user = User.objects.get(username="carol")
    assert response.json() == {"id": user.pk, "username": "carol", "email": ""}
    assert user.check_password("a-long-passphrase")
    assert UserProfile.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_register_with_email(anon):
    response = anon.post(
        REGISTER, {"username": "carol", "password": "a-long-passphrase", "email": "c@example.com"}
    )

    assert response.status_code == 201
    assert response.json()["email"] == "c@example.com"


@pytest.mark.django_db
def test_registered_user_is_active_and_can_log_in(anon):
    # DJOSER["SEND_ACTIVATION_EMAIL"] is off: the tutorial's flow logs in right away.
    anon.post(REGISTER, {"username": "carol", "password": "a-long-passphrase"})

    response = anon.post(
        reverse("jwt-create"), {"username": "carol", "password": "a-long-passphrase"}
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_taken_username_is_a_400_naming_the_field(anon, alice):
    response = anon.post(REGISTER, {"username": "alice", "password": "a-long-passphrase"})

    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.filter(username="alice").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "carol"}, "password"),
        ({"password": "a-long-passphrase"}, "username"),
        ({"username": "carol", "password": "123"}, "password"),
        ({"username": "carol", "password": "password"}, "password"),
        ({"username": "carol", "password": "a-long-passphrase", "email": "nope"}, "email"),
        ({"username": "x" * 151, "password": "a-long-passphrase"}, "username"),
        ({"username": "bad name!", "password": "a-long-passphrase"}, "username"),
    ],
)
def test_invalid_registration_is_a_400_naming_the_field(anon, payload, field):
    response = anon.post(REGISTER, payload)

    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert body["code"] == "invalid"
    assert not User.objects.exists()


@pytest.mark.django_db
def test_registration_ignores_privilege_fields(anon):
    response = anon.post(
        REGISTER,
        {
            "username": "mallory",
            "password": "a-long-passphrase",
            "is_staff": True,
            "is_superuser": True,
        },
    )

    assert response.status_code == 201
    user = User.objects.get(username="mallory")
    assert not user.is_staff
    assert not user.is_superuser


def test_user_list_shows_only_the_caller(alice_client, bob):
    # DJOSER["HIDE_USERS"]: a user never sees the others through /auth/users/.
    response = alice_client.get(REGISTER)

    assert response.status_code == 200
    assert [user["username"] for user in response.json()["results"]] == ["alice"]
