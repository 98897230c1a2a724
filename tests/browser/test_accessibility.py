"""Every page of the site passes axe-core's WCAG 2.x level A and AA rules in Chromium (SPEC §5)
and begins with a skip link to its main content, for an anonymous visitor and signed in as each
role.

The pages are the permission matrix's: every URL of the site, discovered from the URL resolver
(tests/test_permission_matrix.py), its arguments built by the setups of tests/matrix/expectations/,
over the demo content so that lists, tables, charts and forms are full. The module seeds that
world once, sweeps it in one browser context per role and screen size (a desktop's and a
phone's) and empties the database again; the tests then read the sweep. Each role's sweep
checks every URL that answers it with a page, the first 403 and 404 pages it meets, and the
pages a form shows after a refused submission, skipping what another check already covered
(see Sweeper). A URL that answers no role with a page, and a template that no checked page
renders, must each be listed below with the reason, so a new page cannot escape the sweep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, F
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from accounts.models import User
from action_plans.models import ActionPlan, Evidence, Project
from cities.models import City
from partners.models import Partner
from reports.annual import outline
from tests import factories as f
from tests.browser.conftest import axe_violations, demo_content, with_axe
from tests.matrix.expectations import EXPECTATIONS
from tests.matrix.spec import ReadOnly, World
from tests.meetings.factories import AnnualReportFactory
from tests.test_permission_matrix import site_urls

pytestmark = pytest.mark.browser

# One persona per role: the Bangkok official and Thailand's representative hold the same roles
# as the Da Nang official and Viet Nam's representative.
ROLES = ("anonymous", "official-da-nang", "csco-da-nang", "nr-vn", "asec", "partner-adb")
# Every page on a desktop screen; each template on a phone's too (390 px wide), where the layout
# changes: there no page may scroll sideways and the header takes at most a fifth of the screen.
VIEWPORTS = {"desktop": {"width": 1280, "height": 720}, "phone": {"width": 390, "height": 844}}
# What makes the page wider than the screen, or None: the innermost elements that reach past its
# edges outside any box that scrolls or clips them, named by tag, classes, position and text.
SIDEWAYS = (Path(__file__).parent / "sideways.js").read_text()
HEADER_SHARE = """() => document.querySelector(".site-header").getBoundingClientRect().height
  / window.innerHeight"""
LOGIN_PATH = "/accounts/login/"
SKIP_LINK_TO_MAIN = """() => {
  const first = document.querySelector("a[href], button, input, select, textarea, [tabindex]");
  const main = document.querySelector("main#main");
  return first?.getAttribute("href") === "#main" && main?.tabIndex === -1;
}"""
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

# URLs that answer no role with a page in the sweep's world, and why that is right.
NOT_PAGES = {
    "reports:view": "the annual report's own HTML file, once built: the report pipeline's output",
    "reports:file": "a file of the annual report, once built",
    "two_factor_verify": "every sweep session has passed the two-factor step: tests/browser/"
    "test_security.py checks this page",
}
# Templates that no GET of the sweep renders, and where they are checked or why they are not.
TEMPLATES_ELSEWHERE = {
    "500.html": "tests/browser/test_error_pages.py",
    "accounts/two_factor_verify.html": "tests/browser/test_security.py",
    "drf_spectacular/swagger_ui.html": "the API docs: test_the_api_docs_pass_axe below",
    "registration/password_reset_email.html": "an email, not a page",
    "registration/logged_out.html": "never shown: signing out leads home (LOGOUT_REDIRECT_URL)",
    "reports/annual/report.html": "the annual report file: tests/browser/test_report_file.py",
    "reports/annual/_table.html": "part of the annual report file",
    "reports/annual/_network.html": "part of the annual report file",
    "reports/annual/_annex.html": "part of the annual report file",
    "reports/annual/report_section.html": "a PDF part of the annual report (WeasyPrint)",
    "reports/annual/_front.html": "part of the annual report file",
    "reports/annual/_narrative.html": "part of the annual report file",
    "reports/annual/_story.html": "part of the annual report file (a highlighted project's story)",
    **{
        f"reports/annual/sections/{section.anchor}.html": "part of the annual report file"
        for section in outline.SECTIONS
    },
}
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@dataclass(frozen=True)
class Visit:
    role: str
    viewport: str
    name: str
    url: str
    kind: str  # page, error, login, redirect, file or not allowed (see kind_of), or form
    status: int  # 0 for a page a form submission led to
    templates: tuple[str, ...] = ()
    checked: bool = False
    violations: str | None = None
    skip_link: bool = False  # the first thing to focus is a link to <main>, which takes the focus
    sideways: dict | None = None  # on a phone: what makes the page scroll sideways (SIDEWAYS)
    header_share: float = 0.0  # on a phone: the header's height over the screen's


class DemoWorld(World):
    """The matrix's World over the demo content, for a sweep that only reads: where the demo has
    the object a setup asks for, it is the demo's own as seeded, so pages show real amounts of
    content. A city's plan is its working draft (Da Nang's has a published revision too, which
    the public sees), whatever status the setup names: statuses matter to writes, not here."""

    def __init__(self, tmp_path):
        super().__init__(request=None)
        self.tmp_path = tmp_path

    def fixture(self, name):
        fixtures = {
            "adb": lambda: Partner.objects.get(slug="asian-development-bank"),
            "settings": SimpleNamespace,  # MEDIA_ROOT is already the sweep's own folder
            "tmp_path": lambda: self.tmp_path,
        }
        return fixtures[name]()

    def persona(self, name):
        return AnonymousUser() if name == "anonymous" else User.objects.get(username=name)

    def city(self, key):
        return City.objects.get(slug=key)

    def plan(self, key, status="draft"):
        return ActionPlan.objects.get(city__slug=key)

    def project(self, key, plan_status="draft", **fields):
        """The plan's project with the most milestones, indicators and updates."""
        projects = Project.objects.filter(plan__city__slug=key).annotate(
            content=Count("milestones", distinct=True)
            + Count("indicators", distinct=True)
            + Count("updates", distinct=True)
        )
        return projects.order_by("-content", "position").first()

    def milestone(self, key):
        return self.project(key).milestones.first() or super().milestone(key)

    def indicator(self, key):
        return self.project(key).indicators.first() or super().indicator(key)

    def report(self):
        """A published report, which everyone may read."""
        return AnnualReportFactory(published=True)

    def evidence(self, key):
        update = self.project(key).updates.order_by("-year").first()
        return Evidence.objects.create(
            update=update,
            file=SimpleUploadedFile("site-visit.pdf", b"%PDF-1.4\n%%EOF\n"),
            original_name="site-visit.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=self.persona("official-da-nang"),
        )


