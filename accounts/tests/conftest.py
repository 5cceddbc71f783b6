"""Actors: alice owns things, bob is another user, `anon` is a client with no credentials."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from accounts.tests.live import free_port
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


# --- Cache: a clean one for every test, and one that is down -----------------------------


@pytest.fixture(autouse=True)
def _empty_cache():
    # Redis outlives the test process; each test starts from an empty cache as with locmem.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dead_redis(settings):
    """The cache points at a Redis port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
