"""Two app servers, each its own gunicorn process, share one PostgreSQL and one Redis: whatever
one of them does, the other honours: tokens, logouts and session revocations, throttle counts."""

import pytest

from eventScheduler.tests.live import PASSPHRASE, app_server, postgresql_only, redis_only

pytestmark = [postgresql_only, redis_only, pytest.mark.django_db(transaction=True)]

ME = "/auth/users/me/"
REFRESH = "/auth/jwt/refresh/"
# Small enough to reach in a test; the per-IP limit is raised out of the way, since every
# request of these tests comes from 127.0.0.1.
ACCOUNT_FAILURES_ALLOWED = 3
RATES = {
    "THROTTLE_LOGIN_FAILURES_PER_ACCOUNT": f"{ACCOUNT_FAILURES_ALLOWED}/m",
    "THROTTLE_LOGIN_FAILURES_PER_IP": "100/m",
}


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Two app servers with the same settings, as two machines behind a load balancer."""
    tmp_path = tmp_path_factory.mktemp("servers")
    with app_server(tmp_path, **RATES) as one, app_server(tmp_path, **RATES) as other:
        yield one, other


def assert_session_ended(server, tokens):
    """Neither token of an ended session gets anything from `server`."""
    reply = server.get(ME, token=tokens["access"])
    assert reply.status == 401
    assert reply.json()["code"] == "session_revoked"
    assert server.post(REFRESH, {"refresh": tokens["refresh"]}).status == 401


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


def test_a_logout_through_one_server_is_honoured_by_the_other(servers):
    one, other = servers
    tokens = one.register_and_login("erin")
    assert other.get(ME, token=tokens["access"]).status == 200

    assert one.post("/auth/jwt/logout/", {"refresh": tokens["refresh"]}).status == 204

    assert_session_ended(other, tokens)


def test_a_session_deleted_through_one_server_ends_on_the_other(servers):
    one, other = servers
    laptop = one.register_and_login("frank")
    phone = other.login("frank")
    assert other.get(ME, token=phone["access"]).status == 200
    listed = one.get("/auth/sessions/", token=laptop["access"]).json()["results"]
    (phone_session,) = [session for session in listed if not session["current"]]

    reply = one.delete(f"/auth/sessions/{phone_session['id']}/", token=laptop["access"])

    assert reply.status == 204
    assert_session_ended(other, phone)
    assert other.get(ME, token=laptop["access"]).status == 200


def test_logout_everywhere_through_one_server_is_honoured_by_the_other(servers):
    one, other = servers
    laptop = one.register_and_login("grace")
    phone = other.login("grace")
    for tokens in (laptop, phone):
        assert other.get(ME, token=tokens["access"]).status == 200

    assert one.post("/auth/jwt/logout-all/", {}, token=laptop["access"]).status == 204

    for tokens in (laptop, phone):
        assert_session_ended(other, tokens)


def test_failed_logins_counted_on_either_server_add_up_to_one_limit(servers):
    servers[0].register_and_login("heidi")
    # Split across the servers, no one server sees enough failures to lock the account.
    for n in range(ACCOUNT_FAILURES_ALLOWED):
        server = servers[n % 2]
        reply = server.post("/auth/jwt/create/", {"username": "heidi", "password": f"wrong-{n}"})
        assert reply.status == 401

    for server in servers:
        reply = server.post("/auth/jwt/create/", {"username": "heidi", "password": PASSPHRASE})
        assert reply.status == 429
        assert reply.json()["code"] == "throttled"
        assert 1 <= int(reply.headers["Retry-After"]) <= 60
