"""Optional account activation by email (SEND_ACTIVATION_EMAIL, off by default)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import manage_shell
from security.models import SecurityEvent

REGISTER = "/auth/users/"
ACTIVATE = "/auth/users/activation/"
RESEND = "/auth/users/resend_activation/"
CAROL = {"username": "carol", "password": "a-long-passphrase", "email": "carol@example.com"}


@pytest.fixture
def activation_on(settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}


def login_status(client):
    credentials = {"username": "carol", "password": CAROL["password"]}
    return client.post(reverse("jwt-create"), credentials).status_code


@pytest.mark.django_db
def test_registration_sends_an_activation_link_and_waits_for_it(anon, activation_on, mailoutbox):
    assert anon.post(REGISTER, CAROL).status_code == 201

    assert not get_user_model().objects.get(username="carol").is_active
    assert login_status(anon) == 401
    assert mailoutbox[0].to == ["carol@example.com"]
    frontend_link(mailoutbox[0].body, "ACTIVATION_URL")


@pytest.mark.django_db
def test_the_link_activates_the_account(anon, activation_on, mailoutbox):
    anon.post(REGISTER, CAROL)
    uid, token = frontend_link(mailoutbox[0].body, "ACTIVATION_URL")

    response = anon.post(ACTIVATE, {"uid": uid, "token": token}, HTTP_USER_AGENT="Safari")

    assert response.status_code == 204
    assert login_status(anon) == 200
    carol = get_user_model().objects.get(username="carol")
    assert list(SecurityEvent.objects.values_list("type", "user", "user_agent")) == [
        (SecurityEvent.Type.LOGIN_SUCCEEDED, carol.pk, ""),
        (SecurityEvent.Type.ACCOUNT_ACTIVATED, carol.pk, "Safari"),
    ]


@pytest.mark.django_db
def test_a_used_link_is_stale(anon, activation_on, mailoutbox):
    anon.post(REGISTER, CAROL)
    uid, token = frontend_link(mailoutbox[0].body, "ACTIVATION_URL")
    anon.post(ACTIVATE, {"uid": uid, "token": token})

    response = anon.post(ACTIVATE, {"uid": uid, "token": token})

    assert response.status_code in (400, 403)
    assert SecurityEvent.objects.count() == 1


@pytest.mark.django_db
def test_resend_sends_a_new_link_to_an_inactive_account(anon, activation_on, mailoutbox):
    anon.post(REGISTER, CAROL)

    response = anon.post(RESEND, {"email": "CAROL@example.com"})

    assert response.status_code == 204
    assert len(mailoutbox) == 2
    frontend_link(mailoutbox[1].body, "ACTIVATION_URL")


def test_resend_when_activation_is_off_says_why(anon, alice, mailoutbox):
    response = anon.post(RESEND, {"email": "alice@example.com"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Account activation is turned off on this server.",
        "code": "activation_disabled",
    }
    assert mailoutbox == []


@pytest.mark.parametrize(("value", "expected"), [(None, "False"), ("1", "True")])
def test_activation_is_switched_from_the_environment(value, expected):
    environ = {"DJANGO_DEBUG": "1"} | ({"SEND_ACTIVATION_EMAIL": value} if value else {})
    script = "from django.conf import settings; print(settings.DJOSER['SEND_ACTIVATION_EMAIL'])"

    assert manage_shell(script, **environ) == expected
