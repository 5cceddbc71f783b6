import pytest
from django.urls import reverse

from accounts.models import UserProfile

LIST = reverse("all-profiles")


def detail(profile):
    return reverse("profile", kwargs={"pk": profile.pk})


@pytest.mark.parametrize(
    ("method", "payload"),
    [("put", {"location": "Stolen"}), ("patch", {"location": "Stolen"}), ("delete", None)],
)
def test_other_user_cannot_change_a_profile(bob_client, alice, method, payload):
    response = getattr(bob_client, method)(detail(alice.profile), payload)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    profile = UserProfile.objects.get(user=alice)
    assert profile.location == ""


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_anonymous_gets_401_on_a_profile(anon, alice, method):
    response = getattr(anon, method)(detail(alice.profile), {"location": "x"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert UserProfile.objects.get(user=alice).location == ""


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_gets_401_on_the_list(anon, db, method):
    response = getattr(anon, method)(LIST, {"location": "x"})

    assert response.status_code == 401
    assert not UserProfile.objects.exists()


def test_post_always_creates_the_callers_own_profile(bob_client, bob, alice):
    bob.profile.delete()

    response = bob_client.post(LIST, {"location": "Porto", "user": "alice"})

    assert response.status_code == 201
    assert UserProfile.objects.get(pk=response.json()["id"]).user == bob
    assert UserProfile.objects.get(user=alice).location == ""
