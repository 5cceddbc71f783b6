"""With REDIS_URL the cache is that Redis, one for every app process (throttle counts and
revocations depend on it)."""

import secrets

import redis
from django.conf import settings
from django.core.cache import cache

from eventScheduler.tests.live import redis_only
from eventScheduler.tests.utils import manage_shell

pytestmark = redis_only


def test_the_cache_writes_to_redis():
    cache.set("greeting", "hello", timeout=60)

    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.exists(cache.make_key("greeting")) == 1
    assert 0 < server.ttl(cache.make_key("greeting")) <= 60


def test_another_process_reads_what_this_one_wrote():
    value = secrets.token_hex(8)
    cache.set("shared", value, timeout=60)

    seen = manage_shell(
        "from django.core.cache import cache; print(cache.get('shared'))",
        DJANGO_DEBUG="1",
        REDIS_URL=settings.REDIS_URL,
    )

    assert seen == value
