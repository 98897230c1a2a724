"""The header's menu (issue 20, point 5): on a phone a <details> disclosure, closed until asked,
its links then shown and accessible; on a desktop the links show without it. No JavaScript."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def page_at(browser, live_server, transactional_db):
    contexts = []

    def make(viewport):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, java_script_enabled=False
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        return page

    yield make
    for context in contexts:
        context.close()


def test_on_a_phone_the_menu_opens_from_its_summary(page_at):
    page = page_at(PHONE)
    cities = page.get_by_role("navigation", name="Main").get_by_role("link", name="Cities")
    assert not cities.is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()

    page.locator(".site-menu-toggle").click()

    assert cities.is_visible()
    assert page.get_by_label("Language").is_visible()


def test_the_opened_menu_passes_axe(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/")
        page.locator(".site-menu-toggle").click()
        assert axe_violations(page) is None
    finally:
        context.close()


def test_on_a_phone_the_closed_header_takes_at_most_a_fifth_of_the_screen(page_at):
    page = page_at(PHONE)
    assert page.locator(".site-header").bounding_box()["height"] <= PHONE["height"] / 5


def test_on_a_desktop_the_links_show_without_the_summary(page_at):
    page = page_at(DESKTOP)
    assert not page.locator(".site-menu-toggle").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Cities").is_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 120
