"""A NUL character names no account; PostgreSQL refuses to compare one, so it must be a 4xx.

The throttles look the account up before the request is validated, so these once reached a
query and answered 500 on PostgreSQL (found by the schema fuzz test in CI's PostgreSQL pass).
"""

from django.urls import reverse

RESET = "/auth/users/reset_password/"


def test_login_with_a_nul_in_the_username_is_a_400(anon, alice):
    response = anon.post(reverse("jwt-create"), {"username": "ali\x00ce", "password": "x"})

    assert response.status_code == 400
    assert "username" in response.json()


def test_throttled_reset_with_a_nul_in_the_email_is_a_429(anon, alice, throttle_rates):
    throttle_rates(password_reset_email="1/h")
    anon.post(RESET, {"email": "alice@example.com\x00"})

    response = anon.post(RESET, {"email": "alice@example.com\x00"})

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
