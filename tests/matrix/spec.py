"""The vocabulary of the role × action matrix (see tests/test_permission_matrix.py).

Every URL of the site is listed in one of the modules of `tests/matrix/expectations/` as either

- `Write(...)`: a URL that accepts POST. For each target city and each persona the test POSTs
  `data(target)` to the URL built from `kwargs(target)` and asserts the outcome from `expect`;
  when `changed(target)` is given it must be true exactly when the outcome is OK, so a refusal
  that still wrote something fails too; or
- `ReadOnly(...)`: a page that changes nothing: a POST to it must write nothing to the
  database (refusing it with 405, `django.views.decorators.http.require_safe`, is clearest).

For URLs of other apps the data may stay empty: the access rule is what the matrix checks (a
form re-shown with errors counts as success); each app's own tests check what the write does.

`setup(world, city)` builds the object the URL acts on, with the city's data (Da Nang or
Bangkok); `World` below gives the common objects and anything can be built with the factories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.meetings.factories import AnnualReportFactory

OK = "success"
LOGIN = "redirect to login"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"

# Persona name (STYLE.md) → fixture of tests/conftest.py.
PERSONAS = {
    "official-da-nang": "da_nang_official",
    "csco-da-nang": "da_nang_csco",
    "official-bangkok": "bangkok_official",
    "nr-vn": "viet_nam_rep",
    "nr-th": "thailand_rep",
    "asec": "asec_user",
    "partner-adb": "partner_user",
    "anonymous": "anonymous",
}
CITIES = ("da-nang", "bangkok")
NO_CITY = (None,)


@dataclass(frozen=True)
class Write:
    kwargs: Callable[[Any], dict]
    expect: dict[str | None, dict[str, str]]
    setup: Callable[[World, str | None], Any] = lambda world, city: None
    data: Callable[[Any], dict] = lambda target: {}
    changed: Callable[[Any], bool] | None = None
    label: str = ""

    @property
    def cities(self):
        return tuple(self.expect)


@dataclass(frozen=True)
class ReadOnly:
    kwargs: Callable[[Any], dict] = lambda target: {}
    setup: Callable[[World, str | None], Any] = lambda world, city: None


def by_role(
    *,
    city_official: str,
    other_city: str,
    own_rep: str,
    other_rep: str,
    asec: str,
    csco: str | None = None,
    partner: str = NOT_FOUND,
    anonymous: str = LOGIN,
) -> dict[str, dict[str, str]]:
    """Outcomes on Da Nang's and on Bangkok's data, from each persona's relation to the city:
    its own officials (and CSCO), another city's users, the country's own national
    representative, another country's, ASEC, a partner user and an anonymous visitor."""
    csco = city_official if csco is None else csco
    common = {"asec": asec, "partner-adb": partner, "anonymous": anonymous}
    return {
        "da-nang": {
            "official-da-nang": city_official,
            "csco-da-nang": csco,
            "official-bangkok": other_city,
            "nr-vn": own_rep,
            "nr-th": other_rep,
            **common,
        },
        "bangkok": {
            "official-da-nang": other_city,
            "csco-da-nang": other_city,
            "official-bangkok": city_official,
            "nr-vn": other_rep,
            "nr-th": own_rep,
            **common,
        },
    }


def only_asec(refused: str = FORBIDDEN, anonymous: str = LOGIN) -> dict[None, dict[str, str]]:
    """ASEC's business (meetings, reports, reference data): everyone else is refused."""
    return {None: {**dict.fromkeys(PERSONAS, refused), "asec": OK, "anonymous": anonymous}}


def everyone(outcome: str) -> dict[None, dict[str, str]]:
    """The same outcome for every persona, for URLs that act on no city's data."""
    return {None: dict.fromkeys(PERSONAS, outcome)}


def signed_in(outcome: str) -> dict[None, dict[str, str]]:
    return {None: {**dict.fromkeys(PERSONAS, outcome), "anonymous": LOGIN}}


@dataclass
class World:
    """Objects of Da Nang and Bangkok for one test case, built on demand."""

    request: Any
    cache: dict = field(default_factory=dict)

    def fixture(self, name):
        return self.request.getfixturevalue(name)

    def persona(self, name):
        return self.fixture(PERSONAS[name])

    def city(self, key):
        return self.fixture({"da-nang": "da_nang", "bangkok": "bangkok"}[key])

    def focus_area(self):
        return f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure")

    def plan(self, key, status="draft"):
        plan = f.ActionPlanFactory(city=self.city(key))
        if status != plan.status:
            self.plan_status(plan, status)
        return plan

    def _publish(self, plan):
        plan.status = "published"
        plan.save()
        asec = f.UserFactory(username="matrix-publisher", role="asec")
        f.publish_as_is(plan, asec)

    def project(self, key, plan_status="draft", **fields):
        plan = self.plan(key, "draft")
        project = f.ProjectFactory(plan=plan, focus_areas=[self.focus_area()], **fields)
        if plan_status != "draft":
            # The project is part of what its plan published, as on a real network.
            self.plan_status(plan, plan_status)
        return project

    def plan_status(self, plan, status):
        if status == "published":
            self._publish(plan)
        else:
            plan.status = status
            plan.save()
        return plan

    def milestone(self, key):
        return f.MilestoneFactory(project=self.project(key))

    def indicator(self, key):
        return f.IndicatorFactory(project=self.project(key))

    def evidence(self, key):
        self.fixture("settings").MEDIA_ROOT = self.fixture("tmp_path")
        update = f.ProgressUpdateFactory(project=self.project(key))
        return update.evidence.create(
            file=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n"),
            original_name="evidence.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=self.persona("asec"),
        )

    def report(self):
        return AnnualReportFactory()

    @property
    def reporting_year(self):
        """A year of the world's plans (they are the first period's)."""
        return f.first_period().end_year
