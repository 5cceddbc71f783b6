"""Production refuses weak keys; reset links and HSTS preload follow the environment."""

import secrets

import pytest

from eventScheduler.tests.test_settings import PRODUCTION, setting
from eventScheduler.tests.utils import manage

DEVELOPMENT_KEY = "insecure-development-key-never-use-in-production"


@pytest.mark.parametrize(
    ("variable", "key"),
    [
        ("DJANGO_SECRET_KEY", "x" * 49),
        ("DJANGO_SECRET_KEY", DEVELOPMENT_KEY),
        ("JWT_SIGNING_KEY", "short-jwt-key"),
        ("JWT_SIGNING_KEY", DEVELOPMENT_KEY),
    ],
    ids=["short-secret", "dev-secret", "short-jwt", "dev-jwt"],
)
def test_production_refuses_to_start_with_a_weak_key(variable, key):
    result = manage("check", **{**PRODUCTION, variable: key})

    assert result.returncode != 0
    assert f"{variable} must be a random value of at least 50 characters" in result.stderr


def test_production_starts_with_long_keys():
    environ = {**PRODUCTION, "JWT_SIGNING_KEY": secrets.token_urlsafe(50)}

    assert manage("check", **environ).returncode == 0


def test_debug_mode_keeps_the_development_key():
    assert setting("SECRET_KEY", DJANGO_DEBUG="1") == DEVELOPMENT_KEY


def test_password_reset_links_last_an_hour_unless_configured():
    assert setting("PASSWORD_RESET_TIMEOUT", **PRODUCTION) == "3600"
    assert setting("PASSWORD_RESET_TIMEOUT", **PRODUCTION, PASSWORD_RESET_TIMEOUT="900") == "900"


def test_hsts_preload_only_when_asked_for():
    assert setting("SECURE_HSTS_PRELOAD", **PRODUCTION) == "False"
    assert setting("SECURE_HSTS_PRELOAD", **PRODUCTION, DJANGO_SECURE_HSTS_PRELOAD="1") == "True"


def test_check_deploy_is_clean_with_preload_and_a_year_of_hsts():
    environ = {
        **PRODUCTION,
        "DJANGO_SECURE_HSTS_PRELOAD": "1",
        "DJANGO_SECURE_HSTS_SECONDS": str(365 * 86400),
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environ)

    assert result.returncode == 0, result.stderr
