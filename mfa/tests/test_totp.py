"""Setting up, using and removing an authenticator app (TOTP, RFC 6238)."""

import pyotp
from django.urls import reverse
from rest_framework.test import APIClient

from eventScheduler.tests.utils import claims, login
from logins.models import LoginSession
from mfa.models import RecoveryCode, TOTPDevice
from mfa.tests.conftest import password_login, stored_secret, totp_enrol
from security.models import SecurityEvent


def test_setup_needs_the_password_and_is_not_active_until_a_code_confirms_it(alice, alice_client):
    refused = alice_client.post(reverse("mfa-totp"), {"current_password": "wrong"})
    assert refused.status_code == 400
    assert refused.json()["current_password"] == ["Invalid password."]
    assert alice_client.post(reverse("mfa-totp"), {}).json()["current_password"]

    response = alice_client.post(reverse("mfa-totp"), {"current_password": "correct-horse-battery"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"secret", "otpauth_url", "qr_svg"}
    assert pyotp.parse_uri(body["otpauth_url"]).secret == body["secret"]
    assert body["otpauth_url"].startswith("otpauth://totp/eventScheduler:alice%40example.com?")
    assert body["qr_svg"].startswith("<svg")
    # Pending: the password alone still logs in, and the status says no app.
    assert password_login(APIClient(), alice).status_code == 200
    assert alice_client.get(reverse("mfa-status")).json()["totp_enabled"] is False


def test_the_secret_is_encrypted_at_rest(alice, alice_client):
    secret = alice_client.post(
        reverse("mfa-totp"), {"current_password": "correct-horse-battery"}
    ).json()["secret"]

    stored = TOTPDevice.objects.get(user=alice).encrypted_secret
    assert secret not in stored
    assert stored_secret(alice) == secret


def test_activation_returns_ten_recovery_codes_and_ends_the_other_sessions(
    alice, alice_client, clock
):
    other = APIClient()
    login(other, alice)
    secret = alice_client.post(
        reverse("mfa-totp"), {"current_password": "correct-horse-battery"}
    ).json()["secret"]

    response = alice_client.post(reverse("mfa-totp-activate"), {"code": clock.code(secret)})

    assert response.status_code == 201
    codes = response.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    assert RecoveryCode.objects.filter(user=alice).count() == 10
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()  # hashes only
    assert other.get(reverse("user-me")).status_code == 401
    assert alice_client.get(reverse("user-me")).status_code == 200
    revoked = LoginSession.objects.get(revoked_at__isnull=False)
    assert revoked.revoked_reason == LoginSession.RevokedReason.SECOND_FACTOR_ADDED
    assert alice_client.get(reverse("mfa-status")).json() == {
        "totp_enabled": True,
        "recovery_codes_left": 10,
        "passkeys": [],
    }
    assert SecurityEvent.objects.filter(user=alice, type="mfa_enabled").count() == 1


def test_activation_refuses_a_wrong_code_and_counts_it(alice, alice_client, clock):
    secret = alice_client.post(
        reverse("mfa-totp"), {"current_password": "correct-horse-battery"}
    ).json()["secret"]

    wrong = alice_client.post(reverse("mfa-totp-activate"), {"code": clock.code(secret, 3)})
    missing = alice_client.post(reverse("mfa-totp-activate"), {})
    not_a_string = alice_client.post(reverse("mfa-totp-activate"), {"code": ["123456"]})

    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_code")
    assert (missing.status_code, missing.json()["code"]) == (400, "code_required")
    assert (not_a_string.status_code, not_a_string.json()["code"]) == (400, "invalid_code")
    # Only the wrong code was a guess; malformed input is refused before any check.
    assert SecurityEvent.objects.filter(user=alice, type="mfa_failed").count() == 1
    assert TOTPDevice.objects.get(user=alice).confirmed_at is None


def test_activation_without_a_setup_and_a_second_setup_are_conflicts(alice, alice_client, clock):
    assert alice_client.post(reverse("mfa-totp-activate"), {"code": "123456"}).json()["code"] == (
        "totp_not_pending"
    )
    totp_enrol(alice_client, clock)

    again = alice_client.post(reverse("mfa-totp"), {"current_password": "correct-horse-battery"})

    # The enrolling session is aal 1: it may not change factors now that one exists.
    assert (again.status_code, again.json()["code"]) == (403, "aal2_required")


def test_a_second_setup_before_activating_replaces_the_secret(alice, alice_client, clock):
    first = alice_client.post(reverse("mfa-totp"), {"current_password": "correct-horse-battery"})
    second = alice_client.post(reverse("mfa-totp"), {"current_password": "correct-horse-battery"})

    old = alice_client.post(
        reverse("mfa-totp-activate"), {"code": clock.code(first.json()["secret"])}
    )
    new = alice_client.post(
        reverse("mfa-totp-activate"), {"code": clock.code(second.json()["secret"])}
    )

    assert (old.status_code, new.status_code) == (400, 201)


def test_disabling_needs_an_aal2_session_and_a_code(totp_alice, alice_client, aal2_alice, clock):
    alice, secret, codes = totp_alice
    assert alice_client.delete(reverse("mfa-totp"), {"code": clock.code(secret, 1)}).json()[
        "code"
    ] == ("aal2_required")
    assert aal2_alice.delete(reverse("mfa-totp"), {}).json()["code"] == "code_required"
    # The current code logged aal2_alice in: it is spent.
    assert aal2_alice.delete(reverse("mfa-totp"), {"code": clock.code(secret)}).json()["code"] == (
        "invalid_code"
    )

    response = aal2_alice.delete(reverse("mfa-totp"), {"code": clock.code(secret, 1)})

    assert response.status_code == 204
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not RecoveryCode.objects.filter(user=alice).exists()
    assert password_login(APIClient(), alice).status_code == 200
    assert SecurityEvent.objects.filter(user=alice, type="mfa_disabled").count() == 1


def test_disabling_with_a_recovery_code(totp_alice, aal2_alice):
    alice, secret, codes = totp_alice

    assert aal2_alice.delete(reverse("mfa-totp"), {"code": codes[0]}).status_code == 204
    assert SecurityEvent.objects.filter(user=alice, type="recovery_code_used").count() == 1


def test_disabling_without_an_app_is_a_conflict(alice_client):
    response = alice_client.delete(reverse("mfa-totp"), {"code": "123456"})
    assert (response.status_code, response.json()["code"]) == (409, "totp_not_enabled")


def test_new_recovery_codes_replace_the_old_ones(totp_alice, aal2_alice, clock):
    alice, secret, old_codes = totp_alice

    response = aal2_alice.post(reverse("mfa-recovery-codes"), {"code": clock.code(secret, 1)})

    assert response.status_code == 200
    new_codes = response.json()["recovery_codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert SecurityEvent.objects.filter(user=alice, type="recovery_codes_regenerated").count() == 1
    refused = aal2_alice.delete(reverse("mfa-totp"), {"code": old_codes[1]})
    assert refused.json()["code"] == "invalid_code"
    assert aal2_alice.delete(reverse("mfa-totp"), {"code": new_codes[1]}).status_code == 204


def test_new_recovery_codes_need_a_code_and_an_aal2_session(totp_alice, alice_client, aal2_alice):
    alice, secret, codes = totp_alice
    assert alice_client.post(reverse("mfa-recovery-codes"), {"code": codes[0]}).status_code == 403
    assert aal2_alice.post(reverse("mfa-recovery-codes"), {"code": "000000"}).status_code == 400


def test_new_recovery_codes_without_an_app_is_a_conflict(alice_client):
    response = alice_client.post(reverse("mfa-recovery-codes"), {"code": "123456"})
    assert (response.status_code, response.json()["code"]) == (409, "totp_not_enabled")


def test_the_mfa_endpoints_need_a_login(anon):
    for method, name in [
        ("get", "mfa-status"),
        ("post", "mfa-totp"),
        ("delete", "mfa-totp"),
        ("post", "mfa-totp-activate"),
        ("post", "mfa-recovery-codes"),
        ("post", "passkey-register-options"),
        ("post", "passkey-list"),
    ]:
        assert getattr(anon, method)(reverse(name)).status_code == 401, name


def test_tokens_of_a_password_login_say_aal1(alice):
    tokens = password_login(APIClient(), alice).json()
    for token in (tokens["access"], tokens["refresh"]):
        assert (claims(token)["aal"], claims(token)["amr"]) == (1, ["pwd"])
