"""A backing service that cannot be reached is a 503 JSON answer, not a 500.

The database case runs against a real PostgreSQL in test_database_outage.py; here the cache
is a real Redis client pointed at a port where nothing listens.
"""

import pytest
from django.core.cache import cache
from django.urls import include, path, reverse
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response
from rest_framework.test import APIClient


@api_view(["GET"])
@permission_classes([])
def counter(request):
    return Response({"hits": cache.get_or_set("hits", 0)})


urlpatterns = [
    path("api/counter/", counter),
    path("", include("eventScheduler.urls")),
]


@pytest.mark.urls(__name__)
def test_unreachable_cache_is_a_503_json_answer(dead_redis):
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/counter/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The service is temporarily unavailable; try again shortly.",
        "code": "service_unavailable",
    }
    assert response["Retry-After"] == "5"


def test_an_operation_answers_its_documented_503_while_the_cache_is_down(dead_redis, db):
    client = APIClient(raise_request_exception=False)

    # The root conftest holds this answer to the login's documented responses.
    response = client.post(reverse("jwt-create"), {"username": "a", "password": "b"})

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


@pytest.mark.urls(__name__)
def test_reachable_cache_serves_the_view():
    assert APIClient().get("/api/counter/").json() == {"hits": 0}
