"""Settings come from the environment; each case starts a fresh interpreter with a clean one."""

import json
import secrets

from django.conf import settings
from django.urls import reverse
from rest_framework.throttling import BaseThrottle

from accounts.tests.factories import UserFactory
from eventScheduler.tests.utils import manage, manage_shell

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def setting(name, **environ):
    return manage_shell(f"from django.conf import settings; print(settings.{name})", **environ)


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_by_default():
    assert setting("DEBUG", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"]) == "False"


def test_debug_mode_starts_without_a_secret_key():
    assert setting("DEBUG", DJANGO_DEBUG="1") == "True"


def test_production_mode_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_the_database():
    engine = setting(
        "DATABASES['default']['ENGINE']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://someone@127.0.0.1:5432/somedb",
    )

    assert engine == "django.db.backends.postgresql"


def test_sqlite_is_the_default_database():
    assert (
        setting("DATABASES['default']['ENGINE']", DJANGO_DEBUG="1") == "django.db.backends.sqlite3"
    )


def test_default_page_size_is_the_configured_one(alice_client, alice):
    UserFactory.create_batch(settings.REST_FRAMEWORK["PAGE_SIZE"] + 5)

    results = alice_client.get(reverse("all-profiles")).json()["results"]

    assert len(results) == settings.REST_FRAMEWORK["PAGE_SIZE"]


def test_redis_url_selects_the_redis_cache():
    backend = setting(
        "CACHES['default']['BACKEND']", DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0"
    )

    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_forwarded_for_is_ignored_without_trusted_proxies(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.1")

    assert BaseThrottle().get_ident(request) == "198.51.100.1"


def settings_of(*names, **environ):
    """Several settings read in one fresh interpreter (JSON; paths as strings)."""
    values = ", ".join(f"s.{name}" for name in names)
    script = f"import json; from django.conf import settings as s; print(json.dumps([{values}], default=str))"
    return dict(zip(names, json.loads(manage_shell(script, **environ)), strict=True))


DB = "DATABASES['default']"


def test_database_connections_persist_with_health_checks_in_production():
    production = {**PRODUCTION, "DATABASE_URL": "postgres://someone@127.0.0.1:5432/somedb"}
    names = [f"{DB}['CONN_MAX_AGE']", f"{DB}['CONN_HEALTH_CHECKS']", f"{DB}['OPTIONS']"]

    assert list(settings_of(*names, **production).values()) == [60, True, {"connect_timeout": 5}]
    # runserver's thread per request would strand a connection each time.
    assert setting(f"{DB}['CONN_MAX_AGE']", DJANGO_DEBUG="1") == "0"


def test_connection_lifetime_checks_and_timeout_come_from_the_environment():
    environ = {
        **PRODUCTION,
        "CONN_MAX_AGE": "300",
        "CONN_HEALTH_CHECKS": "0",
        "DATABASE_URL": "postgres://someone@127.0.0.1:5432/somedb?connect_timeout=2",
    }
    names = [f"{DB}['CONN_MAX_AGE']", f"{DB}['CONN_HEALTH_CHECKS']", f"{DB}['OPTIONS']"]

    assert list(settings_of(*names, **environ).values()) == [300, False, {"connect_timeout": 2}]


def test_redis_cache_gives_up_on_an_unreachable_server_and_static_root_is_configurable(tmp_path):
    environ = {
        "DJANGO_DEBUG": "1",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_STATIC_ROOT": str(tmp_path),
    }

    values = settings_of("CACHES['default']['OPTIONS']", "STATIC_ROOT", **environ)

    assert values == {
        "CACHES['default']['OPTIONS']": {"socket_connect_timeout": 2, "socket_timeout": 2},
        "STATIC_ROOT": str(tmp_path),
    }
