"""The benchmark's scripts and views keep working (its numbers are reported, not asserted)."""

import subprocess
import sys

import pytest
from django.conf import settings

from eventScheduler.tests.utils import clean_environ, login


def test_revocation_benchmark_runs_and_both_sides_make_one_query():
    environ = clean_environ()  # neither the shell's settings nor a .env are the benchmark's

    result = subprocess.run(
        [sys.executable, "bench/revocation_check.py", "--sessions=20", "--calls=4", "--rounds=1"],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("1 query") == 2
    assert "extra cost of the revocation check" in result.stdout


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_the_benchmarks_reference_views_answer(anon, alice, bench_urls):
    for path in ("/bench/bare/", "/bench/drf/"):
        assert anon.get(path).status_code == 200
    for path in ("/bench/token/", "/bench/token-user/"):
        assert anon.get(path).status_code == 401
    login(anon, alice)
    for path in ("/bench/token/", "/bench/token-user/", "/auth/users/me/"):
        assert anon.get(path).status_code == 200
