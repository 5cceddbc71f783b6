"""What the session revocation check costs per authenticated request.

Compares simplejwt's stock JWTAuthentication (verify the token, load the user by id) with
RevocableJWTAuthentication (verify the token, load the user joined to the token's live
session), both on the same user, with many other sessions in the table. Also times a whole
authenticated request (GET /auth/users/me/) for scale.

    .venv/bin/python bench/revocation_check.py                 # SQLite file in a temp folder
    DATABASE_URL=postgres://... .venv/bin/python bench/revocation_check.py

Options: --sessions (rows in the session table, default 10000), --calls (per round, default
2000), --rounds (default 9).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path


def configure(database_dir):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventScheduler.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", uuid.uuid4().hex * 2)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_dir}/bench.sqlite3")
    # Production settings, less the HTTPS redirect that a plain test request would get.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def fill_sessions(count):
    """`count` sessions of other users, so the lookup runs against a realistic table."""
    from django.utils import timezone
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    from accounts.models import User
    from logins.models import LoginSession

    others = User.objects.bulk_create(
        [User(username=f"bench-{uuid.uuid4().hex[:12]}") for _ in range(count // 10 or 1)]
    )
    expires = timezone.now() + timedelta(days=1)
    tokens = OutstandingToken.objects.bulk_create(
        [
            OutstandingToken(
                user=others[i % len(others)], jti=uuid.uuid4().hex, token="", expires_at=expires
            )
            for i in range(count)
        ]
    )
    LoginSession.objects.bulk_create(
        [LoginSession(user=token.user, refresh_token=token) for token in tokens]
    )


def per_call_microseconds(functions, calls, rounds):
    """Median and best microseconds per call of each function, rounds interleaved.

    Interleaving puts both sides under the same background load; the best round is the
    least disturbed one (timeit's advice), the median the typical one.
    """
    timings = [[] for _ in functions]
    for _ in range(rounds):
        for function, timing in zip(functions, timings, strict=True):
            start = time.perf_counter()
            for _ in range(calls):
                function()
            timing.append((time.perf_counter() - start) / calls * 1e6)
    return [(statistics.median(timing), min(timing)) for timing in timings]


def queries_of(function):
    """The (sql, params) of every query `function` makes."""
    from django.db import connection

    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        function()
    return queries


def database_microseconds(queries, calls, rounds):
    """Time in the database alone: the same SQL run again on a bare cursor."""
    from django.db import connection

    def execute():
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()

    [(median, best)] = per_call_microseconds([execute], calls, rounds)
    return median, best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=9)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as database_dir:
        configure(database_dir)
        run(options)


def run(options):
    from django.db import connection
    from django.test import Client, RequestFactory
    from rest_framework_simplejwt.authentication import JWTAuthentication
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from logins.authentication import RevocableJWTAuthentication
    from logins.models import LoginSession

    fill_sessions(options.sessions)
    password = uuid.uuid4().hex
    user = User.objects.create_user(f"bench-{uuid.uuid4().hex[:12]}", password=password)
    client = Client()
    login = client.post("/auth/jwt/create/", {"username": user.username, "password": password})
    session_access = login.json()["access"]
    stock_access = str(AccessToken.for_user(user))

    class StockJWTAuthentication(JWTAuthentication):
        """simplejwt as shipped: its own AccessToken class, its own user lookup."""

        def get_validated_token(self, raw_token):
            return AccessToken(raw_token)

    factory = RequestFactory()
    stock_request = factory.get("/", HTTP_AUTHORIZATION=f"Bearer {stock_access}")
    session_request = factory.get("/", HTTP_AUTHORIZATION=f"Bearer {session_access}")
    stock, revocable = StockJWTAuthentication(), RevocableJWTAuthentication()
    assert stock.authenticate(stock_request)[0] == user
    assert revocable.authenticate(session_request)[0] == user

    def stock_call():
        stock.authenticate(stock_request)

    def revocable_call():
        revocable.authenticate(session_request)

    def whole_request():
        client.get("/auth/users/me/", HTTP_AUTHORIZATION=f"Bearer {session_access}")

    calls, rounds = options.calls, options.rounds
    (stock_us, stock_best), (revocable_us, revocable_best) = per_call_microseconds(
        [stock_call, revocable_call], calls, rounds
    )
    stock_queries, revocable_queries = queries_of(stock_call), queries_of(revocable_call)
    stock_db = database_microseconds(stock_queries, calls, rounds)
    revocable_db = database_microseconds(revocable_queries, calls, rounds)
    [(request_us, request_best)] = per_call_microseconds([whole_request], calls // 4, rounds)

    rows = [
        ("stock simplejwt authenticate()", (stock_us, stock_best), len(stock_queries)),
        ("revocable authenticate()", (revocable_us, revocable_best), len(revocable_queries)),
        ("  of which in the database: stock", stock_db, None),
        ("  of which in the database: revocable", revocable_db, None),
        ("whole GET /auth/users/me/ (revocable)", (request_us, request_best), None),
    ]
    lines = [
        f"database: {connection.vendor}, sessions in table: {LoginSession.objects.count()}",
        f"{rounds} interleaved rounds of {calls} calls; microseconds per call, median (best)",
        *(
            f"{name:40} {median:8.1f} ({best:7.1f})" + (f"  {count} query" if count else "")
            for name, (median, best), count in rows
        ),
        f"extra cost of the revocation check: {revocable_us - stock_us:+.1f} "
        f"({revocable_best - stock_best:+.1f}) per request, of which in the database: "
        f"{revocable_db[0] - stock_db[0]:+.1f} ({revocable_db[1] - stock_db[1]:+.1f})",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
