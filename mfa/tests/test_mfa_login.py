"""Logging in with a password and a second factor: the 403 `mfa_required` and the mfa_token."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from eventScheduler.tests.utils import claims
from logins.models import LoginSession
from mfa.models import PendingLogin
from mfa.tests.conftest import password_login, second_factor_login
from security.models import SecurityEvent


def authenticate(mfa_token, code, client=None):
    client = client or APIClient()
    return client.post(reverse("mfa-authenticate"), {"mfa_token": mfa_token, "code": code})


def test_the_password_alone_gets_a_403_with_an_mfa_token_and_no_tokens(totp_alice):
    alice, secret, codes = totp_alice
    client = APIClient()

    response = password_login(client, alice)

    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail", "code", "mfa_token", "methods"}
    assert body["code"] == "mfa_required"
    assert body["methods"] == ["totp", "recovery_code"]
    assert "no-store" in response["Cache-Control"]
    assert "refresh_token" not in response.cookies
    assert LoginSession.objects.filter(user=alice).count() == 1  # the enrolling one only
    # A right password is not a failed login.
    assert not SecurityEvent.objects.filter(type="login_failed").exists()


def test_a_wrong_password_is_still_a_401(totp_alice):
    alice, *_ = totp_alice
    assert password_login(APIClient(), alice, password="wrong").status_code == 401


def test_the_code_finishes_the_login_like_a_login(totp_alice, clock, browser):
    alice, secret, codes = totp_alice
    sessions_before = LoginSession.objects.count()
    mfa_token = password_login(browser, alice).json()["mfa_token"]

    response = authenticate(mfa_token, clock.code(secret), client=browser)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert "no-store" in response["Cache-Control"]
    assert response.cookies["refresh_token"]["httponly"]
    for token in response.json().values():
        assert (claims(token)["aal"], claims(token)["amr"]) == (2, ["pwd", "otp"])
    assert LoginSession.objects.count() == sessions_before + 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert client.get(reverse("session-list")).json()["count"] >= 1
    assert SecurityEvent.objects.filter(user=alice, type="login_succeeded").exists()


def test_the_mfa_token_is_single_use(totp_alice, clock):
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    assert authenticate(mfa_token, clock.code(secret)).status_code == 200

    again = authenticate(mfa_token, clock.code(secret, 1))

    assert (again.status_code, again.json()["code"]) == (400, "mfa_token_invalid")


def test_an_accepted_code_is_refused_the_second_time(totp_alice, clock):
    alice, secret, codes = totp_alice
    code = clock.code(secret)
    second_factor_login(alice, code)

    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    replay = authenticate(mfa_token, code)

    assert (replay.status_code, replay.json()["code"]) == (400, "invalid_code")
    # An older code than the one used is no good either, even within the drift.
    assert authenticate(mfa_token, clock.code(secret, -1)).status_code == 400
    assert authenticate(mfa_token, clock.code(secret, 1)).status_code == 200


def test_one_step_of_drift_is_accepted_two_are_not(totp_alice, clock):
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    assert authenticate(mfa_token, clock.code(secret, 2)).status_code == 400
    assert authenticate(mfa_token, clock.code(secret, 1)).status_code == 200


def test_the_mfa_token_dies_after_five_wrong_codes(totp_alice, clock, throttle_rates):
    throttle_rates(login_failures_account=None, login_failures_ip=None)
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    for _ in range(5):
        assert authenticate(mfa_token, "000000").json()["code"] == "invalid_code"

    right = authenticate(mfa_token, clock.code(secret))

    assert (right.status_code, right.json()["code"]) == (400, "mfa_token_invalid")
    assert SecurityEvent.objects.filter(user=alice, type="mfa_failed").count() == 5


def test_the_mfa_token_expires_after_five_minutes(totp_alice, clock):
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    pending = PendingLogin.objects.get(user=alice)
    assert pending.expires_at - pending.created_at == timedelta(minutes=5)
    PendingLogin.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert authenticate(mfa_token, clock.code(secret)).json()["code"] == "mfa_token_invalid"


def test_the_mfa_token_is_no_bearer_token(totp_alice, anon):
    alice, *_ = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {mfa_token}")

    assert anon.get(reverse("user-me")).status_code == 401
    assert anon.get(reverse("mfa-status")).status_code == 401


def test_the_mfa_token_dies_when_the_password_changes(totp_alice, clock):
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    alice.set_password("a-new-long-passphrase")
    alice.save()

    assert authenticate(mfa_token, clock.code(secret)).json()["code"] == "mfa_token_invalid"


def test_logging_out_everywhere_ends_pending_logins(totp_alice, aal2_alice, clock):
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]

    assert aal2_alice.post(reverse("jwt-logout-all")).status_code == 204

    assert authenticate(mfa_token, clock.code(secret, 1)).json()["code"] == "mfa_token_invalid"


def test_a_recovery_code_logs_in_once(totp_alice):
    alice, secret, codes = totp_alice
    _, response = second_factor_login(alice, codes[0].upper().replace("-", " "))
    assert claims(response.json()["access"])["aal"] == 2
    assert SecurityEvent.objects.filter(user=alice, type="recovery_code_used").count() == 1

    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]

    assert authenticate(mfa_token, codes[0]).json()["code"] == "invalid_code"
    status = second_factor_login(alice, codes[1])[0].get(reverse("mfa-status")).json()
    assert status["recovery_codes_left"] == 8


def test_no_recovery_code_left_is_no_method(totp_alice):
    alice, secret, codes = totp_alice
    alice.recovery_codes.update(used_at=timezone.now())
    assert password_login(APIClient(), alice).json()["methods"] == ["totp"]


@pytest.mark.parametrize(
    "body, code",
    [
        ({}, "invalid"),
        ({"mfa_token": "nope", "code": "123456"}, "mfa_token_invalid"),
        ({"mfa_token": ["x"], "code": "123456"}, "invalid"),
        ({"mfa_token": "x" * 200, "code": "123456"}, "invalid"),
        ({"mfa_token": "nope", "code": {"a": 1}}, "invalid_code"),
        ({"mfa_token": "nope"}, "code_required"),
        ({"mfa_token": "nope", "credential": "not an object"}, "invalid"),
    ],
)
def test_bad_input_is_a_400_that_says_what(db, body, code):
    response = APIClient().post(reverse("mfa-authenticate"), body, format="json")
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_wrong_codes_count_with_the_login_lock(totp_alice, clock, throttle_rates):
    throttle_rates(login_failures_account="3/5m", login_failures_ip=None)
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    password_login(APIClient(), alice, password="wrong")  # one failure from the password
    for _ in range(2):
        assert authenticate(mfa_token, "000000").status_code == 400

    locked = authenticate(mfa_token, clock.code(secret))

    assert locked.status_code == 429
    assert "Retry-After" in locked
    # The password endpoint is locked for the account as well.
    assert password_login(APIClient(), alice).status_code == 429


def test_wrong_codes_count_per_ip_too(totp_alice, throttle_rates, bob):
    throttle_rates(login_failures_account=None, login_failures_ip="2/m")
    alice, secret, codes = totp_alice
    mfa_token = password_login(APIClient(), alice).json()["mfa_token"]
    for _ in range(2):
        authenticate(mfa_token, "000000")

    assert authenticate(mfa_token, "000000").status_code == 429
    assert password_login(APIClient(), bob).status_code == 429


def test_a_refresh_keeps_aal_and_amr(totp_alice, clock):
    alice, secret, codes = totp_alice
    _, response = second_factor_login(alice, clock.code(secret))

    refreshed = APIClient().post(reverse("jwt-refresh"), {"refresh": response.json()["refresh"]})

    assert refreshed.status_code == 200
    for token in refreshed.json().values():
        assert (claims(token)["aal"], claims(token)["amr"]) == (2, ["pwd", "otp"])


def test_a_null_code_is_code_required_not_a_field_error(db):
    # Found by the schema fuzz: a field error under `code` would replace the error's own code.
    response = APIClient().post(
        reverse("mfa-authenticate"), {"mfa_token": "", "code": None}, format="json"
    )
    assert response.status_code == 400
    assert isinstance(response.json()["code"], str)
