"""Load test of the API under `make serve`, against a bare Django view as the ceiling.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench

Starts `make serve` (production mode, gunicorn) with the bench URLconf on a free port, seeds
1,000 users, then drives each endpoint for a fixed time at a fixed concurrency and prints
requests per second, p50 and p99 latency, non-2xx answers and the ratio to the bare view.
See bench/README.md.
"""

import argparse
import asyncio
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    name: str
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def count(self):
        return len(self.latencies)

    @property
    def rate(self):
        return self.count / self.seconds

    @property
    def non_2xx(self):
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def cpu_ms(self):
        return self.cpu_seconds / self.count * 1000

    def percentile(self, p):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


class Api:
    """The requests each scenario sends; `i` numbers the request within the scenario."""

    def __init__(self, base, password):
        self.base = base
        self.password = password
        self.run_id = secrets.token_hex(3)
        self.token = None

    def bare(self, session, i):
        return session.get(f"{self.base}/bench/bare/")

    def drf(self, session, i):
        return session.get(f"{self.base}/bench/drf/")

    def jwt(self, session, i):
        return session.get(f"{self.base}/bench/token/", headers=self.auth)

    def jwt_user(self, session, i):
        return session.get(f"{self.base}/bench/token-user/", headers=self.auth)

    def me(self, session, i):
        return session.get(f"{self.base}/auth/users/me/", headers=self.auth)

    def profiles(self, session, i):
        page = i % 50 + 1  # 1,000 users, 20 a page: every page in turn
        return session.get(f"{self.base}/api/accounts/all-profiles/?page={page}", headers=self.auth)

    def login(self, session, i):
        credentials = {"username": f"bench-{i % 1000:04}", "password": self.password}
        return session.post(f"{self.base}/auth/jwt/create/", json=credentials)

    def register(self, session, i):
        user = {"username": f"bench-reg-{self.run_id}-{i}", "password": self.password}
        return session.post(f"{self.base}/auth/users/", json=user)

    @property
    def auth(self):
        return {"Authorization": f"Bearer {self.token}"}

    async def log_in(self, session):
        async with self.login(session, 0) as response:
            assert response.status == 200, await response.text()
            self.token = (await response.json())["access"]


def server_cpu_seconds(group):
    """CPU time used so far by the app server's processes (gunicorn master and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLOCK_TICKS


async def drive(api, result, counter, *, concurrency, seconds, warmup, group):
    """`concurrency` clients send back to back for `warmup` then `seconds`; only the latter count."""
    send = getattr(api, result.name)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        if result.name in AUTHENTICATED:
            await api.log_in(session)
        measure_from = time.perf_counter() + warmup
        stop_at = measure_from + seconds
        cpu_at_start = None

        async def client():
            nonlocal cpu_at_start
            while (sent := time.perf_counter()) < stop_at:
                if sent >= measure_from and cpu_at_start is None:
                    cpu_at_start = server_cpu_seconds(group)
                async with send(session, next(counter)) as response:
                    await response.read()
                done = time.perf_counter()
                if sent >= measure_from:
                    result.latencies.append(done - sent)
                    result.statuses[response.status] = result.statuses.get(response.status, 0) + 1

        await asyncio.gather(*(client() for _ in range(concurrency)))
        result.cpu_seconds += server_cpu_seconds(group) - cpu_at_start
        result.seconds += time.perf_counter() - measure_from


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environ(port, workers):
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, no TLS proxy in front
        "DJANGO_STATIC_ROOT": str(ARTIFACTS / "static"),
        "HOST": f"127.0.0.1:{port}",
        # Every client of the benchmark is 127.0.0.1, so the per-IP registration limit would
        # refuse nearly all of them. Raised rather than turned off: its counting is still measured.
        "THROTTLE_REGISTER_PER_IP": "1000000/m",
    }
    if workers:
        environ["WEB_CONCURRENCY"] = str(workers)
    return environ


def wait_until_live(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"make serve exited; see {ARTIFACTS / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/health/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"server not ready after {timeout}s; see {ARTIFACTS / 'server.log'}")


def report(results, prepared, args):
    bare = next(r for r in results if r.name == "bare")
    lines = [
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores,"
        f" {args.workers or 'default'} gunicorn workers, concurrency {args.concurrency},"
        f" {args.rounds} rounds of {args.seconds}s per endpoint, each after {args.warmup}s"
        " warm-up",
        f"users: {prepared['users']}; profile list queries per page:"
        f" {prepared['queries_per_page']}",
        "",
        "| endpoint | requests | req/s | p50 ms | p99 ms | non-2xx | vs bare | server CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {LABELS[r.name]} | {r.count} | {r.rate:.0f} | {r.percentile(50):.1f}"
            f" | {r.percentile(99):.1f} | {r.non_2xx} | {r.rate / bare.rate:.0%}"
            f" | {r.cpu_ms:.2f} |"
        )
    return "\n".join(lines)


LABELS = {
    "bare": "bare Django view (ceiling)",
    "me": "GET /auth/users/me/",
    "profiles": "GET /api/accounts/all-profiles/?page=1..50",
    "login": "POST /auth/jwt/create/",
    "register": "POST /auth/users/",
    # Reference views (bench/urls.py), on request only: /me/'s stack one layer at a time.
    "drf": "DRF view, no authentication",
    "jwt": "DRF view, access token checked (no database)",
    "jwt_user": "DRF view, token + simplejwt's user query",
}
DEFAULT = ["bare", "me", "profiles", "login", "register"]
AUTHENTICATED = {"me", "profiles", "jwt", "jwt_user"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: gunicorn.conf.py)")
    parser.add_argument("--only", nargs="+", choices=list(LABELS), default=DEFAULT)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit(
            "set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1/test"
        )

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environ = server_environ(port, args.workers)
    with open(ARTIFACTS / "server.log", "w") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_live(url, server)
            prepared = json.loads(
                subprocess.run(
                    [sys.executable, "-m", "bench.prepare"],
                    cwd=ROOT,
                    env=environ,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            api = Api(url, prepared["password"])
            names = ["bare", *(name for name in args.only if name != "bare")]
            results = [Result(name) for name in names]
            counters = {name: iter(range(10**9)) for name in names}
            for _ in range(args.rounds):
                for result in results:
                    asyncio.run(
                        drive(
                            api,
                            result,
                            counters[result.name],
                            concurrency=args.concurrency,
                            seconds=args.seconds,
                            warmup=args.warmup,
                            group=server.pid,
                        )
                    )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    table = report(results, prepared, args)
    (ARTIFACTS / "results.md").write_text(table + "\n")
    print(table)
    if any(r.non_2xx for r in results):
        sys.exit("non-2xx answers under load")


if __name__ == "__main__":
    main()
