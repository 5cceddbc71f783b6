"""Every token that was not issued as it is presented is a 401, at every endpoint that takes one."""

import time

import jwt
import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from eventScheduler.tests.utils import bearer, claims, login, resigned
from logins.models import LoginSession

ME = "/auth/users/me/"


def unsigned(token):
    """The same claims with `alg: none` and no signature."""
    return jwt.encode(claims(token), key=None, algorithm="none")


def wrong_key(token):
    return jwt.encode(claims(token), "not-the-signing-key-" * 3, algorithm="HS256")


def expired(token):
    now = int(time.time())
    return resigned(token, iat=now - 3600, exp=now - 1)


def without_session(token):
    payload = claims(token)
    del payload["sid"]
    return jwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


FORGERIES = [unsigned, wrong_key, expired, without_session]


@pytest.fixture
def tokens(anon, alice):
    pair = login(anon, alice)
    anon.credentials()
    return pair


@pytest.mark.parametrize("forge", FORGERIES)
def test_forged_access_token_is_a_401(anon, tokens, forge):
    response = bearer(anon, forge(tokens["access"])).get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


@pytest.mark.parametrize("forge", FORGERIES)
def test_forged_refresh_token_is_a_401_and_rotates_nothing(anon, alice, tokens, forge):
    head = LoginSession.objects.get(user=alice).refresh_token_id

    response = anon.post(reverse("jwt-refresh"), {"refresh": forge(tokens["refresh"])})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    assert LoginSession.objects.get(user=alice).refresh_token_id == head


@pytest.mark.parametrize("forge", FORGERIES)
def test_forged_tokens_do_not_verify(anon, tokens, forge):
    for token in tokens.values():
        assert anon.post(reverse("jwt-verify"), {"token": forge(token)}).status_code == 401


def test_refresh_token_used_as_access_token_is_a_401(anon, tokens):
    response = bearer(anon, tokens["refresh"]).get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_access_token_used_as_refresh_token_is_a_401(anon, tokens):
    response = anon.post(reverse("jwt-refresh"), {"refresh": tokens["access"]})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_access_token_used_to_log_out_as_a_refresh_token_is_a_401(anon, alice, tokens):
    response = anon.post(reverse("jwt-logout"), {"refresh": tokens["access"]})

    assert response.status_code == 401
    assert LoginSession.objects.get(user=alice).revoked_at is None


def test_stock_simplejwt_tokens_without_a_session_are_refused(anon, alice):
    refresh = RefreshToken.for_user(alice)

    assert bearer(anon, str(AccessToken.for_user(alice))).get(ME).status_code == 401
    assert anon.post(reverse("jwt-refresh"), {"refresh": str(refresh)}).status_code == 401


def test_session_id_of_another_user_is_refused(anon, alice, bob, tokens):
    bobs = login(anon, bob)
    anon.credentials()
    bobs_session = claims(bobs["access"])["sid"]
    access = resigned(tokens["access"], sid=bobs_session)
    refresh = resigned(tokens["refresh"], sid=bobs_session)

    assert bearer(anon, access).get(ME).status_code == 401
    assert anon.post(reverse("jwt-refresh"), {"refresh": refresh}).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer a.b.c", "Bearer two parts"])
def test_garbage_bearer_is_a_401(anon, header):
    anon.credentials(HTTP_AUTHORIZATION=header)

    assert anon.get(ME).status_code == 401
