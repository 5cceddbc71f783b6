"""Cookie mode: the refresh token in an HttpOnly cookie, and CSRF proof whenever it is used."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD
from eventScheduler.tests.utils import manage, manage_shell
from logins.models import LoginSession

COOKIE = "refresh_token"
SECURE = "from django.conf import settings; print(settings.REFRESH_COOKIE_SECURE)"
SAMESITE = "from django.conf import settings; print(settings.REFRESH_COOKIE_SAMESITE)"


def browser_login(client, user):
    response = client.post(reverse("jwt-create"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response


def csrf_header(client):
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_login_sets_the_refresh_cookie_with_its_attributes(browser, alice):
    response = browser_login(browser, alice)

    cookie = response.cookies[COOKIE]
    assert cookie.value == response.json()["refresh"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/auth/"
    lifetime = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()
    assert lifetime - 5 <= int(cookie["max-age"]) <= lifetime


def test_login_sets_the_csrf_cookie_readable_by_the_page(browser, alice):
    response = browser_login(browser, alice)

    csrf = response.cookies["csrftoken"]
    assert csrf.value
    assert not csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_samesite_is_configurable(browser, alice, settings):
    settings.REFRESH_COOKIE_SAMESITE = "Strict"

    assert browser_login(browser, alice).cookies[COOKIE]["samesite"] == "Strict"


def test_cookie_is_secure_unless_debug():
    assert manage_shell(SECURE, DJANGO_DEBUG="1") == "False"
    assert manage_shell(SECURE, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50) == "True"


def test_samesite_comes_from_the_environment_and_is_checked():
    assert manage_shell(SAMESITE, DJANGO_DEBUG="1", JWT_REFRESH_COOKIE_SAMESITE="None") == "None"
    result = manage("check", DJANGO_DEBUG="1", JWT_REFRESH_COOKIE_SAMESITE="lenient")
    assert result.returncode != 0
    assert "JWT_REFRESH_COOKIE_SAMESITE" in result.stderr


def test_cookie_refresh_without_the_csrf_header_is_a_403(browser, alice):
    browser_login(browser, alice)
    head = LoginSession.objects.get(user=alice).refresh_token_id

    response = browser.post(reverse("jwt-refresh"))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert response.json()["detail"].startswith("CSRF Failed")
    assert LoginSession.objects.get(user=alice).refresh_token_id == head


def test_cookie_refresh_with_a_wrong_csrf_header_is_a_403(browser, alice):
    browser_login(browser, alice)

    response = browser.post(reverse("jwt-refresh"), HTTP_X_CSRFTOKEN="x" * 32)

    assert response.status_code == 403


def test_cookie_refresh_with_the_csrf_header_rotates_the_cookie(browser, alice):
    old = browser_login(browser, alice).cookies[COOKIE].value

    response = browser.post(reverse("jwt-refresh"), **csrf_header(browser))

    assert response.status_code == 200
    new = response.cookies[COOKIE]
    assert new.value == response.json()["refresh"] != old
    assert new["httponly"] is True
    assert new["path"] == "/auth/"
    assert "csrftoken" in response.cookies


def test_csrf_endpoint_sets_the_cookie_for_a_fresh_page(browser, alice):
    refresh = browser_login(APIClient(), alice).json()["refresh"]
    browser.cookies[COOKIE] = refresh

    response = browser.get(reverse("csrf"))

    assert response.status_code == 200
    assert response.cookies["csrftoken"].value
    token = response.json()["csrf_token"]
    assert browser.post(reverse("jwt-refresh"), HTTP_X_CSRFTOKEN=token).status_code == 200


def test_cookie_logout_needs_csrf_and_clears_the_cookie(browser, alice):
    browser_login(browser, alice)
    assert browser.post(reverse("jwt-logout")).status_code == 403

    response = browser.post(reverse("jwt-logout"), **csrf_header(browser))

    assert response.status_code == 204
    cleared = response.cookies[COOKIE]
    assert cleared.value == ""
    assert cleared["max-age"] == 0
    assert cleared["path"] == "/auth/"
    assert LoginSession.objects.get(user=alice).revoked_at is not None


def test_cookie_logout_all_needs_csrf(browser, alice, alice_client):
    browser_login(browser, alice)
    assert browser.post(reverse("jwt-logout-all")).status_code == 403
    assert alice_client.get("/auth/users/me/").status_code == 200

    response = browser.post(reverse("jwt-logout-all"), **csrf_header(browser))

    assert response.status_code == 204
    assert response.cookies[COOKIE].value == ""
    assert alice_client.get("/auth/users/me/").status_code == 401


def test_refused_cookie_is_cleared(browser, alice):
    browser_login(browser, alice)
    LoginSession.objects.filter(user=alice).update(revoked_at=timezone.now())

    response = browser.post(reverse("jwt-refresh"), **csrf_header(browser))

    assert response.status_code == 401
    assert response.cookies[COOKIE].value == ""


def test_header_only_clients_need_no_csrf(browser, alice):
    """A client that sends the token in the body is not riding on a cookie (mobile, Postman)."""
    tokens = browser_login(browser, alice).json()
    browser.cookies.clear()

    refreshed = browser.post(reverse("jwt-refresh"), {"refresh": tokens["refresh"]})
    browser.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")

    assert refreshed.status_code == 200
    assert browser.get("/auth/users/me/").status_code == 200
    assert (
        browser.post(reverse("jwt-logout"), {"refresh": refreshed.json()["refresh"]}).status_code
        == 204
    )
