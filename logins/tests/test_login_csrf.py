"""Login CSRF: another site's page cannot log a browser into an account of the attacker's.

Every login sets the refresh cookie, so a cross-site form or fetch that posts a login would
plant a session in the victim's browser. Forms cannot send JSON (the 415s are in
test_json_input.py), and a login naming a foreign Origin is refused here.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from logins.models import LoginSession

LOGIN = reverse("jwt-create")


def log_in(client, user, **headers):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD}, headers=headers)


def test_a_login_from_a_foreign_origin_is_refused(browser, alice, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = log_in(browser, alice, Origin="https://evil.example")

    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert "refresh_token" not in response.cookies
    assert not LoginSession.objects.filter(user=alice).exists()


@pytest.mark.parametrize("origin", ["null", "http://testserver.evil.example", "https://testserver"])
def test_look_alike_and_opaque_origins_are_refused(browser, alice, origin):
    assert log_in(browser, alice, Origin=origin).status_code == 403


def test_a_cors_allowed_origin_may_log_in(browser, alice, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = log_in(browser, alice, Origin="https://app.example.com")

    assert response.status_code == 200
    assert "refresh_token" in response.cookies


def test_a_csrf_trusted_origin_may_log_in_wildcards_included(browser, alice, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://site.example.com", "https://*.example.org"]

    assert log_in(browser, alice, Origin="https://site.example.com").status_code == 200
    assert log_in(browser, alice, Origin="https://app.example.org").status_code == 200
    assert log_in(browser, alice, Origin="http://app.example.org").status_code == 403


def test_the_apis_own_origin_and_clients_without_origin_may_log_in(browser, alice):
    assert log_in(browser, alice, Origin="http://testserver").status_code == 200
    assert log_in(browser, alice).status_code == 200
