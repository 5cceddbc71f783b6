"""Actors: alice owns things, bob is another user, `anon` is a client with no credentials."""

import pytest
import redis

from accounts.tests.factories import UserFactory
from eventScheduler.tests import contract
from eventScheduler.tests.live import free_port
from eventScheduler.tests.utils import SUMMARY, APIClient, clear_cache, login


def pytest_terminal_summary(terminalreporter, config):
    for line in config.stash.get(SUMMARY, []):
        terminalreporter.write_line(line)
    if contract.CHECKED:
        terminalreporter.write_line(contract.summary())


@pytest.fixture(scope="session", autouse=True)
def _answers_match_the_schema():
    """Every response to a documented operation is validated against the schema."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        contract.install(monkeypatch)
        yield


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
    clear_cache()
    yield
    clear_cache()


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


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run the test once on the local-memory cache and once on a real Redis (TEST_REDIS_URL).

    Without TEST_REDIS_URL the Redis run is skipped: the suite talks to no Redis it was not
    given. The keys it writes carry the run's own prefix and only those are deleted.
    """
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        url = settings.REDIS_URL
        if not url:
            pytest.skip("no Redis given: set TEST_REDIS_URL (make test-services)")
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            pytest.skip(f"no Redis reachable at {url} ({exc})")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            }
        }
    clear_cache()
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
