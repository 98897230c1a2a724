"""API throttles (settings `DEFAULT_THROTTLE_CLASSES`): history in the default cache, which is
Redis in production, so the limits hold across every web process.

DRF's rule (at most `num_requests` in the last `duration` seconds, the history of each client a
list of times) stays; where it is kept differs. In Redis each history is a Redis list that one
Lua script trims, counts and extends for all the throttles of a request at once: one round trip,
and no history travels (DRF reads the whole list and writes it back, thousands of times for a
busy client). Any other cache, or Redis while it cannot be reached (core/cache.py), keeps DRF's
pickled lists, read and written together for all the throttles of a request.
"""

import hashlib

from django.core.exceptions import ImproperlyConfigured
from redis.commands.core import Script
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    """Read the rate when a request comes, not when DRF is imported, so settings overrides (tests)
    and the environment both take effect. Whoever asks (a portal viewset, any other view), the
    history lives where `check_together` keeps it."""

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for {self.scope!r}.") from None

    def allow_request(self, request, view):
        return not check_together([self], request, view)

    def wait(self):
        logged = getattr(self, "_logged", None)
        if logged is None:
            return super().wait()
        count, oldest = logged  # DRF's formula on the history the script saw
        remaining = self.duration - (self.now - oldest) if count else self.duration
        available = self.num_requests - count + 1
        return None if available <= 0 else remaining / float(available)


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, UserRateThrottle):
    pass


class AuthThrottle(_RateFromSettings, SimpleRateThrottle):
    """Sign-in attempts per client address, whoever they claim to be."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetClientThrottle(_RateFromSettings, SimpleRateThrottle):
    """Password reset requests per client address (the web form: accounts/views.py)."""

    scope = "password_reset_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ProviderApplicationThrottle(_RateFromSettings, SimpleRateThrottle):
    """Solution-provider applications per client address (the public form:
    partners/views/applications.py): enough for a company that corrects itself, too few to fill
    ASEC's review queue from one machine."""

    scope = "provider_application"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetAddressThrottle(_RateFromSettings, SimpleRateThrottle):
    """Password reset requests per e-mail address, whether or not an account has it: the answer
    is the same either way, so a limit reveals nothing."""

    scope = "password_reset_address"

    def get_cache_key(self, request, view):
        address = request.POST.get("email", "").strip().casefold()
        digest = hashlib.sha256(address.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


# Per key: drop the times older than the window (the list's tail), count what is left and, if
# that is under the limit, record this request (DRF's `throttle_success`, history kept as long as
# the window). Answers {count, oldest time kept or ""} per key, for `wait()`.
_SLIDING_WINDOW = Script(
    None,
    b"""
local replies = {}
for i, key in ipairs(KEYS) do
  local now = tonumber(ARGV[3 * i - 2])
  local limit = tonumber(ARGV[3 * i - 1])
  local duration = tonumber(ARGV[3 * i])
  local oldest = redis.call('LINDEX', key, -1)
  while oldest and tonumber(oldest) <= now - duration do
    redis.call('RPOP', key)
    oldest = redis.call('LINDEX', key, -1)
  end
  local count = redis.call('LLEN', key)
  if count < limit then
    redis.call('LPUSH', key, ARGV[3 * i - 2])
    redis.call('EXPIRE', key, duration)
  end
  replies[i] = {count, oldest or ''}
end
return replies
""",
)


def check_together(throttles, request, view) -> list[float | None]:
    """Run the throttles of a request by DRF's rule, all at once: one round trip to Redis (see
    the module), or elsewhere one read and one write of their histories, instead of a read and
    a write per throttle (an anonymous API read has two: anon and user). The waits of those
    that refuse."""
    refused = []
    by_cache: dict[int, list] = {}
    for throttle in throttles:
        if not isinstance(throttle, SimpleRateThrottle):
            if not throttle.allow_request(request, view):
                refused.append(throttle)
        elif throttle.rate is not None:
            throttle.key = throttle.get_cache_key(request, view)
            if throttle.key is not None:
                by_cache.setdefault(id(throttle.cache), []).append(throttle)
    for group in by_cache.values():
        in_redis = _check_in_redis(group)
        refused += _check_batched(group, request, view) if in_redis is None else in_redis
    return [throttle.wait() for throttle in refused]


def _check_in_redis(throttles) -> list | None:
    """Those of these throttles that refuse, by one script call; None when their cache is no
    Redis, or Redis cannot be reached now."""
    cache = throttles[0].cache
    if not hasattr(cache, "run_script"):
        return None
    args = []
    for throttle in throttles:
        throttle.now = throttle.timer()
        args += [repr(throttle.now), throttle.num_requests, throttle.duration]
    replies = cache.run_script(_SLIDING_WINDOW, [t.key for t in throttles], args)
    if replies is None:
        return None
    refused = []
    for throttle, (count, oldest) in zip(throttles, replies, strict=True):
        throttle._logged = (count, float(oldest or 0))
        if count >= throttle.num_requests:
            refused.append(throttle)
    return refused


def _check_batched(throttles, request, view) -> list:
    """DRF's own check of each throttle, on histories read from the cache at once and written
    back at once."""
    batch = _Batch(throttles[0].cache)
    for throttle in throttles:
        throttle._logged = None
        batch.keys.append(throttle.key)
        throttle.cache = batch
    batch.read()
    refused = [t for t in throttles if not SimpleRateThrottle.allow_request(t, request, view)]
    batch.write()
    return refused


class _Batch:
    """The cache as a request's throttles see it: what they read was read for all of them at
    once; what they write is written for all of them at once."""

    def __init__(self, cache):
        self.cache = cache
        self.keys: list[str] = []
        self.values: dict = {}
        self.changed: dict[int, dict] = {}  # by timeout

    def read(self) -> None:
        self.values = self.cache.get_many(self.keys)

    def get(self, key, default=None):
        return self.values.get(key, default)

    def set(self, key, value, timeout) -> None:
        self.changed.setdefault(timeout, {})[key] = value

    def write(self) -> None:
        for timeout, values in self.changed.items():
            self.cache.set_many(values, timeout)
