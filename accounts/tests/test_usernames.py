"""Usernames are unique once NFKC-normalised and case-folded, hold no "@" and one script.

Look-alike names once gave an attacker fresh login budgets against an account: "Alice@..."
registered as a username was tried against alice's email too, but counted only for itself.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.utils import login

REGISTER = "/auth/users/"
SET_USERNAME = "/auth/users/set_username/"


def register(client, username):
    return client.post(REGISTER, {"username": username, "password": "a-long-pass-phrase"})


@pytest.mark.parametrize("look_alike", ["Alice", "ALICE", "ａｌｉｃｅ", "ＡＬＩＣＥ"])
def test_a_look_alike_of_a_taken_name_cannot_register(anon, alice, look_alike):
    response = register(anon, look_alike)

    assert response.status_code == 400
    assert response.json()["username"] == ["A user with that username already exists."]
    assert User.objects.count() == 1


def test_case_folding_is_unicode_aware(anon, db):
    assert register(anon, "STRASSE").status_code == 201

    response = register(anon, "straße")

    assert response.status_code == 400
    assert "username" in response.json()


def test_names_are_stored_nfkc_normalised(anon, db):
    assert register(anon, "ｍａｒｉｏ").status_code == 201

    assert User.objects.get().username == "mario"


def test_a_username_cannot_hold_an_at_sign(anon, alice):
    response = register(anon, "Alice@example.com")

    assert response.status_code == 400
    assert "cannot contain @" in response.json()["username"][0]


@pytest.mark.parametrize("name", ["аlice", "paypаl", "Αlpha1"])  # Cyrillic а, Greek Α
def test_mixed_script_names_are_refused(anon, db, name):
    response = register(anon, name)

    assert response.status_code == 400
    assert "cannot mix scripts" in response.json()["username"][0]


@pytest.mark.parametrize("name", ["Мария", "Ελένη", "mario_1.x", "José-Luis", "山田ひろし"])
def test_single_script_names_and_scripts_written_together_are_accepted(anon, db, name):
    assert register(anon, name).status_code == 201, register(anon, name).content


def test_set_username_refuses_a_look_alike_of_another_account(alice, bob, bob_client):
    response = bob_client.post(
        SET_USERNAME, {"new_username": "ALICE", "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json()["new_username"] == ["A user with that username already exists."]
    bob.refresh_from_db()
    assert bob.username == "bob"


def test_set_username_refuses_at_signs_and_mixed_scripts(bob_client, bob):
    for name in ["bob@example.com", "bоb"]:  # the second with a Cyrillic о
        response = bob_client.post(
            SET_USERNAME, {"new_username": name, "current_password": PASSWORD}
        )
        assert response.status_code == 400
        assert "new_username" in response.json()


def test_a_user_may_change_the_case_of_their_own_name(alice, alice_client):
    response = alice_client.post(
        SET_USERNAME, {"new_username": "Alice", "current_password": PASSWORD}
    )

    assert response.status_code == 204
    alice.refresh_from_db()
    assert (alice.username, alice.username_folded) == ("Alice", "alice")


def test_the_database_refuses_a_look_alike_whatever_the_code_path(alice):
    with pytest.raises(IntegrityError):
        User.objects.create(username="ALICE")


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_refuses_a_look_alike_when_renaming(staff_client, alice, bob):
    url = reverse("admin:accounts_user_change", args=[bob.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(username="ALICE", date_joined_0="2026-01-01", date_joined_1="00:00:00")
    data.update({"profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1"})
    data.update({"profile-0-id": bob.profile.pk, "profile-0-user": bob.pk})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    bob.refresh_from_db()
    assert bob.username == "bob"


def admin_add(client, name):
    data = {"username": name, "usable_password": "true"}
    data.update(password1="a-long-pass-phrase", password2="a-long-pass-phrase")
    data.update({"profile-TOTAL_FORMS": "0", "profile-INITIAL_FORMS": "0"})
    return client.post(reverse("admin:accounts_user_add"), data)


def test_the_admin_adds_a_user_with_a_fine_name(staff_client, db):
    assert admin_add(staff_client, "carol").status_code == 302
    assert User.objects.filter(username="carol").exists()


@pytest.mark.parametrize("name", ["straße", "x@y", "аlice"])
def test_the_admin_refuses_bad_names_when_adding(staff_client, db, name):
    UserFactory(username="STRASSE")

    response = admin_add(staff_client, name)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert not User.objects.filter(username=name).exists()


def test_createsuperuser_sees_a_look_alike_as_taken(alice):
    assert User.objects.get_by_natural_key("ALICE") == alice


# --- The lock counts every account a name can log into ----------------------------------


def test_failures_through_a_legacy_name_spelt_like_an_email_lock_that_emails_account(
    anon, alice, throttle_rates
):
    throttle_rates(login_failures_account="5/5m", login_failures_ip=None)
    # From before "@" was refused: a username spelt like alice's address, another case.
    User.objects.create(username="Alice@example.com", email="mallory@example.com")
    for n in range(5):
        response = anon.post(
            reverse("jwt-create"), {"username": "Alice@example.com", "password": f"guess-{n}"}
        )
        assert response.status_code == 401

    response = anon.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 429


# --- Existing data -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_accounts_whose_names_already_fold_alike():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0006_profile_description_max_length")]
    executor.migrate(before)
    OldUser = executor.loader.project_state(before).apps.get_model("accounts", "User")
    for name in ["alice", "Alice", "ＡＬＩＣＥ", "bob"]:
        OldUser.objects.create(username=name, password=make_password(PASSWORD))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    keys = dict(User.objects.values_list("username", "username_folded"))
    assert keys["alice"] == "alice"
    assert keys["bob"] == "bob"
    assert {keys["Alice"], keys["ＡＬＩＣＥ"]} == {
        f"alice#{User.objects.get(username=name).pk}" for name in ["Alice", "ＡＬＩＣＥ"]
    }
    for user in User.objects.all():
        login(APIClient(), user)
    User.objects.get(username="Alice").save()  # a later save keeps the legacy key
    assert User.objects.get(username="Alice").username_folded == keys["Alice"]
