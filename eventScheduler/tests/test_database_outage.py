"""The database goes away under a running app server, then comes back (PostgreSQL, real sockets:
the server reaches the database through a TCP proxy that the test cuts and restores)."""

from contextlib import contextmanager

import pytest
from django.db import connection

from eventScheduler.tests.live import TcpProxy, app_server, database_url, postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

ME = "/auth/users/me/"


@contextmanager
def server_behind_proxy(tmp_path, **environ):
    """An app server that reaches the test database through a TCP proxy the test controls."""
    target = (connection.settings_dict["HOST"], int(connection.settings_dict["PORT"]))
    with (
        TcpProxy(target) as proxy,
        app_server(tmp_path, DATABASE_URL=database_url(port=proxy.port), **environ) as server,
    ):
        yield proxy, server


def test_api_answers_503_json_while_the_database_is_down_and_recovers(tmp_path):
    with server_behind_proxy(tmp_path, CONN_MAX_AGE="60") as (proxy, server):
        tokens = server.register_and_login("carol")
        assert server.get(ME, token=tokens["access"]).status == 200

        proxy.cut()
        down = server.get(ME, token=tokens["access"])
        login = server.post("/auth/jwt/create/", {"username": "carol", "password": "x" * 12})
        ready = server.get("/health/ready")

        proxy.restore()
        back = server.get(ME, token=tokens["access"])

    for reply in (down, login):
        assert reply.status == 503
        assert reply.headers["Content-Type"] == "application/json"
        assert reply.json()["code"] == "service_unavailable"
        assert reply.headers["Retry-After"]
    assert ready.status == 503
    assert ready.json()["checks"] == {"database": "unavailable", "cache": "ok"}
    assert back.status == 200
    assert back.json()["username"] == "carol"


def test_readiness_follows_the_database(tmp_path):
    with server_behind_proxy(tmp_path) as (proxy, server):
        before = server.get("/health/ready")
        proxy.cut()
        during = server.get("/health/ready")
        live_during = server.get("/health/live")
        proxy.restore()
        after = server.get("/health/ready")

    assert [before.status, during.status, after.status] == [200, 503, 200]
    assert during.json()["detail"] == "Unavailable: database."
    assert live_during.status == 200


def test_a_database_restart_between_requests_costs_no_error(tmp_path):
    # The connection health check (CONN_HEALTH_CHECKS, on by default) finds the kept connection
    # dead and opens a new one; without it, this first request would be a 503.
    with server_behind_proxy(tmp_path) as (proxy, server):
        tokens = server.register_and_login("carol")
        assert server.get(ME, token=tokens["access"]).status == 200

        proxy.cut()
        proxy.restore()
        reply = server.get(ME, token=tokens["access"])

    assert reply.status == 200
    assert reply.json()["username"] == "carol"
