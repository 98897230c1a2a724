"""Each role's start page in Chromium, on the demo content, at a desktop's width and a phone's
(390 px): signing in lands there, axe-core finds no WCAG 2.x A/AA violation, and nothing makes
the page scroll sideways (issue 20, point 1).

With START_SCREENSHOTS set to a directory, each page is also saved there as
<role>-<viewport>.png; `make screenshots` (tests/browser/screenshots.py) is the documented way.
"""

import os
from pathlib import Path

import pytest

from tests import factories as f
from tests.browser.conftest import axe_violations, demo_content

pytestmark = pytest.mark.browser

ROLES = ("official-da-nang", "csco-da-nang", "nr-vn", "asec", "partner-adb")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
DIRECTORY_ROLES = ("asec", "nr-vn")
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def visit_start_page(browser, base_url, role, viewport) -> dict:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(role)
        page.get_by_label("Password").fill(f.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()
        _screenshot(page, role, viewport)
        visit = {
            "path": page.evaluate("() => location.pathname"),
            "heading": page.locator("h1").first.inner_text(),
            "violations": axe_violations(page),
            "sideways": page.evaluate(SIDEWAYS),
        }
        if role in DIRECTORY_ROLES:
            page.goto("/directory/")
            visit["directory_sideways"] = page.evaluate(SIDEWAYS)
            visit["directory_violations"] = axe_violations(page)
        return visit
    finally:
        context.close()


def _screenshot(page, role, viewport) -> None:
    folder = os.environ.get("START_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{role}-{viewport}.png"), full_page=True)


@pytest.fixture(scope="module")
def visits(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_content(django_db_blocker, tmp_path_factory.mktemp("media")):
        return {
            (role, viewport): visit_start_page(browser, live_server.url, role, viewport)
            for role in ROLES
            for viewport in VIEWPORTS
        }


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_signing_in_lands_on_the_role_start_page(visits, role, viewport):
    visit = visits[role, viewport]
    assert visit["path"] == "/start/"
    assert visit["heading"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_start_page_passes_axe(visits, role, viewport):
    assert visits[role, viewport]["violations"] is None, visits[role, viewport]["violations"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_start_page_does_not_scroll_sideways(visits, role, viewport):
    assert visits[role, viewport]["sideways"] <= 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", DIRECTORY_ROLES)
def test_the_directory_passes_axe_and_does_not_scroll_sideways(visits, role, viewport):
    visit = visits[role, viewport]
    assert visit["directory_violations"] is None, visit["directory_violations"]
    assert visit["directory_sideways"] <= 0
