"""Logins, logouts, token reuse and refused requests land in the audit log, through the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from logins.models import LoginSession
from security.models import SecurityEvent

Type = SecurityEvent.Type
EVENTS = reverse("security-events")
PHONE = {"REMOTE_ADDR": "198.51.100.7", "HTTP_USER_AGENT": "AlicePhone/2.0"}
LAPTOP = {"REMOTE_ADDR": "198.51.100.8", "HTTP_USER_AGENT": "Firefox/140.0"}
THIEF = {"REMOTE_ADDR": "203.0.113.66", "HTTP_USER_AGENT": "curl/8.5.0"}


def log_in(client, username="alice", password=PASSWORD, **client_info):
    return client.post(
        reverse("jwt-create"), {"username": username, "password": password}, **client_info
    )


def tokens_of(client, username="alice", **client_info):
    response = log_in(client, username, **client_info)
    assert response.status_code == 200
    return response.json()


def refresh(client, token, **client_info):
    return client.post(reverse("jwt-refresh"), {"refresh": token}, **client_info)


def seen_as(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def event(type):
    return SecurityEvent.objects.get(type=type)


def where_from(event):
    return {"REMOTE_ADDR": event.ip, "HTTP_USER_AGENT": event.user_agent}


def test_a_login_is_recorded_with_its_sessions_ip_and_user_agent(anon, alice):
    tokens_of(anon, **PHONE)

    logged_in = event(Type.LOGIN_SUCCEEDED)
    session = LoginSession.objects.get(user=alice)
    assert logged_in.user == alice
    assert (logged_in.ip, logged_in.user_agent) == (session.ip_address, session.user_agent)
    assert where_from(logged_in) == PHONE
    assert logged_in.created is not None


def test_a_failed_login_records_no_success(anon, alice):
    assert log_in(anon, password="wrong", **PHONE).status_code == 401

    assert list(SecurityEvent.objects.values_list("type", flat=True)) == [Type.LOGIN_FAILED]


def test_a_logout_is_recorded(anon, alice):
    tokens = tokens_of(anon, **PHONE)

    response = anon.post(reverse("jwt-logout"), {"refresh": tokens["refresh"]}, **LAPTOP)

    assert response.status_code == 204
    logged_out = event(Type.LOGOUT)
    assert logged_out.user == alice
    assert where_from(logged_out) == LAPTOP


def test_ending_a_session_from_the_list_is_recorded_as_a_logout(anon, alice):
    tokens_of(APIClient(), **PHONE)
    laptop = seen_as(APIClient(), tokens_of(anon, **LAPTOP)["access"])
    phone_session = LoginSession.objects.get(user_agent=PHONE["HTTP_USER_AGENT"])

    response = laptop.delete(reverse("session-detail", args=[phone_session.pk]), **LAPTOP)

    assert response.status_code == 204
    assert (event(Type.LOGOUT).user, where_from(event(Type.LOGOUT))) == (alice, LAPTOP)


def test_a_second_logout_of_the_same_session_records_nothing_more(anon, alice):
    tokens = tokens_of(anon)
    for _ in range(2):
        anon.post(reverse("jwt-logout"), {"refresh": tokens["refresh"]})

    assert SecurityEvent.objects.filter(type=Type.LOGOUT).count() == 1


@pytest.mark.parametrize("credential", ["access", "refresh"])
def test_a_logout_everywhere_is_recorded(anon, alice, credential):
    tokens_of(APIClient(), **PHONE)
    tokens = tokens_of(anon, **LAPTOP)
    if credential == "access":
        response = seen_as(anon, tokens["access"]).post(reverse("jwt-logout-all"), **LAPTOP)
    else:
        response = anon.post(reverse("jwt-logout-all"), {"refresh": tokens["refresh"]}, **LAPTOP)

    assert response.status_code == 204
    everywhere = event(Type.LOGOUT_ALL)
    assert (everywhere.user, where_from(everywhere)) == (alice, LAPTOP)


def test_token_reuse_is_recorded_with_the_replaying_client(anon, alice, settings):
    settings.REFRESH_REUSE_GRACE = timedelta(0)
    stolen = tokens_of(anon, **PHONE)["refresh"]
    assert refresh(anon, stolen, **PHONE).status_code == 200

    assert refresh(APIClient(), stolen, **THIEF).status_code == 401

    reuse = event(Type.TOKEN_REUSE_DETECTED)
    assert (reuse.user, where_from(reuse)) == (alice, THIEF)


def test_a_refused_login_is_recorded_once_with_the_limit_and_the_account(
    anon, alice, throttle_rates
):
    throttle_rates(login_failures_account="2/5m", login_failures_ip=None)
    for _ in range(2):
        log_in(anon, password="wrong", **THIEF)

    statuses = [log_in(anon, **THIEF).status_code for _ in range(3)]

    assert statuses == [429] * 3
    throttled = event(Type.THROTTLED)
    assert (throttled.user, throttled.scope, where_from(throttled)) == (
        alice,
        "login_failures_account",
        THIEF,
    )


def test_every_limit_that_refuses_a_request_is_recorded(anon, alice, throttle_rates):
    throttle_rates(login_failures_account="1/5m", login_failures_ip="1/m")
    log_in(anon, password="wrong", **THIEF)

    assert log_in(anon, **THIEF).status_code == 429

    assert sorted(
        SecurityEvent.objects.filter(type=Type.THROTTLED).values_list("scope", "user")
    ) == [
        ("login_failures_account", alice.pk),
        ("login_failures_ip", None),
    ]


def test_a_refused_refresh_is_recorded(anon, alice, throttle_rates):
    throttle_rates(token_refresh_ip="1/m")
    token = refresh(anon, tokens_of(anon)["refresh"], **PHONE).json()["refresh"]

    assert refresh(anon, token, **PHONE).status_code == 429

    throttled = event(Type.THROTTLED)
    assert (throttled.user, throttled.scope, where_from(throttled)) == (
        None,
        "token_refresh_ip",
        PHONE,
    )


def test_a_refused_registration_is_recorded(anon, db, throttle_rates):
    throttle_rates(register_ip="1/m")
    for n in range(2):
        anon.post("/auth/users/", {"username": f"new{n}", "password": "a-long-passphrase"}, **THIEF)

    throttled = event(Type.THROTTLED)
    assert (throttled.user, throttled.scope, where_from(throttled)) == (None, "register_ip", THIEF)


def test_a_reset_flood_is_recorded_against_the_account_of_the_address(anon, alice, throttle_rates):
    throttle_rates(password_reset_email="1/h")
    for _ in range(2):
        anon.post("/auth/users/reset_password/", {"email": "ALICE@example.com"}, **THIEF)

    throttled = event(Type.THROTTLED)
    assert (throttled.user, throttled.scope) == (alice, "password_reset_email")


def test_no_token_or_password_is_stored(anon, alice, settings):
    settings.REFRESH_REUSE_GRACE = timedelta(0)
    log_in(anon, password="a-wrong-guess")
    first = tokens_of(anon)
    second = refresh(anon, first["refresh"]).json()
    refresh(anon, first["refresh"])
    third = tokens_of(anon)
    seen_as(anon, third["access"]).post(reverse("jwt-logout-all"))

    stored = repr(list(SecurityEvent.objects.values()))

    assert SecurityEvent.objects.count() == 5
    for secret in (PASSWORD, "a-wrong-guess", *first.values(), *second.values(), *third.values()):
        assert secret not in stored


def test_the_owner_sees_her_events_newest_first_and_only_she(anon, alice, bob, settings):
    settings.REFRESH_REUSE_GRACE = timedelta(0)
    stolen = tokens_of(anon, **PHONE)["refresh"]
    refresh(anon, stolen, **PHONE)
    refresh(APIClient(), stolen, **THIEF)
    laptop = seen_as(APIClient(), tokens_of(anon, **LAPTOP)["access"])
    laptop.post(reverse("jwt-logout"), **LAPTOP)
    bobs = seen_as(APIClient(), tokens_of(anon, "bob")["access"])
    alices = seen_as(APIClient(), tokens_of(anon, **LAPTOP)["access"])

    mine = alices.get(EVENTS).json()["results"]

    assert [(row["type"], row["user"], row["user_agent"]) for row in mine] == [
        ("login_succeeded", "alice", "Firefox/140.0"),
        ("logout", "alice", "Firefox/140.0"),
        ("login_succeeded", "alice", "Firefox/140.0"),
        ("token_reuse_detected", "alice", "curl/8.5.0"),
        ("login_succeeded", "alice", "AlicePhone/2.0"),
    ]
    assert [row["type"] for row in bobs.get(EVENTS).json()["results"]] == ["login_succeeded"]
