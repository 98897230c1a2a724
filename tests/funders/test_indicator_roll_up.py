"""Dashboards roll up a catalogue indicator across cities where units agree (issue 17, point 2):
the network dashboard's table and `GET /api/indicator-roll-ups/`, in a flat number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans.models import CatalogueIndicator, Indicator, IndicatorValue
from reports.selectors import Scope, catalogue_roll_up
from tests import factories as f

URL = "/api/indicator-roll-ups/"


@pytest.fixture
def entries(db):
    make = CatalogueIndicator.objects.create
    return {
        "alerts": make(
            code="ASCN-04",
            framework="ascn",
            reference="04",
            name="Households reached by flood alerts",
            unit="households",
            aggregation="sum",
        ),
        "waste": make(
            code="SDG-11.6.1",
            framework="sdg",
            reference="11.6.1",
            name="Municipal solid waste managed",
            unit="%",
        ),
        "pm": make(code="ISO37120-8.1", framework="iso37120", reference="8.1", name="PM2.5"),
    }


def _city_measures(asec, entry, values: dict, *, unit=None, measurement="periodic"):
    """A new city whose published plan has one project measuring `entry`."""
    plan = f.ActionPlanFactory(city=f.CityFactory())
    project = f.ProjectFactory(plan=plan)
    indicator = Indicator.objects.create(
        project=project,
        name=entry.name,
        unit=unit or entry.unit,
        catalogue=entry,
        measurement=measurement,
    )
    for year, value in values.items():
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)
    f.publish_as_is(plan, asec)
    return plan


def _rows(year=2022, **filters):
    return {
        (r.indicator.code, r.unit): (r.cities, r.value)
        for r in catalogue_roll_up(Scope(year=year, **filters))
    }


def test_counts_add_up_and_shares_are_averaged_across_cities(entries, asec_user):
    _city_measures(asec_user, entries["alerts"], {2022: 1000})
    _city_measures(asec_user, entries["alerts"], {2022: 500})
    _city_measures(asec_user, entries["waste"], {2022: 80})
    _city_measures(asec_user, entries["waste"], {2022: 60})

    assert _rows() == {
        ("ASCN-04", "households"): (2, Decimal("1500.00")),
        ("SDG-11.6.1", "%"): (2, Decimal("70.00")),
    }


def test_a_periodic_value_counts_in_its_year_a_cumulative_one_until_replaced(entries, asec_user):
    _city_measures(asec_user, entries["alerts"], {2020: 300, 2021: 400})
    _city_measures(asec_user, entries["alerts"], {2020: 300, 2021: 400}, measurement="cumulative")

    assert _rows(year=2021) == {("ASCN-04", "households"): (2, Decimal("800.00"))}
    assert _rows(year=2022) == {("ASCN-04", "households"): (1, Decimal("400.00"))}


def test_units_that_disagree_are_never_combined(entries, asec_user):
    _city_measures(asec_user, entries["pm"], {2022: 20}, unit="µg/m³")
    _city_measures(asec_user, entries["pm"], {2022: 30}, unit="µg/m³")
    _city_measures(asec_user, entries["pm"], {2022: 2}, unit="days over the limit")

    assert _rows() == {
        ("ISO37120-8.1", "µg/m³"): (2, Decimal("25.00")),
        ("ISO37120-8.1", "days over the limit"): (1, Decimal("2.00")),
    }


def test_the_api_reads_published_plans_only_and_filters(entries, asec_user, api):
    plan = _city_measures(asec_user, entries["alerts"], {2022: 1000})
    unpublished = f.ActionPlanFactory(city=f.CityFactory())
    Indicator.objects.create(
        project=f.ProjectFactory(plan=unpublished),
        name="x",
        unit="households",
        catalogue=entries["alerts"],
    )
    IndicatorValue.objects.create(indicator=Indicator.objects.get(name="x"), year=2022, value=7)

    everyone = api().get(URL, {"year": 2022}).json()
    other_country = api().get(URL, {"year": 2022, "country": "zz"}).json()

    assert [(r["code"], r["cities"], r["value"]) for r in everyone] == [("ASCN-04", 1, "1000.00")]
    assert other_country == []
    assert plan.city.country.code != "ZZ"


def test_a_bad_filter_is_a_400_per_field(db, api):
    response = api().get(URL, {"year": "soon", "country": "V$N"})

    assert response.status_code == 400
    assert set(response.json()) == {"year", "country"}


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/?year=2022").status_code == 200
    return len(queries)


def test_the_network_dashboard_shows_the_table_in_flat_queries(entries, asec_user, client):
    client.force_login(asec_user)
    _city_measures(asec_user, entries["waste"], {2022: 80})
    small = _queries(client)
    for _ in range(4):
        _city_measures(asec_user, entries["waste"], {2022: 60})
        _city_measures(asec_user, entries["alerts"], {2022: 10})

    assert _queries(client) == small
    page = client.get("/dashboard/?year=2022").content.decode()
    assert "Catalogue indicators across cities, 2022" in page
    assert "Municipal solid waste managed" in page
