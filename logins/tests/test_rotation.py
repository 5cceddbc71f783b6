"""Refresh rotates the token; a rotated token presented again revokes its whole session."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from eventScheduler.tests.utils import bearer, claims, login, manage_shell
from logins import signals
from logins.models import LoginSession

ME = "/auth/users/me/"
GRACE = "from django.conf import settings; print(settings.REFRESH_REUSE_GRACE.total_seconds())"


def refresh(client, token):
    return client.post(reverse("jwt-refresh"), {"refresh": token})


def test_refresh_returns_a_new_pair_and_blacklists_the_old_token(anon, alice):
    first = login(anon, alice)["refresh"]

    response = refresh(anon, first)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert body["refresh"] != first
    assert BlacklistedToken.objects.filter(token__jti=claims(first)["jti"]).exists()
    assert not BlacklistedToken.objects.filter(token__jti=claims(body["refresh"])["jti"]).exists()
    assert refresh(anon, body["refresh"]).status_code == 200


def test_tokens_of_one_login_share_the_session_id(anon, alice):
    first = login(anon, alice)
    second = refresh(anon, first["refresh"]).json()

    session_ids = {claims(token)["sid"] for token in [*first.values(), *second.values()]}

    assert session_ids == {str(LoginSession.objects.get(user=alice).pk)}


def test_replay_of_a_rotated_token_revokes_the_session(anon, alice, settings, signal_log):
    settings.REFRESH_REUSE_GRACE = timedelta(0)
    reuses = signal_log(signals.token_reuse_detected)
    stolen = login(anon, alice)["refresh"]
    victims = refresh(anon, stolen).json()

    replay = refresh(anon, stolen)

    assert replay.status_code == 401
    assert replay.json()["code"] == "token_reused"
    # The token the victim holds next is dead too, and so are the session's access tokens.
    assert refresh(anon, victims["refresh"]).status_code == 401
    assert bearer(anon, victims["access"]).get(ME).status_code == 401
    session = LoginSession.objects.get(user=alice)
    assert session.revoked_reason == LoginSession.RevokedReason.TOKEN_REUSE
    assert BlacklistedToken.objects.filter(token__jti=claims(victims["refresh"])["jti"]).exists()
    assert [(call["session"], call["user"]) for call in reuses] == [(session, alice)]


def test_replay_of_an_older_ancestor_revokes_the_session_even_in_the_grace_window(anon, alice):
    oldest = login(anon, alice)["refresh"]
    middle = refresh(anon, oldest).json()["refresh"]
    newest = refresh(anon, middle).json()["refresh"]

    assert refresh(anon, oldest).json()["code"] == "token_reused"
    assert refresh(anon, newest).status_code == 401


def test_concurrent_refresh_inside_the_grace_window_gets_the_same_successor(anon, alice):
    token = login(anon, alice)["refresh"]
    first_tab = refresh(anon, token)

    second_tab = refresh(anon, token)

    assert second_tab.status_code == 200
    assert second_tab.json()["refresh"] == first_tab.json()["refresh"]
    assert bearer(anon, second_tab.json()["access"]).get(ME).status_code == 200
    assert LoginSession.objects.get(user=alice).revoked_at is None
    assert refresh(anon, first_tab.json()["refresh"]).status_code == 200


def test_reuse_after_the_grace_window_is_a_replay(anon, alice):
    token = login(anon, alice)["refresh"]
    refresh(anon, token)
    # Move the session's clock: the rotation happened just longer ago than the grace window.
    session = LoginSession.objects.get(user=alice)
    session.rotated_at -= settings.REFRESH_REUSE_GRACE + timedelta(seconds=1)
    session.save()

    response = refresh(anon, token)

    assert response.status_code == 401
    assert response.json()["code"] == "token_reused"


def test_refresh_updates_the_sessions_last_refresh(anon, alice):
    token = login(anon, alice)["refresh"]
    assert LoginSession.objects.get(user=alice).last_refreshed_at is None

    refresh(anon, token)

    assert LoginSession.objects.get(user=alice).last_refreshed_at is not None


def test_deactivated_user_cannot_refresh(anon, alice):
    token = login(anon, alice)["refresh"]
    alice.is_active = False
    alice.save()

    response = refresh(anon, token)

    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"


@pytest.mark.django_db
def test_refresh_without_a_token_is_a_400_naming_the_field(anon):
    response = anon.post(reverse("jwt-refresh"), {})

    assert response.status_code == 400
    assert "refresh" in response.json()


def test_grace_window_defaults_to_five_seconds():
    assert manage_shell(GRACE, DJANGO_DEBUG="1") == "5.0"


def test_grace_window_comes_from_the_environment():
    assert manage_shell(GRACE, DJANGO_DEBUG="1", JWT_REFRESH_REUSE_GRACE_SECONDS="0") == "0.0"


# Two tabs refresh with the same token at the same instant, in two threads of a real server
# process against a file database (the in-memory test database cannot show lock behaviour).
CONCURRENT_REFRESH = """
import json, threading
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from accounts.models import User

setup_test_environment()
call_command("migrate", verbosity=0)
User.objects.create_user("tabs", password="two-tabs-one-session")
outcomes = []
for _ in range(10):
    login = Client().post("/auth/jwt/create/", {"username": "tabs", "password": "two-tabs-one-session"})
    token = login.json()["refresh"]
    start = threading.Barrier(2)
    answers = []

    def tab():
        client = Client(raise_request_exception=False)
        start.wait()
        response = client.post("/auth/jwt/refresh/", {"refresh": token})
        answers.append((response.status_code, response.content.decode()))
        connection.close()

    tabs = [threading.Thread(target=tab) for _ in range(2)]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join()
    outcomes.append(answers)
print(json.dumps(outcomes))
"""


def test_truly_concurrent_refreshes_both_get_the_same_successor(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    output = manage_shell(CONCURRENT_REFRESH, DJANGO_DEBUG="1", DATABASE_URL=database)

    for answers in json.loads(output):
        assert [status for status, _body in answers] == [200, 200], answers
        first, second = (json.loads(body)["refresh"] for _status, body in answers)
        assert first == second
