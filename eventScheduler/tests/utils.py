"""Helpers the tests share: real logins and fresh interpreters."""

import os
import subprocess
import sys

import jwt
import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from rest_framework import test

from accounts.tests.factories import PASSWORD

# Lines a test adds for the end of the test output (conftest's pytest_terminal_summary).
SUMMARY = pytest.StashKey[list]()


class APIClient(test.APIClient):
    """DRF's test client whose requests commit as they do in production.

    pytest-django runs each test in a transaction it rolls back, so `transaction.on_commit`
    callbacks (queueing an email) would never run; here those a request registers run when
    it ends, as its commit would run them.
    """

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def login(client, user, password=PASSWORD):
    """Authenticate `client` as `user` through the real token endpoint; return the token pair."""
    response = client.post(
        reverse("jwt-create"), {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    return response.data


def clean_environ():
    """This process's environment without any variable the settings read, and no .env file."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "TEST_REDIS_URL", "JWT_")
            + ("ARGON2_", "EMAIL_", "DEFAULT_FROM_EMAIL", "FRONTEND_", "SITE_NAME")
            + ("SEND_ACTIVATION_EMAIL", "THROTTLE_", "CORS_", "CACHE_", "API_", "CONN_")
            + ("PASSWORD_RESET_TIMEOUT", "MFA_", "WEBAUTHN_", "NOTIFY_", "TASK_")
        )
    }
    # A developer's .env must not change what the test sees.
    clean["DJANGO_ENV_FILE"] = ""
    return clean


def manage(*args, timeout=60, **environ):
    """Run manage.py in a fresh interpreter whose environment holds only `environ` of ours
    (no .env file read unless `environ` names one in DJANGO_ENV_FILE)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean_environ(), **environ},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage_shell(script, **environ):
    """Run `script` in `manage.py shell` under `environ`; return what it printed."""
    result = manage("shell", "--no-imports", "-c", script, **environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def resigned(token, **claims):
    """`token` with `claims` changed, signed again with the project's key (time travel)."""
    payload = jwt.decode(token, options={"verify_signature": False})
    payload.update(claims)
    return jwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def clear_cache():
    """Empty the cache, on Redis only the keys of this test run (CACHE_KEY_PREFIX)."""
    location = settings.CACHES["default"].get("LOCATION", "")
    if not str(location).startswith("redis"):
        cache.clear()
        return
    server = redis.Redis.from_url(location, socket_connect_timeout=1, socket_timeout=1)
    keys = list(server.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*", count=1000))
    if keys:
        server.delete(*keys)
