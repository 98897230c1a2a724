"""Throttle rates come from the environment and fail loudly when they cannot be read."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_rate


def test_a_rate_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("API_THROTTLE_ANON", "30/hour")

    assert env_rate("API_THROTTLE_ANON", "120/minute") == "30/hour"


def test_without_the_variable_the_default_rate_holds(monkeypatch):
    monkeypatch.delenv("API_THROTTLE_ANON", raising=False)

    assert env_rate("API_THROTTLE_ANON", "120/minute") == "120/minute"


@pytest.mark.parametrize("raw", ["120", "120/min", "many/minute", "-5/minute", "/minute"])
def test_a_rate_that_cannot_be_read_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("API_THROTTLE_ANON", raw)

    with pytest.raises(ImproperlyConfigured, match="API_THROTTLE_ANON"):
        env_rate("API_THROTTLE_ANON", "120/minute")
