"""Token sign-in for API clients, under the same rules as the web's: failed attempts count towards
the account's lockout (django-axes sees every `authenticate()`), and ASEC staff and administrators
also send the current code of their authenticator app.

`POST /api/auth/token/` {"username", "password"} → {"token"}; {"username", "password", "otp"} for an
account that signs in with two factors.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import APIException

from accounts import two_factor
from core import policy


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


class TokenSignInSerializer(AuthTokenSerializer):
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
