"""In Chromium, the strict Content-Security-Policy blocks nothing the portal needs: the pages, the
two-factor enrolment with its QR code, and the API docs (Swagger UI from the sidecar) run without
a single violation; the two-factor pages pass axe-core's WCAG A and AA rules."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.security.conftest import LOGIN, code_for

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.security.urls")]


@pytest.fixture
def watched_page(new_page):
    """A new page that records every Content-Security-Policy violation Chromium reports."""
    page = new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            page.violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def sign_in(page, username):
    page.goto(LOGIN)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_pages_and_the_two_factor_enrolment_run_without_a_violation(
    watched_page, assert_accessible, real_two_factor, asec_user, transactional_db
):
    page = watched_page
    page.goto("/")
    sign_in(page, "asec")
    page.goto("/dashboard/")

    assert "/accounts/two-factor/setup/" in page.url
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    assert qr.bounding_box()["width"] > 100
    assert_accessible(page)
    assert page.violations == []


def test_the_code_page_is_accessible_and_lets_asec_in(
    watched_page, assert_accessible, real_two_factor, asec_user, transactional_db
):
    page = watched_page
    device = TOTPDevice.objects.create(user=asec_user, name="Phone", confirmed=True)
    sign_in(page, "asec")
    page.goto("/dashboard/")
    assert "/accounts/two-factor/?next=" in page.url
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/dashboard/")
    assert page.violations == []


def test_the_api_docs_render_their_operations_without_a_violation(watched_page, transactional_db):
    page = watched_page
    page.goto("/api/docs/")

    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 0
    assert page.violations == []