def page_urls(world) -> list[tuple[str, str]]:
    """(URL name, URL) for every URL of the site, built as the permission matrix builds it."""
    urls = [("<none>", "/no-such-page/")]  # a 404 for every role
    for name in sorted(set(site_urls()) & set(EXPECTATIONS)):
        spec = EXPECTATIONS[name]
        for scenario in spec if isinstance(spec, list) else [spec]:
            city = "da-nang" if isinstance(scenario, ReadOnly) else scenario.cities[0]
            url = reverse(name, kwargs=scenario.kwargs(scenario.setup(world, city)))
            if (name, url) not in urls:
                urls.append((name, url))
    return urls


def kind_of(response) -> str:
    """page, error, login (a redirect to sign in), redirect, file (any other content, or an
    attachment) or not allowed (the 405 of a URL that only takes POST)."""
    headers = response.headers
    if response.status_code == 405:
        return "not allowed"
    if response.status_code in (301, 302, 303):
        return "login" if urlparse(headers["Location"]).path == LOGIN_PATH else "redirect"
    html = headers.get("Content-Type", "").startswith("text/html")
    if not html or "attachment" in headers.get("Content-Disposition", ""):
        return "file"
    return "error" if response.status_code >= 400 else "page"


def main_content(html: str) -> str:
    """The page's <main>, without the per-session CSRF tokens: what differs between two roles'
    views of a page that is otherwise theirs alike."""
    main = re.search(r"<main\b.*</main>", html, re.DOTALL)
    return CSRF_TOKEN.sub("", main.group() if main else html)


