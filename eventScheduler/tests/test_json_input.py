"""Every endpoint takes JSON only, and JSON no view can store is a 400 before any view runs.

Python's decoder accepts lone UTF-16 surrogates and, up to the stack's limit, any nesting;
both once reached the views and answered 500. The project's one parser refuses them, so every
operation of the schema that takes a body is tried here with both.
"""

import uuid

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from eventScheduler.tests.utils import login

SURROGATE = b'{"username": "\\ud800", "email": "\\udfff@example.com", "password": "x"}'
DEEP = b'{"username": ' + b"[" * 1000 + b"]" * 1000 + b"}"
DEEPER_THAN_THE_STACK = b"[" * 100_000 + b"]" * 100_000
# Valid JSON, but not an object: views read bodies with .get() (the schema fuzz found a 500).
A_NUMBER = b"-57772505958"
A_LIST = b'[{"code": "123456"}]'


def operations_with_a_body():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                yield path, method
    # The one body OpenAPI 3.0 cannot describe (DELETE /auth/users/me/ takes the password).
    yield "/auth/users/me/", "delete"


def concrete(path, user):
    return (
        path.replace("/auth/users/{id}/", f"/auth/users/{user.pk}/")
        .replace("/profile/{id}/", f"/profile/{user.profile.pk}/")
        .replace("{id}", str(uuid.uuid4()))
    )


def assert_parse_error(response):
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    assert body["code"] == "parse_error"
    assert body["detail"].startswith("JSON parse error")


@pytest.mark.parametrize(("path", "method"), list(operations_with_a_body()))
@pytest.mark.parametrize(
    "body",
    [SURROGATE, DEEP, DEEPER_THAN_THE_STACK, A_NUMBER, A_LIST],
    ids=["surrogate", "deep", "deeper", "number", "list"],
)
def test_every_operation_refuses_surrogates_and_deep_nesting(path, method, body, alice, settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}
    client = APIClient()
    login(client, alice)

    response = client.generic(
        method.upper(), concrete(path, alice), body, content_type="application/json"
    )

    assert_parse_error(response)


@pytest.mark.parametrize(
    "path", ["/auth/jwt/create/", "/auth/users/reset_password/", "/auth/users/resend_activation/"]
)
def test_a_lone_surrogate_is_a_400_for_anonymous_callers(anon, alice, path, settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}

    response = anon.generic("POST", path, SURROGATE, content_type="application/json")

    assert_parse_error(response)


def test_a_surrogate_in_a_key_is_refused(anon, db):
    body = b'{"\\ud800": 1, "username": "alice", "password": "x"}'

    assert_parse_error(
        anon.generic("POST", "/auth/jwt/create/", body, content_type="application/json")
    )


def test_moderate_nesting_and_escaped_pairs_still_parse(anon, alice):
    # A surrogate *pair* is one character (here U+1F600), and 20 levels is nothing unusual.
    body = (
        b'{"username": "\\ud83d\\ude00", "password": "x", "extra": ' + b"[" * 20 + b"]" * 20 + b"}"
    )

    response = anon.generic("POST", "/auth/jwt/create/", body, content_type="application/json")

    assert response.status_code == 401


@pytest.mark.parametrize(
    "path", ["/auth/jwt/create/", "/auth/jwt/refresh/", "/auth/jwt/verify/", "/auth/jwt/logout/"]
)
@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_token_endpoints_take_json_only(anon, alice, path, fmt):
    data = {"username": "alice", "password": "correct-horse-battery"}
    if fmt == "multipart":
        response = anon.post(path, data, format="multipart")
    else:
        response = anon.post(
            path,
            "username=alice&password=correct-horse-battery",
            content_type="application/x-www-form-urlencoded",
        )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert "refresh_token" not in response.cookies
