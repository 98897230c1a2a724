"""Token sign-in for API clients: `POST /api/auth/token/` {"username", "password"} → {"token"};
ASEC staff and administrators add "otp", the current code of their authenticator app. The same
token downloads every file the API links to (`accepts_api_token`)."""

from functools import wraps

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import FormParser, MultiPartParser

from accounts.api_auth import TokenSignInSerializer
from core.api.base import reject_unknown_fields
from core.api.parsers import JSONParser
from core.api.throttles import AuthThrottle


class TokenRequestSerializer(TokenSignInSerializer):
    """The sign-in rules of accounts.api_auth (lockout, two factors for ASEC), refusing unknown
    fields like every body of the API."""

    def to_internal_value(self, data):
        reject_unknown_fields(self, data)
        return super().to_internal_value(data)


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password (and, for ASEC staff and administrators, `otp`: the
    current code of their authenticator app) for the user's API token, one per user, kept until
    revoked. Send it as `Authorization: Token <token>`. Attempts are throttled per address, and
    failed ones lock the account like failed sign-ins on the web."""

    serializer_class = TokenRequestSerializer
    throttle_classes = [AuthThrottle]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


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
