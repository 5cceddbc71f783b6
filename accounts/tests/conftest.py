"""Actors: alice owns things, bob is another user, `anon` is a client with no credentials."""

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from accounts.tests.utils import login


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def alice_client(alice):
    client = APIClient()
    login(client, alice)
    return client


@pytest.fixture
def bob_client(bob):
    client = APIClient()
    login(client, bob)
    return client


@pytest.fixture
def browser():
    """A client that, like a browser, is held to CSRF checks and keeps cookies."""
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture
def signal_log():
    """Connect a recorder to a signal for the test: `calls = signal_log(signal)`."""
    connected = []

    def connect(signal):
        calls = []

        def receiver(sender, **kwargs):
            calls.append(kwargs)

        signal.connect(receiver)
        connected.append((signal, receiver))
        return calls

    yield connect
    for signal, receiver in connected:
        signal.disconnect(receiver)
