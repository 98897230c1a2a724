"""Playwright driving Debian's Chromium against the live test server, with axe-core checks.

Chromium must be installed at /usr/bin/chromium (`make system-deps`; `make test` checks it first):
without it these tests fail, they are never skipped. axe-core comes inside the
axe-playwright-python package, so nothing is fetched from the network.
"""

import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import axe_playwright_python
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.conftest import committed_rows
from tests.factories import PASSWORD
from tests.two_factor import pass_two_factor_on_sign_in

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
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is needed for the browser tests at {CHROMIUM}: run `make system-deps`."
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


def axe_violations(page) -> str | None:
    """axe-core's report of the WCAG 2.x level A and AA violations on the page as it is now, or
    None when there is none. axe-core is injected unless the page has it already (see
    `with_axe`)."""
    from axe_playwright_python.sync_playwright import AxeResults

    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE_SCRIPT.read_text())
    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    results = AxeResults(page.evaluate("options => axe.run(document, options)", options))
    return results.generate_report() if results.violations_count else None


def with_axe(context):
    """Have axe-core in every page of the context from the start, rather than sending it to each
    page that is checked."""
    context.add_init_script(path=AXE_SCRIPT)
    return context


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now: no WCAG 2.x level A or AA violation allowed."""

    def check(page):
        report = axe_violations(page)
        assert report is None, f"{page.url}\n{report}"

    return check


@contextmanager
def demo_content(django_db_blocker, media_root):
    """The demo content (seed_demo) for a whole module of browser tests: committed, so that the
    live server sees it, and removed afterwards by putting back the database the migrations left
    (`committed_rows`). Meanwhile the demo accounts' password is the personas' one and signing
    in passes the two-factor step, as `tests/conftest.py` arranges for single tests."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_settings = override_settings(
        PASSWORD_HASHERS=fast, DEMO_PASSWORD=PASSWORD, MEDIA_ROOT=media_root
    )
    undo_two_factor = pass_two_factor_on_sign_in()
    with committed_rows(django_db_blocker), demo_settings:
        try:
            call_command("seed_demo", force=True, stdout=StringIO())
            yield
        finally:
            undo_two_factor()
