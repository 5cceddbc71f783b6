"""The profile list filters by role, searches username and location, and sorts."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

LIST = reverse("all-profiles")


def make(username, *, location="", is_organizer=False):
    user = UserFactory(username=username)
    user.profile.location = location
    user.profile.is_organizer = is_organizer
    user.profile.save()
    return user


def usernames(response):
    assert response.status_code == 200, response.content
    return [profile["user"] for profile in response.json()["results"]]


@pytest.fixture
def people(alice):
    make("carol", location="Lisbon", is_organizer=True)
    make("dave", location="Porto")
    make("erin", location="Lisboa", is_organizer=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", ["carol", "erin"]), ("false", ["alice", "dave"]), ("1", ["carol", "erin"])],
)
def test_filter_by_is_organizer(alice_client, people, value, expected):
    assert usernames(alice_client.get(LIST, {"is_organizer": value})) == expected


def test_unknown_is_organizer_value_is_a_400(alice_client, people):
    response = alice_client.get(LIST, {"is_organizer": "perhaps"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "is_organizer" in response.json()


@pytest.mark.parametrize(
    ("term", "expected"),
    [("lisb", ["carol", "erin"]), ("DAVE", ["dave"]), ("porto", ["dave"]), ("nobody", [])],
)
def test_search_matches_username_or_location(alice_client, people, term, expected):
    assert usernames(alice_client.get(LIST, {"search": term})) == expected


def test_search_does_not_look_at_the_description(alice_client, people, alice):
    alice.profile.description = "Lisbon chess club"
    alice.profile.save()

    assert usernames(alice_client.get(LIST, {"search": "chess"})) == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("username", ["alice", "carol", "dave", "erin"]),
        ("-username", ["erin", "dave", "carol", "alice"]),
        ("date_joined", ["alice", "carol", "dave", "erin"]),
        ("-date_joined", ["erin", "dave", "carol", "alice"]),
    ],
)
def test_ordering_by_username_or_date_joined(alice_client, people, ordering, expected):
    assert usernames(alice_client.get(LIST, {"ordering": ordering})) == expected


def test_ordering_by_another_field_is_a_400(alice_client, people):
    response = alice_client.get(LIST, {"ordering": "description"})

    assert response.status_code == 400
    assert "ordering" in response.json()


def test_filters_combine_and_paginate(alice_client, people):
    body = alice_client.get(
        LIST, {"is_organizer": "true", "search": "lisb", "ordering": "-username", "page_size": 1}
    ).json()

    assert body["count"] == 2
    assert [p["user"] for p in body["results"]] == ["erin"]
    assert "is_organizer=true" in body["next"] and "ordering=-username" in body["next"]


@pytest.mark.parametrize("rows", [2, 200])
def test_filtered_list_query_count_does_not_grow_with_rows(
    alice_client, alice, rows, django_assert_num_queries
):
    UserFactory.create_batch(rows - 1)
    query = {"is_organizer": "false", "search": "user", "ordering": "-date_joined"}

    # the caller's user, the count, one page of profiles joined to their users
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {**query, "page_size": 100})

    assert len(response.json()["results"]) == min(rows - 1, 100)
