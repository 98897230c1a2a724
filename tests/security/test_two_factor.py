"""ASEC staff and administrators sign in with a password and a TOTP code; other roles with their
password alone."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import PASSWORD
from tests.security.conftest import code_for, code_for_key, sign_in
from tests.two_factor import verified_login

pytestmark = pytest.mark.usefixtures("real_two_factor")

VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


def test_asec_with_only_a_password_is_sent_to_enter_the_code_before_any_page(client, asec_device):
    response = sign_in(client, "asec", next="/dashboard/")
    assert response.status_code == 302

    for page in ("/dashboard/", "/", "/cities/", "/reports/", "/accounts/password_change/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{VERIFY}?next="), page


def test_asec_enters_the_code_and_lands_on_the_page_asked_for(client, asec_device):
    sign_in(client, "asec")
    assert client.get("/dashboard/")["Location"] == f"{VERIFY}?next=/dashboard/"

    page = client.get(VERIFY, {"next": "/dashboard/"})
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(VERIFY, {"code": code_for(asec_device), "next": "/dashboard/"})

    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_entering_the_code_gives_a_new_session_key(client, asec_device):
    sign_in(client, "asec")
    half_signed_in = client.cookies["sessionid"].value

    client.post(VERIFY, {"code": code_for(asec_device)})

    assert client.cookies["sessionid"].value != half_signed_in


def test_a_wrong_code_is_refused_and_the_pages_stay_closed(client, asec_device):
    sign_in(client, "asec")
    good = code_for(asec_device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong, "next": "/dashboard/"})

    assert response.status_code == 200
    assert "This code is wrong or has expired" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, asec_device):
    sign_in(client, "asec")

    response = client.post(VERIFY, {"code": "12ab"})

    assert "Enter the six digits your app shows." in response.content.decode()


def test_wrong_codes_make_the_next_try_wait(client, asec_device):
    sign_in(client, "asec")
    wrong = f"{(int(code_for(asec_device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"code": wrong})

    response = client.post(VERIFY, {"code": code_for(asec_device)})

    assert "Too many wrong codes: wait" in response.content.decode()
    asec_device.refresh_from_db()
    assert asec_device.throttling_failure_count == 1


def test_a_code_cannot_be_used_twice(client, asec_device):
    code = code_for(asec_device)
    sign_in(client, "asec")
    client.post(VERIFY, {"code": code})

    other = Client()
    sign_in(other, "asec")
    response = other.post(VERIFY, {"code": code})

    assert "This code is wrong or has expired" in response.content.decode()


def test_each_sign_in_asks_for_the_code_again(client, asec_device):
    sign_in(client, "asec")
    client.post(VERIFY, {"code": code_for(asec_device)})
    client.post("/accounts/logout/")

    sign_in(client, "asec")

    assert client.get("/dashboard/")["Location"].startswith(VERIFY)


def test_asec_without_an_app_enrols_one_by_scanning_a_qr_code_drawn_by_the_portal(
    client, asec_user
):
    sign_in(client, "asec")
    assert client.get(VERIFY, {"next": "/dashboard/"})["Location"] == (
        f"{SETUP}?next=%2Fdashboard%2F"
    )

    page = client.get(SETUP, {"next": "/dashboard/"}).content.decode()
    assert re.search(r'<svg class="qr-code"[^>]*role="img"[^>]*aria-label="[^"]+"', page)
    assert "<img" not in page.split('<main id="main"', 1)[1]
    key = client.session[two_factor.PENDING_KEY_SESSION_KEY]
    assert two_factor.readable_secret(key) in page

    response = client.post(SETUP, {"code": code_for_key(key), "next": "/dashboard/"})

    assert response["Location"] == "/dashboard/"
    device = TOTPDevice.objects.get(user=asec_user)
    assert device.confirmed and device.key == key
    assert client.get("/dashboard/").status_code == 200


def test_enrolment_keeps_the_same_key_across_reloads_and_refuses_a_wrong_code(client, asec_user):
    sign_in(client, "asec")
    client.get(SETUP)
    key = client.session[two_factor.PENDING_KEY_SESSION_KEY]
    client.get(SETUP)
    assert client.session[two_factor.PENDING_KEY_SESSION_KEY] == key

    wrong = f"{(int(code_for_key(key)) + 500_000) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})

    assert "This code does not match" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_an_enrolled_account_cannot_add_a_second_app_from_the_setup_page(client, asec_device):
    sign_in(client, "asec")

    response = client.get(SETUP)

    assert response["Location"].startswith(VERIFY)


def test_the_administrator_needs_the_code_for_the_django_admin(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="Phone", confirmed=True)
    client.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})

    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=/admin/"
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_other_roles_sign_in_with_their_password_alone(client, personas):
    for username in ("official-da-nang", "csco-da-nang", "nr-vn", "partner-adb"):
        browser = Client()
        sign_in(browser, username)
        assert browser.get("/").status_code == 200, username
        assert browser.get(VERIFY)["Location"] == "/start/", (
            username
        )  # LOGIN_REDIRECT_URL: the start page


def test_signing_out_works_before_the_code(client, asec_device):
    sign_in(client, "asec")

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.urls("tests.security.urls")
def test_the_api_refuses_a_session_that_still_owes_the_code(client, asec_device):
    sign_in(client, "asec")

    response = client.get("/api/schema/")

    assert response.status_code == 403
    assert "authenticator app" in response.json()["detail"]


@pytest.fixture
def token_needs_code(settings):
    """Production's setting (DEBUG off): API tokens of ASEC staff need the TOTP code."""
    settings.API_TOKEN_REQUIRES_TWO_FACTOR = True