class Sweeper:
    """One role's browser context at one screen size: asks for each URL as the browser would and
    checks each page with axe-core in Chromium. Each role's first page is checked, for its own
    header and navigation; after it, a page is checked unless another of the same screen size
    was checked with the same content (on the desktop: the same <main>, whatever the role) or,
    on the phone, where the layout is what may differ, with the same template."""

    def __init__(self, context, role, viewport, rendered, checked):
        self.page = context.new_page()
        self.client = Client()  # the browser's session, to learn what each URL answers
        self.role = role
        self.viewport = viewport
        self.rendered = rendered
        self.checked = checked  # what the checks of every role covered, by key()
        self.visits: list[Visit] = []

    def sign_in(self):
        if self.role != "anonymous":
            self.submit_login(self.role, f.PASSWORD)
            self.page.get_by_role("button", name="Sign out").wait_for()
        for cookie in self.page.context.cookies():
            self.client.cookies[cookie["name"]] = cookie["value"]

    def submit_login(self, username, password):
        self.page.goto(LOGIN_PATH)
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()

    def visit(self, name, url):
        response = self.client.get(url)
        templates = tuple(dict.fromkeys(t.name for t in response.templates))
        kind, status = kind_of(response), response.status_code
        key = self.key(kind, status, response, templates)
        first = not any(visit.checked for visit in self.visits)
        if key is None or (key in self.checked and not (first and kind == "page")):
            return self.visits.append(Visit(self.role, self.viewport, name, url, kind, status))
        assert self.page.goto(url).status == status, url
        self.check(name, url, kind, status, templates)
        self.checked.add(key)

    def key(self, kind, status, response, templates):
        """What makes a page worth checking, or None for what is not a page."""
        if kind == "error":
            return (self.viewport, self.role, status)
        if kind != "page":
            return None
        if self.viewport == "desktop":
            return (self.viewport, main_content(response.content.decode()))
        return (self.viewport, templates[0])

    def check(self, name, url, kind, status, templates):
        violations = axe_violations(self.page)
        skip_link = self.page.evaluate(SKIP_LINK_TO_MAIN)
        phone = self.viewport == "phone"
        sideways = self.page.evaluate(SIDEWAYS) if phone else None
        header_share = self.page.evaluate(HEADER_SHARE) if phone and kind != "file" else 0.0
        self.visits.append(
            Visit(
                self.role,
                self.viewport,
                name,
                url,
                kind,
                status,
                templates,
                checked=True,
                violations=violations,
                skip_link=skip_link,
                sideways=sideways,
                header_share=header_share,
            )
        )

    def check_current(self, name, shown):
        """The page a form submission led to, once it shows the locator `shown`."""
        shown.wait_for()
        templates = tuple(dict.fromkeys(self.rendered))
        self.check(name, urlparse(self.page.url).path, "form", 0, templates)


def form_states(sweeper, world):
    """The pages a refused form submission shows: errors, the lockout, an editing conflict."""
    page = sweeper.page
    errors = page.locator(".form-error-summary")
    if sweeper.role == "anonymous":
        sweeper.rendered.clear()
        sweeper.submit_login("official-da-nang", "not-the-password")
        sweeper.check_current("login (wrong password)", errors)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sweeper.rendered.clear()
            sweeper.submit_login("locked-out-visitor", "not-the-password")
        sweeper.check_current("login (locked out)", page.get_by_role("heading", name="locked"))
    if sweeper.role == "official-da-nang":
        plan = world.plan("da-nang")
        page.goto(reverse("action_plans:project_create", kwargs={"pk": plan.pk}))
        page.get_by_label("Title").fill("A project without a focus area")
        sweeper.rendered.clear()
        page.get_by_role("button", name="Add project").click()
        sweeper.check_current("action_plans:project_create (errors)", errors)
        page.goto(reverse("action_plans:edit", kwargs={"pk": plan.pk}))
        ActionPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
        sweeper.rendered.clear()
        page.get_by_role("button", name="Save vision and targets").click()
        sweeper.check_current("action_plans:edit (conflict)", page.locator("section.conflict"))


