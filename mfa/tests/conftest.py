"""Second-factor actors: alice with an authenticator app, a software passkey, codes by pyotp."""

import datetime

import pyotp
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from mfa import crypto
from mfa.tests.authenticator import SoftAuthenticator

RP_ID = "app.example.com"
ORIGIN = "https://app.example.com"


@pytest.fixture(autouse=True)
def webauthn_site(settings):
    settings.WEBAUTHN_RP_ID = RP_ID
    settings.WEBAUTHN_ORIGINS = [ORIGIN]
    settings.WEBAUTHN_RP_NAME = "eventScheduler"


class Clock:
    """The server's TOTP clock, held still so that each test knows which step is current."""

    def __init__(self):
        self.now = datetime.datetime(2026, 12, 1, 12, 0, 1, tzinfo=datetime.UTC)

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)

    def code(self, secret, steps=0):
        """The code of the step `steps` away from the current one."""
        return pyotp.TOTP(secret).at(self.now + datetime.timedelta(seconds=30 * steps))


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("mfa.totp.current_time", lambda: clock.now)
    return clock


@pytest.fixture
def passkey_device():
    return SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN)


def password_login(client, user, password=PASSWORD):
    return client.post(
        reverse("jwt-create"), {"username": user.username, "password": password}, format="json"
    )


def totp_enrol(client, clock, password=PASSWORD):
    """Set up an authenticator app through the API; return (secret, recovery codes).

    It is activated with the code of the step before the current one (within the drift), so
    the current code and the next are still unused.
    """
    response = client.post(reverse("mfa-totp"), {"current_password": password})
    assert response.status_code == 200, response.content
    secret = response.data["secret"]
    response = client.post(reverse("mfa-totp-activate"), {"code": clock.code(secret, -1)})
    assert response.status_code == 201, response.content
    return secret, response.data["recovery_codes"]


def second_factor_login(user, code, client=None):
    """Log in with password and code; return the client, authenticated, and the answer."""
    client = client or APIClient()
    mfa_token = password_login(client, user).data["mfa_token"]
    response = client.post(reverse("mfa-authenticate"), {"mfa_token": mfa_token, "code": code})
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    return client, response


@pytest.fixture
def totp_alice(alice, alice_client, clock):
    """alice with an active authenticator app: (alice, secret, recovery codes)."""
    secret, codes = totp_enrol(alice_client, clock)
    return alice, secret, codes


@pytest.fixture
def aal2_alice(totp_alice, clock):
    """A client of alice logged in with password and the current TOTP code (aal 2)."""
    user, secret, codes = totp_alice
    client, _ = second_factor_login(user, clock.code(secret))
    return client


def stored_secret(user):
    return crypto.decrypt(user.totp_device.encrypted_secret)
