"""djoser's account actions answer odd input with a JSON 4xx, never a 500 or an empty body."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient


@pytest.fixture
def strict_anon():
    return APIClient(raise_request_exception=True)


@pytest.mark.django_db
@pytest.mark.parametrize("uid", [0, -63, 1.5, True, None, ["MQ"], {"a": 1}])
@pytest.mark.parametrize("action", ["activation", "reset_password_confirm"])
def test_uid_of_any_json_type_is_a_400(strict_anon, action, uid):
    payload = {"uid": uid, "token": "x", "new_password": "a-long-passphrase"}

    response = strict_anon.post(reverse(f"user-{action.replace('_', '-')}"), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_options_on_me_describes_the_endpoint(alice_client):
    alice_client.raise_request_exception = True

    response = alice_client.options("/auth/users/me/")

    assert response.status_code == 200
    assert response.json()["name"]


@pytest.mark.django_db
def test_resend_activation_when_accounts_need_none_is_a_json_400(strict_anon):
    response = strict_anon.post(reverse("user-resend-activation"), {"email": "a@example.com"})

    assert response.status_code == 400
    assert response.json()["code"] == "activation_disabled"
