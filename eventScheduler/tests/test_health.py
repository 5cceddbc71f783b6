"""Load-balancer probes: /health/live touches nothing, /health/ready checks database and cache."""

import pytest
from django.urls import reverse

LIVE = reverse("health-live")
READY = reverse("health-ready")


def test_live_answers_without_touching_the_database(anon):
    # No `db` fixture: pytest-django fails the test if the view touches the database.
    response = anon.get(LIVE)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_ready_checks_database_and_cache(anon, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = anon.get(READY)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_ready_is_a_503_naming_an_unreachable_cache(anon, dead_redis):
    response = anon.get(READY)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Unavailable: cache.",
        "code": "service_unavailable",
        "checks": {"database": "ok", "cache": "unavailable"},
    }
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIVE, READY, LIVE.rstrip("/"), READY.rstrip("/")])
def test_probes_need_no_credentials_and_answer_without_trailing_slash(anon, url):
    assert anon.get(url).status_code == 200


def test_probes_ignore_a_bad_token(anon, db):
    anon.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert anon.get(READY).status_code == 200


@pytest.mark.django_db
def test_probes_are_exempt_from_the_https_redirect(anon, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert anon.get(LIVE).status_code == 200
    assert anon.get(READY).status_code == 200
    assert anon.get(reverse("all-profiles")).status_code == 301


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_probes_only_answer_reads(anon, method):
    response = getattr(anon, method)(LIVE)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD"


def test_head_is_answered_for_probes_that_send_it(anon):
    assert anon.head(LIVE).status_code == 200
