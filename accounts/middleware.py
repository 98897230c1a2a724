"""Middleware of signing in: the idle timeout of a session, and the two-factor step."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import two_factor
from core import policy

LAST_SEEN_SESSION_KEY = "last_seen"

# Where a user who still owes a code may go: the two-factor pages, signing out or in again, the
# language switcher, and the API's token endpoint (which asks for the code itself).
OPEN_VIEWS = frozenset(
    {
        "two_factor_verify",
        "two_factor_setup",
        "login",
        "logout",
        "admin:logout",
        "set_language",
        "api:token",
    }
)


def session_touch(session) -> None:
    session[LAST_SEEN_SESSION_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after its last request.

    Django sets a session's expiry (in the database and on the cookie) when it saves the session.
    Saving on every request (SESSION_SAVE_EVERY_REQUEST) would cost a write per page; instead an
    active session is saved once SESSION_ACTIVITY_REFRESH_SECONDS have passed since the last save,
    so it ends between SESSION_COOKIE_AGE minus that refresh and SESSION_COOKIE_AGE after the last
    request. Signing in starts the clock (accounts.signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        if SESSION_KEY not in session:
            return response
        last_seen = session.get(LAST_SEEN_SESSION_KEY, 0)
        if time.time() - last_seen >= settings.SESSION_ACTIVITY_REFRESH_SECONDS:
            session_touch(session)
        return response


class TwoFactorMiddleware:
    """Keeps ASEC staff and administrators who have given only their password on the two-factor
    pages (`accounts.two_factor`): a page sends them there and back, an API call made with the
    session gets a 403. Everyone else passes untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not policy.requires_two_factor(request.user) or two_factor.is_verified(request):
            return None
        match = request.resolver_match
        if match.view_name in OPEN_VIEWS:
            return None
        if "api" in match.namespaces:
            if _sends_token(request):
                return None  # the API authenticates this call by its token, not by the session
            return JsonResponse(
                {
                    "detail": _(
                        "Finish signing in first: enter the code from your authenticator app "
                        "at %(url)s."
                    )
                    % {"url": reverse("two_factor_verify")}
                },
                status=403,
            )
        return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))


def _sends_token(request) -> bool:
    return request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "token"
