"""Answers that carry a token are never stored by a cache (RFC 6749, section 5.1)."""

from django.urls import reverse

from eventScheduler.tests.utils import login


def assert_not_cached(response):
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_login_refresh_and_concurrent_refresh_are_not_cached(anon, alice):
    tokens = login(anon, alice)
    refresh = anon.post(reverse("jwt-refresh"), {"refresh": tokens["refresh"]})
    # The rotated token again within the grace window: answered with the current one.
    concurrent = anon.post(reverse("jwt-refresh"), {"refresh": tokens["refresh"]})
    login_response = anon.post(
        reverse("jwt-create"), {"username": "alice", "password": "correct-horse-battery"}
    )

    for response in (login_response, refresh, concurrent):
        assert_not_cached(response)


def test_the_csrf_token_is_not_cached(anon, db):
    assert_not_cached(anon.get(reverse("csrf")))
