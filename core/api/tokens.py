"""API tokens for downloads: the files the API links to (report files, meeting documents,
evidence) accept the same `Authorization: Token …` header as the API itself (`accepts_api_token`).

Tokens are issued by the accounts app's sign-in endpoint (accounts/api.py); this module only reads
them, so that any app's download view can take one without the ground floor importing an app.
"""

from functools import wraps

from django.http import JsonResponse
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def accepts_api_token(view):
    """A download the API links to (report files, meeting documents, evidence) that an API client
    fetches with its `Authorization: Token …` header instead of a session: the token signs the
    request in, and the view then asks the policy as for any user. A bad token is a 401, never a
    silent anonymous request."""

    @wraps(view)
    def with_token(request, *args, **kwargs):
        try:
            signed_in = TokenAuthentication().authenticate(request)
        except AuthenticationFailed as error:
            return JsonResponse(
                {"detail": error.detail}, status=401, headers={"WWW-Authenticate": "Token"}
            )
        if signed_in is not None:
            request.user = signed_in[0]
        return view(request, *args, **kwargs)

    return with_token
