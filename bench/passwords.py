"""Time one password hash and one login request per hasher, in one run on this machine.

    .venv/bin/python bench/passwords.py [--rounds N]

Each hasher is measured the same way: `make_password` alone, then a full
POST /auth/jwt/create/ through Django's test client (routing, JSON, the rate-limit checks,
authentication, a new session and its tokens, last_login, the audit record) against a
throw-away SQLite database whose user's password was hashed with that hasher. The Argon2id row uses the parameters of the environment
(ARGON2_*), i.e. what production would run.
"""

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB_DIR = tempfile.mkdtemp(prefix="bench-passwords-")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{DB_DIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventScheduler.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import get_hasher, make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

PASSWORD = "correct-horse-battery"
HASHERS = [
    ("Argon2id (project)", "accounts.hashers.Argon2idPasswordHasher"),
    ("PBKDF2 (Django default)", "django.contrib.auth.hashers.PBKDF2PasswordHasher"),
    ("Argon2 (Django's own parameters)", "django.contrib.auth.hashers.Argon2PasswordHasher"),
]


def timed(action, rounds):
    action()  # warm up: imports, first connection, caches
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


def describe(hasher):
    if hasher.algorithm.startswith("pbkdf2"):
        return f"{hasher.iterations} iterations"
    return f"m={hasher.memory_cost} KiB, t={hasher.time_cost}, p={hasher.parallelism}"


def measure(index, dotted, rounds):
    with override_settings(PASSWORD_HASHERS=[dotted]):
        hasher = get_hasher("default")
        user = get_user_model().objects.create_user(username=f"bench-{index}")
        user.set_password(PASSWORD)
        user.save()
        client = Client(HTTP_HOST="localhost")
        credentials = {"username": user.username, "password": PASSWORD}

        def login():
            response = client.post(
                "/auth/jwt/create/", credentials, content_type="application/json"
            )
            assert response.status_code == 200, response.content

        hash_time = timed(lambda: make_password(PASSWORD), rounds)
        login_time = timed(login, rounds)
        return describe(hasher), hash_time, login_time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed repetitions per row")
    rounds = parser.parse_args().rounds

    call_command("migrate", verbosity=0)
    out = sys.stdout
    out.write(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{rounds} rounds, median (min) in ms\n\n"
    )
    out.write("| hasher | parameters | one hash | one login request |\n|---|---|---|---|\n")
    for index, (name, dotted) in enumerate(HASHERS):
        params, (hash_median, hash_min), (login_median, login_min) = measure(index, dotted, rounds)
        out.write(
            f"| {name} | {params} | {hash_median * 1000:.1f} ({hash_min * 1000:.1f}) "
            f"| {login_median * 1000:.1f} ({login_min * 1000:.1f}) |\n"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DB_DIR)
