"""`make serve` as an operator runs it: migrations, collectstatic, gunicorn in production mode,
static files from WhiteNoise, JSON access lines on stdout. It gets its own SQLite file, so it
runs on every pass."""

import json
import subprocess
import time
from types import SimpleNamespace

import pytest
from django.conf import settings

from eventScheduler.tests.live import (
    AppServer,
    free_port,
    production_environ,
    stop,
    wait_until_live,
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    port = free_port()
    static_root = tmp_path / "static"
    environ = production_environ(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(static_root),
        HOST=f"127.0.0.1:{port}",
    )
    environ.pop("REDIS_URL", None)
    with (
        open(tmp_path / "stdout.log", "w+") as stdout,
        open(tmp_path / "stderr.log", "w+") as stderr,
    ):
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=settings.BASE_DIR,
            env=environ,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        server = AppServer(url=f"http://127.0.0.1:{port}", process=process, log=stderr)
        try:
            wait_until_live(server, timeout=60)
            yield SimpleNamespace(server=server, stdout=stdout, static_root=static_root)
        finally:
            stop(process)


def access_line(stdout, request_id, timeout=5):
    """gunicorn's access line for `request_id`; it is written just after the response."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stdout.seek(0)
        # make echoes its commands and migrate reports on stdout too; the log lines are JSON.
        for line in map(json.loads, filter(lambda text: text.startswith("{"), stdout)):
            if line.get("request_id") == request_id:
                return line
        time.sleep(0.05)
    raise AssertionError(f"no access line for {request_id}")


def test_serves_the_migrated_api_in_production_mode(served):
    reply = served.server.post("/auth/users/", {"username": "carol", "password": "long-enough-1"})

    assert reply.status == 201
    assert reply.headers["Server"] == "gunicorn"
    assert served.server.get("/api/nowhere/").headers["Content-Type"] == "application/json"


def test_static_files_are_served_with_hashed_names_cached_for_good(served):
    manifest = json.loads((served.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["admin/css/base.css"]

    plain = served.server.get("/static/admin/css/base.css")
    forever = served.server.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})

    assert plain.status == forever.status == 200
    assert plain.headers["Content-Type"].startswith("text/css")
    assert "immutable" in forever.headers["Cache-Control"]
    assert forever.headers["Content-Encoding"] == "gzip"


def test_access_lines_are_json_on_stdout_with_the_request_id(served):
    reply = served.server.get("/health/live", headers={"X-Request-ID": "from-the-balancer"})

    assert reply.headers["X-Request-ID"] == "from-the-balancer"
    line = access_line(served.stdout, "from-the-balancer")
    assert line["logger"] == "gunicorn.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/health/live", 200)
    assert line["client_ip"] == "127.0.0.1"
