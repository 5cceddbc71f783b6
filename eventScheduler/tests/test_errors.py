"""Errors are JSON with `detail` and `code`, also when Django itself answers (404, 500)."""

import pytest
from django.db import IntegrityError
from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.test import APIClient

from eventScheduler.urls import handler500  # noqa: F401  (the project's wiring, under test)


@api_view(["GET"])
@permission_classes([])
def crash(request):
    raise IntegrityError("boom")


urlpatterns = [
    path("api/crash/", crash),
    path("", include("eventScheduler.urls")),
]


@pytest.mark.parametrize("url", ["/api/nowhere/", "/auth/nowhere/", "/api/accounts/profile/x/"])
def test_unknown_paths_are_json_404s(anon, url, db):
    response = anon.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.urls(__name__)
def test_unhandled_error_is_a_json_500_without_debug_details(db):
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/crash/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A server error occurred.", "code": "server_error"}
    assert b"boom" not in response.content


def test_disallowed_host_is_a_json_400(anon, db):
    response = anon.get("/api/accounts/all-profiles/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_method_not_allowed_names_the_method(alice_client):
    response = alice_client.delete("/api/accounts/all-profiles/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unsupported_media_type_is_a_415(alice_client, alice):
    response = alice_client.patch(
        f"/api/accounts/profile/{alice.profile.pk}/", "<xml/>", content_type="application/xml"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
