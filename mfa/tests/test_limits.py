"""Enrolment and verification are limited per account and per IP, with the project's throttles."""

from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from mfa.tests.conftest import password_login
from security.models import SecurityEvent


def start_setup(client, password=PASSWORD):
    return client.post(reverse("mfa-totp"), {"current_password": password})


def test_totp_setups_are_limited_per_account(alice_client, throttle_rates):
    throttle_rates(mfa_enrol_account="2/h", mfa_enrol_ip=None)
    assert [start_setup(alice_client).status_code for _ in range(3)] == [200, 200, 429]
    assert SecurityEvent.objects.filter(type="throttled", scope="mfa_enrol_account").count() == 1


def test_setups_are_limited_per_ip_across_accounts(alice_client, bob_client, throttle_rates):
    throttle_rates(mfa_enrol_account=None, mfa_enrol_ip="2/h")
    assert start_setup(alice_client).status_code == 200
    options = bob_client.post(reverse("passkey-register-options"), {"current_password": PASSWORD})
    assert options.status_code == 200
    assert start_setup(bob_client).status_code == 429


def test_a_wrong_password_at_setup_counts_as_a_failed_login(alice, alice_client, throttle_rates):
    throttle_rates(login_failures_account="2/5m", login_failures_ip=None)
    assert [start_setup(alice_client, "wrong").status_code for _ in range(2)] == [400, 400]

    assert start_setup(alice_client).status_code == 429
    assert password_login(APIClient(), alice).status_code == 429


def test_passkey_login_options_are_limited_per_ip(db, throttle_rates):
    throttle_rates(passkey_login_options_ip="2/m")
    client = APIClient()
    statuses = [client.post(reverse("passkey-login-options")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_status_takes_the_same_queries_for_few_and_many_passkeys(
    alice, alice_client, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            alice.passkeys.create(
                name=f"Key {n}", credential_id=f"id-{n}-{count}", public_key=b"k", user_handle=b"h"
            )

    add(2)
    with django_assert_num_queries(4) as few:
        alice_client.get(reverse("mfa-status"))
    add(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = alice_client.get(reverse("mfa-status"))
    assert len(response.json()["passkeys"]) == 22
