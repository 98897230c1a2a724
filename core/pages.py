"""The page toolkit every app's views share: the one gate in front of a page.

A view asks the policy and hands the answer to `allow(request, answer)`. A refusal sends an
anonymous visitor to the sign-in page (and back afterwards) and answers 403 to a signed-in person
without the right, whichever app the page belongs to.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class SignInRequired(PermissionDenied):
    """A refusal of an anonymous visitor. `SignInOnRefusalMiddleware` turns it into the sign-in
    page; being a PermissionDenied, it is still a 403 wherever that middleware is missing."""


def allow(request, allowed: bool) -> None:
    """Go on when allowed; otherwise sign in first, or 403 for someone already signed in."""
    if allowed:
        return
    if not request.user.is_authenticated:
        raise SignInRequired
    raise PermissionDenied


class SignInOnRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
