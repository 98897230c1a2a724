"""The key pages weigh little and load nothing from another origin (SPEC §4, §5): home, a city's
profile, a published plan, the ASEC network dashboard and the list of cities (every script of the
network), over the demo content, each load at most 150 KB of HTML, CSS, JavaScript and fonts
(bodies as served, uncompressed), and Chromium sends no request outside the portal's own origin,
nor tries to (the Content-Security-Policy would stop such a request before it is sent, so what it
blocks counts too). A script's font is loaded only by a page with text in that script.

The module loads each page once in a fresh browser context (nothing cached) and records every
request and response; the tests read the records. Print them with `pytest -s`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.db.models import Count

from action_plans.models import ActionPlan, PlanStatus
from core import fonts
from tests import factories as f
from tests.browser.conftest import demo_content

pytestmark = pytest.mark.browser

BUDGET = 150_000  # bytes of HTML + CSS + JavaScript + fonts
COUNTED = ("document", "stylesheet", "script", "font")
KEY_PAGES = ("home", "city", "plan", "dashboard", "cities")
SCRIPT_FONTS = {f"/static/fonts/{face.web_name}" for face in fonts.WEB_FACES}


@dataclass
class Load:
    page: str
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # what the Content-Security-Policy stopped
    bytes: Counter = field(default_factory=Counter)  # by resource type

    @property
    def counted(self) -> int:
        return sum(self.bytes[kind] for kind in COUNTED)

    def __str__(self):
        kinds = ", ".join(f"{kind} {size:,}" for kind, size in sorted(self.bytes.items()))
        return f"{self.page} {self.url}: {self.counted:,} B of HTML+CSS+JS+fonts ({kinds})"

    @property
    def fonts(self) -> list[str]:
        return sorted(urlparse(url).path for url in self.requests if url.endswith(".woff2"))


def largest_published_plan() -> ActionPlan:
    plans = ActionPlan.objects.filter(status=PlanStatus.PUBLISHED).annotate(n=Count("projects"))
    return plans.order_by("-n", "pk").select_related("city").first()


def sign_in(context, username):
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()
    page.close()


def load(browser, base_url, name, url, username=None) -> Load:
    context = browser.new_context(base_url=base_url)
    try:
        if username:
            sign_in(context, username)
        page = context.new_page()
        record = Load(name, url)
        responses = []
        page.on("request", lambda request: record.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                record.blocked.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("response", lambda response: responses.append(response))
        assert page.goto(url, wait_until="networkidle").status == 200, url
        for response in responses:
            if not 300 <= response.status < 400:
                record.bytes[response.request.resource_type] += len(response.body())
        return record
    finally:
        context.close()


@pytest.fixture(scope="module")
def loads(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_content(django_db_blocker, tmp_path_factory.mktemp("media")):
        plan = largest_published_plan()
        assert plan.n >= 5, "the demo content should give the largest plan a full page"
        pages = {
            "home": ("/", None),
            "city": (plan.city.get_absolute_url(), None),
            "plan": (plan.get_absolute_url(), None),
            "dashboard": ("/dashboard/", "asec"),
            "cities": ("/cities/", None),
        }
        records = {
            name: load(browser, live_server.url, name, url, username)
            for name, (url, username) in pages.items()
        }
    for record in records.values():
        print(record)
    return records


@pytest.mark.parametrize("name", KEY_PAGES)
def test_the_key_page_weighs_at_most_150_kb_of_html_css_js_and_fonts(loads, name):
    record = loads[name]
    assert record.counted <= BUDGET, str(record)


@pytest.mark.parametrize("name", KEY_PAGES)
def test_the_key_page_requests_nothing_from_another_origin(loads, live_server, name):
    origin = urlparse(live_server.url)[:2]
    elsewhere = [url for url in loads[name].requests if urlparse(url)[:2] != origin]
    assert loads[name].requests
    assert not elsewhere, f"{loads[name].page} asked other origins for {elsewhere}"
    assert not loads[name].blocked, f"{loads[name].page} tried to load {loads[name].blocked}"


def test_the_list_of_cities_loads_the_font_of_each_script_of_the_local_names_once(loads):
    assert loads["cities"].fonts == sorted(SCRIPT_FONTS)


@pytest.mark.parametrize("name", ("home", "dashboard"))
def test_a_page_in_latin_script_loads_no_font(loads, name):
    assert loads[name].fonts == []
