"""The accounts app's API: token sign-in for API clients, under the same rules as the web's.

`POST /api/auth/token/` {"username", "password"} → {"token"}; {"username", "password", "otp"} for an
account that signs in with two factors (ASEC staff and administrators: "otp" is the current code
of their authenticator app). Failed attempts count towards the account's lockout (django-axes sees
every `authenticate()`). The token then signs in every API request, and the downloads the API
links to (core.api.tokens.accepts_api_token).
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, MultiPartParser

from accounts import two_factor
from core import policy
from core.api.base import reject_unknown_fields
from core.api.parsers import JSONParser
from core.api.throttles import AuthThrottle


class AccountLocked(APIException):
    """429 with Retry-After: the account is locked by too many failed sign-ins."""

    status_code = 429
    default_code = "account_locked"

    def __init__(self):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        self.wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
        super().__init__(
            ngettext(
                "Too many failed sign-ins: this account is locked. Try again in %(minutes)d "
                "minute.",
                "Too many failed sign-ins: this account is locked. Try again in %(minutes)d "
                "minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )


class TokenRequestSerializer(AuthTokenSerializer):
    """The sign-in rules of the web (lockout, two factors for ASEC), refusing unknown fields like
    every body of the API."""

    # Bounded like the web form's: a longer username names no account and is a 400 at once.
    username = serializers.CharField(label=_("Username"), write_only=True, max_length=150)
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        max_length=4096,
    )
    otp = serializers.CharField(
        label=_("Code"),
        help_text=_(
            "The current code of the authenticator app: required for ASEC staff and administrators."
        ),
        required=False,
        write_only=True,
        max_length=12,
    )

    def to_internal_value(self, data):
        reject_unknown_fields(self, data)
        return super().to_internal_value(data)

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(
            request=request, username=attrs.get("username"), password=attrs.get("password")
        )
        if getattr(request, "axes_locked_out", False):
            raise AccountLocked()
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        if policy.token_requires_two_factor(user):
            code = "".join(attrs.get("otp", "").split())
            if not code:
                raise serializers.ValidationError(
                    {
                        "otp": _(
                            "This account signs in with two factors: send the current code of "
                            "its authenticator app."
                        )
                    },
                    code="required",
                )
            try:
                two_factor.check_code(user=user, code=code)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"otp": error.messages}) from None
        attrs["user"] = user
        return attrs


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
