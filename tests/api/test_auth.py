"""Token sign-in for API clients, session sign-in (with CSRF) for the browser, and throttling."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def test_token_is_issued_for_username_and_password(da_nang_official, api):
    response = api().post(
        "/api/auth/token/",
        {"username": "official-da-nang", "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=da_nang_official).key}


def test_wrong_password_gets_no_token(da_nang_official, api):
    response = api().post(
        "/api/auth/token/", {"username": "official-da-nang", "password": "guess"}, format="json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Token.objects.exists()


def test_token_request_without_password_is_a_400_on_that_field(api, db):
    response = api().post("/api/auth/token/", {"username": "x"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


def test_the_token_authenticates_later_requests(world, api):
    token = (
        api()
        .post(
            "/api/auth/token/",
            {"username": "official-da-nang", "password": PASSWORD},
            format="json",
        )
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(f"/api/action-plans/{world.da_nang_plan.pk}/")

    assert response.status_code == 200


def test_an_invalid_token_is_a_401_even_for_public_reads(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = client.get("/api/cities/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_browser_session_works_and_csrf_is_enforced_on_writes(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.personas["official-da-nang"])
    url = f"/api/action-plans/{world.da_nang_plan.pk}/"
    body = '{"vision": "Session edit.", "version": 1}'

    assert browser.get(url).status_code == 200
    refused = browser.patch(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    token = "portalcsrftoken0123456789abcdefg"  # what a page with a form leaves in the cookie
    browser.cookies[settings.CSRF_COOKIE_NAME] = token
    accepted = browser.patch(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content


@pytest.fixture
def low_rates(settings, world):
    """Low rates, counted from zero: the counters other tests left for this address and these
    users are removed (and only those: the cache may be shared)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute", "auth": "2/minute"},
    }
    users = [user.pk for user in world.personas.values() if user.is_authenticated]
    cache.delete_many(
        [f"throttle_{scope}_127.0.0.1" for scope in ("anon", "user", "auth")]
        + [f"throttle_user_{pk}" for pk in users]
    )


def test_anonymous_clients_are_throttled(world, api, low_rates):
    client = api()
    statuses = [client.get("/api/cities/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in client.get("/api/cities/")


def test_both_throttles_count_an_anonymous_read_but_share_its_round_trips(
    world, api, low_rates, monkeypatch
):
    """The anon and user throttles each keep their history, read from the cache together and
    written together: two round trips per request instead of four; in Redis, one script call
    (tests/api/test_throttles_in_redis.py)."""
    in_redis = hasattr(cache, "run_script")
    calls, depth = [], [0]
    for name in ("get", "set", "get_many", "set_many", "run_script"):
        original = getattr(cache, name, None)
        if original is None:
            continue

        def spy(*args, _name=name, _original=original, **kwargs):
            if not depth[0]:  # not what the cache does inside another call (set_many → set)
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, spy)

    assert api().get("/api/cities/").status_code == 200
    assert calls == (["run_script"] if in_redis else ["get_many", "set_many"])
    monkeypatch.undo()
    assert throttle_history("anon") == throttle_history("user") == 1


def throttle_history(scope: str) -> int:
    """How many requests the throttle of this scope has counted for the test client."""
    key = f"throttle_{scope}_127.0.0.1"
    if hasattr(cache, "run_script"):  # a Redis list (core/api/throttles.py)
        return cache._cache.get_client(write=True).llen(cache.make_and_validate_key(key))
    return len(cache.get(key))


def test_signed_in_clients_have_their_own_higher_rate(world, api, low_rates):
    client = api(world.personas["asec"])
    statuses = [client.get("/api/cities/").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_token_sign_in_attempts_are_throttled(world, api, low_rates):
    client = api()
    statuses = [
        client.post(
            "/api/auth/token/", {"username": "official-da-nang", "password": "x"}, format="json"
        ).status_code
        for _ in range(3)
    ]

    assert statuses == [400, 400, 429]


def test_throttling_is_configured_from_the_settings():
    api_settings = settings.REST_FRAMEWORK
    assert api_settings["DEFAULT_THROTTLE_CLASSES"] == [
        "core.api.throttles.AnonThrottle",
        "core.api.throttles.UserThrottle",
    ]
    assert api_settings["DEFAULT_PERMISSION_CLASSES"] == [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ]


def test_a_forwarded_for_header_does_not_make_a_new_client(world, api, low_rates):
    client = api()
    statuses = [
        client.get("/api/cities/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_asec_sends_the_code_of_its_authenticator_app_for_a_token(world, api, settings):
    settings.API_TOKEN_REQUIRES_TWO_FACTOR = True  # production's default (DEBUG off)
    response = api().post(
        "/api/auth/token/", {"username": "asec", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert "otp" in response.json()
