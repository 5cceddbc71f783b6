"""`make run` starts the API and the email worker together, and Ctrl-C stops both."""

import os
import signal
import subprocess
from pathlib import Path

from django.conf import settings

from eventScheduler.tests.live import AppServer, free_port, wait_until_live
from notifications.tests.deployment import OURS, wait_until


def processes_with(database_url):
    """Pids of the live processes started with this DATABASE_URL (the test's own)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().split()[2]
        except (OSError, ValueError):
            continue
        if f"DATABASE_URL={database_url}".encode() in environ and state != "Z":
            found.append(int(proc.name))
    return found


def test_make_run_serves_sends_email_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    database = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "MAKE", *OURS))
    }
    env.update(DATABASE_URL=database, THROTTLE_REGISTER_PER_IP="")
    with open(tmp_path / "make-run.log", "w+") as log:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"HOST=127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            server = AppServer(url=f"http://127.0.0.1:{port}", process=make, log=log)
            wait_until_live(server, timeout=90)
            user = {"username": "heidi", "password": "a-long-passphrase", "email": "h@example.com"}
            assert server.post("/auth/users/", user).status == 201

            assert (
                server.post("/auth/users/reset_password/", {"email": "h@example.com"}).status == 204
            )

            # Debug mode prints emails on the console: the worker's output is make's.
            wait_until(
                lambda: "Subject: Password reset on eventScheduler" in Path(log.name).read_text(),
                message="the worker printed the email",
            )
            assert len(processes_with(database)) >= 2  # the API and the worker

            os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
            make.wait(timeout=30)
            wait_until(lambda: processes_with(database) == [], timeout=30, message="all stopped")
        finally:
            for pid in processes_with(database):
                os.kill(pid, signal.SIGKILL)
            if make.poll() is None:
                os.killpg(make.pid, signal.SIGKILL)
