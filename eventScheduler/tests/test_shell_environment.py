"""The suite ignores the shell: whatever a developer exports, or writes into a .env, the tests
see the same settings, and they delete no data they did not write."""

import os
import secrets
import subprocess
import sys

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from eventScheduler.tests.live import free_port, redis_only
from eventScheduler.tests.utils import clear_cache

# What a developer's shell (or .env) may well hold; each would change a test's outcome if the
# tests read it: debug cookies without Secure, a dead Redis, tiny limits and lifetimes.
HOSTILE = {
    "DJANGO_DEBUG": "1",
    "DJANGO_SECRET_KEY": "a-secret-of-the-shell",
    "DJANGO_ALLOWED_HOSTS": "nowhere.example",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_LOG_FORMAT": "text",
    "DJANGO_TRUSTED_PROXIES": "3",
    "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
    "CACHE_KEY_PREFIX": "shell",
    "CORS_ALLOWED_ORIGINS": "https://evil.example",
    "JWT_ACCESS_TOKEN_MINUTES": "0",
    "JWT_REFRESH_TOKEN_DAYS": "0",
    "JWT_SIGNING_KEY": "another-key",
    "JWT_REFRESH_COOKIE_SAMESITE": "Strict",
    "JWT_REFRESH_REUSE_GRACE_SECONDS": "0",
    "THROTTLE_LOGIN_FAILURES_PER_ACCOUNT": "1/d",
    "THROTTLE_LOGIN_FAILURES_PER_IP": "1/d",
    "THROTTLE_REGISTER_PER_IP": "1/d",
    "THROTTLE_TOKEN_REFRESH_PER_IP": "1/d",
    "API_PAGE_SIZE": "1",
    "SEND_ACTIVATION_EMAIL": "1",
    "EMAIL_URL": "smtp://127.0.0.1:1",
}

# The tests that each of those variables would break.
SUBSET = [
    "logins/tests/test_cookies.py",
    "eventScheduler/tests/test_cors.py",
    "security/tests/test_throttling.py",
    "security/tests/test_login_throttling.py",
    "logins/tests/test_tokens.py",
    "accounts/tests/test_profile_filters.py",
    "accounts/tests/test_registration.py",
    "eventScheduler/tests/test_errors.py",
    "eventScheduler/tests/test_settings.py::test_debug_is_off_by_default",
    "eventScheduler/tests/test_shell_environment.py::test_settings_under_test_ignore_what_the_shell_says",
    "eventScheduler/tests/test_shell_environment.py::test_without_test_redis_url_the_suite_talks_to_no_redis",
]


def test_a_subset_of_the_suite_passes_with_a_hostile_shell_and_dot_env(tmp_path):
    dot_env = tmp_path / ".env"
    dot_env.write_text("".join(f"{name}={value}\n" for name, value in HOSTILE.items()))
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_REDIS_URL")}

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *SUBSET],
        cwd=settings.BASE_DIR,
        env={**environ, **HOSTILE, "DJANGO_ENV_FILE": str(dot_env)},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout


def test_settings_under_test_ignore_what_the_shell_says():
    # What this run sees, whatever the shell exported (the subset above runs under HOSTILE).
    assert settings.DEBUG is False
    assert settings.REFRESH_COOKIE_SECURE is True
    assert settings.CORS_ALLOWED_ORIGINS == []
    assert settings.REST_FRAMEWORK["PAGE_SIZE"] == 20
    assert settings.REDIS_URL == os.environ.get("TEST_REDIS_URL", "")
    assert settings.CACHE_KEY_PREFIX.startswith("test-")


@redis_only
def test_clearing_the_cache_deletes_only_the_keys_of_this_run():
    other = redis.Redis.from_url(settings.REDIS_URL)
    someone_elses = f"not-ours-{secrets.token_hex(4)}"
    other.set(someone_elses, "keep me", ex=60)
    cache.set("ours", "delete me")
    try:
        clear_cache()

        assert other.get(someone_elses) == b"keep me"
        assert cache.get("ours") is None
    finally:
        other.delete(someone_elses)


def test_without_test_redis_url_the_suite_talks_to_no_redis():
    if os.environ.get("TEST_REDIS_URL"):
        pytest.skip("TEST_REDIS_URL is set: this run uses that Redis on purpose")

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
