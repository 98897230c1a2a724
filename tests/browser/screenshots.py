"""`make screenshots`: each role's start page at a desktop's and a phone's width, over the demo
content, as PNG files in var/screenshots/ (outside git); prints their paths.

Not a test module (pytest collects it only when named, as the make target does). Each signed-in
role lands on `/start/` (its start page) and has one more page of its own in START_PAGES.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories as f
from tests.browser.conftest import demo_content

pytestmark = pytest.mark.browser

START = "/start/"  # where sign-in lands, one page per role (ascn_portal/start.py)
START_PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("/",),
    "official-da-nang": (START, "/my-city/"),
    "csco-da-nang": (START, "/my-city/"),
    "nr-vn": (START, "/review/"),
    "asec": (START, "/dashboard/"),
    "partner-adb": (START, "/partners/me/interests/"),
}
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
FOLDER = Path(os.environ.get("SCREENSHOTS_DIR") or Path(settings.BASE_DIR) / "var" / "screenshots")


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def file_name(role: str, path: str, width: str) -> str:
    page = path.strip("/").replace("/", "-") or "home"
    return f"{role}--{page}--{width}.png"


def test_screenshots_of_each_role_s_start_pages(
    browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory
):
    FOLDER.mkdir(parents=True, exist_ok=True)
    written = []
    with demo_content(django_db_blocker, tmp_path_factory.mktemp("media")):
        for width, viewport in WIDTHS.items():
            for role, paths in START_PAGES.items():
                context = browser.new_context(base_url=live_server.url, viewport=viewport)
                try:
                    page = context.new_page()
                    if role != "anonymous":
                        sign_in(page, role)
                    for path in paths:
                        assert page.goto(path).status == 200, (role, path)
                        target = FOLDER / file_name(role, path, width)
                        page.screenshot(path=target, full_page=True)
                        written.append(target)
                finally:
                    context.close()
    print("\n" + "\n".join(str(path) for path in written))
