"""Sessions: listed, ended one by one or all at once, and ended by password and account changes."""

import uuid
from datetime import timedelta

import pytest
from django.core import management
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.tests.factories import PASSWORD
from accounts.views import UserViewSet
from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import bearer, claims, login
from logins import signals
from logins.authentication import RevocableJWTAuthentication
from logins.models import LoginSession

ME = "/auth/users/me/"
SESSIONS = reverse("session-list")


def session_url(session_id):
    return reverse("session-detail", kwargs={"pk": session_id})


def refresh(token):
    return APIClient().post(reverse("jwt-refresh"), {"refresh": token})


def me(access):
    return bearer(APIClient(), access).get(ME)


@pytest.fixture
def alice_phone(alice):
    """Alice's second login, from another device."""
    client = APIClient(HTTP_USER_AGENT="AlicePhone/2.0", REMOTE_ADDR="198.51.100.7")
    client.tokens = login(client, alice)
    return client


def test_login_starts_a_session_listed_as_current(anon, alice):
    tokens = login(anon, alice)

    response = anon.get(SESSIONS)

    assert response.status_code == 200
    [listed] = response.json()["results"]
    assert listed["id"] == claims(tokens["access"])["sid"]
    assert listed["current"] is True
    assert listed["ip_address"] == "127.0.0.1"
    assert listed["last_refreshed_at"] is None
    assert set(listed) == {
        "id",
        "created_at",
        "last_refreshed_at",
        "user_agent",
        "ip_address",
        "current",
    }


def test_list_shows_every_live_session_of_the_caller_only(alice_client, alice_phone, bob_client):
    phone_sid = claims(alice_phone.tokens["access"])["sid"]

    listed = alice_client.get(SESSIONS).json()["results"]

    assert len(listed) == 2
    phone = next(session for session in listed if session["id"] == phone_sid)
    assert phone["current"] is False
    assert phone["user_agent"] == "AlicePhone/2.0"
    assert phone["ip_address"] == "198.51.100.7"
    assert [session["current"] for session in listed].count(True) == 1


def test_list_does_not_show_revoked_sessions(alice_client, alice_phone):
    alice_phone.post(reverse("jwt-logout"))

    listed = alice_client.get(SESSIONS).json()["results"]

    assert [session["current"] for session in listed] == [True]


@pytest.mark.django_db
def test_anonymous_list_is_a_401(anon):
    assert anon.get(SESSIONS).status_code == 401


def test_delete_own_session_revokes_it(alice_client, alice_phone, signal_log):
    logouts = signal_log(signals.logged_out)
    phone_sid = claims(alice_phone.tokens["access"])["sid"]

    response = alice_client.delete(session_url(phone_sid))

    assert response.status_code == 204
    assert refresh(alice_phone.tokens["refresh"]).status_code == 401
    assert me(alice_phone.tokens["access"]).status_code == 401
    assert alice_client.get(ME).status_code == 200
    assert [str(call["session"].pk) for call in logouts] == [phone_sid]


def test_delete_another_users_session_is_a_404(alice_client, bob_client, bob):
    bobs = LoginSession.objects.get(user=bob)

    response = alice_client.delete(session_url(bobs.pk))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert bob_client.get(ME).status_code == 200


@pytest.mark.parametrize("session_id", [uuid.uuid4(), "not-a-uuid", "1"])
def test_delete_unknown_session_is_a_404(alice_client, session_id):
    assert alice_client.delete(f"{SESSIONS}{session_id}/").status_code == 404


def test_logout_with_the_refresh_token_ends_that_session(anon, alice, alice_phone, signal_log):
    logouts = signal_log(signals.logged_out)
    tokens = login(anon, alice)

    response = anon.post(reverse("jwt-logout"), {"refresh": tokens["refresh"]})

    assert response.status_code == 204
    assert refresh(tokens["refresh"]).status_code == 401
    assert me(tokens["access"]).status_code == 401
    assert me(alice_phone.tokens["access"]).status_code == 200
    assert [call["user"] for call in logouts] == [alice]


def test_logout_with_only_the_access_token_ends_its_own_session(anon, alice, alice_phone):
    tokens = login(anon, alice)

    assert anon.post(reverse("jwt-logout")).status_code == 204

    assert refresh(tokens["refresh"]).status_code == 401
    assert refresh(alice_phone.tokens["refresh"]).status_code == 200


def test_logout_of_a_rotated_token_ends_its_session(anon, alice):
    tokens = login(anon, alice)
    rotated = refresh(tokens["refresh"]).json()

    assert anon.post(reverse("jwt-logout"), {"refresh": tokens["refresh"]}).status_code == 204

    assert refresh(rotated["refresh"]).status_code == 401


@pytest.mark.django_db
def test_logout_without_any_token_is_a_401(anon):
    response = anon.post(reverse("jwt-logout"))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_logout_all_ends_every_session_of_the_caller(
    alice_client, alice_phone, bob_client, signal_log
):
    everywhere = signal_log(signals.logged_out_everywhere)

    response = alice_client.post(reverse("jwt-logout-all"))

    assert response.status_code == 204
    assert alice_client.get(ME).status_code == 401
    assert me(alice_phone.tokens["access"]).status_code == 401
    assert refresh(alice_phone.tokens["refresh"]).status_code == 401
    assert bob_client.get(ME).status_code == 200
    assert [call["revoked"] for call in everywhere] == [2]


