"""API throttles (settings `DEFAULT_THROTTLE_CLASSES`): history in the default cache, which is
Redis in production, so the limits hold across every web process."""

import hashlib

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    """Read the rate when a request comes, not when DRF is imported, so settings overrides (tests)
    and the environment both take effect."""

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for {self.scope!r}.") from None


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


def check_together(throttles, request, view) -> list[float | None]:
    """Run the throttles of a request exactly as DRF does, but read their histories from the
    cache in one round trip and write them back in one, instead of a read and a write per
    throttle (an anonymous API read has two: anon and user). The waits of those that refuse."""
    batches: dict[int, _Batch] = {}
    for throttle in throttles:
        if isinstance(throttle, SimpleRateThrottle) and throttle.rate is not None:
            key = throttle.get_cache_key(request, view)
            if key is not None:
                batch = batches.setdefault(id(throttle.cache), _Batch(throttle.cache))
                batch.keys.append(key)
                throttle.cache = batch
    for batch in batches.values():
        batch.read()
    waits = [throttle.wait() for throttle in throttles if not throttle.allow_request(request, view)]
    for batch in batches.values():
        batch.write()
    return waits


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
