"""Authentication backends: the lockout check that runs before the password check."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings

# accounts.User's usernames are at most this long; django-axes keeps 255 characters.
USERNAME_MAX_LENGTH = 150


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins to an account locked by too many failures (django-axes).

    Every sign-in a client can attempt (the login form, the admin, `POST /api/auth/token/`) calls
    `authenticate()` with its request, and is counted. A call without a request (the test client's
    `login()`, a script in `manage.py shell`) has no client to throttle, so it is let through to
    the password check instead of failing as django-axes would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials=None) -> str:
    """The username django-axes counts a failed sign-in against (AXES_USERNAME_CALLABLE), cut to
    the longest an account can have: a longer one names no account, and would not fit axes'
    column (PostgreSQL refuses it, which was a 500 on every sign-in form)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = credentials.get(field) if credentials else request.POST.get(field)
    return str(raw or "")[:USERNAME_MAX_LENGTH]


def client_address(request) -> str:
    """The client's address for the lockout (AXES_CLIENT_IP_CALLABLE), as the API throttles
    see it: behind our own proxy (BEHIND_PROXY), the last X-Forwarded-For entry, which that
    proxy added; otherwise the connection's address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_PROXY else ""
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