def test_logout_all_with_a_refresh_token_only(anon, alice, alice_phone):
    tokens = login(anon, alice)
    anon.credentials()

    assert anon.post(reverse("jwt-logout-all"), {"refresh": tokens["refresh"]}).status_code == 204

    assert refresh(alice_phone.tokens["refresh"]).status_code == 401


def test_logout_all_with_a_replayed_refresh_token_is_refused(anon, alice, alice_phone, settings):
    settings.REFRESH_REUSE_GRACE = timedelta(0)
    stolen = login(anon, alice)["refresh"]
    refresh(stolen)
    anon.credentials()

    response = anon.post(reverse("jwt-logout-all"), {"refresh": stolen})

    assert response.status_code == 401
    assert response.json()["code"] == "token_reused"
    assert me(alice_phone.tokens["access"]).status_code == 200


@pytest.mark.django_db
def test_logout_all_without_any_token_is_a_401(anon):
    assert anon.post(reverse("jwt-logout-all")).status_code == 401


def test_deactivated_user_is_refused_with_a_live_access_token(alice_client, alice):
    alice.is_active = False
    alice.save()

    response = alice_client.get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "user_inactive"


def test_password_change_revokes_the_other_sessions_only(alice_client, alice, alice_phone):
    response = alice_client.post(
        "/auth/users/set_password/",
        {"current_password": PASSWORD, "new_password": "a-brand-new-passphrase"},
    )

    assert response.status_code == 204
    assert me(alice_phone.tokens["access"]).status_code == 401
    assert refresh(alice_phone.tokens["refresh"]).status_code == 401
    assert alice_client.get(ME).status_code == 200
    current = LoginSession.objects.get(user=alice, revoked_at__isnull=True)
    assert refresh(current.refresh_token.token).status_code == 200


def test_failed_password_change_revokes_nothing(alice_client, alice_phone):
    response = alice_client.post(
        "/auth/users/set_password/",
        {"current_password": "wrong", "new_password": "a-brand-new-passphrase"},
    )

    assert response.status_code == 400
    assert me(alice_phone.tokens["access"]).status_code == 200


def test_password_reset_revokes_every_session(anon, alice, alice_phone, mailoutbox):
    anon.post("/auth/users/reset_password/", {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")

    response = anon.post(
        "/auth/users/reset_password_confirm/",
        {"uid": uid, "token": token, "new_password": "a-brand-new-passphrase"},
    )

    assert response.status_code == 204
    assert me(alice_phone.tokens["access"]).status_code == 401
    assert refresh(alice_phone.tokens["refresh"]).status_code == 401


def test_deleting_the_account_revokes_every_session(alice_client, alice, alice_phone):
    heads = [session.refresh_token for session in LoginSession.objects.filter(user=alice)]

    response = alice_client.delete(ME, {"current_password": PASSWORD})

    assert response.status_code == 204
    assert BlacklistedToken.objects.filter(token__in=heads).count() == 2
    assert refresh(alice_phone.tokens["refresh"]).status_code == 401
    assert me(alice_phone.tokens["access"]).status_code == 401


def test_revocation_check_adds_no_query_to_an_authenticated_request(alice_client, monkeypatch):
    # The user is loaded joined to the session, in the one query stock simplejwt makes to load
    # the user; /me/ adds the profile it nests, whichever authentication ran.
    monkeypatch.setattr(UserViewSet, "authentication_classes", [RevocableJWTAuthentication])
    with CaptureQueriesContext(connection) as revocable:
        assert alice_client.get(ME).status_code == 200
    monkeypatch.setattr(UserViewSet, "authentication_classes", [JWTAuthentication])
    with CaptureQueriesContext(connection) as stock:
        assert alice_client.get(ME).status_code == 200

    assert len(revocable) == len(stock) == 2


@pytest.mark.parametrize(
    "path",
    # The default authentication, and the one that loads the caller's profile with the user.
    ["/api/accounts/all-profiles/", "/api/accounts/profile/me/", ME],
)
def test_every_authenticated_view_refuses_an_ended_session(anon, alice, path):
    tokens = login(anon, alice)
    assert anon.get(path).status_code == 200

    assert anon.post(reverse("jwt-logout"), {"refresh": tokens["refresh"]}).status_code == 204

    response = anon.get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "session_revoked"


def test_verify_refuses_tokens_of_a_revoked_session(anon, alice):
    tokens = login(anon, alice)
    assert anon.post(reverse("jwt-verify"), {"token": tokens["access"]}).status_code == 200

    anon.post(reverse("jwt-logout"))

    for token in tokens.values():
        response = anon.post(reverse("jwt-verify"), {"token": token})
        assert response.status_code == 401
        assert response.json()["code"] == "token_not_valid"


def test_flushexpiredtokens_deletes_sessions_whose_last_token_expired(alice_client, alice_phone):
    expired = LoginSession.objects.get(user_agent="AlicePhone/2.0")
    OutstandingToken.objects.filter(pk=expired.refresh_token_id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    management.call_command("flushexpiredtokens")

    assert not LoginSession.objects.filter(pk=expired.pk).exists()
    assert alice_client.get(ME).status_code == 200
