"""A ceremony started on one app server finishes on another, with the default settings (no
Redis): pending logins, WebAuthn challenges and used TOTP steps live in the database."""

import time

import pyotp
import pytest

from eventScheduler.tests.live import app_server, postgresql_only
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import ORIGIN, RP_ID

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

SETTINGS = {
    # No shared cache: each server process has its own local-memory cache.
    "REDIS_URL": "",
    "WEBAUTHN_RP_ID": RP_ID,
    "WEBAUTHN_ORIGINS": ORIGIN,
    "THROTTLE_LOGIN_FAILURES_PER_IP": "100/m",
}


def next_code(secret):
    # The code of the next step (one step of drift): the current one was spent activating.
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_totp_and_passkey_ceremonies_cross_servers(tmp_path):
    with app_server(tmp_path, **SETTINGS) as one, app_server(tmp_path, **SETTINGS) as other:
        tokens = one.register_and_login("carol")
        setup = one.post(
            "/auth/mfa/totp/", {"current_password": "a-long-passphrase"}, token=tokens["access"]
        )
        secret = setup.json()["secret"]
        activated = other.post(
            "/auth/mfa/totp/activate/",
            {"code": pyotp.TOTP(secret).now()},
            token=tokens["access"],
        )
        assert activated.status == 201, activated.body

        pending = one.post(
            "/auth/jwt/create/", {"username": "carol", "password": "a-long-passphrase"}
        )
        assert pending.status == 403
        mfa_token = pending.json()["mfa_token"]
        code = next_code(secret)
        logged_in = other.post("/auth/mfa/authenticate/", {"mfa_token": mfa_token, "code": code})
        assert logged_in.status == 200, logged_in.body
        # The step is spent on every server, and so is the pending login.
        again = one.post(
            "/auth/jwt/create/", {"username": "carol", "password": "a-long-passphrase"}
        )
        replay = one.post(
            "/auth/mfa/authenticate/", {"mfa_token": again.json()["mfa_token"], "code": code}
        )
        assert (replay.status, replay.json()["code"]) == (400, "invalid_code")
        assert (
            one.post("/auth/mfa/authenticate/", {"mfa_token": mfa_token, "code": code}).json()[
                "code"
            ]
            == "mfa_token_invalid"
        )

        aal2 = logged_in.json()["access"]
        device = SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN)
        options = one.post("/auth/passkeys/register/options/", {}, token=aal2)
        assert options.status == 200, options.body
        created = other.post(
            "/auth/passkeys/",
            {"name": "Laptop", "credential": device.create(options.json())},
            token=aal2,
        )
        assert created.status == 201, created.body

        login_options = other.post("/auth/passkeys/login/options/", {})
        passkey_login = one.post(
            "/auth/passkeys/login/", {"credential": device.get(login_options.json())}
        )
        assert passkey_login.status == 200, passkey_login.body
