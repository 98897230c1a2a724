"""In Redis the throttles' histories are Redis lists that one script call trims, counts and
extends for all the throttles of a request (core/api/throttles.py): DRF's rule, one round trip,
and no history sent back and forth."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api.throttles import AnonThrottle, UserThrottle, check_together
from core.cache import ResilientRedisCache


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }


@pytest.fixture
def redis_cache(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (the project's Redis on loopback)")
    cache = ResilientRedisCache(
        settings.REDIS_URL, {"KEY_PREFIX": f"ascn-test-throttles-{os.getpid()}"}
    )
    keys = ["throttle_anon_127.0.0.1", "throttle_user_127.0.0.1"]
    cache.delete_many(keys)
    yield cache
    cache.delete_many(keys)


def anonymous_request() -> Request:
    request = Request(APIRequestFactory().get("/api/cities/"))
    request.user = AnonymousUser()
    return request


def check(cache, moment: float) -> list:
    """What a request at `moment` gets from the anon and user throttles on `cache`: the waits
    of those that refuse (none: the request passes)."""
    throttles = [AnonThrottle(), UserThrottle()]
    for throttle in throttles:
        throttle.cache = cache
        throttle.timer = lambda: moment
    return [round(wait, 6) for wait in check_together(throttles, anonymous_request(), None)]


def test_redis_keeps_drfs_rule(rates, redis_cache):
    drf = LocMemCache("drf-throttles", {})
    moments = [0, 1, 2, 3, 4.5, 30, 59.9, 60, 60.5, 61, 62, 62, 63, 119, 125, 200, 200.1, 200.2]
    moments = [1_700_000_000 + moment for moment in moments]

    in_redis = [check(redis_cache, moment) for moment in moments]

    assert in_redis == [check(drf, moment) for moment in moments]
    assert [] in in_redis and any(in_redis)  # some passed, some were refused


def test_a_refusal_says_how_long_to_wait(rates, redis_cache):
    start = 1_700_000_000.0
    for second in range(3):
        assert check(redis_cache, start + second) == []

    assert check(redis_cache, start + 20) == [40.0]  # the first of the three leaves the window
    assert check(redis_cache, start + 60.5) == []


def test_one_round_trip_and_no_history_read(rates, redis_cache, monkeypatch):
    calls = []
    for name in ("get", "get_many", "set", "set_many", "run_script"):
        original = getattr(redis_cache, name)

        def spy(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(redis_cache, name, spy)

    check(redis_cache, 1_700_000_000.0)

    assert calls == ["run_script"]


def test_while_redis_cannot_be_reached_the_throttles_count_in_the_process(rates):
    cache = ResilientRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )  # nobody listens on the discard port
    start = 1_700_000_000.0

    waits = [check(cache, start + second) for second in range(4)]

    assert waits == [[], [], [], [57.0]]
