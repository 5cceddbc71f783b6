"""Browser apps on the listed origins may call the API with a Bearer token; no one else may."""

import pytest

from accounts.tests.utils import manage_shell

APP = "https://app.example.com"
LIST = "/api/accounts/all-profiles/"


@pytest.fixture(autouse=True)
def allowed_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP, "http://localhost:5173"]


def preflight(client, path, origin, method="PATCH"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIST, "/api/accounts/profile/me/", "/auth/jwt/create"])
def test_preflight_from_a_listed_origin_allows_the_bearer_header_and_json(anon, path):
    response = preflight(anon, path, APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed_headers = response["Access-Control-Allow-Headers"].split(", ")
    assert {"authorization", "content-type"} <= set(allowed_headers)
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_listed_origin_can_read_answers_and_errors(alice_client, anon):
    ok = alice_client.get(LIST, HTTP_ORIGIN=APP)
    error = anon.get(LIST, HTTP_ORIGIN=APP)

    assert ok.status_code == 200
    assert ok["Access-Control-Allow-Origin"] == APP
    assert error.status_code == 401
    assert error["Access-Control-Allow-Origin"] == APP


@pytest.mark.django_db
@pytest.mark.parametrize("origin", ["https://evil.example", "https://app.example.com.evil.example"])
def test_unlisted_origin_gets_no_cors_headers(anon, origin):
    cors_headers = {
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Credentials",
    }

    for response in (preflight(anon, LIST, origin), anon.get(LIST, HTTP_ORIGIN=origin)):
        assert cors_headers.isdisjoint(response.headers)


@pytest.mark.django_db
def test_admin_is_not_open_to_other_origins(anon):
    response = preflight(anon, "/admin/login/", APP, method="POST")

    assert "Access-Control-Allow-Origin" not in response


def test_allowed_origins_come_from_the_environment():
    origins = manage_shell(
        "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)",
        DJANGO_DEBUG="1",
        CORS_ALLOWED_ORIGINS="https://app.example.com,http://localhost:5173",
    )

    assert origins == "['https://app.example.com', 'http://localhost:5173']"


def test_no_origin_is_allowed_by_default():
    assert (
        manage_shell(
            "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)",
            DJANGO_DEBUG="1",
        )
        == "[]"
    )
