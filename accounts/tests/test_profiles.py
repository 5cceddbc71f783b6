import pytest
from django.urls import reverse

from accounts.models import UserProfile
from accounts.tests.factories import UserFactory

LIST = reverse("all-profiles")


def detail(profile):
    return reverse("profile", kwargs={"pk": profile.pk})


def test_list_shows_every_profile_in_the_wire_format(alice_client, alice, bob):
    response = alice_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None and body["previous"] is None
    first = body["results"][0]
    assert set(first) == {
        "id",
        "user",
        "description",
        "location",
        "date_joined",
        "updated_on",
        "is_organizer",
    }
    assert [p["user"] for p in body["results"]] == ["alice", "bob"]
    assert first["id"] == alice.profile.pk


def test_list_is_paginated_with_a_bounded_page_size(alice_client, alice):
    UserFactory.create_batch(120)

    page = alice_client.get(LIST, {"page_size": 5}).json()
    assert page["count"] == 121
    assert len(page["results"]) == 5
    assert "page=2" in page["next"]

    huge = alice_client.get(LIST, {"page_size": 10_000}).json()
    assert len(huge["results"]) == 100


def test_page_past_the_end_is_a_404(alice_client):
    response = alice_client.get(LIST, {"page": 99})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("rows", [2, 200])
def test_list_query_count_does_not_grow_with_rows(
    alice_client, alice, rows, django_assert_num_queries
):
    UserFactory.create_batch(rows - 1)

    # the caller's user, the count, one page of profiles joined to their users
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})

    assert len(response.json()["results"]) == min(rows, 100)


def test_detail_query_count(alice_client, alice, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert alice_client.get(detail(alice.profile)).status_code == 200


def test_anyone_logged_in_reads_any_profile(bob_client, alice):
    response = bob_client.get(detail(alice.profile))

    assert response.status_code == 200
    assert response.json()["user"] == "alice"


def test_owner_puts_and_patches(alice_client, alice):
    response = alice_client.put(
        detail(alice.profile),
        {"description": "Runs the chess club", "location": "Lisbon", "is_organizer": True},
    )
    assert response.status_code == 200
    assert response.json()["is_organizer"] is True

    response = alice_client.patch(detail(alice.profile), {"is_organizer": False})
    assert response.status_code == 200
    alice.profile.refresh_from_db()
    assert (alice.profile.location, alice.profile.is_organizer) == ("Lisbon", False)


def test_mass_assignment_is_ignored(alice_client, alice, bob):
    before = alice.profile
    response = alice_client.patch(
        detail(before),
        {
            "user": "bob",
            "id": before.pk + 1000,
            "date_joined": "2000-01-01T00:00:00Z",
            "updated_on": "2000-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 200
    after = UserProfile.objects.get(pk=before.pk)
    assert after.user == alice
    assert after.date_joined == before.date_joined
    assert after.updated_on.year != 2000
    assert UserProfile.objects.count() == 2


def test_owner_deletes_and_recreates_the_profile(alice_client, alice):
    assert alice_client.delete(detail(alice.profile)).status_code == 204
    assert not UserProfile.objects.filter(user=alice).exists()

    response = alice_client.post(LIST, {"location": "Porto", "user": "bob"})

    assert response.status_code == 201
    profile = UserProfile.objects.get(user=alice)
    assert response.json()["id"] == profile.pk
    assert response.json()["user"] == "alice"
    assert profile.location == "Porto"


def test_second_profile_is_a_409_and_nothing_changes(alice_client, alice):
    response = alice_client.post(LIST, {"location": "Elsewhere"})

    assert response.status_code == 409
    assert response.json()["code"] == "profile_exists"
    assert UserProfile.objects.filter(user=alice).count() == 1
    alice.profile.refresh_from_db()
    assert alice.profile.location == ""


def test_missing_profile_is_a_404_json(alice_client, alice):
    response = alice_client.get(reverse("profile", kwargs={"pk": alice.profile.pk + 1000}))

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No UserProfile matches the given query.",
        "code": "not_found",
    }


def test_malformed_json_is_a_400(alice_client, alice):
    response = alice_client.patch(
        detail(alice.profile), data='{"location": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"location": "x" * 31}, "location"),
        ({"is_organizer": "perhaps"}, "is_organizer"),
        ({"is_organizer": [1]}, "is_organizer"),
        ({"location": {"city": "Lisbon"}}, "location"),
        ({"description": None}, "description"),
    ],
)
def test_bad_field_is_a_400_naming_it(alice_client, alice, payload, field):
    response = alice_client.patch(detail(alice.profile), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    alice.profile.refresh_from_db()
    assert alice.profile.location == ""


def test_body_that_is_not_an_object_is_a_400(alice_client, alice):
    response = alice_client.patch(detail(alice.profile), ["location"], format="json")

    assert response.status_code == 400
    # Refused by the parser, like every body that is not a JSON object.
    assert response.json()["code"] == "parse_error"
