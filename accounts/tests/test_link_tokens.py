"""Each kind of emailed link has tokens of its own purpose: one never works for another."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from djoser.utils import encode_uid

from accounts.link_tokens import (
    activation_token,
    email_change_token,
    password_reset_token,
    username_reset_token,
)
from accounts.tests.factories import UserFactory
from eventScheduler.tests.emails import frontend_link

ENDPOINTS = {
    "activation": ("/auth/users/activation/", {}),
    "password_reset": ("/auth/users/reset_password_confirm/", {"new_password": "a-new-phrase-1"}),
    "username_reset": ("/auth/users/reset_username_confirm/", {"new_username": "renamed"}),
    "email_change": ("/auth/users/set_email_confirm/", {}),
}
GENERATORS = {
    "activation": activation_token,
    "password_reset": password_reset_token,
    "username_reset": username_reset_token,
    "email_change": email_change_token,
}


@pytest.fixture
def target(db):
    """An account each endpoint would act on, given a token of the right purpose."""

    def make(purpose):
        if purpose == "activation":
            return get_user_model().objects.create_user("carol", password="x", is_active=False)
        return UserFactory(username="carol", pending_email="carol@new.example")

    return make


def state(user):
    return user.username, user.email, user.password, user.is_active


def post(client, purpose, user, token):
    url, extra = ENDPOINTS[purpose]
    return client.post(url, {"uid": encode_uid(user.pk), "token": token, **extra})


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_a_token_of_the_purpose_works(anon, target, purpose):
    user = target(purpose)

    assert post(anon, purpose, user, GENERATORS[purpose].make_token(user)).status_code == 204


@pytest.mark.parametrize(
    ("made_for", "used_for"),
    [(a, b) for a in GENERATORS for b in ENDPOINTS if a != b],
)
def test_a_token_of_another_purpose_is_refused(anon, target, made_for, used_for):
    user = target(used_for)
    token = GENERATORS[made_for].make_token(user)

    response = post(anon, used_for, user, token)

    assert response.status_code == 400
    assert response.json()["token"] == ["Invalid token for given user."]
    assert state(user) == state(get_user_model().objects.get(pk=user.pk))


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_djangos_default_token_is_refused_everywhere(anon, target, purpose):
    user = target(purpose)

    response = post(anon, purpose, user, default_token_generator.make_token(user))

    assert response.status_code == 400


@pytest.mark.django_db
def test_an_activation_link_cannot_reset_the_password(anon, settings, mailoutbox):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}
    anon.post("/auth/users/", {"username": "carol", "password": "a-long-passphrase"})
    carol = get_user_model().objects.get(username="carol")
    carol.email = "carol@example.com"
    carol.save()
    anon.post("/auth/users/resend_activation/", {"email": "carol@example.com"})
    uid, token = frontend_link(mailoutbox[-1].body, "ACTIVATION_URL")

    response = anon.post(
        "/auth/users/reset_password_confirm/",
        {"uid": uid, "token": token, "new_password": "attacker-chosen-1"},
    )

    assert response.status_code == 400
    carol.refresh_from_db()
    assert carol.check_password("a-long-passphrase")


def test_a_password_reset_link_cannot_change_the_username(anon, alice, mailoutbox):
    anon.post("/auth/users/reset_password/", {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")

    response = anon.post(
        "/auth/users/reset_username_confirm/", {"uid": uid, "token": token, "new_username": "x"}
    )

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.username == "alice"
