"""The indicator catalogue (issue 17, point 2): stable codes as reference data with sources; a
project indicator references a catalogue entry (unit and direction come with it) or stays custom;
values periodic or cumulative, disaggregated by GESI target group and sex; the published layer and
the IATI export carry it all."""

import sys
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from action_plans.models import (
    CatalogueIndicator,
    DisaggregatedValue,
    GesiGroup,
    Indicator,
    IndicatorValue,
)
from reference.citations import citations
from reference.loader import reference_data_load
from tests import factories as f

INDICATORS = "/api/indicators/"
CATALOGUE = "/api/indicator-catalogue/"


@pytest.fixture
def catalogue(db):
    reference_data_load()
    return {c.code: c for c in CatalogueIndicator.objects.all()}


def test_the_catalogue_holds_sdg_11_and_iso_codes_with_their_sources(catalogue):
    assert {"SDG-11.2.1", "SDG-11.6.1", "SDG-11.6.2"} <= set(catalogue)
    assert any(code.startswith("ISO37120-") for code in catalogue)
    assert any(code.startswith("ISO37122-") for code in catalogue)
    pm = catalogue["SDG-11.6.2"]
    assert (pm.framework, pm.reference, pm.direction) == ("sdg", "11.6.2", "decrease")
    assert all(c.source for c in catalogue.values())


def test_a_catalogue_entry_cites_its_source_without_the_teams_notes(catalogue):
    iso = catalogue["ISO37120-8.1"]

    assert citations(iso.source) == [
        "ISO 37120:2018, Sustainable cities and communities — Indicators for city services and "
        "quality of life, 2018"
    ]


def test_anyone_reads_the_catalogue_by_framework_and_by_code(catalogue, api):
    listed = api().get(CATALOGUE, {"framework": "sdg", "page_size": 100}).json()["results"]
    one = api().get(f"{CATALOGUE}SDG-11.2.1/")

    assert {row["framework"] for row in listed} == {"sdg"}
    assert one.status_code == 200
    assert one.json()["reference"] == "11.2.1"


def _create(api, world, **data):
    user = world.personas["official-da-nang"]
    body = {"project": world.da_nang_project.pk, "name": "Waste collected", "unit": "t", **data}
    return api(user).post(INDICATORS, body, format="json")


def test_a_catalogue_indicator_brings_its_unit_and_direction(world, catalogue, api):
    response = _create(api, world, catalogue="SDG-11.6.2", unit="tonnes", direction="increase")

    assert response.status_code == 201, response.json()
    indicator = Indicator.objects.get(pk=response.json()["id"])
    assert (indicator.unit, indicator.direction) == ("µg/m³", "decrease")
    assert indicator.catalogue.code == "SDG-11.6.2"


def test_a_custom_indicator_keeps_its_own_unit_and_is_cumulative_when_told(world, catalogue, api):
    response = _create(api, world, direction="increase", measurement="cumulative")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["catalogue"], body["unit"], body["measurement"]) == (None, "t", "cumulative")


