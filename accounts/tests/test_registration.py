import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import UserProfile
from eventScheduler.tests.utils import login

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


@pytest.mark.django_db
def test_register_as_an_organizer_with_a_location_and_description(anon):
    response = anon.post(
        REGISTER,
        {
            "username": "carol",
            "password": "a-long-passphrase",
            "is_organizer": True,
            "location": "Lisbon",
            "description": "Runs the chess club",
        },
    )

    assert response.status_code == 201
    assert set(response.json()) == {"id", "username", "email"}
    profile = UserProfile.objects.get(user__username="carol")
    assert (profile.is_organizer, profile.location, profile.description) == (
        True,
        "Lisbon",
        "Runs the chess club",
    )
    assert UserProfile.objects.filter(user__username="carol").count() == 1


@pytest.mark.django_db
def test_registration_without_profile_fields_makes_an_attendee(anon):
    anon.post(REGISTER, {"username": "carol", "password": "a-long-passphrase"})

    profile = UserProfile.objects.get(user__username="carol")
    assert (profile.is_organizer, profile.location, profile.description) == (False, "", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field"),
    [({"location": "x" * 31}, "location"), ({"is_organizer": "perhaps"}, "is_organizer")],
)
def test_bad_profile_field_at_registration_creates_nothing(anon, extra, field):
    response = anon.post(REGISTER, {"username": "carol", "password": "a-long-passphrase", **extra})

    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()
    assert not UserProfile.objects.exists()


@pytest.mark.django_db
def test_profile_fields_do_not_weaken_the_password_check(anon):
    response = anon.post(
        REGISTER, {"username": "carol", "password": "carol1", "location": "Lisbon"}
    )

    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.django_db(transaction=True)
def test_user_and_profile_are_created_together_or_not_at_all(anon, monkeypatch):
    save = UserProfile.save

    def refuse_the_fill_in(self, *args, **kwargs):
        # the signal's insert goes through; filling in the profile fails
        if kwargs.get("update_fields"):
            raise IntegrityError("profile refused")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(UserProfile, "save", refuse_the_fill_in)

    response = anon.post(
        REGISTER, {"username": "carol", "password": "a-long-passphrase", "location": "Faro"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "cannot_create_user"
    assert not User.objects.filter(username="carol").exists()
    assert not UserProfile.objects.exists()


@pytest.mark.django_db
def test_me_shows_the_profile_picked_at_registration(anon):
    anon.post(
        REGISTER,
        {"username": "carol", "password": "a-long-passphrase", "is_organizer": True},
    )
    login(anon, User.objects.get(username="carol"), password="a-long-passphrase")

    me = anon.get("/auth/users/me/").json()

    assert me["username"] == "carol"
    assert me["profile"]["is_organizer"] is True
