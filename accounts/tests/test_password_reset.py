"""Forgot my password: /auth/users/reset_password/ emails a link, the frontend confirms it."""

import pytest
from django.urls import reverse

from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import manage_shell
from security.models import SecurityEvent

RESET = "/auth/users/reset_password/"
CONFIRM = "/auth/users/reset_password_confirm/"


def login_status(client, password):
    return client.post(
        reverse("jwt-create"), {"username": "alice", "password": password}
    ).status_code


@pytest.mark.parametrize("email", ["alice@example.com", "Alice@EXAMPLE.com"])
def test_reset_emails_a_link_to_the_frontend(anon, alice, mailoutbox, email):
    response = anon.post(RESET, {"email": email})

    assert response.status_code == 204
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Password reset on eventScheduler"
    frontend_link(message.body, "PASSWORD_RESET_CONFIRM_URL")


def test_reset_answers_the_same_for_an_unknown_email(anon, alice, mailoutbox):
    known = anon.post(RESET, {"email": "alice@example.com"})
    unknown = anon.post(RESET, {"email": "nobody@example.com"})

    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert len(mailoutbox) == 1


def test_reset_sends_nothing_to_an_inactive_account(anon, alice, mailoutbox):
    alice.is_active = False
    alice.save()

    assert anon.post(RESET, {"email": "alice@example.com"}).status_code == 204
    assert mailoutbox == []


def test_the_link_sets_a_new_password(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")

    response = anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "a-new-passphrase"})

    assert response.status_code == 204
    assert login_status(anon, "a-new-passphrase") == 200
    assert login_status(anon, "correct-horse-battery") == 401


def test_the_link_works_once(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")
    anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "a-new-passphrase"})

    response = anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "another-phrase"})

    assert response.status_code == 400
    assert response.json()["token"] == ["Invalid token for given user."]


def test_a_weak_new_password_is_refused(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")

    response = anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "12345678"})

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_reset_request_and_completion_are_audited(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"}, HTTP_USER_AGENT="Firefox")
    anon.post(RESET, {"email": "nobody@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")
    anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "a-new-passphrase"})

    events = SecurityEvent.objects.order_by("id").values_list("type", "user", "user_agent")
    assert list(events) == [
        (SecurityEvent.Type.PASSWORD_RESET_REQUESTED, alice.pk, "Firefox"),
        (SecurityEvent.Type.PASSWORD_RESET_REQUESTED, None, ""),
        (SecurityEvent.Type.PASSWORD_RESET_COMPLETED, alice.pk, ""),
    ]


def test_links_point_at_the_configured_frontend():
    script = (
        "from django.conf import settings; d = settings.DJOSER; print(d['EMAIL_FRONTEND_PROTOCOL'],"
        " d['EMAIL_FRONTEND_DOMAIN'], d['EMAIL_FRONTEND_SITE_NAME'],"
        " d['PASSWORD_RESET_CONFIRM_URL'], d['ACTIVATION_URL'])"
    )

    printed = manage_shell(
        script,
        DJANGO_DEBUG="1",
        FRONTEND_URL="https://app.example.com/spa/",
        SITE_NAME="Events",
        FRONTEND_PASSWORD_RESET_PATH="#/reset/{uid}/{token}",
        FRONTEND_ACTIVATION_PATH="#/activate/{uid}/{token}",
    )

    assert (
        printed == "https app.example.com/spa Events #/reset/{uid}/{token} #/activate/{uid}/{token}"
    )