def test_an_update_may_reference_the_catalogue_later(world, catalogue, api):
    indicator = world.da_nang_indicator
    user = world.personas["official-da-nang"]

    response = api(user).patch(
        f"{INDICATORS}{indicator.pk}/",
        {"catalogue": "ASCN-08", "version": indicator.version},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert Indicator.objects.get(pk=indicator.pk).catalogue.code == "ASCN-08"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"catalogue": "SDG-99.9.9"}, "catalogue"),
        ({"measurement": "sometimes"}, "measurement"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_bad_catalogue_fields_are_a_400_per_field_and_save_nothing(
    world, catalogue, api, data, field
):
    before = Indicator.objects.count()

    response = _create(api, world, **data)

    assert response.status_code == 400
    assert field in response.json()
    assert Indicator.objects.count() == before


def _values(api, world, user="official-da-nang", **body):
    indicator = world.da_nang_indicator
    return api(world.personas[user]).post(
        f"{INDICATORS}{indicator.pk}/values/", body, format="json"
    )


def test_a_value_is_disaggregated_by_gesi_group_and_sex(world, api):
    response = _values(
        api,
        world,
        year=2020,
        value="100",
        parts=[
            {"sex": "female", "value": "55"},
            {"sex": "male", "value": "45"},
            {"gesi_group": "persons-with-disabilities", "value": "8"},
            {"gesi_group": "older-persons", "sex": "female", "value": "6"},
        ],
    )

    assert response.status_code == 200, response.json()
    (value,) = [v for v in response.json()["values"] if v["year"] == 2020]
    assert len(value["parts"]) == 4
    assert {"gesi_group": "older-persons", "sex": "female", "value": "6.0000"} in value["parts"]


def test_new_parts_replace_the_years_parts_and_removing_the_value_removes_them(world, api):
    _values(api, world, year=2020, value="100", parts=[{"sex": "female", "value": "55"}])
    _values(api, world, year=2020, value="90", parts=[{"sex": "male", "value": "40"}])

    assert list(DisaggregatedValue.objects.values_list("sex", flat=True)) == ["male"]
    _values(api, world, year=2020, value=None)
    assert not DisaggregatedValue.objects.exists()


@pytest.mark.parametrize(
    "parts",
    [
        [{"sex": "female", "value": "1"}, {"sex": "female", "value": "2"}],
        [{"value": "3"}],
        [{"sex": "unknown", "value": "3"}],
        [{"gesi_group": "no-such-group", "value": "3"}],
        [{"sex": "male", "value": "many"}],
        [{"sex": "male", "value": "-1"}],
    ],
)
def test_bad_parts_are_a_400_and_save_nothing(world, api, parts):
    response = _values(api, world, year=2020, value="100", parts=parts)

    assert response.status_code == 400
    assert "parts" in response.json()
    assert not IndicatorValue.objects.filter(indicator=world.da_nang_indicator).exists()
    assert not DisaggregatedValue.objects.exists()


@pytest.mark.parametrize("user", ["official-bangkok", "partner-adb", "nr-th"])
def test_only_the_city_may_disaggregate_its_values(world, api, user):
    response = _values(
        api, world, user=user, year=2020, value="1", parts=[{"sex": "male", "value": "1"}]
    )

    assert response.status_code in (403, 404)
    assert not IndicatorValue.objects.filter(indicator=world.da_nang_indicator).exists()


@pytest.fixture
def measured(world, catalogue):
    """Bangkok's published indicator references SDG 11.6.2, with a value split by sex."""
    indicator = world.bangkok_indicator
    Indicator.objects.filter(pk=indicator.pk).update(
        catalogue=catalogue["SDG-11.6.2"], unit="µg/m³", direction="decrease"
    )
    total = IndicatorValue.objects.create(indicator=indicator, year=2022, value=30)
    DisaggregatedValue.objects.create(total=total, sex="female", value=12)
    DisaggregatedValue.objects.create(
        total=total, gesi_group=GesiGroup.objects.get(code="women-girls"), value=9
    )
    f.republish(world.bangkok_plan)
    return world


def test_the_published_layer_carries_the_catalogue_and_the_parts(measured):
    published = Indicator.objects.get(origin=measured.bangkok_indicator.pk)

    assert published.catalogue.code == "SDG-11.6.2"
    assert published.direction == "decrease"
    parts = DisaggregatedValue.objects.filter(total__indicator=published)
    assert sorted((p.sex, p.value) for p in parts) == [("", Decimal(9)), ("female", Decimal(12))]


def test_iati_results_use_the_catalogue_code_and_the_dimensions(measured, api):
    body = b"".join(api().get("/api/iati/activities.xml").streaming_content)
    schema = Path(sys.prefix) / "share" / "iati-2.03" / "iati-activities-schema.xsd"
    xmlschema.XMLSchema(str(schema), allow="local").validate(body.decode())

    indicator = ElementTree.fromstring(body).find("iati-activity/result/indicator")
    assert indicator.get("ascending") == "0"
    assert indicator.find("reference").attrib == {"vocabulary": "9", "code": "11.6.2"}
    actuals = indicator.findall("period/actual")
    assert [a.get("value") for a in actuals] == ["30.0000", "12.0000", "9.0000"]
    assert {(d.get("name"), d.get("value")) for d in indicator.iter("dimension")} == {
        ("sex", "female"),
        ("gesi-target-group", "women-girls"),
    }


def test_a_portal_catalogue_code_is_the_reporting_organisations_own(world, catalogue):
    from action_plans.iati import indicator_reference

    assert indicator_reference(catalogue["ASCN-08"]) == {"vocabulary": "99", "code": "ASCN-08"}


def _editor_post(client, world, **data):
    client.force_login(world.personas["official-da-nang"])
    return client.post(
        f"/projects/{world.da_nang_project.pk}/indicators/new/",
        {"name": "Waste managed", "unit": "", **data},
    )


def test_the_editor_references_the_catalogue_and_takes_its_unit(world, catalogue, client):
    response = _editor_post(client, world, catalogue=catalogue["SDG-11.6.1"].pk)

    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Waste managed")
    assert (indicator.catalogue.code, indicator.unit, indicator.measurement) == (
        "SDG-11.6.1",
        "%",
        "periodic",
    )


def test_the_editor_asks_a_custom_indicator_for_its_unit_and_keeps_what_was_typed(
    world, catalogue, client
):
    response = _editor_post(client, world, measurement="cumulative")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the unit, or choose a catalogue indicator." in page
    assert 'value="Waste managed"' in page
    assert not Indicator.objects.filter(name="Waste managed").exists()
