"""The library and the peers list run a fixed number of queries whatever the network's size
(SPEC §5), measured at two data sizes."""

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f
from tests.learning.conftest import case_study, project, publish

pytestmark = pytest.mark.django_db
_serial = itertools.count()


def grow(net, *, cities: int) -> None:
    """More cities, each with water projects (peers of Da Nang's) and a published case study."""
    for _ in range(cities):
        n = next(_serial)
        city = f.CityFactory(slug=f"grown-{n}", country=net.water.plan.city.country)
        plan = f.ActionPlanFactory(city=city)
        for stage in ("completed", "ongoing"):
            grown = project(
                plan,
                f"Water network {n} {stage}",
                "Water meters, leaks.",
                stage,
                net.infrastructure,
            )
        publish(plan, net.asec)
        case_study(grown, net.asec, status="published", publisher=net.asec)


def queries(fetch) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


READERS = [
    ("library page", lambda net: Client().get(reverse("learning:library"))),
    ("library API", lambda net: APIClient().get("/api/case-studies/")),
    ("peers API", lambda net: APIClient().get(f"/api/projects/{net.water.pk}/peers/")),
    (
        "project page",
        lambda net: Client().get(reverse("action_plans:project", args=[net.water.pk])),
    ),
]


@pytest.mark.parametrize(("name", "fetch"), READERS, ids=[name for name, _ in READERS])
def test_query_count_is_flat(net, name, fetch):
    grow(net, cities=2)
    few = queries(lambda: fetch(net))
    grow(net, cities=8)
    assert queries(lambda: fetch(net)) == few, name


def test_the_city_start_page_is_bounded(net, client_for):
    client = client_for(net.personas["official-da-nang"])
    grow(net, cities=2)
    few = queries(lambda: client.get(reverse("action_plans:my_city")))
    grow(net, cities=8)
    assert queries(lambda: client.get(reverse("action_plans:my_city"))) == few
