"""Actors: alice owns things, bob is another user, `anon` is a client with no credentials."""

import os

import pytest
import redis
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from eventScheduler.tests.live import free_port
from eventScheduler.tests.utils import login


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


def redis_url():
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run the test once on the local-memory cache and once on a real Redis (REDIS_URL).

    The Redis run flushes that database: point REDIS_URL at one the tests may own.
    """
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        url = redis_url()
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            pytest.skip(f"no Redis reachable at {url} ({exc}); start one or set REDIS_URL")
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
    cache.clear()
    return request.param


@pytest.fixture
def throttle_rates(settings):
    """Set some throttle rates for one test: throttle_rates(register_ip="2/m")."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **rates,
            },
        }

    return set_rates


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