def sweep_as(browser, base_url, role, viewport, urls, world, **shared) -> list[Visit]:
    context = with_axe(browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport]))
    context.set_default_timeout(15_000)
    try:
        sweeper = Sweeper(context, role, viewport, **shared)
        sweeper.sign_in()
        for name, url in urls:
            sweeper.visit(name, url)
        if viewport == "desktop":
            form_states(sweeper, world)
        return sweeper.visits
    finally:
        context.close()


@pytest.fixture(scope="module")
def sweep(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """Every visit of every role, over the demo content."""
    media = tmp_path_factory.mktemp("media")
    rendered: list[str] = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with demo_content(django_db_blocker, media):
            world = DemoWorld(media)
            urls = page_urls(world)
            shared = {"rendered": rendered, "checked": set()}
            return [
                visit
                for viewport in VIEWPORTS
                for role in ROLES
                for visit in sweep_as(
                    browser, live_server.url, role, viewport, urls, world, **shared
                )
            ]
    finally:
        template_rendered.disconnect(record)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(sweep, role):
    failures = [v for v in sweep if v.role == role and v.violations]
    checked = [v for v in sweep if v.role == role and v.checked]
    assert checked, f"the sweep checked no page as {role}"
    assert not failures, "\n\n".join(
        f"{v.name} {v.url} ({v.viewport})\n{v.violations}" for v in failures
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_page_begins_with_a_skip_link_to_its_main_content(sweep, role):
    checked = [v for v in sweep if v.role == role and v.checked]
    assert not [f"{v.name} {v.url}" for v in checked if not v.skip_link]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(sweep, role):
    checked = [v for v in sweep if v.role == role and v.viewport == "phone" and v.checked]
    assert checked, f"the sweep checked no page on a phone as {role}"
    wide = [v for v in checked if v.sideways]
    assert not wide, "\n".join(
        f"{v.name} {v.url} is {v.sideways['width']} px wide: {'; '.join(v.sideways['elements'])}"
        for v in wide
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_header_takes_at_most_a_fifth_of_a_phone_screen(sweep, role):
    checked = [v for v in sweep if v.role == role and v.viewport == "phone" and v.checked]
    tall = [f"{v.name} {v.url}: {v.header_share:.0%}" for v in checked if v.header_share > 0.2]
    assert not tall


def page_or_no_page_by_design(kinds: set[str]) -> bool:
    """Some role got a page, or the URL serves files, or it only takes POST."""
    return "page" in kinds or "file" in kinds or kinds <= {"not allowed", "login"}


def test_every_url_of_the_site_answers_some_role_with_a_page(sweep):
    kinds: dict[str, set[str]] = {}
    for visit in sweep:
        kinds.setdefault(visit.name, set()).add(visit.kind)
    unknown = sorted(set(site_urls()) - set(kinds))
    assert not unknown, f"Not in the permission matrix, whose setups build the URLs: {unknown}"
    pageless = sorted(name for name in site_urls() if not page_or_no_page_by_design(kinds[name]))
    assert pageless == sorted(NOT_PAGES), (
        "Each URL that gives no role a page must be listed in NOT_PAGES with the reason, and only "
        f"those: {pageless}"
    )


def page_templates() -> set[str]:
    return {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.parts
    }


def test_every_page_template_is_checked_by_the_sweep(sweep):
    rendered = {name for visit in sweep if visit.checked for name in visit.templates}
    missing = sorted(page_templates() - rendered - set(TEMPLATES_ELSEWHERE))
    assert not missing, f"No page the sweep checks renders these templates: {missing}"
    stale = sorted(set(TEMPLATES_ELSEWHERE) & rendered)
    assert not stale, f"The sweep renders these now; remove them from TEMPLATES_ELSEWHERE: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_the_error_pages_are_checked(sweep, role):
    statuses = {v.status for v in sweep if v.role == role and v.kind == "error" and v.checked}
    assert statuses >= ({404} if role == "anonymous" else {403, 404})


def test_the_api_docs_pass_axe(new_page, transactional_db):
    """The API docs (Swagger UI, outside the matrix) as they open: the list of operations. An
    opened operation shows Swagger UI's own forms, which this does not check."""
    page = new_page()
    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for()

    report = axe_violations(page)
    assert report is None, report
