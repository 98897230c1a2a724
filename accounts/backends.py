"""Authentication backends: the lockout check that runs before the password check."""

from axes.backends import AxesStandaloneBackend


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
