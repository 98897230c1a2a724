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
