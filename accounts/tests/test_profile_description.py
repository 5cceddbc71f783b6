"""A profile's description is bounded: a page of profiles cannot grow to megabytes."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import UserProfile

LIMIT = 2000


def test_a_description_of_the_maximum_length_is_kept(alice_client, alice):
    response = alice_client.patch(reverse("profile-me"), {"description": "d" * LIMIT})

    assert response.status_code == 200
    alice.profile.refresh_from_db()
    assert len(alice.profile.description) == LIMIT


def test_a_longer_description_is_a_400_naming_the_field(alice_client, alice):
    response = alice_client.patch(reverse("profile-me"), {"description": "d" * (LIMIT + 1)})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "2000" in response.json()["description"][0]
    alice.profile.refresh_from_db()
    assert alice.profile.description == ""


def test_registration_bounds_the_description_too(anon, db):
    response = anon.post(
        "/auth/users/",
        {"username": "carol", "password": "a-long-pass-phrase", "description": "d" * (LIMIT + 1)},
    )

    assert response.status_code == 400
    assert "description" in response.json()


def test_the_database_refuses_a_longer_description(alice):
    with pytest.raises(IntegrityError):
        UserProfile.objects.filter(user=alice).update(description="d" * (LIMIT + 1))


@pytest.mark.django_db(transaction=True)
def test_the_migration_shortens_descriptions_stored_before_it():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0005_move_sessions_and_events")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    User = old_apps.get_model("accounts", "User")
    user = User.objects.create(username="legacy", password="!")
    old_apps.get_model("accounts", "UserProfile").objects.create(user=user, description="x" * 5000)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert len(UserProfile.objects.get(user__username="legacy").description) == LIMIT
