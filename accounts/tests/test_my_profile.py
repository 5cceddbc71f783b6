"""/api/accounts/profile/me/: the caller's own profile, without knowing its id."""

import pytest
from django.urls import resolve, reverse

from accounts import views
from accounts.models import UserProfile

ME = reverse("profile-me")


def test_me_is_its_own_route_not_a_profile_id():
    assert ME == "/api/accounts/profile/me/"
    assert resolve(ME).func.view_class is views.MyProfileView
    assert resolve("/api/accounts/profile/7/").func.view_class is views.UserProfileDetailView


@pytest.mark.parametrize("path", [ME, ME.rstrip("/")])
def test_get_returns_the_callers_profile(bob_client, alice, bob, path):
    response = bob_client.get(path)

    assert response.status_code == 200
    assert response.json()["id"] == bob.profile.pk
    assert response.json()["user"] == "bob"


def test_patch_changes_only_the_callers_profile(alice_client, alice, bob):
    response = alice_client.patch(ME, {"location": "Coimbra", "is_organizer": True})

    assert response.status_code == 200
    assert response.json()["location"] == "Coimbra"
    alice.profile.refresh_from_db()
    bob.profile.refresh_from_db()
    assert (alice.profile.location, alice.profile.is_organizer) == ("Coimbra", True)
    assert bob.profile.location == ""


def test_put_replaces_the_writable_fields(alice_client, alice):
    response = alice_client.put(
        ME, {"description": "Chess", "location": "Faro", "is_organizer": False, "user": "bob"}
    )

    assert response.status_code == 200
    assert response.json()["user"] == "alice"
    alice.profile.refresh_from_db()
    assert (alice.profile.description, alice.profile.location) == ("Chess", "Faro")


def test_bad_field_is_a_400_and_nothing_changes(alice_client, alice):
    response = alice_client.patch(ME, {"location": "x" * 31})

    assert response.status_code == 400
    assert "location" in response.json()
    alice.profile.refresh_from_db()
    assert alice.profile.location == ""


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_deleted_profile_is_a_json_404(alice_client, alice, method):
    alice.profile.delete()

    response = getattr(alice_client, method)(ME, {"location": "Faro"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "POST /api/accounts/all-profiles/" in response.json()["detail"]
    assert not UserProfile.objects.filter(user=alice).exists()


@pytest.mark.parametrize("method", ["get", "patch"])
def test_anonymous_is_a_401(anon, db, method):
    response = getattr(anon, method)(ME, {"location": "x"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_delete_is_not_offered_here(alice_client, alice):
    response = alice_client.delete(ME)

    assert response.status_code == 405
    assert UserProfile.objects.filter(user=alice).exists()


def test_query_count(alice_client, alice, django_assert_num_queries):
    # The profile (and its user) come with the authenticated user, in one query.
    with django_assert_num_queries(1):
        assert alice_client.get(ME).status_code == 200
