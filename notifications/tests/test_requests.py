"""What a request does about email: it queues one task, and nothing else, whoever it names.

These tests use Django's dummy Tasks backend (it records what is enqueued and runs nothing),
or the immediate one where they read the email that the task builds.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from accounts.tests.factories import UserFactory

RESET_PASSWORD = "/auth/users/reset_password/"
RESET_USERNAME = "/auth/users/reset_username/"
RESEND_ACTIVATION = "/auth/users/resend_activation/"


@pytest.fixture
def queued(settings):
    """The tasks enqueued during the test (the dummy backend runs none of them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


@pytest.fixture
def activation_on(settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}


def answer_and_queries(client, path, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, {"email": email})
    return response, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "path, kind",
    [
        (RESET_PASSWORD, "password_reset"),
        (RESET_USERNAME, "username_reset"),
        (RESEND_ACTIVATION, "activation"),
    ],
)
def test_known_unknown_and_inactive_addresses_cost_the_request_the_same(
    db, anon, queued, activation_on, path, kind
):
    UserFactory(username="active", email="active@example.com")
    UserFactory(username="idle", email="idle@example.com", is_active=False)
    addresses = ["active@example.com", "nobody@example.com", "idle@example.com"]

    results = [answer_and_queries(anon, path, email) for email in addresses]

    answers = {(response.status_code, response.content) for response, _ in results}
    assert answers == {(204, b"")}
    # No query of the request looks for the account: only the worker does.
    assert [queries for _, queries in results] == [[], [], []]
    assert [(task.task.name, task.kwargs["kind"], task.kwargs["email"]) for task in queued] == [
        ("deliver_by_email", kind, email) for email in addresses
    ]


def test_an_invalid_address_is_a_400_naming_the_field_and_queues_nothing(anon, queued, db):
    response = anon.post(RESET_PASSWORD, {"email": "not-an-address"})

    assert response.status_code == 400
    assert response.json()["email"] == ["Enter a valid email address."]
    assert queued == []


def test_nothing_is_queued_before_the_transaction_commits(alice, queued):
    from rest_framework.test import APIClient  # djoser's, whose requests never commit here

    APIClient().post(RESET_PASSWORD, {"email": alice.email})

    assert queued == []


def test_the_task_names_the_requests_ip_and_user_agent_for_the_audit_log(anon, queued, db):
    anon.post(RESET_PASSWORD, {"email": "a@example.com"}, HTTP_USER_AGENT="Firefox")

    [task] = queued
    assert (task.kwargs["ip"], task.kwargs["user_agent"]) == ("127.0.0.1", "Firefox")


def test_registration_with_activation_queues_the_email_by_user_id(db, anon, queued, activation_on):
    anon.post(
        "/auth/users/",
        {"username": "carol", "password": "a-long-passphrase", "email": "c@example.com"},
    )

    [task] = queued
    assert task.task.name == "deliver"
    assert task.kwargs["kind"] == "activation"
    assert isinstance(task.kwargs["user_id"], int)
