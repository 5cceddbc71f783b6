"""Bench-only settings: the production ones, plus a URLconf with a bare view to compare with.
Only bench/run.py selects this module; the project never loads it."""

from eventScheduler.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
