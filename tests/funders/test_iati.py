"""The IATI 2.03 export: valid against the official schema (the pyIATI package's, which
`make install` takes from PyPI into .venv/share/iati-2.03: bin/iati-schemas; checked with
xmlschema), the standard's rules, published data only, filters, and query counts that stay flat."""

import sys
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans.iati import sector_shares
from action_plans.models import IndicatorValue, Project
from tests import factories as f

SCHEMA = Path(sys.prefix) / "share" / "iati-2.03" / "iati-activities-schema.xsd"
URL = "/api/iati/activities.xml"


@pytest.fixture(scope="module")
def schema():
    assert SCHEMA.exists(), f"{SCHEMA} is missing: run `make install` (bin/iati-schemas)"
    # "local": the schema reads its own files only, never the network.
    return xmlschema.XMLSchema(str(SCHEMA), allow="local")


@pytest.fixture
def funded(world):
    """Bangkok's published project with funding from ADB and the city, and indicator values."""
    project = world.bangkok_project
    f.FundingSourceFactory(
        project=project,
        funder_kind="partner",
        partner=world.adb,
        instrument="loan",
        amount=Decimal("400000"),
        iati_identifier="XM-DAC-46004-53039-001",
        funder_reference="53039-001",
    )
    f.FundingSourceFactory(project=project, status="sought", amount=Decimal("100000"))
    IndicatorValue.objects.create(indicator=world.bangkok_indicator, year=2022, value=30)
    project.focus_areas.add(world.infrastructure)
    f.republish(project.plan)
    return world


def _body(api, **params) -> bytes:
    response = api().get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return b"".join(response.streaming_content)


def _get(api, **params):
    return ElementTree.fromstring(_body(api, **params))


def test_export_is_valid_iati_2_03(funded, api, schema):
    body = _body(api)

    schema.validate(body.decode())
    document = ElementTree.fromstring(body)
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == 1


def test_export_follows_the_standards_rules(funded, api, settings):
    activity = _get(api).find("iati-activity")

    identifier = activity.findtext("iati-identifier")
    assert identifier.startswith(settings.IATI_REPORTING_ORG + "-")
    assert not set(identifier) & set("/&|? ")
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates["1"] <= dates["3"]
    shares = [Decimal(s.get("percentage")) for s in activity.findall("sector")]
    assert sum(shares) == 100
    assert [c.get("percentage") for c in activity.findall("recipient-country")] == ["100"]
    for period in activity.iter("period"):
        assert period.find("period-start").get("iso-date") <= period.find("period-end").get(
            "iso-date"
        )


def test_export_names_funders_budget_and_results(funded, api):
    activity = _get(api).find("iati-activity")

    funders = activity.findall("participating-org[@role='1']")
    assert [o.get("activity-id") for o in funders] == ["XM-DAC-46004-53039-001"]
    assert activity.find("participating-org[@role='4']") is not None
    assert activity.find("other-identifier").get("ref") == "53039-001"
    assert activity.find("budget/value").text == "1000000.00"
    assert activity.find("transaction/value").text == "400000.00"
    assert "Funding not yet confirmed" in activity.find("description[@type='4']/narrative").text
    periods = activity.findall("result/indicator/period")
    assert [p.find("actual").get("value") for p in periods if p.find("actual") is not None] == [
        "30.0000"
    ]
    assert activity.find("result/indicator/baseline").get("year") == "2018"


def test_export_has_no_draft_and_no_unpublished_edit(funded, api, personas):
    from action_plans import services

    project = Project.objects.get(pk=funded.bangkok_project.pk)
    services.project_update(
        project=project,
        actor=f.UserFactory(role="city_official", city=project.plan.city),
        data={"title": "Unpublished new title"},
        version=project.version,
    )

    text = _body(api).decode()
    assert "Unpublished new title" not in text
    assert "Da Nang smart traffic" not in text  # Da Nang's plan was never published


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"city": "bangkok"}, 1),
        ({"city": "da-nang"}, 0),
        ({"country": "TH"}, 1),
        ({"country": "vn"}, 0),
        ({"partner": "adb"}, 1),
        ({"partner": "world-bank"}, 0),
    ],
)
def test_export_filters(funded, api, params, count):
    params = {k: (funded.adb.slug if v == "adb" else v) for k, v in params.items()}
    assert len(_get(api, **params).findall("iati-activity")) == count


def test_bad_filter_is_a_400_with_a_message_per_field(world, api):
    response = api().get(URL, {"country": "V$N", "city": "no slug!"})

    assert response.status_code == 400
    assert set(response.json()) == {"country", "city"}


