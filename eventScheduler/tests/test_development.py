"""A checkout works without ceremony: `make run` writes a .env that manage.py reads, a
configuration error is one line, and debug mode still answers the API's JSON errors."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from eventScheduler.tests.live import free_port, production_environ
from eventScheduler.tests.utils import manage, manage_shell


def make_dot_env(folder):
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(settings.BASE_DIR / "Makefile"), ".env"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_make_run_writes_a_dot_env_for_development_once(tmp_path):
    result = make_dot_env(tmp_path)

    assert result.returncode == 0, result.stderr
    lines = (tmp_path / ".env").read_text().splitlines()
    assert "DJANGO_DEBUG=1" in lines
    [secret] = [line.split("=", 1)[1] for line in lines if line.startswith("DJANGO_SECRET_KEY=")]
    assert len(secret) >= 50
    (tmp_path / ".env").write_text("DJANGO_DEBUG=0\n")
    make_dot_env(tmp_path)
    assert (tmp_path / ".env").read_text() == "DJANGO_DEBUG=0\n"


def test_git_never_commits_the_dot_env():
    assert ".env" in (settings.BASE_DIR / ".gitignore").read_text().splitlines()


def test_manage_py_reads_the_dot_env(tmp_path):
    make_dot_env(tmp_path)
    written = dict(
        line.split("=", 1) for line in (tmp_path / ".env").read_text().splitlines() if "=" in line
    )

    seen = manage_shell(
        "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)",
        DJANGO_ENV_FILE=str(tmp_path / ".env"),
    )

    assert seen == f"True {written['DJANGO_SECRET_KEY']}"


def test_the_environment_wins_over_the_dot_env(tmp_path):
    (tmp_path / ".env").write_text("API_PAGE_SIZE=7\nDJANGO_DEBUG=1\n")

    page_size = manage_shell(
        "from django.conf import settings; print(settings.REST_FRAMEWORK['PAGE_SIZE'])",
        DJANGO_ENV_FILE=str(tmp_path / ".env"),
        API_PAGE_SIZE="9",
    )

    assert page_size == "9"


def test_production_still_refuses_to_start_without_a_secret_key(tmp_path):
    (tmp_path / ".env").write_text("DJANGO_ALLOWED_HOSTS=example.com\n")

    result = manage("check", DJANGO_ENV_FILE=str(tmp_path / ".env"))

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_configuration_error_is_one_line_saying_what_to_set():
    result = manage("createsuperuser", "--no-input", DJANGO_DEBUG="0")

    assert result.returncode == 1
    assert result.stderr.startswith("ImproperlyConfigured: DJANGO_SECRET_KEY is not set.")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_the_app_server_refuses_a_configuration_error_in_one_line():
    environ = production_environ(JWT_REFRESH_COOKIE_SAMESITE="Sometimes")

    result = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{free_port()}",
            "eventScheduler.wsgi",
        ],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: JWT_REFRESH_COOKIE_SAMESITE must be Lax, Strict or None."
        in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nothing-here/", "/auth/nothing-here/", "/api/accounts/x"])
def test_debug_mode_answers_unknown_api_paths_in_json(settings, path):
    settings.DEBUG = True

    response = APIClient().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.django_db
def test_debug_mode_keeps_routes_and_the_optional_trailing_slash(settings, alice_client):
    settings.DEBUG = True

    assert alice_client.get("/auth/users/me").status_code == 200
    assert alice_client.get("/api/accounts/profile/me/").status_code == 200


TOOLING = {"pytest", "pytest-django", "pytest-xdist", "pytest-randomly", "factory-boy", "ruff"}
TOOLING |= {"aiosmtpd", "schemathesis", "openapi-core", "playwright"}
# test_clients.py: the Python client generator and what the generated code imports
TOOLING |= {"openapi-python-client", "httpx", "attrs"}


def requirement_names(name):
    lines = (settings.BASE_DIR / name).read_text().splitlines()
    return {
        line.split("==")[0].split("[")[0].lower()
        for line in lines
        if line and not line.startswith(("#", "-r"))
    }


def test_make_run_installs_the_runtime_and_make_test_adds_the_tooling():
    runtime = requirement_names("requirements.txt")
    development = (settings.BASE_DIR / "requirements-dev.txt").read_text()

    assert "django" in runtime and "gunicorn" in runtime
    assert not runtime & TOOLING
    assert "-r requirements.txt" in development.splitlines()
    assert requirement_names("requirements-dev.txt") == TOOLING
