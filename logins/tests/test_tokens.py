from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.utils import login, manage_shell

ME = "/auth/users/me/"


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def test_login_returns_an_access_and_a_refresh_token(anon, alice):
    tokens = login(anon, alice)

    assert claims(tokens["access"])["token_type"] == "access"
    assert claims(tokens["refresh"])["token_type"] == "refresh"
    assert claims(tokens["access"])["user_id"] == str(alice.pk)


def test_wrong_password_is_a_401(anon, alice):
    response = anon.post(reverse("jwt-create"), {"username": "alice", "password": "wrong"})

    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"


@pytest.mark.django_db
def test_missing_credentials_are_a_400_naming_the_fields(anon):
    response = anon.post(reverse("jwt-create"), {})

    assert response.status_code == 400
    assert {"username", "password"} <= set(response.json())


def test_inactive_user_gets_no_token(anon, alice):
    alice.is_active = False
    alice.save()

    response = anon.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "JWT"])
def test_both_header_schemes_authenticate(anon, alice, scheme):
    access = login(anon, alice)["access"]
    anon.credentials(HTTP_AUTHORIZATION=f"{scheme} {access}")

    response = anon.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_unknown_scheme_is_a_401(anon, alice):
    access = login(anon, alice)["access"]
    anon.credentials(HTTP_AUTHORIZATION=f"Token {access}")

    assert anon.get(ME).status_code == 401


def test_refresh_returns_a_working_access_token(anon, alice):
    refresh = login(anon, alice)["refresh"]
    anon.credentials()

    response = anon.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert response.status_code == 200
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert anon.get(ME).status_code == 200


@pytest.mark.django_db
def test_refresh_with_garbage_is_a_401(anon):
    response = anon.post(reverse("jwt-refresh"), {"refresh": "not-a-token"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_verify_accepts_a_valid_token_and_rejects_a_tampered_one(anon, alice):
    access = login(anon, alice)["access"]

    assert anon.post(reverse("jwt-verify"), {"token": access}).status_code == 200
    tampered = access[:-2] + ("AA" if not access.endswith("AA") else "BB")
    assert anon.post(reverse("jwt-verify"), {"token": tampered}).status_code == 401


def test_access_token_lifetime_is_the_configured_one(anon, alice):
    access = claims(login(anon, alice)["access"])

    configured = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    assert access["exp"] - access["iat"] == configured.total_seconds()


def test_lifetime_from_the_environment_is_the_one_issued():
    script = (
        "from rest_framework_simplejwt.tokens import AccessToken; "
        "token = AccessToken(); print(token['exp'] - token['iat'])"
    )

    assert manage_shell(script, DJANGO_DEBUG="1", JWT_ACCESS_TOKEN_MINUTES="7") == "420"


def test_expired_access_token_is_a_401(anon, alice):
    token = AccessToken.for_user(alice)
    token.set_exp(lifetime=timedelta(seconds=-1))
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = anon.get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
