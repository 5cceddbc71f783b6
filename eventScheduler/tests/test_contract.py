"""The schema contract (contract.py) that every test-client response is held to: it fails on
answers off the schema, and it finds the operation of every documented route."""

import json
import uuid

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from eventScheduler.tests import contract
from eventScheduler.tests.live import Reply


def answered(client, url):
    """A response the contract accepted (it was checked on its way out); the test changes it."""
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_missing_required_field_is_off_the_schema(alice_client):
    response = answered(alice_client, reverse("user-me"))
    body = json.loads(response.content)
    del body["username"]
    response.content = json.dumps(body).encode()

    with pytest.raises(AssertionError, match="off the published schema.*username"):
        contract.check(response)


def test_a_wrong_type_is_off_the_schema(alice_client):
    response = answered(alice_client, reverse("profile-me"))
    response.content = json.dumps({**json.loads(response.content), "is_organizer": "yes"}).encode()

    with pytest.raises(AssertionError, match="is_organizer"):
        contract.check(response)


def test_an_undocumented_status_is_off_the_schema(alice_client):
    response = answered(alice_client, reverse("user-me"))
    response.status_code = 409

    with pytest.raises(AssertionError, match="answered 409"):
        contract.check(response)


def test_the_unslashed_path_is_checked_as_its_operation(alice_client):
    response = answered(alice_client, reverse("user-me").rstrip("/"))
    response.content = b'{"id": "one"}'

    with pytest.raises(AssertionError):
        contract.check(response)


def test_a_method_a_path_does_not_document_is_not_taken_for_a_templated_path(alice_client):
    # DELETE /api/accounts/profile/me/ is no operation; /profile/{id}/ must not claim it.
    response = alice_client.delete(reverse("profile-me"))

    assert response.status_code == 405
    contract.check(response)


def example_url(path, operation):
    """`path` with each path parameter filled in as its schema says (an id or a UUID)."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            is_uuid = parameter["schema"].get("format") == "uuid"
            value = str(uuid.uuid4()) if is_uuid else "1"
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def documented_operations():
    for path, operations in contract.published_schema()["paths"].items():
        for method, operation in operations.items():
            yield pytest.param(method, example_url(path, operation), id=f"{method} {path}")


@pytest.mark.parametrize(("method", "url"), list(documented_operations()))
def test_every_documented_operation_is_found_from_its_route(method, url):
    request = RequestFactory().generic(method.upper(), url)
    request.resolver_match = resolve(url)

    assert contract._Request(request).documented


JSON = {"Content-Type": "application/json"}


def test_a_reply_over_a_socket_is_held_to_the_schema_too():
    reply = Reply(200, JSON, b'{"id": "one"}')

    with pytest.raises(AssertionError, match="GET /auth/users/me/ answered 200 off") as failed:
        contract.check_reply("GET", "http://127.0.0.1:8000/auth/users/me/", reply)

    assert "'username' is a required property" in str(failed.value)
    assert "'one' is not of type 'integer'" in str(failed.value)


def test_a_reply_of_no_documented_operation_is_not_checked():
    contract.check_reply("GET", "http://127.0.0.1:8000/health/live/", Reply(200, JSON, b"{}"))
    contract.check_reply("GET", "http://127.0.0.1:8000/nowhere/", Reply(404, JSON, b"{}"))
