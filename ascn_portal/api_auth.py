"""Token sign-in for API clients: `POST /api/auth/token/` {"username", "password"} → {"token"};
ASEC staff and administrators add "otp", the current code of their authenticator app."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser

from accounts.api_auth import TokenSignInSerializer
from ascn_portal.api_base import reject_unknown_fields
from ascn_portal.api_parsers import JSONParser
from ascn_portal.api_throttles import AuthThrottle


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
