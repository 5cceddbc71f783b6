"""Does POST /auth/users/reset_password/ take the same time for a known and an unknown address?

    .venv/bin/python bench/reset_timing.py [--rounds N] [--checkout PATH]

Starts gunicorn in production mode (one worker) on a throw-away SQLite database with one
account, and a local SMTP server (aiosmtpd) that the app is pointed at, then sends N reset
requests for the account's address and N for an unknown one, interleaved in random order over
real sockets, and prints the median and spread of each. `--checkout` measures another working
tree of the project (with its own .venv), e.g. the main branch before email went to tasks.
No db_worker runs: the request's own cost is what is measured.
"""

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

KNOWN, UNKNOWN = "known@example.com", "unknown@example.com"


class Inbox:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_reset(url, email):
    request = urllib.request.Request(
        url + "/auth/users/reset_password/",
        data=json.dumps({"email": email}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - start) * 1000


def summary(samples):
    deciles = statistics.quantiles(samples, n=10)
    quartiles = statistics.quantiles(samples, n=4)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "iqr_ms": round(quartiles[2] - quartiles[0], 2),
        "p10_ms": round(deciles[0], 2),
        "p90_ms": round(deciles[-1], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="requests per address")
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    python = checkout / ".venv" / "bin" / "python"

    tmp = Path(tempfile.mkdtemp(prefix="bench-reset-"))
    smtp_port, http_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "THROTTLE_"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        WEB_CONCURRENCY="1",
        # The reset limits would refuse most of the run; they are not what is measured.
        THROTTLE_PASSWORD_RESET_PER_IP="",
        THROTTLE_PASSWORD_RESET_PER_EMAIL="",
        DJANGO_LOG_LEVEL="ERROR",
    )

    def manage(*command):
        subprocess.run(
            [python, "manage.py", *command], cwd=checkout, env=env, check=True, capture_output=True
        )

    manage("migrate", "--no-input")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; get_user_model().objects.create_user("
        f"'known', email='{KNOWN}', password='a-long-passphrase')",
    )
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    server = subprocess.Popen(
        [checkout / ".venv" / "bin" / "gunicorn", "--config", "gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{http_port}", "--access-logfile", "/dev/null"]
        + ["eventScheduler.wsgi"],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/health/live", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for _ in range(20):  # warm-up: imports, connections, template caches
            post_reset(url, KNOWN)
            post_reset(url, UNKNOWN)
        order = [KNOWN, UNKNOWN] * args.rounds
        random.shuffle(order)
        times = {KNOWN: [], UNKNOWN: []}
        statuses = set()
        for email in order:
            status, elapsed = post_reset(url, email)
            statuses.add(status)
            times[email].append(elapsed)
    finally:
        server.terminate()
        server.wait()
        smtp.stop()

    known, unknown = summary(times[KNOWN]), summary(times[UNKNOWN])
    print(f"checkout: {checkout}")
    print(f"rounds: {args.rounds} per address, statuses: {sorted(statuses)}")
    print(f"emails received during the run (SMTP): {inbox.count}")
    print(f"known address:   {known}")
    print(f"unknown address: {unknown}")
    print(f"median known / unknown: {known['median_ms'] / unknown['median_ms']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
