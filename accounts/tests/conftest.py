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
