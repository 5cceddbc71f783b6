"""Every route answers with and without its trailing slash, for every method, without a redirect."""

import pytest
from django.urls import resolve, reverse

from accounts.models import UserProfile
from eventScheduler.tests.utils import login


def test_route_names_resolve():
    assert reverse("all-profiles") == "/api/accounts/all-profiles/"
    assert reverse("profile", kwargs={"pk": 7}) == "/api/accounts/profile/7/"
    assert resolve("/api/accounts/profile/7/").kwargs == {"pk": 7}


@pytest.fixture(params=["/", ""], ids=["slash", "no-slash"])
def slash(request):
    return request.param


@pytest.mark.django_db
def test_register(anon, slash):
    response = anon.post(f"/auth/users{slash}", {"username": "carol", "password": "a-long-pass"})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("method", "payload", "expected"),
    [("get", None, 200), ("put", {"email": "a@b.example"}, 200), ("patch", {}, 200)],
)
def test_me(alice_client, slash, method, payload, expected):
    response = getattr(alice_client, method)(f"/auth/users/me{slash}", payload)

    assert response.status_code == expected


def test_jwt_create_refresh_verify(anon, alice, slash):
    response = anon.post(
        f"/auth/jwt/create{slash}", {"username": "alice", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    tokens = response.json()

    assert anon.post(f"/auth/jwt/refresh{slash}", {"refresh": tokens["refresh"]}).status_code == 200
    assert anon.post(f"/auth/jwt/verify{slash}", {"token": tokens["access"]}).status_code == 200


def test_profile_list_and_create(alice_client, alice, slash):
    assert alice_client.get(f"/api/accounts/all-profiles{slash}").status_code == 200
    alice.profile.delete()

    response = alice_client.post(f"/api/accounts/all-profiles{slash}", {"location": "Faro"})

    assert response.status_code == 201
    assert UserProfile.objects.get(user=alice).location == "Faro"


@pytest.mark.parametrize(
    ("method", "payload", "expected"),
    [
        ("get", None, 200),
        ("put", {"location": "Braga"}, 200),
        ("patch", {"location": "Braga"}, 200),
        ("delete", None, 204),
    ],
)
def test_profile_detail(alice_client, alice, slash, method, payload, expected):
    url = f"/api/accounts/profile/{alice.profile.pk}{slash}"

    response = getattr(alice_client, method)(url, payload)

    assert response.status_code == expected


def test_unknown_path_without_slash_is_still_a_404(alice_client):
    response = alice_client.get("/api/accounts/nowhere")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/auth/jwt/createX", "/auth/jwt/create/extra/", "/auth/users.json"]
)
def test_near_miss_auth_paths_are_404s(anon, path):
    response = anon.post(path, {"username": "alice", "password": "x"})

    assert response.status_code == 404


def test_session_and_logout_routes(alice_client, alice, slash):
    session = alice.login_sessions.get()

    assert alice_client.get(f"/auth/sessions{slash}").status_code == 200
    assert alice_client.get(f"/auth/csrf{slash}").status_code == 200
    assert alice_client.delete(f"/auth/sessions/{session.pk}{slash}").status_code == 204
    login(alice_client, alice)
    assert alice_client.post(f"/auth/jwt/logout{slash}").status_code == 204
    login(alice_client, alice)
    assert alice_client.post(f"/auth/jwt/logout-all{slash}").status_code == 204
