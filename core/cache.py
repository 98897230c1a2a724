"""The default cache when REDIS_URL is set: Redis, and a per-process memory cache while Redis
cannot be reached, so that pages, API reads and throttles keep working (throttles then count per
process) instead of answering 500. Each outage is logged once, when it starts."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# After a failure, Redis is tried again only after this many seconds, so an outage costs one
# connection timeout per interval and process, not one per cache call.
RETRY_AFTER_SECONDS = 5.0

_WRAPPED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"redis-fallback-{id(self)}", {"TIMEOUT": self.default_timeout}
        )
        self._down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def ping(self) -> None:
        """Raise if Redis does not answer now (the health check), whatever the fallback does."""
        self._cache.get_client(write=True).ping()

    def _failed(self, exc: Exception) -> None:
        if not self.is_down:
            log.warning("Cache unreachable, using a per-process cache for now: %s", exc)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS


def _resilient(name: str):
    def method(self, *args, **kwargs):
        if not self.is_down:
            try:
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except RedisError as exc:
                self._failed(exc)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _WRAPPED:
    setattr(ResilientRedisCache, _name, _resilient(_name))
