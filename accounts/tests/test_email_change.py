"""Changing the email: the password, then the new address's consent; the old one is told."""

import email
import email.policy

import pytest
from django.urls import reverse

from accounts.tests import test_smtp
from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import APIClient, login, manage_shell
from security.models import SecurityEvent

SET_EMAIL = "/auth/users/set_email/"
CONFIRM = "/auth/users/set_email_confirm/"
LINK = "EMAIL_CHANGE_CONFIRM_URL"

smtp_server = test_smtp.smtp_server


def request_change(client, new_email, password=PASSWORD):
    return client.post(SET_EMAIL, {"new_email": new_email, "current_password": password})


def mail_to(mailoutbox, address):
    [message] = [message for message in mailoutbox if message.to == [address]]
    return message


def login_status(client, username, password=PASSWORD):
    response = client.post(reverse("jwt-create"), {"username": username, "password": password})
    return response.status_code


def test_a_request_mails_a_link_to_the_new_address_and_a_notice_to_the_old(
    alice_client, anon, alice, mailoutbox
):
    assert request_change(anon, "alice@new.example").status_code == 401
    response = request_change(alice_client, "alice@new.example")

    assert response.status_code == 202
    assert sorted(message.to[0] for message in mailoutbox) == [
        "alice@example.com",
        "alice@new.example",
    ]
    confirm = mail_to(mailoutbox, "alice@new.example")
    assert confirm.subject == "Confirm your new email address on eventScheduler"
    frontend_link(confirm.body, LINK)
    notice = mail_to(mailoutbox, "alice@example.com")
    assert "alice@new.example" in notice.body
    assert "/email-change/" not in notice.body
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_the_link_makes_the_new_address_the_accounts(alice_client, anon, alice, mailoutbox):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)

    response = anon.post(CONFIRM, {"uid": uid, "token": token})

    assert response.status_code == 204
    alice.refresh_from_db()
    assert (alice.email, alice.pending_email) == ("alice@new.example", "")
    assert login_status(anon, "ALICE@new.example") == 200


def test_a_request_needs_the_current_password(alice_client, alice, mailoutbox):
    response = request_change(alice_client, "alice@new.example", password="not-her-password")

    assert response.status_code == 400
    assert response.json()["current_password"] == ["Invalid password."]
    assert mailoutbox == []
    alice.refresh_from_db()
    assert alice.pending_email == ""


def test_a_taken_address_answers_like_a_free_one(alice_client, alice, bob, mailoutbox):
    free = request_change(alice_client, "nobody@example.com")
    taken = request_change(alice_client, "BOB@example.com")

    assert (taken.status_code, taken.content) == (free.status_code, free.content)
    warning = mail_to(mailoutbox, "BOB@example.com")
    assert warning.subject == "Someone tried to use your email address on eventScheduler"
    assert "/email-change/" not in warning.body
    assert "alice" not in warning.body
    bob.refresh_from_db()
    alice.refresh_from_db()
    assert (alice.email, bob.email) == ("alice@example.com", "bob@example.com")
    # The old address hears of both attempts.
    assert [m.to for m in mailoutbox].count(["alice@example.com"]) == 2


def test_a_newer_request_for_a_taken_address_kills_the_older_link(
    alice_client, anon, alice, bob, mailoutbox
):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    request_change(alice_client, "bob@example.com")

    assert anon.post(CONFIRM, {"uid": uid, "token": token}).status_code == 400


def test_the_link_works_once(alice_client, anon, alice, mailoutbox):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    anon.post(CONFIRM, {"uid": uid, "token": token})

    response = anon.post(CONFIRM, {"uid": uid, "token": token})

    assert response.status_code == 400
    assert response.json()["token"] == ["Invalid token for given user."]


def test_the_link_is_bound_to_the_address_it_was_sent_to(alice_client, anon, alice, mailoutbox):
    request_change(alice_client, "first@example.com")
    first = frontend_link(mail_to(mailoutbox, "first@example.com").body, LINK)
    request_change(alice_client, "second@example.com")
    second = frontend_link(mail_to(mailoutbox, "second@example.com").body, LINK)

    assert anon.post(CONFIRM, dict(zip(["uid", "token"], first, strict=True))).status_code == 400
    assert anon.post(CONFIRM, dict(zip(["uid", "token"], second, strict=True))).status_code == 204
    alice.refresh_from_db()
    assert alice.email == "second@example.com"


