"""Playwright driving Debian's Chromium against the live test server, with axe-core checks.

Chromium must be installed at /usr/bin/chromium (CI installs it): without it these tests fail,
they are never skipped. axe-core comes inside the axe-playwright-python package, so nothing is
fetched from the network.
"""

import os
from pathlib import Path

import pytest

# live_server runs Django in a thread while Playwright's sync API runs an event loop in this one;
# Django would otherwise refuse database access from "async" code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is needed for the browser tests at {CHROMIUM} (apt install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A page in a fresh browser context (its own cookies), as a new visitor would have."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now: no WCAG 2.x level A or AA violation allowed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
