"""The Redis cache falls back to a per-process cache while Redis cannot be reached, so pages,
API reads and throttles keep working (issue 19, point 1)."""

import logging
import time

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from core.cache import ResilientRedisCache
from tests.integration.test_devserver import free_port


def unreachable_cache() -> ResilientRedisCache:
    location = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return ResilientRedisCache(location, {"OPTIONS": options})


def test_without_redis_the_cache_answers_from_memory_and_logs_the_outage_once(caplog):
    cache = unreachable_cache()
    started = time.monotonic()

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("throttle_anon_127.0.0.1", []) == []
        cache.set("throttle_anon_127.0.0.1", [1.0, 2.0], 60)
        assert cache.get("throttle_anon_127.0.0.1") == [1.0, 2.0]

    assert time.monotonic() - started < 3
    assert [r.message.split(":")[0] for r in caplog.records] == [
        "Cache unreachable, using a per-process cache for now"
    ]


def test_the_health_check_sees_redis_down_behind_the_fallback():
    cache = unreachable_cache()
    cache.get("anything")

    with pytest.raises(RedisConnectionError):
        cache.ping()
