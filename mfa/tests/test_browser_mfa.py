"""The browser demo's second factors in headless Chromium: set up an authenticator app from its
QR code, log in with a code, add a passkey, log in with the passkey alone.

The passkey lives in a CDP virtual authenticator (CTAP2, internal transport, resident keys,
user verification), so the page runs the real WebAuthn API against the real server; the TOTP
codes are computed with pyotp from the secret the page shows, as a phone would.
"""

import time

import pyotp
import pytest
from django.conf import settings

from eventScheduler.tests.test_browser_demo import (  # noqa: F401  (fixtures and page helpers)
    CHROMIUM,
    chromium_page,
    demo_port,
    fill,
    log_out,
    open_demo,
    record_api_calls,
    same_site_demo_origin,
    text,
)
from eventScheduler.tests.utils import claims
from logins.models import LoginSession
from mfa.models import Passkey
from security.models import SecurityEvent

# docs/mfa-demo.png and docs/mfa-demo-qr.png are copies of these.
ARTIFACTS = settings.BASE_DIR / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


@pytest.fixture
def clock():
    """The real clock here (mfa/tests/conftest.py holds it still for the other tests)."""


@pytest.fixture
def webauthn_site(settings, same_site_demo_origin):  # noqa: F811
    # The page is on http://localhost:<port>: localhost is the relying party.
    settings.WEBAUTHN_RP_ID = "localhost"
    settings.WEBAUTHN_ORIGINS = [same_site_demo_origin]


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def next_code(secret):
    # The step after the current one (one step of drift): the current code was spent already.
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_totp_and_passkeys_in_the_browser(live_server, same_site_demo_origin, webauthn_site):  # noqa: F811
    api = live_server.url
    with chromium_page() as page:
        virtual_authenticator(page)
        calls = record_api_calls(page, api)
        open_demo(page, same_site_demo_origin, api)

        fill(page, "#register-form", username="carol", password="a-long-passphrase")
        page.wait_for_selector("#status:has-text('Registered carol.')")
        fill(page, "#login-form", username="carol", password="a-long-passphrase")
        page.wait_for_selector("#status:has-text('Logged in as carol.')")
        assert text(page, "#mfa-totp-state") == "Off"
        assert text(page, "#me-assurance") == "pwd (aal 1)"

        # Enrol an authenticator app: the QR code, then the app's first code.
        fill(page, "#totp-form", current_password="a-long-passphrase")
        page.wait_for_selector("#totp-qr svg")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "mfa-demo-qr.png", full_page=True)
        secret = text(page, "#totp-secret")
        fill(page, "#totp-activate-form", code=pyotp.TOTP(secret).now())
        page.wait_for_selector("#status:has-text('Two-factor authentication is on.')")
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10
        assert text(page, "#mfa-totp-state") == "On"
        page.screenshot(path=ARTIFACTS / "mfa-demo.png", full_page=True)
        page.locator("#recovery-codes-saved").click()
        assert page.locator("#recovery-codes li").count() == 0  # shown once

        # Log in again: the password, then a code.
        log_out(page)
        fill(page, "#login-form", username="carol", password="a-long-passphrase")
        page.wait_for_selector("#mfa-form:not([hidden])")
        assert page.locator("#mfa-use-passkey").is_hidden()
        fill(page, "#mfa-form", code=next_code(secret))
        page.wait_for_selector("#status:has-text('with a second factor')")
        assert text(page, "#me-assurance") == "pwd + otp (aal 2)"

        # An aal 2 session adds a passkey without the password.
        assert page.locator("#passkey-password").is_hidden()
        fill(page, "#passkey-form", name="Chromium")
        page.wait_for_selector("#status:has-text('Passkey \"Chromium\" added.')")
        assert page.locator("#passkey-list li").all_inner_texts() == ["Chromium"]

        # Log in with the passkey alone: no username, no password.
        log_out(page)
        with page.expect_response(lambda r: r.url.endswith("/auth/passkeys/login/")) as login:
            page.locator("#passkey-login").click()
        page.wait_for_selector("#status:has-text('Logged in as carol with a passkey.')")
        assert text(page, "#me-assurance") == "hwk + user (aal 2)"
        access = login.value.json()["access"]

    assert ("POST", "/auth/jwt/create/", 403) in calls
    assert ("POST", "/auth/mfa/authenticate/", 200) in calls
    assert ("POST", "/auth/passkeys/", 201) in calls
    assert ("POST", "/auth/passkeys/login/", 200) in calls
    assert (claims(access)["aal"], claims(access)["amr"]) == (2, ["hwk", "user"])
    passkey = Passkey.objects.get(user__username="carol")
    assert passkey.name == "Chromium" and passkey.last_used_at is not None
    assert LoginSession.objects.filter(user__username="carol", revoked_at__isnull=True).count() == 1
    events = set(
        SecurityEvent.objects.filter(user__username="carol").values_list("type", flat=True)
    )
    assert {"mfa_enabled", "passkey_added", "passkey_login"} <= events
