"""GET /api/accounts/security-events/: my own audit trail; staff see everyone's."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from eventScheduler.tests.utils import login
from security import audit
from security.models import SecurityEvent

EVENTS = reverse("security-events")
Type = SecurityEvent.Type


def record(user, type=Type.PASSWORD_CHANGED):
    return audit.record(type=type, request=None, user=user)


@pytest.fixture
def staff_client(db):
    client = APIClient()
    login(client, UserFactory(username="root", is_staff=True))
    return client


def types_and_users(response):
    return [(event["type"], event["user"]) for event in response.json()["results"]]


def test_i_see_my_own_events_newest_first(alice_client, alice, bob):
    logged_in = SecurityEvent.objects.get(user=alice)
    first = record(alice, Type.LOGIN_FAILED)
    record(bob, Type.LOGIN_FAILED)
    second = record(alice, Type.PASSWORD_CHANGED)

    response = alice_client.get(EVENTS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [event["id"] for event in body["results"]] == [second.pk, first.pk, logged_in.pk]
    assert set(body["results"][0]) == {
        "id",
        "type",
        "user",
        "ip",
        "user_agent",
        "scope",
        "created",
    }


def test_i_cannot_see_someone_elses_events(alice_client, bob):
    record(bob)

    response = alice_client.get(EVENTS, {"user": bob.pk})

    assert response.status_code == 200
    assert types_and_users(response) == [("login_succeeded", "alice")]


def test_the_list_is_paginated(alice_client, alice):
    for _ in range(3):
        record(alice)

    response = alice_client.get(EVENTS, {"page_size": 2})

    body = response.json()
    # the three and alice's login
    assert (body["count"], len(body["results"])) == (4, 2)
    assert body["next"] is not None


def test_i_can_filter_my_events_by_type(alice_client, alice):
    record(alice, Type.LOGIN_FAILED)
    record(alice, Type.PASSWORD_CHANGED)

    response = alice_client.get(EVENTS, {"type": "login_failed"})

    assert types_and_users(response) == [("login_failed", "alice")]


def test_staff_see_everyones_events(staff_client, alice, bob):
    record(alice)
    record(bob)
    record(None, Type.LOGIN_FAILED)

    response = staff_client.get(EVENTS)

    assert types_and_users(response) == [
        ("login_failed", None),
        ("password_changed", "bob"),
        ("password_changed", "alice"),
        ("login_succeeded", "root"),
    ]


def test_staff_filter_by_user_and_type(staff_client, alice, bob):
    record(alice, Type.LOGIN_FAILED)
    record(alice, Type.PASSWORD_CHANGED)
    record(bob, Type.LOGIN_FAILED)

    response = staff_client.get(EVENTS, {"user": alice.pk, "type": "login_failed"})

    assert types_and_users(response) == [("login_failed", "alice")]


@pytest.mark.parametrize(
    ("params", "field"), [({"type": "party"}, "type"), ({"user": "x"}, "user")]
)
def test_a_bad_filter_is_a_400_naming_it(alice_client, params, field):
    response = alice_client.get(EVENTS, params)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_anonymous_is_a_401(anon):
    assert anon.get(EVENTS).status_code == 401


@pytest.mark.parametrize("rows", [2, 40])
def test_the_query_count_does_not_grow_with_rows(
    staff_client, alice, rows, django_assert_num_queries
):
    for _ in range(rows):
        record(alice)

    # authenticate the caller, count, page
    with django_assert_num_queries(3):
        assert staff_client.get(EVENTS).status_code == 200
