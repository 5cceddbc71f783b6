"""Deactivating an account ends it: every session, for good; it cannot reactivate itself."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from djoser.utils import encode_uid

from accounts.link_tokens import activation_token
from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.utils import APIClient, bearer, login
from logins.models import LoginSession
from security.models import SecurityEvent

ME = "/auth/users/me/"
ACTIVATE = "/auth/users/activation/"
RESEND = "/auth/users/resend_activation/"
RESET = "/auth/users/reset_password/"


@pytest.fixture
def activation_on(settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}


def two_logins(user):
    return [login(APIClient(), user) for _ in range(2)]


def refresh_status(pair):
    return APIClient().post(reverse("jwt-refresh"), {"refresh": pair["refresh"]}).status_code


def me_status(pair):
    return bearer(APIClient(), pair["access"]).get(ME).status_code


def deactivate(user, **save_options):
    user.is_active = False
    user.save(**save_options)


@pytest.mark.parametrize("save_options", [{}, {"update_fields": ["is_active"]}])
def test_deactivation_in_code_revokes_every_session(alice, save_options):
    pairs = two_logins(alice)

    deactivate(alice, **save_options)

    assert not LoginSession.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert set(LoginSession.objects.values_list("revoked_reason", flat=True)) == {"deactivated"}
    assert [refresh_status(pair) for pair in pairs] == [401, 401]


def test_sessions_stay_dead_when_the_account_is_reactivated(alice):
    pairs = two_logins(alice)
    deactivate(alice)

    alice.is_active = True
    alice.save()

    assert [me_status(pair) for pair in pairs] == [401, 401]
    assert [refresh_status(pair) for pair in pairs] == [401, 401]
    assert me_status(login(APIClient(), alice)) == 200


def test_other_saves_keep_the_sessions(alice, bob):
    pair = login(APIClient(), alice)
    alice.first_name = "Alice"
    alice.save()
    deactivate(bob)
    bob.last_name = "Still inactive"
    bob.save()

    assert me_status(pair) == 200
    assert list(SecurityEvent.objects.filter(type="account_deactivated").values("user")) == [
        {"user": bob.pk}
    ]


def test_deactivation_is_audited_once(alice):
    deactivate(alice)
    alice.save()

    assert list(
        SecurityEvent.objects.filter(type=SecurityEvent.Type.ACCOUNT_DEACTIVATED).values_list(
            "user", flat=True
        )
    ) == [alice.pk]


class FormFields(HTMLParser):
    """The values a browser would submit from the page's forms (text, hidden, checked, selected)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def test_deactivation_in_the_admin_revokes_every_session(client, alice):
    pairs = two_logins(alice)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    fields = FormFields()
    fields.feed(client.get(url).content.decode())
    fields.data.pop("is_active")

    response = client.post(url, fields.data)

    assert response.status_code == 302, response.content
    alice.refresh_from_db()
    assert not alice.is_active
    assert set(LoginSession.objects.values_list("revoked_reason", flat=True)) == {"deactivated"}
    assert [refresh_status(pair) for pair in pairs] == [401, 401]


# --- Activation is for accounts that never were active ------------------------------------


def test_a_reset_link_does_not_reactivate_a_deactivated_account(anon, alice, mailoutbox):
    anon.post(RESET, {"email": "alice@example.com"})
    uid, token = frontend_link(mailoutbox[0].body, "PASSWORD_RESET_CONFIRM_URL")
    deactivate(alice)

    response = anon.post(ACTIVATE, {"uid": uid, "token": token})

    assert response.status_code == 400
    assert response.json()["token"] == ["Invalid token for given user."]
    alice.refresh_from_db()
    assert not alice.is_active


def test_a_deactivated_account_is_sent_no_activation_link(anon, alice, activation_on, mailoutbox):
    deactivate(alice)

    response = anon.post(RESEND, {"email": "alice@example.com"})

    assert response.status_code == 204
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_activation_link_from_before_activation_cannot_reactivate(
    anon, activation_on, mailoutbox
):
    credentials = {"username": "carol", "password": "a-long-passphrase", "email": "c@example.com"}
    anon.post("/auth/users/", credentials)
    uid, token = frontend_link(mailoutbox[0].body, "ACTIVATION_URL")
    assert anon.post(ACTIVATE, {"uid": uid, "token": token}).status_code == 204
    carol = get_user_model().objects.get(username="carol")
    deactivate(carol)

    assert anon.post(ACTIVATE, {"uid": uid, "token": token}).status_code in (400, 403)
    carol.refresh_from_db()
    assert not carol.is_active


def test_a_deactivated_account_is_refused_even_with_a_valid_activation_token(anon, alice):
    deactivate(alice)

    response = anon.post(
        ACTIVATE, {"uid": encode_uid(alice.pk), "token": activation_token.make_token(alice)}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    alice.refresh_from_db()
    assert not alice.is_active


@pytest.mark.django_db
def test_a_new_account_is_marked_activated_when_it_first_becomes_active(activation_on):
    carol = get_user_model().objects.create_user("carol", password=PASSWORD, is_active=False)
    assert carol.activated_at is None

    carol.is_active = True
    carol.save(update_fields=["is_active"])

    carol.refresh_from_db()
    assert carol.activated_at is not None