@pytest.mark.urls("tests.security.urls")
def test_the_api_token_of_asec_needs_the_code(client, asec_device, token_needs_code):
    url = "/api/auth/token/"
    body = {"username": "asec", "password": PASSWORD}

    missing = client.post(url, body, content_type="application/json")
    right = client.post(
        url, {**body, "otp": code_for(asec_device)}, content_type="application/json"
    )
    wrong = client.post(url, {**body, "otp": "000000"}, content_type="application/json")

    assert missing.status_code == 400
    assert "two factors" in missing.json()["otp"][0]
    assert wrong.status_code == 400 and "otp" in wrong.json()
    assert right.status_code == 200 and right.json()["token"]


@pytest.mark.urls("tests.security.urls")
def test_the_api_token_of_asec_without_an_app_points_to_the_web_enrolment(
    client, asec_user, token_needs_code
):
    response = client.post(
        "/api/auth/token/",
        {"username": "asec", "password": PASSWORD, "otp": "123456"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "set one up" in response.json()["otp"][0]


@pytest.mark.urls("tests.security.urls")
def test_in_development_the_token_contract_needs_only_username_and_password(
    client, asec_user, settings
):
    settings.API_TOKEN_REQUIRES_TWO_FACTOR = False
    response = client.post(
        "/api/auth/token/",
        {"username": "asec", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 200 and response.json()["token"]


def test_production_settings_ask_api_tokens_for_the_code():
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'ascn_portal.settings'; django.setup(); from django.conf import settings; "
            "print(settings.API_TOKEN_REQUIRES_TWO_FACTOR)",
        ],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


@pytest.mark.urls("tests.security.urls")
def test_the_api_token_of_a_city_official_needs_no_code(client, da_nang_official):
    response = client.post(
        "/api/auth/token/",
        {"username": "official-da-nang", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 200


def test_a_verified_login_helper_opens_asec_pages(client, asec_user):
    verified_login(client, asec_user)

    assert client.get("/dashboard/").status_code == 200


def test_the_demo_authenticator_uses_the_readme_secret_and_only_with_debug_on(settings, asec_user):
    settings.DEBUG = False
    assert two_factor.demo_device_ensure(user=asec_user) is None

    settings.DEBUG = True
    device = two_factor.demo_device_ensure(user=asec_user)
    two_factor.demo_device_ensure(user=asec_user)

    assert TOTPDevice.objects.filter(user=asec_user).count() == 1
    assert two_factor.readable_secret(device.key).replace(" ", "") == two_factor.DEMO_SECRET


def test_totp_code_prints_the_demo_code_and_refuses_without_debug(settings, asec_user, capsys):
    settings.DEBUG = True
    device = two_factor.demo_device_ensure(user=asec_user)

    call_command("totp_code", "asec")
    printed = capsys.readouterr().out.strip()
    assert printed == two_factor.current_code(device)
    assert device.verify_token(printed)

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("totp_code", "asec")
