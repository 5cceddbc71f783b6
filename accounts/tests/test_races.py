"""Requests that race for the same row, on PostgreSQL: each thread its own connection, each
request through a real server thread, so the database, not Python, decides who wins."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import UserProfile
from accounts.tests.factories import PASSWORD
from eventScheduler.tests.live import at_once, http, postgresql_only

User = get_user_model()

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_one_username_registered_twenty_times_at_once_makes_one_user(live_server):
    replies = at_once(
        20,
        lambda i: http(
            "POST",
            f"{live_server.url}/auth/users/",
            {"username": "carol", "password": f"a-long-passphrase-{i}"},
        ),
    )

    statuses = sorted(reply.status for reply in replies)
    assert statuses == [201] + [400] * 19, [reply.body for reply in replies]
    for reply in replies:
        if reply.status == 400:
            assert "username" in reply.json(), reply.body
    assert User.objects.filter(username="carol").count() == 1
    assert UserProfile.objects.filter(user__username="carol").count() == 1


@pytest.fixture
def alice_token(live_server, alice):
    reply = http(
        "POST", f"{live_server.url}/auth/jwt/create/", {"username": "alice", "password": PASSWORD}
    )
    assert reply.status == 200, reply.body
    return reply.json()["access"]


def test_one_user_creating_a_profile_ten_times_at_once_gets_one(live_server, alice, alice_token):
    alice.profile.delete()

    replies = at_once(
        10,
        lambda i: http(
            "POST",
            f"{live_server.url}/api/accounts/all-profiles/",
            {"location": f"city {i}"},
            token=alice_token,
        ),
    )

    statuses = sorted(reply.status for reply in replies)
    assert statuses == [201] + [409] * 9, [reply.body for reply in replies]
    assert UserProfile.objects.filter(user=alice).count() == 1


def test_concurrent_updates_of_one_profile_leave_one_whole_write(live_server, alice, alice_token):
    url = f"{live_server.url}/api/accounts/profile/{alice.profile.pk}/"
    writes = [
        {"location": f"city {i}", "description": f"request {i}", "is_organizer": i % 2 == 0}
        for i in range(10)
    ]

    replies = at_once(10, lambda i: http("PATCH", url, writes[i], token=alice_token))

    assert [reply.status for reply in replies] == [200] * 10, [reply.body for reply in replies]
    alice.profile.refresh_from_db()
    profile = alice.profile
    assert {f: getattr(profile, f) for f in ("location", "description", "is_organizer")} in writes
