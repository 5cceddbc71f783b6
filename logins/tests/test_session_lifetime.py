"""A login lasts JWT_SESSION_MAX_DAYS at most, and logout-all ends the admin's sessions too."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.test_settings import PRODUCTION, setting
from eventScheduler.tests.utils import bearer, claims, login
from logins.models import LoginSession

REFRESH = reverse("jwt-refresh")


def refresh(client, token):
    return client.post(REFRESH, {"refresh": token})


def age_session(user, days):
    LoginSession.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=days))


def test_a_refresh_after_the_maximum_age_is_refused_however_recent_the_rotation(anon, alice):
    tokens = login(anon, alice)
    rotated = refresh(anon, tokens["refresh"]).json()
    age_session(alice, days=30)

    response = refresh(anon, rotated["refresh"])

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_a_session_younger_than_the_maximum_age_refreshes(anon, alice):
    tokens = login(anon, alice)
    age_session(alice, days=29)

    assert refresh(anon, tokens["refresh"]).status_code == 200


def test_no_refresh_token_outlives_its_session(anon, alice, settings):
    settings.LOGIN_SESSION_MAX_AGE = timedelta(hours=2)
    tokens = login(anon, alice)
    session = LoginSession.objects.get(user=alice)
    ends = session.created_at + timedelta(hours=2)

    rotated = refresh(anon, tokens["refresh"]).json()

    for token in (tokens["refresh"], rotated["refresh"]):
        assert abs(claims(token)["exp"] - ends.timestamp()) < 2
    session.refresh_from_db()
    assert abs((session.refresh_token.expires_at - ends).total_seconds()) < 2


def test_the_maximum_age_comes_from_the_environment():
    assert setting("LOGIN_SESSION_MAX_AGE", **PRODUCTION) == "30 days, 0:00:00"
    assert setting("LOGIN_SESSION_MAX_AGE", **PRODUCTION, JWT_SESSION_MAX_DAYS="7") == (
        "7 days, 0:00:00"
    )


def test_logout_all_ends_the_users_admin_sessions(client, anon, db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    other = UserFactory(username="other", is_staff=True, is_superuser=True)
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    other_admin = type(client)()
    other_admin.post(reverse("admin:login"), {"username": "other", "password": PASSWORD})
    tokens = login(anon, root)

    response = bearer(anon, tokens["access"]).post(reverse("jwt-logout-all"))

    assert response.status_code == 204
    assert client.get("/admin/").status_code == 302
    assert Session.objects.count() == 1
    assert other_admin.get("/admin/").status_code == 200
    assert other.admin_sessions.count() == 1


def test_an_admin_logout_forgets_the_session(client, db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert root.admin_sessions.count() == 1

    client.post(reverse("admin:logout"))

    assert root.admin_sessions.count() == 0
