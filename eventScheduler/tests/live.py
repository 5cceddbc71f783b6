"""Real servers for tests that need more than the test client: HTTP over sockets, app servers
in their own processes, a TCP proxy that can cut the database off.

Everything listens on 127.0.0.1 on a free port and is stopped by the test that started it.
"""

import atexit
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection

from eventScheduler.tests import contract

postgresql_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://... (make test-services; CI's second pass)",
)
redis_only = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="needs Redis: set TEST_REDIS_URL=redis://... (make test-services; CI's second pass)",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


def http(method, url, payload=None, *, token=None, headers=(), timeout=30):
    """One HTTP request over a real socket; an error status is a Reply too, not an exception.

    Like the test client's, a reply to a documented operation is held to the schema."""
    request = urllib.request.Request(url, method=method, headers=dict(headers))
    if payload is not None:
        request.data = json.dumps(payload).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        reply = Reply(error.code, dict(error.headers), error.read())
    contract.check_reply(method, url, reply)
    return reply


def at_once(count, send):
    """Call `send(i)` from `count` threads released together; return the replies in order."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return send(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def database_url(*, port=None):
    """A DATABASE_URL for the test database, optionally through another port (a proxy)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{port or db['PORT']}/{db['NAME']}"


PASSPHRASE = "a-long-passphrase"


@dataclass
class AppServer:
    """An app server in its own process: gunicorn with the project's config, production mode."""

    url: str
    process: subprocess.Popen
    log: object = field(repr=False)

    def get(self, path, **kwargs):
        return http("GET", self.url + path, **kwargs)

    def post(self, path, payload, **kwargs):
        return http("POST", self.url + path, payload, **kwargs)

    def delete(self, path, **kwargs):
        return http("DELETE", self.url + path, **kwargs)

    def register_and_login(self, username, password=PASSPHRASE):
        """Register through this server and log in; return the token pair."""
        assert self.post("/auth/users/", {"username": username, "password": password}).status == 201
        return self.login(username, password)

    def login(self, username, password=PASSPHRASE):
        """Log in through this server (a new session); return the token pair."""
        reply = self.post("/auth/jwt/create/", {"username": username, "password": password})
        assert reply.status == 200, reply.body
        return reply.json()


def production_environ(**overrides):
    """What every app server of one deployment shares, as in README's "Deploying"."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "JWT_", "WEB_CONCURRENCY", "CONN_", "CACHE_")
        )
    }
    return {
        **clean,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SHARED_SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no TLS proxy in front to redirect for.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        **(
            {"REDIS_URL": settings.REDIS_URL, "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX}
            if settings.REDIS_URL
            else {}
        ),
        # A developer's .env is not this deployment's.
        "DJANGO_ENV_FILE": "",
        "WEB_CONCURRENCY": "1",
        **overrides,
    }


SHARED_SECRET_KEY = secrets.token_urlsafe(50)


@functools.cache
def collected_static_root():
    """`collectstatic` once per test process, into a folder of its own, for the app servers
    (production mode serves the hashed names of its manifest and is not ready without it)."""
    root = tempfile.mkdtemp(prefix="static-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env={
            **production_environ(),
            "DATABASE_URL": "sqlite://:memory:",
            "DJANGO_STATIC_ROOT": root,
        },
        check=True,
        timeout=120,
    )
    return root


@contextmanager
def app_server(tmp_path, **environ):
    """Start gunicorn on a free port with `production_environ(**environ)`; stop it afterwards."""
    environ.setdefault("DJANGO_STATIC_ROOT", collected_static_root())
    port = free_port()
    log = open(tmp_path / f"gunicorn-{port}.log", "w+")
    process = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "eventScheduler.wsgi",
        ],
        cwd=settings.BASE_DIR,
        env=production_environ(**environ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = AppServer(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        wait_until_live(server)
        yield server
    finally:
        stop(process)
        log.close()


def wait_until_live(server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            server.log.seek(0)
            raise AssertionError(f"app server exited:\n{server.log.read()}")
        try:
            if server.get("/health/live", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"app server not live after {timeout}s")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `cut()` drops every connection and refuses new
    ones, as a database that went away would; `restore()` listens again on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()

    def __enter__(self):
        self.restore()
        return self

    def __exit__(self, *exc):
        self.cut()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self._lock:
            doomed, self._sockets = [self._listener, *self._sockets], set()
        for sock in doomed:
            _close(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # the listener was closed by cut()
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
