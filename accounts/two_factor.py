"""Two-factor sign-in (TOTP, django-otp) for ASEC staff and administrators.

After the password, `accounts.middleware.TwoFactorMiddleware` keeps such a user on the two-factor
pages until a code from their authenticator app is accepted: on the first sign-in they enrol a
device (a QR code drawn here, on the server), later they enter its current code. The session then
remembers that this user passed (`VERIFIED_SESSION_KEY`); a new sign-in asks again.
`core.policy.requires_two_factor` decides who needs it.
"""

from base64 import b32decode, b32encode
from binascii import unhexlify

import qrcode
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

VERIFIED_SESSION_KEY = "two_factor_verified"
PENDING_KEY_SESSION_KEY = "two_factor_pending_key"
DEVICE_NAME = "Authenticator app"

# The demo accounts' shared secret (README): any authenticator app, or
# `manage.py totp_code asec`, gives their codes. Only ever installed with DEBUG on.
DEMO_SECRET = "ASCNDEMOASCNDEMOASCNDEMOASCNDEMO"
DEMO_DEVICE_NAME = "Demo authenticator"


# --- The session ------------------------------------------------------------------------------


def is_verified(request) -> bool:
    return request.session.get(VERIFIED_SESSION_KEY) == request.user.pk


def mark_verified(request) -> None:
    """The user has given a good code: a new session key (the old one was only half signed in)."""
    request.session.cycle_key()
    request.session[VERIFIED_SESSION_KEY] = request.user.pk
    request.session.pop(PENDING_KEY_SESSION_KEY, None)


def forget_verification(session) -> None:
    session.pop(VERIFIED_SESSION_KEY, None)


# --- Devices and codes ------------------------------------------------------------------------


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def check_code(*, user, code: str) -> TOTPDevice:
    """The user's device that accepts `code` (which cannot be used again), or a ValidationError
    saying why not. Wrong codes slow the device down (1, 2, 4, 8 … seconds between tries)."""
    refusal = None
    with transaction.atomic():
        devices = list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
        )
        if not devices:
            refusal = ValidationError(
                _(
                    "No authenticator app is set up for this account yet: sign in on the "
                    "portal's web pages to set one up."
                ),
                code="no_device",
            )
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                refusal = _too_many_tries(details)
                break
            if device.verify_token(code):
                return device
        else:
            refusal = refusal or ValidationError(
                _("This code is wrong or has expired. Enter the code your app shows now."),
                code="wrong_code",
            )
    raise refusal


def _too_many_tries(details) -> ValidationError:
    wait = 1
    if details and details.get("locked_until"):
        wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds() + 0.999))
    message = ngettext(
        "Too many wrong codes: wait %(seconds)d second, then enter the newest code.",
        "Too many wrong codes: wait %(seconds)d seconds, then enter the newest code.",
        wait,
    ) % {"seconds": wait}
    return ValidationError(message, code="throttled")


def new_secret_key() -> str:
    """A fresh TOTP secret, hex-encoded as django-otp stores it."""
    return random_hex(20)


def enrol(*, user, key: str, code: str) -> TOTPDevice:
    """Save the authenticator app the user has just set up with `key`, once it shows a good code."""
    totp = TOTP(unhexlify(key))
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        raise ValidationError(
            _("This code does not match. Scan the QR code again and enter the code the app shows."),
            code="wrong_code",
        )
    return TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, key=key, confirmed=True, drift=totp.drift, last_t=totp.t()
    )


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now (for the demo's `manage.py totp_code`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def demo_device_ensure(*, user) -> TOTPDevice | None:
    """Give a demo account the authenticator whose secret the README prints (`DEMO_SECRET`), so the
    demo can be used without enrolling a phone. Does nothing when DEBUG is off."""
    if not settings.DEBUG:
        return None
    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={"key": b32decode(DEMO_SECRET).hex(), "confirmed": True},
    )
    return device


# --- Enrolment: what the user scans or types --------------------------------------------------


def provisioning_uri(user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def readable_secret(key: str) -> str:
    """The secret as authenticator apps ask for it when typed: base32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str, *, label: str):
    """`data` as a QR code in inline SVG drawn here: no image request, nothing leaves the server."""
    qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    return format_html(
        '<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}" shape-rendering="crispEdges">'
        '<rect width="{}" height="{}" fill="#fff"/><path fill="#000" d="{}"/></svg>',
        size,
        size,
        size * 5,
        size * 5,
        label,
        size,
        size,
        "".join(runs),
    )
