"""Logs: JSON lines in production, readable lines in debug, and no credential in either."""

import json
import logging
import secrets
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from eventScheduler.tests.utils import manage
from eventScheduler.web.logs import JsonFormatter, RequestIdFilter

SHOUT = "import logging; logging.getLogger('accounts').warning('hello %s', 'world')"


def emitted(record):
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def make_record(name="accounts", msg="hello %s", args=("world",), **extra):
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_a_json_line_has_level_logger_message_time_request_id_and_extras():
    line = emitted(make_record(code="token_not_valid"))

    assert line["level"] == "WARNING"
    assert line["logger"] == "accounts"
    assert line["message"] == "hello world"
    assert line["request_id"] == "-"
    assert line["code"] == "token_not_valid"
    assert line["timestamp"].endswith("+00:00")


def test_an_exception_is_kept_in_its_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = make_record()
        record.exc_info = sys.exc_info()

    assert "ValueError: boom" in emitted(record)["exc_info"]


def test_a_gunicorn_access_line_becomes_fields():
    atoms = {
        "h": "203.0.113.9",
        "m": "GET",
        "U": "/auth/users/me/",
        "s": "200",
        "B": 42,
        "M": 7,
        "a": "curl/8",
        "{x-request-id}o": "abc-123",
    }

    line = emitted(make_record("gunicorn.access", msg="%(h)s", args=(atoms,)))

    assert line | {"timestamp": None} == {
        "level": "WARNING",
        "logger": "gunicorn.access",
        "message": "request",
        "request_id": "abc-123",
        "method": "GET",
        "path": "/auth/users/me/",
        "status": 200,
        "bytes": 42,
        "duration_ms": 7,
        "client_ip": "203.0.113.9",
        "user_agent": "curl/8",
        "timestamp": None,
    }


def test_the_request_django_attaches_is_left_out_with_its_query_string():
    request = RequestFactory().get("/api/accounts/all-profiles/?token=s3cret")

    line = emitted(make_record("django.request", request=request, status_code=401))

    assert "s3cret" not in json.dumps(line)
    assert line["status_code"] == 401


def test_auth_failures_are_logged_without_secrets(anon, alice, caplog):
    password = "hunter2-" + secrets.token_hex(8)
    token = "eyJ" + secrets.token_urlsafe(40)
    formatter = JsonFormatter()
    caplog.handler.addFilter(RequestIdFilter())

    with caplog.at_level(logging.INFO):
        anon.post(reverse("jwt-create"), {"username": "alice", "password": password})
        anon.get("/auth/users/me/", HTTP_AUTHORIZATION=f"Bearer {token}")

    failures = [r for r in caplog.records if r.name == "accounts.auth"]
    assert [(r.path, r.code, r.status) for r in failures] == [
        ("/auth/jwt/create/", "no_active_account", 401),
        ("/auth/users/me/", "token_not_valid", 401),
    ]
    assert {r.client_ip for r in failures} == {"127.0.0.1"}
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    assert password not in logged
    assert token not in logged


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 50}, "json"),
        ({"DJANGO_DEBUG": "1"}, "text"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 50, "DJANGO_LOG_FORMAT": "text"}, "text"),
        ({"DJANGO_DEBUG": "1", "DJANGO_LOG_FORMAT": "json"}, "json"),
    ],
)
def test_log_format_is_json_in_production_and_text_in_debug(environ, expected):
    result = manage("shell", "--no-imports", "-c", SHOUT, **environ)

    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    if expected == "json":
        assert json.loads(line) | {"timestamp": None} == {
            "level": "WARNING",
            "logger": "accounts",
            "message": "hello world",
            "request_id": "-",
            "timestamp": None,
        }
    else:
        assert line.endswith("WARNING accounts [-] hello world")


def test_an_unknown_log_format_is_refused():
    result = manage("check", DJANGO_DEBUG="1", DJANGO_LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text" in result.stderr