@pytest.mark.parametrize("change", ["password", "email"])
def test_the_link_dies_with_a_password_or_email_change(
    alice_client, anon, alice, mailoutbox, change
):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    alice.refresh_from_db()
    if change == "password":
        alice.set_password("another-long-passphrase")
    else:
        alice.email = "alice@admin-set.example"
    alice.save()

    assert anon.post(CONFIRM, {"uid": uid, "token": token}).status_code == 400
    alice.refresh_from_db()
    assert alice.email != "alice@new.example"


def test_the_link_is_refused_once_another_account_took_the_address(
    alice_client, anon, alice, mailoutbox
):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    UserFactory(username="carol", email="Alice@New.example")

    response = anon.post(CONFIRM, {"uid": uid, "token": token})

    assert response.status_code == 400
    assert response.json()["token"][0] == "This link is no longer valid."
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_the_link_of_a_deactivated_account_is_refused(alice_client, anon, alice, mailoutbox):
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    alice.refresh_from_db()
    alice.is_active = False
    alice.save()

    assert anon.post(CONFIRM, {"uid": uid, "token": token}).status_code == 400


def test_the_current_address_is_a_400(alice_client, alice, mailoutbox):
    response = request_change(alice_client, "ALICE@example.com")

    assert response.status_code == 400
    assert response.json()["new_email"] == ["This is already your email address."]
    assert mailoutbox == []


@pytest.mark.parametrize(
    "body",
    [{}, {"new_email": "not-an-address", "current_password": PASSWORD}, {"new_email": 3}],
)
def test_a_bad_request_is_a_400_naming_the_field(alice_client, alice, body, mailoutbox):
    response = alice_client.post(SET_EMAIL, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()) - {"detail", "code"} <= {"new_email", "current_password"}
    assert mailoutbox == []


@pytest.mark.parametrize("body", [{}, {"uid": 1, "token": "x"}, {"uid": "MQ", "token": "x"}])
def test_a_bad_confirmation_is_a_400(anon, alice, body):
    response = anon.post(CONFIRM, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_an_account_without_email_gets_its_first_one_the_same_way(mailoutbox):
    client = APIClient()
    login(client, UserFactory(username="carol", email=""))

    assert request_change(client, "carol@example.com").status_code == 202
    assert [message.to for message in mailoutbox] == [["carol@example.com"]]


def test_requests_are_limited_per_account(alice_client, alice, mailoutbox, throttle_rates):
    throttle_rates(email_change_account="2/h")
    for n in range(2):
        assert request_change(alice_client, f"new{n}@example.com").status_code == 202

    response = request_change(alice_client, "new3@example.com")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_request_and_confirmation_are_audited(alice_client, anon, alice, mailoutbox):
    request_change(alice_client, "alice@new.example", password="wrong")
    request_change(alice_client, "alice@new.example")
    uid, token = frontend_link(mail_to(mailoutbox, "alice@new.example").body, LINK)
    anon.post(CONFIRM, {"uid": uid, "token": token}, HTTP_USER_AGENT="Firefox")

    events = SecurityEvent.objects.filter(user=alice).exclude(type="login_succeeded")
    assert list(events.order_by("id").values_list("type", "user_agent")) == [
        (SecurityEvent.Type.CURRENT_PASSWORD_FAILED, ""),
        (SecurityEvent.Type.EMAIL_CHANGE_REQUESTED, ""),
        (SecurityEvent.Type.EMAIL_CHANGED, "Firefox"),
    ]


def test_the_link_path_comes_from_the_environment():
    script = "from django.conf import settings; print(settings.EMAIL_CHANGE_CONFIRM_URL)"

    assert manage_shell(script, DJANGO_DEBUG="1") == "email-change/{uid}/{token}"
    assert (
        manage_shell(script, DJANGO_DEBUG="1", FRONTEND_EMAIL_CHANGE_PATH="#/mail/{uid}/{token}")
        == "#/mail/{uid}/{token}"
    )


def test_an_email_change_over_smtp(alice_client, anon, alice, smtp_server):
    assert request_change(alice_client, "alice@new.example").status_code == 202

    by_recipient = {envelope.rcpt_tos[0]: envelope for envelope in smtp_server.envelopes}
    assert set(by_recipient) == {"alice@new.example", "alice@example.com"}
    message = email.message_from_bytes(
        by_recipient["alice@new.example"].content, policy=email.policy.default
    )
    assert message["To"] == "alice@new.example"
    uid, token = frontend_link(message.get_body(preferencelist=("plain",)).get_content(), LINK)

    assert anon.post(CONFIRM, {"uid": uid, "token": token}).status_code == 204
    assert login_status(anon, "alice@new.example") == 200
