"""A deployment in miniature for the delivery tests: gunicorn serving the API, `manage.py
db_worker` processes, one database they share and a real SMTP server, all on 127.0.0.1.

On PostgreSQL they share the test database; on SQLite, a migrated file of the test's own.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.conf import settings

from eventScheduler.tests.live import (
    AppServer,
    database_url,
    free_port,
    production_environ,
    stop,
    wait_until_live,
)

# Our variables that the shell may export; the deployment sets its own.
OURS = (
    "EMAIL_",
    "TASK_",
    "NOTIFY_",
    "SEND_ACTIVATION_EMAIL",
    "FRONTEND_",
    "SITE_NAME",
    "THROTTLE_",
)


def on_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def queue_database(tmp_path):
    """A DATABASE_URL for the deployment: the test database on PostgreSQL (the test needs
    transactional_db), else a fresh SQLite file migrated here."""
    if on_postgresql():
        return database_url()
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=environ(url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return url


def environ(database, **overrides):
    env = production_environ(DATABASE_URL=database)
    env = {k: v for k, v in env.items() if not k.startswith(OURS)}
    return {
        **env,
        "EMAIL_HOST": "127.0.0.1",
        # Registrations and resets of one test all come from 127.0.0.1.
        "THROTTLE_REGISTER_PER_IP": "1000/m",
        "THROTTLE_PASSWORD_RESET_PER_IP": "1000/m",
        **overrides,
    }


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: object

    def log(self):
        return self.log_path.read_text()

    def kill(self):
        """SIGKILL, as a lost machine or the kernel's OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@dataclass
class Deployment:
    api: object
    env: dict
    tmp_path: object
    workers: list = field(default_factory=list)
    _stack: ExitStack = field(default_factory=ExitStack)

    def start_worker(self, *args):
        """`manage.py db_worker` (no arguments unless given) in a process of its own."""
        log_path = self.tmp_path / f"worker-{len(self.workers)}.log"
        log = self._stack.enter_context(open(log_path, "w"))
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._stack.callback(stop, process)
        worker = Worker(process, log_path)
        self.workers.append(worker)
        return worker

    def register(self, username, email, password="a-long-passphrase"):
        reply = self.api.post(
            "/auth/users/", {"username": username, "password": password, "email": email}
        )
        assert reply.status == 201, reply.body
        return reply.json()

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def queue(self):
        import json

        return json.loads(self.manage("email_queue", "--json"))


@contextmanager
def deployment(tmp_path, *, workers=1, **overrides):
    """The API on gunicorn and `workers` db_worker processes, sharing one queue, with
    `overrides` in their environment (EMAIL_PORT is a free port unless given)."""
    overrides.setdefault("EMAIL_PORT", str(free_port()))
    env = environ(queue_database(tmp_path), **overrides)
    with api_server(tmp_path, env) as api:
        stack = Deployment(api=api, env=env, tmp_path=tmp_path)
        with stack._stack:
            for _ in range(workers):
                stack.start_worker()
            yield stack


@contextmanager
def api_server(tmp_path, env):
    """gunicorn with the project's config and exactly `env` (live.app_server would add back
    what the shell exports)."""
    port = free_port()
    with open(tmp_path / f"gunicorn-{port}.log", "w+") as log:
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
            env=env,
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


def wait_until(condition, timeout=30, message="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{message} not met after {timeout}s"
        time.sleep(0.1)
