import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import PASSWORD

ME = "/auth/users/me/"


def test_me_shows_the_caller(alice_client, alice):
    response = alice_client.get(ME)

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("id", "username", "email")} == {
        "id": alice.pk,
        "username": "alice",
        "email": "alice@example.com",
    }
    assert body["profile"]["id"] == alice.profile.pk
    assert body["profile"]["user"] == "alice"


def test_me_is_one_query(alice_client, alice, django_assert_num_queries):
    # The user, their live session and the profile /me/ nests, all joined.
    with django_assert_num_queries(1):
        assert alice_client.get(ME).status_code == 200


def test_anonymous_me_is_a_401(anon, db):
    response = anon.get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_me_cannot_change_the_email(alice_client, alice, method, mailoutbox):
    # An access token alone must not move the account to another mailbox (issue 10, item 1).
    response = getattr(alice_client, method)(ME, {"email": "mallory@example.net"})

    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert mailoutbox == []


def test_me_cannot_change_the_username_or_privileges(alice_client, alice):
    alice_client.patch(ME, {"username": "mallory", "is_staff": True})

    alice.refresh_from_db()
    assert alice.username == "alice"
    assert not alice.is_staff


def test_me_works_after_the_profile_was_deleted(alice_client, alice):
    alice.profile.delete()

    response = alice_client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert response.json()["profile"] is None


def test_delete_me_needs_the_current_password(alice_client, alice):
    assert alice_client.delete(ME, {"current_password": "wrong"}).status_code == 400

    response = alice_client.delete(ME, {"current_password": PASSWORD})

    assert response.status_code == 204
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
