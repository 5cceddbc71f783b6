"""Forgot my username: reset_username answers and is limited like reset_password."""

import pytest

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import APIClient, manage_shell
from security.models import SecurityEvent

RESET = "/auth/users/reset_username/"
CONFIRM = "/auth/users/reset_username_confirm/"
LINK = "USERNAME_RESET_CONFIRM_URL"


def test_a_known_address_is_mailed_a_link(anon, alice, mailoutbox):
    response = anon.post(RESET, {"email": "ALICE@example.com"})

    assert response.status_code == 204
    [message] = mailoutbox
    assert message.to == ["alice@example.com"]
    frontend_link(message.body, LINK)


def test_known_and_unknown_addresses_get_the_same_answer(anon, alice, mailoutbox):
    known = anon.post(RESET, {"email": "alice@example.com"})
    unknown = anon.post(RESET, {"email": "nobody@example.com"})

    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert len(mailoutbox) == 1


def test_the_link_sets_a_new_username_once(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, LINK)

    first = anon.post(CONFIRM, {"uid": uid, "token": token, "new_username": "alicia"})
    again = anon.post(CONFIRM, {"uid": uid, "token": token, "new_username": "ally"})

    assert (first.status_code, again.status_code) == (204, 400)
    alice.refresh_from_db()
    assert alice.username == "alicia"


@pytest.mark.parametrize(
    ("scope", "clients"),
    [("username_reset_email", "one per request"), ("username_reset_ip", "one")],
)
def test_requests_are_limited_like_password_resets(
    alice, mailoutbox, throttle_rates, scope, clients
):
    throttle_rates(**{scope: "2/h"})
    client = APIClient()
    answers = []
    for n in range(3):
        client = APIClient() if clients == "one per request" else client
        email = "alice@example.com" if scope.endswith("email") else f"n{n}@example.com"
        answers.append(client.post(RESET, {"email": email}).status_code)

    assert answers == [204, 204, 429]


def test_requests_and_changes_are_audited(anon, alice, alice_client, mailoutbox):
    alice_client.post(
        "/auth/users/set_username/", {"new_username": "ali", "current_password": PASSWORD}
    )
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, LINK)
    anon.post(CONFIRM, {"uid": uid, "token": token, "new_username": "alicia"})

    events = SecurityEvent.objects.filter(user=alice).exclude(type="login_succeeded")
    assert list(events.order_by("id").values_list("type", flat=True)) == [
        SecurityEvent.Type.USERNAME_CHANGED,
        SecurityEvent.Type.USERNAME_RESET_REQUESTED,
        SecurityEvent.Type.USERNAME_CHANGED,
    ]


def test_the_link_path_comes_from_the_environment():
    script = "from djoser.conf import settings; print(settings.USERNAME_RESET_CONFIRM_URL)"

    assert manage_shell(script, DJANGO_DEBUG="1") == "username-reset/{uid}/{token}"
    assert (
        manage_shell(script, DJANGO_DEBUG="1", FRONTEND_USERNAME_RESET_PATH="#/u/{uid}/{token}")
        == "#/u/{uid}/{token}"
    )