@pytest.mark.parametrize("areas", [1, 2, 3, 6, 7])
def test_sector_shares_add_up_to_100(areas):
    codes = [str(n) for n in range(areas)]
    assert sum(share for _code, share in sector_shares(codes)) == 100


def _queries(api) -> int:
    with CaptureQueriesContext(connection) as queries:
        b"".join(api().get(URL).streaming_content)
    return len(queries)


def test_export_query_count_is_flat(funded, api):
    small = _queries(api)
    plan = funded.bangkok_plan
    for n in range(6):
        project = f.ProjectFactory(plan=plan, title=f"More {n}", focus_areas=[funded.civic])
        f.FundingSourceFactory(project=project)
        f.IndicatorFactory(project=project)
    f.republish(plan)

    assert _queries(api) == small


def test_a_reporting_org_with_forbidden_characters_stops_the_portal(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from core.env import env_iati_identifier

    monkeypatch.setenv("IATI_REPORTING_ORG", "XM/ASEC")
    with pytest.raises(ImproperlyConfigured):
        env_iati_identifier("IATI_REPORTING_ORG", "XM-ASEAN-ASEC")


def _partner_projects(api, partner) -> list[str]:
    activities = _get(api, partner=partner.slug).findall("iati-activity")
    return [a.findtext("title/narrative") for a in activities]


def test_partner_filter_finds_the_projects_it_supports_by_partnership(funded, api):
    from partners.models import Partnership

    world_bank = f.PartnerFactory(slug="world-bank")
    Partnership.objects.create(project=funded.bangkok_project, partner=world_bank, start_year=2024)

    assert _partner_projects(api, world_bank) == ["Bangkok flood sensors"]


def test_supporting_partners_are_participating_organisations(funded, api, schema):
    """A partner in a partnership or with an accepted interest is named as an implementing
    partner (role 4); a pending interest is not; a confirmed funder is named once, as funder."""
    from partners.models import Partnership

    world_bank = f.PartnerFactory(slug="world-bank", name="World Bank", kind="development_bank")
    Partnership.objects.create(project=funded.bangkok_project, partner=world_bank, start_year=2024)
    Partnership.objects.create(project=funded.bangkok_project, partner=funded.adb, start_year=2024)
    opportunity = f.OpportunityFactory(
        city=funded.bangkok_project.plan.city, project=funded.bangkok_project
    )
    for name, status in (("Accepted Co <&>", "accepted"), ("Pending Co", "pending")):
        interest = f.InterestFactory(
            opportunity=opportunity, partner=f.PartnerFactory(name=name, kind="private")
        )
        type(interest).objects.filter(pk=interest.pk).update(
            status=status, decided_at=interest.created_at
        )

    body = _body(api)
    schema.validate(body.decode())
    activity = ElementTree.fromstring(body).find("iati-activity")
    implementing = {
        o.findtext("narrative"): o.get("type")
        for o in activity.findall("participating-org[@role='4']")
    }
    funders = [o.findtext("narrative") for o in activity.findall("participating-org[@role='1']")]

    assert implementing["World Bank"] == "40"
    assert implementing["Accepted Co <&>"] == "70"
    assert "Pending Co" not in implementing
    assert funded.adb.name not in implementing and funded.adb.name in funders


@pytest.mark.parametrize(("status", "found"), [("accepted", 1), ("pending", 0), ("declined", 0)])
def test_partner_filter_counts_only_accepted_interests(funded, api, status, found):
    partner = f.PartnerFactory(slug="interested-bank")
    opportunity = f.OpportunityFactory(
        city=funded.bangkok_project.plan.city, project=funded.bangkok_project
    )
    interest = f.InterestFactory(opportunity=opportunity, partner=partner)
    if status != "pending":
        type(interest).objects.filter(pk=interest.pk).update(
            status=status, decided_at=interest.created_at
        )

    assert len(_partner_projects(api, partner)) == found


def test_iati_export_is_in_the_openapi_schema(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/iati/activities.xml"]["get"]

    assert {p["name"] for p in operation["parameters"]} == {"city", "country", "partner"}
    assert "application/xml" in operation["responses"]["200"]["content"]
    assert "429" in operation["responses"]


def test_iati_export_is_throttled_like_the_other_public_endpoints(world, api, monkeypatch):
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "anon", "2/minute")
    cache.clear()
    codes = [api().get(URL).status_code for _ in range(3)]
    cache.clear()

    assert codes == [200, 200, 429]


def test_an_xml_reader_still_gets_its_file_and_bad_filters_as_json(world, api):
    assert api().get(URL, HTTP_ACCEPT="application/xml").status_code == 200
    response = api().get(URL, {"country": "V$N"}, HTTP_ACCEPT="application/xml")
    assert response.status_code == 400
    assert "country" in response.json()
