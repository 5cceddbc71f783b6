"""The emails the tasks build: links that work, notices without tokens, plain text and HTML.

The immediate Tasks backend of the test settings runs each task when its request commits.
"""

import pytest
from django.urls import reverse

import notifications
from accounts.tests.factories import PASSWORD
from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import APIClient, login


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_no_token_link(message, user):
    from djoser.utils import encode_uid

    assert encode_uid(user.pk) + "/" not in message.body
    assert "password-reset/" not in message.body


def test_a_reset_email_has_a_text_and_an_html_part_with_the_same_link(anon, alice, mailoutbox):
    anon.post("/auth/users/reset_password/", {"email": alice.email})

    [message] = mailoutbox
    uid, token = frontend_link(message.body, "PASSWORD_RESET_CONFIRM_URL")
    assert f"password-reset/{uid}/{token}" in html_of(message)
    assert message.extra_headers["Message-ID"].startswith("<")


def test_the_username_reset_link_sets_a_new_username(anon, alice, mailoutbox):
    assert (
        anon.post("/auth/users/reset_username/", {"email": "ALICE@example.com"}).status_code == 204
    )
    [message] = mailoutbox
    assert message.subject == "Username reset on eventScheduler"
    uid, token = frontend_link(message.body, "USERNAME_RESET_CONFIRM_URL")

    response = anon.post(
        "/auth/users/reset_username_confirm/",
        {"uid": uid, "token": token, "new_username": "alice2"},
    )

    assert response.status_code == 204
    login = anon.post(reverse("jwt-create"), {"username": "alice2", "password": PASSWORD})
    assert login.status_code == 200


def test_changing_the_password_sends_a_notice_without_a_token(alice, alice_client, mailoutbox):
    response = alice_client.post(
        "/auth/users/set_password/",
        {"current_password": PASSWORD, "new_password": "another-long-phrase"},
    )

    assert response.status_code == 204
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert message.subject == "Your eventScheduler password was changed"
    assert "eventScheduler" in message.body and "eventScheduler" in html_of(message)
    assert_no_token_link(message, alice)


def test_a_password_reset_sends_the_notice_too(anon, alice, mailoutbox):
    anon.post("/auth/users/reset_password/", {"email": alice.email})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")

    anon.post(
        "/auth/users/reset_password_confirm/",
        {"uid": uid, "token": token, "new_password": "another-long-phrase"},
    )

    assert [m.subject for m in mailoutbox] == [
        "Password reset on eventScheduler",
        "Your eventScheduler password was changed",
    ]


def test_no_email_for_an_account_without_an_address(db, mailoutbox):
    from accounts.tests.factories import UserFactory

    mute = UserFactory(username="mute", email="")
    client = APIClient()
    login(client, mute)

    client.post(
        "/auth/users/set_password/",
        {"current_password": PASSWORD, "new_password": "another-long-phrase"},
    )

    assert mailoutbox == []


def sign_in(user_agent, user):
    client = APIClient(HTTP_USER_AGENT=user_agent)
    login(client, user)


def test_new_sign_in_notices_are_off_by_default(alice, mailoutbox):
    sign_in("Firefox", alice)
    sign_in("Curl", alice)

    assert mailoutbox == []


def test_a_sign_in_from_a_new_device_is_notified_once(settings, alice, mailoutbox):
    settings.NOTIFY_NEW_LOGIN = True

    sign_in("Firefox/140", alice)  # the first login of the account: nothing to compare with
    sign_in("Firefox/140", alice)  # a device it has used
    sign_in("NewPhone/1.0", alice)
    sign_in("NewPhone/1.0", alice)

    [message] = mailoutbox
    assert message.subject == "A new sign-in to your eventScheduler account"
    assert "NewPhone/1.0" in message.body and "127.0.0.1" in message.body
    assert "NewPhone/1.0" in html_of(message)
    assert_no_token_link(message, alice)


def test_another_app_queues_the_email_changing_notice_to_the_old_address(alice, mailoutbox):
    from django.db import transaction
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        notifications.send(
            "email_change_notice",
            user_id=alice.pk,
            to="old@example.com",
            context={"new_email": "n***@example.net"},
        )

    [message] = mailoutbox
    assert message.to == ["old@example.com"]
    assert "n***@example.net" in message.body
    assert "reset" in message.body  # what to do if this is a takeover


def test_an_unknown_kind_is_refused_when_queued_not_in_the_worker(alice):
    with pytest.raises(LookupError, match="no email kind 'welcome'"):
        notifications.send("welcome", user_id=alice.pk)


def test_html_parts_escape_what_the_user_chose(settings, alice, mailoutbox):
    settings.NOTIFY_NEW_LOGIN = True
    sign_in("first", alice)

    sign_in("<script>alert(1)</script>", alice)

    [message] = mailoutbox
    assert "<script>" not in html_of(message)
    assert "<script>alert(1)</script>" in message.body  # plain text is not HTML
