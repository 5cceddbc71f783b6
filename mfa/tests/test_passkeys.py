"""Passkeys (WebAuthn): registering one, a passwordless login, and a second factor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.utils import claims, login
from logins.models import LoginSession
from mfa.models import Passkey, WebAuthnChallenge
from mfa.tests.authenticator import SoftAuthenticator
from mfa.tests.conftest import ORIGIN, RP_ID, password_login
from security.models import SecurityEvent


def register(client, device, *, name="Laptop", password=PASSWORD):
    body = {"current_password": password} if password else {}
    options = client.post(reverse("passkey-register-options"), body)
    assert options.status_code == 200, options.content
    return client.post(
        reverse("passkey-list"),
        {"name": name, "credential": device.create(options.json())},
        format="json",
    )


def passkey_login(device, client=None, **kwargs):
    client = client or APIClient()
    options = client.post(reverse("passkey-login-options")).json()
    return client.post(
        reverse("passkey-login"), {"credential": device.get(options, **kwargs)}, format="json"
    )


@pytest.fixture
def alice_passkey(alice, alice_client, passkey_device):
    assert register(alice_client, passkey_device).status_code == 201
    return passkey_device


def test_registration_options_are_webauthn_json(alice, alice_client):
    response = alice_client.post(
        reverse("passkey-register-options"), {"current_password": PASSWORD}
    )

    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "eventScheduler", "id": RP_ID}
    assert options["user"]["name"] == "alice"
    assert options["authenticatorSelection"]["residentKey"] == "preferred"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert {"type": "public-key", "alg": -7} in options["pubKeyCredParams"]
    assert len(options["challenge"]) >= 43  # 32 random bytes or more, base64url
    assert WebAuthnChallenge.objects.filter(user=alice, purpose="register").count() == 1


def test_registration_needs_the_password_in_a_session_without_a_factor(alice_client):
    refused = alice_client.post(reverse("passkey-register-options"), {})
    wrong = alice_client.post(reverse("passkey-register-options"), {"current_password": "nope"})
    assert refused.status_code == wrong.status_code == 400
    assert "current_password" in refused.json() and "current_password" in wrong.json()


def test_a_registered_passkey_is_listed_and_ends_the_other_sessions(
    alice, alice_client, passkey_device
):
    other = APIClient()
    login(other, alice)

    response = register(alice_client, passkey_device)

    assert response.status_code == 201
    assert set(response.json()) == {"id", "name", "created_at", "last_used_at"}
    listed = alice_client.get(reverse("mfa-status")).json()["passkeys"]
    assert [p["name"] for p in listed] == ["Laptop"]
    assert other.get(reverse("user-me")).status_code == 401
    assert alice_client.get(reverse("user-me")).status_code == 200
    assert SecurityEvent.objects.filter(user=alice, type="passkey_added").count() == 1
    assert password_login(APIClient(), alice).json()["methods"] == ["webauthn"]


def test_a_registration_challenge_works_once(alice_client, passkey_device):
    options = alice_client.post(
        reverse("passkey-register-options"), {"current_password": PASSWORD}
    ).json()
    credential = passkey_device.create(options)
    assert (
        alice_client.post(
            reverse("passkey-list"), {"name": "A", "credential": credential}, format="json"
        ).status_code
        == 201
    )
    Passkey.objects.all().delete()  # a user without a factor again, so only the challenge stops it

    again = alice_client.post(
        reverse("passkey-list"), {"name": "B", "credential": credential}, format="json"
    )

    assert (again.status_code, again.json()["code"]) == (400, "invalid_credential")


def test_a_registration_from_another_origin_is_refused(alice_client, passkey_device):
    options = alice_client.post(
        reverse("passkey-register-options"), {"current_password": PASSWORD}
    ).json()
    credential = passkey_device.create(options, origin="https://evil.example")

    response = alice_client.post(
        reverse("passkey-list"), {"name": "A", "credential": credential}, format="json"
    )

    assert response.json()["code"] == "invalid_credential"
    assert not Passkey.objects.exists()


def test_another_users_challenge_does_not_register(alice_client, bob_client, passkey_device):
    options = bob_client.post(
        reverse("passkey-register-options"), {"current_password": PASSWORD}
    ).json()
    response = alice_client.post(
        reverse("passkey-list"),
        {"name": "A", "credential": passkey_device.create(options)},
        format="json",
    )
    assert response.json()["code"] == "invalid_credential"


@pytest.mark.parametrize(
    "credential",
    [
        {},
        {"id": "x", "rawId": "x", "type": "public-key", "response": {}},
        {
            "id": "AA",
            "rawId": "AA",
            "type": "public-key",
            "response": {"clientDataJSON": "e30", "attestationObject": "oA"},
        },
        {
            "id": "AA",
            "rawId": "AA",
            "type": "public-key",
            "response": {"clientDataJSON": "!!!", "attestationObject": "!!!"},
        },
    ],
)
def test_a_malformed_credential_is_a_400(alice_client, credential):
    response = alice_client.post(
        reverse("passkey-list"), {"name": "A", "credential": credential}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_credential")


def test_managing_passkeys_needs_an_aal2_session_once_there_is_a_factor(
    alice, alice_client, alice_passkey
):
    # alice_client enrolled the passkey with a password session: aal 1.
    passkey = Passkey.objects.get(user=alice)
    for response in [
        alice_client.post(reverse("passkey-register-options"), {"current_password": PASSWORD}),
        alice_client.delete(reverse("passkey-detail", args=[passkey.pk])),
    ]:
        assert (response.status_code, response.json()["code"]) == (403, "aal2_required")


def test_a_passkey_logs_in_alone_with_two_factors(alice, alice_passkey):
    response = passkey_login(alice_passkey)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for token in response.json().values():
        assert (claims(token)["aal"], claims(token)["amr"]) == (2, ["hwk", "user"])
    assert SecurityEvent.objects.filter(user=alice, type="passkey_login").count() == 1
    assert SecurityEvent.objects.filter(user=alice, type="login_succeeded").exists()
    assert Passkey.objects.get(user=alice).last_used_at is not None


def test_a_synced_passkey_is_a_software_key(alice, alice_client):
    device = SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN, synced=True)
    register(alice_client, device)
    assert claims(passkey_login(device).json()["access"])["amr"] == ["swk", "user"]


def test_passkey_login_options_are_for_a_discoverable_credential(db, anon):
    response = anon.post(reverse("passkey-login-options"))

    assert response.status_code == 200
    options = response.json()
    assert options["rpId"] == RP_ID
    assert options["allowCredentials"] == []
    assert options["userVerification"] == "required"


def test_a_replayed_assertion_is_refused(alice_passkey):
    client = APIClient()
    options = client.post(reverse("passkey-login-options")).json()
    credential = alice_passkey.get(options)
    first = client.post(reverse("passkey-login"), {"credential": credential}, format="json")
    assert first.status_code == 200

    replay = client.post(reverse("passkey-login"), {"credential": credential}, format="json")

    assert (replay.status_code, replay.json()["code"]) == (400, "invalid_credential")


def test_an_expired_challenge_is_refused(alice_passkey):
    client = APIClient()
    options = client.post(reverse("passkey-login-options")).json()
    WebAuthnChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(
        reverse("passkey-login"), {"credential": alice_passkey.get(options)}, format="json"
    )

    assert response.json()["code"] == "invalid_credential"


def test_a_challenge_the_server_never_gave_is_refused(alice_passkey):
    forged = {"challenge": "bm90LWEtY2hhbGxlbmdlLW9mLXRoZS1zZXJ2ZXI"}
    response = APIClient().post(
        reverse("passkey-login"), {"credential": alice_passkey.get(forged)}, format="json"
    )
    assert response.json()["code"] == "invalid_credential"


def test_a_signature_counter_that_goes_back_is_refused(alice, alice_passkey):
    assert passkey_login(alice_passkey, sign_count=5).status_code == 200

    cloned = passkey_login(alice_passkey, sign_count=5)

    assert cloned.json()["code"] == "invalid_credential"
    assert SecurityEvent.objects.filter(user=alice, type="mfa_failed").count() == 1


def test_an_authenticator_without_a_counter_works(alice_client):
    device = SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN, counter=False)
    register(alice_client, device)
    assert passkey_login(device).status_code == 200
    assert passkey_login(device).status_code == 200


def test_without_user_verification_a_passkey_alone_is_refused(alice_passkey):
    alice_passkey.user_verified = False
    assert passkey_login(alice_passkey).json()["code"] == "invalid_credential"


def test_an_unknown_passkey_is_refused_and_counted_per_ip(db, throttle_rates):
    throttle_rates(login_failures_ip="2/m")
    stranger = SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN)
    stranger.user_handle = b"someone"
    for _ in range(2):
        assert passkey_login(stranger).json()["code"] == "invalid_credential"
    assert passkey_login(stranger).status_code == 429


def test_an_assertion_for_another_site_is_refused(alice, alice_client):
    device = SoftAuthenticator(rp_id="evil.example", origin=ORIGIN)
    # Registered under our RP ID, then asked to sign for another one.
    device.rp_id = RP_ID
    register(alice_client, device)
    device.rp_id = "evil.example"
    assert passkey_login(device).json()["code"] == "invalid_credential"


def test_deleting_a_passkey(alice, alice_passkey):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {passkey_login(alice_passkey).json()['access']}")
    passkey = Passkey.objects.get(user=alice)

    assert client.delete(reverse("passkey-detail", args=[passkey.pk])).status_code == 204

    assert not Passkey.objects.exists()
    assert SecurityEvent.objects.filter(user=alice, type="passkey_removed").count() == 1
    assert passkey_login(alice_passkey).json()["code"] == "invalid_credential"
    assert password_login(APIClient(), alice).status_code == 200


def test_another_users_passkey_is_a_404(alice_passkey, bob_client, alice):
    passkey = Passkey.objects.get(user=alice)
    assert bob_client.delete(reverse("passkey-detail", args=[passkey.pk])).status_code == 404


def test_a_passkey_as_the_second_factor_of_a_password_login(alice, alice_passkey):
    client = APIClient()
    mfa_token = password_login(client, alice).json()["mfa_token"]
    options = client.post(reverse("mfa-webauthn-options"), {"mfa_token": mfa_token})
    assert options.status_code == 200
    assert [c["id"] for c in options.json()["allowCredentials"]] == [alice_passkey.id]
    alice_passkey.user_verified = False  # possession is the second factor here

    response = client.post(
        reverse("mfa-authenticate"),
        {"mfa_token": mfa_token, "credential": alice_passkey.get(options.json())},
        format="json",
    )

    assert response.status_code == 200
    assert (claims(response.json()["access"])["aal"], claims(response.json()["access"])["amr"]) == (
        2,
        ["pwd", "hwk"],
    )


def test_the_second_factor_challenge_works_once(alice, alice_passkey, throttle_rates):
    client = APIClient()
    mfa_token = password_login(client, alice).json()["mfa_token"]
    options = client.post(reverse("mfa-webauthn-options"), {"mfa_token": mfa_token}).json()
    stale = alice_passkey.get(options)
    fresh_options = client.post(reverse("mfa-webauthn-options"), {"mfa_token": mfa_token}).json()

    refused = client.post(
        reverse("mfa-authenticate"), {"mfa_token": mfa_token, "credential": stale}, format="json"
    )
    # A failure also spends the challenge it was for: new options are needed.
    after = client.post(
        reverse("mfa-authenticate"),
        {"mfa_token": mfa_token, "credential": alice_passkey.get(fresh_options)},
        format="json",
    )

    assert refused.json()["code"] == after.json()["code"] == "invalid_credential"
    assert alice.pending_logins.get().failures == 2


def test_webauthn_options_for_an_account_without_passkeys(totp_alice):
    alice, *_ = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    response = APIClient().post(reverse("mfa-webauthn-options"), {"mfa_token": mfa_token})
    assert (response.status_code, response.json()["code"]) == (400, "webauthn_not_available")


def test_passkey_login_of_a_deactivated_user_is_refused(alice, alice_passkey):
    sessions = LoginSession.objects.count()
    alice.is_active = False
    alice.save()
    assert passkey_login(alice_passkey).json()["code"] == "invalid_credential"
    assert LoginSession.objects.count() == sessions
