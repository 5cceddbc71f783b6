"""Browser apps on the listed origins may call the API, cookies included; no one else may."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.utils import manage_shell

APP = "https://app.example.com"
EVIL = "https://evil.example"
LIST = "/api/accounts/all-profiles/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Credentials",
    "Access-Control-Expose-Headers",
}
ORIGINS = "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)"
TRUSTED = "from django.conf import settings; print(settings.CSRF_TRUSTED_ORIGINS)"


@pytest.fixture(autouse=True)
def allowed_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP, "http://localhost:5173"]


def preflight(client, path, origin, method="PATCH", headers="authorization, content-type"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@pytest.fixture
def app_in_cookie_mode(browser, alice, settings):
    """`browser` logged in as alice from APP, holding the refresh and CSRF cookies.

    settings.py trusts every CORS origin for CSRF; the settings fixture does not re-run it.
    """
    settings.CSRF_TRUSTED_ORIGINS = settings.CORS_ALLOWED_ORIGINS
    response = browser.post(
        reverse("jwt-create"), {"username": "alice", "password": PASSWORD}, HTTP_ORIGIN=APP
    )
    assert response.status_code == 200, response.content
    return browser


def cookie_refresh(client, origin):
    csrf = client.cookies["csrftoken"].value
    return client.post(reverse("jwt-refresh"), HTTP_ORIGIN=origin, HTTP_X_CSRFTOKEN=csrf)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIST, "/api/accounts/profile/me/", "/auth/jwt/create"])
def test_preflight_from_a_listed_origin_allows_the_bearer_header_and_json(anon, path):
    response = preflight(anon, path, APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed_headers = response["Access-Control-Allow-Headers"].split(", ")
    assert {"authorization", "content-type"} <= set(allowed_headers)
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/auth/csrf/", "/auth/jwt/refresh/", "/auth/jwt/logout/"])
def test_preflight_for_cookie_mode_allows_the_csrf_header_with_credentials(anon, path):
    response = preflight(anon, path, APP, method="POST", headers="content-type, x-csrftoken")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "x-csrftoken" in response["Access-Control-Allow-Headers"].split(", ")
    assert response["Access-Control-Allow-Credentials"] == "true"


def test_listed_origin_can_read_answers_and_errors(alice_client, anon):
    ok = alice_client.get(LIST, HTTP_ORIGIN=APP)
    error = anon.get(LIST, HTTP_ORIGIN=APP)

    assert ok.status_code == 200
    assert ok["Access-Control-Allow-Origin"] == APP
    assert error.status_code == 401
    assert error["Access-Control-Allow-Origin"] == APP


@pytest.mark.django_db
@pytest.mark.parametrize("origin", [EVIL, "https://app.example.com.evil.example", "null"])
def test_unlisted_origin_gets_no_cors_headers(anon, origin):
    for response in (
        preflight(anon, LIST, origin),
        anon.get(LIST, HTTP_ORIGIN=origin),
        preflight(anon, "/auth/jwt/refresh/", origin, method="POST", headers="x-csrftoken"),
        anon.get("/auth/csrf/", HTTP_ORIGIN=origin),
    ):
        assert CORS_HEADERS.isdisjoint(response.headers)


def test_listed_origin_refreshes_in_cookie_mode_with_credentials(app_in_cookie_mode):
    response = cookie_refresh(app_in_cookie_mode, APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert response.cookies["refresh_token"].value == response.json()["refresh"]


def test_unlisted_origin_cannot_use_the_cookies_even_with_the_csrf_token(app_in_cookie_mode):
    # The page of another origin could not read the token, but even with it Django's CSRF
    # origin check refuses the request, and the browser would not show the answer.
    response = cookie_refresh(app_in_cookie_mode, EVIL)

    assert response.status_code == 403
    assert "Origin checking failed" in response.json()["detail"]
    assert CORS_HEADERS.isdisjoint(response.headers)


@pytest.mark.django_db
def test_throttled_answers_let_the_page_read_retry_after(anon, throttle_rates):
    throttle_rates(register_ip="1/m")
    anon.post("/auth/users/", {"username": "dora", "password": PASSWORD}, HTTP_ORIGIN=APP)

    response = anon.post("/auth/users/", {"username": "eve", "password": PASSWORD}, HTTP_ORIGIN=APP)

    assert response.status_code == 429
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Retry-After" in response["Access-Control-Expose-Headers"].split(", ")


@pytest.mark.django_db
def test_admin_is_not_open_to_other_origins(anon):
    response = preflight(anon, "/admin/login/", APP, method="POST")

    assert "Access-Control-Allow-Origin" not in response


def test_allowed_origins_come_from_the_environment():
    origins = manage_shell(
        ORIGINS,
        DJANGO_DEBUG="1",
        CORS_ALLOWED_ORIGINS="https://app.example.com,http://localhost:5173",
    )

    assert origins == "['https://app.example.com', 'http://localhost:5173']"


def test_no_origin_is_allowed_by_default():
    assert manage_shell(ORIGINS, DJANGO_DEBUG="1") == "[]"
    assert manage_shell(TRUSTED, DJANGO_DEBUG="1") == "[]"


def test_credentials_are_allowed_for_the_listed_origins_only_never_for_all():
    # As django-cors-headers reads them, its defaults included.
    flags = manage_shell(
        "from corsheaders.conf import conf; print(conf.CORS_ALLOW_CREDENTIALS, "
        "conf.CORS_ALLOW_ALL_ORIGINS, conf.CORS_ALLOWED_ORIGIN_REGEXES, conf.CORS_ALLOWED_ORIGINS)",
        DJANGO_DEBUG="1",
        CORS_ALLOWED_ORIGINS=APP,
    )

    assert flags == f"True False () ['{APP}']"


def test_cors_origins_are_trusted_for_csrf_besides_the_csrf_ones():
    trusted = manage_shell(
        TRUSTED,
        DJANGO_DEBUG="1",
        CORS_ALLOWED_ORIGINS="https://app.example.com,http://localhost:5173",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://admin-tools.example.com,https://app.example.com",
    )

    assert trusted == (
        "['https://admin-tools.example.com', 'https://app.example.com', 'http://localhost:5173']"
    )
