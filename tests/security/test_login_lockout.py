"""An account is locked after five failed sign-ins in a row, for fifteen minutes, whichever way
they come: the sign-in page, the Django admin, the API's token endpoint."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD
from tests.security.conftest import sign_in

TOKEN = "/api/auth/token/"


def fail(client, username="official-da-nang", times=1):
    return [sign_in(client, username, "not-the-password") for _ in range(times)]


def token_request(client, username="official-da-nang", password=PASSWORD):
    return client.post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


def test_the_limits_are_five_failures_per_username_and_address_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_still_let_the_right_password_in(client, da_nang_official):
    responses = fail(client, times=4)

    assert {r.status_code for r in responses} == {200}
    assert sign_in(client, "official-da-nang").status_code == 302


def test_the_fifth_failure_locks_the_account_with_a_clear_page(client, da_nang_official):
    *_, fifth = fail(client, times=5)

    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "<h1>Account locked</h1>" in html
    assert "blocked for 15 minutes" in html
    assert fifth["Retry-After"] == "900"


def test_a_locked_account_refuses_even_the_right_password(client, da_nang_official):
    fail(client, times=5)

    other = Client()
    response = sign_in(other, "official-da-nang")

    assert response.status_code == 429
    assert "_auth_user_id" not in other.session


def test_a_locked_account_leaves_other_accounts_free(client, da_nang_official, bangkok_official):
    fail(client, "official-da-nang", times=5)

    assert sign_in(client, "official-bangkok").status_code == 302


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(client, da_nang_official):
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    *_, fifth = fail(guesser, times=5)

    assert fifth.status_code == 429
    assert sign_in(guesser, "official-da-nang").status_code == 429
    assert sign_in(client, "official-da-nang").status_code == 302


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_username_too_long_for_any_account_is_a_form_error_not_a_server_error(client, db, path):
    response = client.post(path, {"username": "u" * 300, "password": "not-the-password"})

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert all(len(a.username) <= 150 for a in AccessAttempt.objects.all())


def test_a_username_too_long_for_any_account_is_a_400_on_the_api(client, db):
    response = token_request(client, "u" * 300, "not-the-password")

    assert response.status_code == 400
    assert list(response.json()) == ["username"]


def test_a_successful_sign_in_starts_the_count_again(client, da_nang_official):
    fail(client, times=4)
    sign_in(Client(), "official-da-nang")

    responses = fail(client, times=4)

    assert {r.status_code for r in responses} == {200}


def test_the_lock_lifts_fifteen_minutes_after_the_last_attempt(client, da_nang_official):
    fail(client, times=5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )

    assert sign_in(client, "official-da-nang").status_code == 302


def test_the_admin_sign_in_counts_towards_the_same_lock(client, administrator):
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "not-the-password"})

    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})

    assert response.status_code == 429
    assert "Account locked" in response.content.decode()


@pytest.mark.urls("tests.security.urls")
def test_the_api_token_endpoint_locks_the_account_after_five_failures(client, da_nang_official):
    refusals = [token_request(client, password="not-the-password") for _ in range(4)]
    fifth = token_request(client, password="not-the-password")
    right_password = token_request(client)

    assert {r.status_code for r in refusals} == {400}
    assert fifth.status_code == 429
    assert right_password.status_code == 429
    assert right_password["Retry-After"] == "900"
    assert "locked" in right_password.json()["detail"]


@pytest.mark.urls("tests.security.urls")
def test_failures_on_the_web_and_the_api_add_up(client, da_nang_official):
    fail(client, times=4)

    assert token_request(client, password="not-the-password").status_code == 429
    assert sign_in(client, "official-da-nang").status_code == 429


@pytest.mark.urls("tests.security.urls")
def test_a_wrong_password_to_the_api_stays_a_400_with_the_usual_message(client, da_nang_official):
    response = token_request(client, password="not-the-password")

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Unable to log in with provided credentials."]
