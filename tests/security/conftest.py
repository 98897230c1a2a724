import pytest
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests import factories as f
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def no_throttle_history():
    """The API throttles sign-ins per address in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def administrator(db):
    return f.UserFactory(username="admin", role=Role.NONE, is_staff=True, is_superuser=True)


@pytest.fixture
def asec_device(asec_user):
    """ASEC's authenticator app, enrolled earlier."""
    return TOTPDevice.objects.create(user=asec_user, name="Phone", confirmed=True)


def code_for(device, *, ahead=0):
    """The code the device's app shows (`ahead` steps later), one the device has not used yet."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():06d}"


def code_for_key(key_hex):
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})
