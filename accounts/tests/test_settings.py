"""Settings come from the environment; each case starts a fresh interpreter with a clean one."""

import secrets

from django.conf import settings
from django.urls import reverse
from rest_framework.throttling import BaseThrottle

from accounts.tests.factories import UserFactory
from accounts.tests.utils import manage, manage_shell

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
