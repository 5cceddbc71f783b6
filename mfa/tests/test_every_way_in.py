"""Every way into an account honours its second factor: the admin login, a password reset,
an activation, and the account changes that ask for the password."""

import pytest
from django.test import Client
from djoser.utils import encode_uid
from rest_framework.exceptions import Throttled
from rest_framework.test import APIClient, APIRequestFactory

from accounts.link_tokens import activation_token, password_reset_token
from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from mfa import services
from mfa.exceptions import CodeRequired, InvalidCode, SecondFactorSessionRequired
from mfa.tests.conftest import password_login, totp_enrol

ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff_with_totp(db, clock):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = APIClient()
    assert password_login(client, staff).status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {password_login(client, staff).data['access']}")
    secret, codes = totp_enrol(client, clock)
    return staff, secret, codes


def admin_login(**fields):
    client = Client()
    response = client.post(ADMIN_LOGIN, {"username": "root", "password": PASSWORD, **fields})
    return client, response


def test_the_admin_login_asks_a_staff_user_with_a_factor_for_the_code(staff_with_totp, clock):
    staff, secret, codes = staff_with_totp

    client, without = admin_login()
    assert without.status_code == 200  # the form again, with the error
    assert b"code" in without.content and b'name="otp_code"' in without.content
    assert client.get("/admin/").status_code == 302  # not logged in

    client, wrong = admin_login(otp_code="000000")
    assert "is wrong" in wrong.content.decode()

    client, right = admin_login(otp_code=clock.code(secret))
    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_takes_a_recovery_code_once(staff_with_totp):
    staff, secret, codes = staff_with_totp
    assert admin_login(otp_code=codes[0])[1].status_code == 302
    assert admin_login(otp_code=codes[0])[1].status_code == 200


def test_the_admin_login_without_a_factor_is_unchanged(db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    assert admin_login()[1].status_code == 302


def test_a_password_reset_keeps_the_factor(totp_alice, anon):
    alice, secret, codes = totp_alice
    alice.refresh_from_db()  # the token depends on last_login, which logging in changed
    response = anon.post(
        "/auth/users/reset_password_confirm/",
        {
            "uid": encode_uid(alice.pk),
            "token": password_reset_token.make_token(alice),
            "new_password": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 204

    after = password_login(APIClient(), alice, password="a-new-long-passphrase")

    assert (after.status_code, after.json()["code"]) == (403, "mfa_required")


def test_an_activation_does_not_log_in_and_the_next_login_needs_the_factor(
    totp_alice, anon, settings
):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}
    alice, secret, codes = totp_alice
    # An account that signed up and never followed its activation link (yet has a factor).
    User.objects.filter(pk=alice.pk).update(is_active=False, activated_at=None)
    alice.refresh_from_db()

    response = anon.post(
        "/auth/users/activation/",
        {"uid": encode_uid(alice.pk), "token": activation_token.make_token(alice)},
    )

    assert (response.status_code, response.content) == (204, b"")
    assert password_login(APIClient(), alice).json()["code"] == "mfa_required"


def test_set_password_asks_for_a_code_once_there_is_a_factor(totp_alice, aal2_alice, clock):
    alice, secret, codes = totp_alice
    body = {"current_password": PASSWORD, "new_password": "a-new-long-passphrase"}

    missing = aal2_alice.post("/auth/users/set_password/", body)
    wrong = aal2_alice.post("/auth/users/set_password/", {**body, "code": "000000"})
    wrong_password = aal2_alice.post(
        "/auth/users/set_password/", {**body, "current_password": "nope", "code": codes[0]}
    )

    assert (missing.status_code, missing.json()["code"]) == (400, "code_required")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_code")
    assert "current_password" in wrong_password.json()
    # A mistyped password used no code up.
    assert alice.recovery_codes.filter(used_at__isnull=True).count() == 10
    right = aal2_alice.post("/auth/users/set_password/", {**body, "code": clock.code(secret, 1)})
    assert right.status_code == 204
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase")


def test_set_email_asks_for_a_code_once_there_is_a_factor(totp_alice, aal2_alice, clock):
    alice, secret, codes = totp_alice
    body = {"current_password": PASSWORD, "new_email": "alice@new.example"}

    missing = aal2_alice.post("/auth/users/set_email/", body)
    wrong = aal2_alice.post("/auth/users/set_email/", {**body, "code": "000000"})

    assert (missing.status_code, missing.json()["code"]) == (400, "code_required")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_code")
    alice.refresh_from_db()
    assert alice.pending_email == ""
    right = aal2_alice.post("/auth/users/set_email/", {**body, "code": clock.code(secret, 1)})
    assert right.status_code == 202
    alice.refresh_from_db()
    assert alice.pending_email == "alice@new.example"


def test_set_password_without_a_factor_needs_no_code(alice_client):
    response = alice_client.post(
        "/auth/users/set_password/",
        {"current_password": PASSWORD, "new_password": "a-new-long-passphrase"},
    )
    assert response.status_code == 204


def request_with(user, aal=1):
    request = APIRequestFactory().post("/")
    request.user = user
    request.auth = {"aal": aal, "amr": ["pwd"]}
    return request


def test_require_second_factor_for_other_account_changes(totp_alice, bob, clock):
    alice, secret, codes = totp_alice
    # Nothing to ask of a user without a factor.
    services.require_second_factor(user=bob, request_data={}, request=request_with(bob))
    with pytest.raises(CodeRequired):
        services.require_second_factor(user=alice, request_data={}, request=request_with(alice))
    with pytest.raises(InvalidCode):
        services.require_second_factor(
            user=alice, request_data={"code": "000000"}, request=request_with(alice)
        )
    services.require_second_factor(
        user=alice, request_data={"code": clock.code(secret)}, request=request_with(alice)
    )


def test_require_second_factor_for_a_passkey_only_user_wants_an_aal2_session(bob):
    bob.passkeys.create(name="Key", credential_id="abc", public_key=b"k", user_handle=b"h")
    with pytest.raises(SecondFactorSessionRequired):
        services.require_second_factor(user=bob, request_data={}, request=request_with(bob))
    services.require_second_factor(user=bob, request_data={}, request=request_with(bob, aal=2))


def test_require_second_factor_is_throttled_with_the_login_lock(totp_alice, throttle_rates):
    throttle_rates(login_failures_account="1/5m")
    alice, *_ = totp_alice
    with pytest.raises(InvalidCode):
        services.require_second_factor(
            user=alice, request_data={"code": "000000"}, request=request_with(alice)
        )
    with pytest.raises(Throttled):
        services.require_second_factor(
            user=alice, request_data={"code": "000000"}, request=request_with(alice)
        )
