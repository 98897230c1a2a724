"""A small network for the learning tests, built by hand (issue 18).

Da Nang plans "Smart Water Management" (quality environment) and runs a bus corridor (built
infrastructure). Ha Noi completed "Smart Water Meters" — filed under built infrastructure, like
the bus corridor, not under Da Nang's water project's focus area: the right peer shares words,
not the focus area. Bangkok completed an adaptive traffic-signal project that speaks of buses.
Every plan is published as built, so the public reads the same projects.
"""

import pytest

from action_plans.models import PlanStatus
from learning import services
from tests import factories as f


def publish(plan, by):
    f.publish_as_is(plan, by)
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    return plan


class Net:
    def __init__(self, **objects):
        self.__dict__.update(objects)


@pytest.fixture
def environment(db):
    return f.FocusAreaFactory(code="quality-environment", name="Quality Environment", position=4)


@pytest.fixture
def infrastructure(db):
    return f.FocusAreaFactory(code="built-infrastructure", name="Built Infrastructure", position=5)


@pytest.fixture
def ha_noi(viet_nam):
    return f.CityFactory(slug="ha-noi", name="Ha Noi", country=viet_nam, is_capital=True)


def project(plan, title, summary, stage, area):
    return f.ProjectFactory(
        plan=plan, title=title, summary=summary, stage=stage, focus_areas=[area]
    )


@pytest.fixture
def net(personas, da_nang, bangkok, ha_noi, environment, infrastructure):
    asec = personas["asec"]
    plans = {city.slug: f.ActionPlanFactory(city=city) for city in (da_nang, bangkok, ha_noi)}
    water = project(
        plans["da-nang"],
        "Smart Water Management",
        "Cut water losses in the distribution network and bill households fairly.",
        "planning",
        environment,
    )
    corridor = project(
        plans["da-nang"],
        "Bus Rapid Transit Corridor",
        "Dedicated bus lanes and stations along the coastal road.",
        "ongoing",
        infrastructure,
    )
    meters = project(
        plans["ha-noi"],
        "Smart Water Meters",
        "Meters read remotely across the water network find leaks and losses within a day.",
        "completed",
        infrastructure,
    )
    signals = project(
        plans["bangkok"],
        "Adaptive Traffic Signals",
        "Signals that give priority to buses at busy junctions.",
        "completed",
        infrastructure,
    )
    for plan in plans.values():
        publish(plan, asec)
    return Net(
        personas=personas,
        asec=asec,
        plans=plans,
        water=water,
        corridor=corridor,
        meters=meters,
        signals=signals,
        environment=environment,
        infrastructure=infrastructure,
    )


CASE_STUDY = {
    "title": "Finding leaks with remote meters",
    "problem": "A third of the water was lost before it reached a tap.",
    "solution": "Remote-read meters on every district supply line.",
    "results": "Losses fell from 33% to 19% in two years.",
}


def case_study(project, actor, *, status="draft", publisher=None, **fields):
    """A case study written through the services, taken as far as `status`."""
    written = services.case_study_create(
        project=project, actor=actor, data={**CASE_STUDY, **fields}
    )
    if status in ("in_review", "published"):
        written = services.case_study_submit(case_study=written, actor=actor)
    if status == "published":
        written = services.case_study_publish(case_study=written, actor=publisher)
    return written


@pytest.fixture
def ha_noi_official(ha_noi):
    from accounts.models import Role

    return f.UserFactory(username="official-ha-noi", role=Role.CITY_OFFICIAL, city=ha_noi)


@pytest.fixture
def api():
    """An API client for a persona, authenticated with the persona's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user=None):
        client = APIClient()
        if user is not None and user.is_authenticated:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
