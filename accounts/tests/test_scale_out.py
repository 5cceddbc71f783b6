"""Two app servers, each its own gunicorn process, share one PostgreSQL and one Redis: whatever
one of them does, the other honours. Add cross-server checks (logout, throttles) here."""

import pytest

from accounts.tests.live import app_server, postgresql_only, redis_only

pytestmark = [postgresql_only, redis_only, pytest.mark.django_db(transaction=True)]

ME = "/auth/users/me/"


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Two app servers with the same settings, as two machines behind a load balancer."""
    tmp_path = tmp_path_factory.mktemp("servers")
    with app_server(tmp_path) as one, app_server(tmp_path) as other:
        yield one, other


def test_a_token_issued_by_one_server_works_on_the_other(servers):
    one, other = servers

    tokens = one.register_and_login("carol")

    reply = other.get(ME, token=tokens["access"])
    assert reply.status == 200
    assert reply.json()["username"] == "carol"
    refreshed = other.post("/auth/jwt/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status == 200
    assert one.get(ME, token=refreshed.json()["access"]).status == 200


def test_a_user_registered_on_one_server_cannot_register_again_on_the_other(servers):
    one, other = servers
    one.register_and_login("dave")

    reply = other.post("/auth/users/", {"username": "dave", "password": "another-passphrase"})

    assert reply.status == 400
    assert "username" in reply.json()


def test_both_servers_are_ready_on_the_shared_services(servers):
    for server in servers:
        reply = server.get("/health/ready")
        assert reply.status == 200
        assert reply.json()["checks"] == {"database": "ok", "cache": "ok"}
