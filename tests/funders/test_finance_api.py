"""Finance and readiness of a project through the API: the same services and version checks as
the editor; bad input gets a message per field and nothing is saved."""

import pytest

from action_plans.models import FundingSource, Project


def _source(**changes):
    return {
        "funder_kind": "partner",
        "partner": "asian-development-bank",
        "instrument": "loan",
        "amount": "150000",
        "currency": "USD",
        "status": "confirmed",
        "iati_identifier": "XM-DAC-46004-P12345",
        "funder_reference": "P12345",
        **changes,
    }


def _patch(world, api, body, persona="official-da-nang"):
    project = world.da_nang_project
    project.refresh_from_db()
    return api(world.personas[persona]).patch(
        f"/api/projects/{project.pk}/",
        {"version": project.version, **body},
        format="json",
    )


@pytest.fixture
def funded_world(world):
    world.adb.slug = "asian-development-bank"
    world.adb.save()
    Project.objects.filter(pk=world.da_nang_project.pk).update(budget_usd=250000)
    return world


def test_da_nang_official_sets_funding_readiness_and_upkeep(funded_world, api):
    city_budget = _source(
        funder_kind="city",
        partner=None,
        instrument="own_budget",
        amount="50000",
        iati_identifier="",
        funder_reference="",
    )
    response = _patch(
        funded_world,
        api,
        {
            "funding_sources": [_source(), city_budget],
            "readiness": "procurement",
            "om_cost_usd": "12000",
            "om_paid_by": "city",
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["stage"] == "ongoing"  # procurement is beyond feasibility (Exhibit 2)
    assert body["funding_total_usd"] == "200000.00"
    assert body["funding_gap_usd"] == "50000.00"
    assert [s["partner"] for s in body["funding_sources"]] == ["asian-development-bank", None]
    assert FundingSource.objects.filter(project=funded_world.da_nang_project).count() == 2


def test_stage_that_contradicts_the_readiness_is_refused(funded_world, api):
    response = _patch(funded_world, api, {"readiness": "feasibility", "stage": "ongoing"})

    assert response.status_code == 400
    assert "readiness" in response.json()


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"iati_identifier": "XM/DAC&1"}, "iati_identifier"),
        ({"partner": "no-such-partner"}, "partner"),
    ],
)
def test_bad_funding_source_gets_a_message_for_its_field(funded_world, api, source, field):
    response = _patch(funded_world, api, {"funding_sources": [_source(**source)]})

    assert response.status_code == 400
    assert field in response.json()["funding_sources"]["0"]
    assert not FundingSource.objects.exists()


def test_funding_beyond_the_budget_is_refused_and_nothing_saved(funded_world, api):
    response = _patch(
        funded_world, api, {"title": "Renamed", "funding_sources": [_source(amount="300000")]}
    )

    assert response.status_code == 400
    assert "funding_sources" in response.json()
    assert not FundingSource.objects.exists()
    assert Project.objects.get(pk=funded_world.da_nang_project.pk).title != "Renamed"


def test_negative_upkeep_cost_is_refused(funded_world, api):
    response = _patch(funded_world, api, {"om_cost_usd": "-1"})

    assert response.status_code == 400
    assert "om_cost_usd" in response.json()


def test_foreign_currency_needs_its_usd_value(funded_world, api):
    response = _patch(funded_world, api, {"funding_sources": [_source(currency="JPY")]})
    assert response.status_code == 400

    response = _patch(
        funded_world, api, {"funding_sources": [_source(currency="JPY", amount_usd="1000")]}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["funding_total_usd"] == "1000.00"


def test_stale_version_with_funding_is_a_conflict(funded_world, api):
    response = api(funded_world.personas["official-da-nang"]).patch(
        f"/api/projects/{funded_world.da_nang_project.pk}/",
        {"version": 99, "funding_sources": [_source()]},
        format="json",
    )

    assert response.status_code == 409
    assert not FundingSource.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("official-bangkok", 404), ("nr-vn", 403), ("partner-adb", 404), ("asec", 403)],
)
def test_only_the_city_writes_funding(funded_world, api, persona, status):
    response = _patch(funded_world, api, {"funding_sources": [_source()]}, persona=persona)

    assert response.status_code == status
    assert not FundingSource.objects.exists()


def test_public_reads_the_published_funding_only(funded_world, api):
    bangkok = funded_world.bangkok_project
    response = api().get(f"/api/projects/{bangkok.pk}/")
    assert response.json()["funding_sources"] == []

    _patch(funded_world, api, {"funding_sources": [_source()]})
    anonymous = api().get("/api/projects/", {"city": "da-nang"}).json()
    assert anonymous["count"] == 0  # Da Nang's plan was never published
