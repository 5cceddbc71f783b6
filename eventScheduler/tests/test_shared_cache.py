"""Without REDIS_URL the cache is a database table: every worker of a machine counts together.

A local-memory cache would give each gunicorn worker its own throttle counts, so five workers
would allow five times each limit.
"""

import secrets

from django.db import connection

from eventScheduler.tests.test_settings import PRODUCTION, setting
from eventScheduler.tests.utils import manage, manage_shell


def test_the_default_cache_of_a_deployment_is_the_database():
    assert setting("CACHES['default']['BACKEND']", **PRODUCTION) == (
        "django.core.cache.backends.db.DatabaseCache"
    )


def test_migrate_creates_the_cache_table(db):
    assert "django_cache" in connection.introspection.table_names()


def test_two_processes_share_throttle_counts_through_the_database(tmp_path):
    environ = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    migrated = manage("migrate", "--no-input", **environ)
    assert migrated.returncode == 0, migrated.stderr
    key = f"shared-{secrets.token_hex(4)}"

    manage_shell(f"from django.core.cache import cache; cache.set({key!r}, 3, 60)", **environ)
    seen = manage_shell(
        f"from django.core.cache import cache; print(cache.get({key!r}))", **environ
    )

    assert seen == "3"
