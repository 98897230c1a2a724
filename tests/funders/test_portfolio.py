"""A partner's portfolio page: the projects it funds or supports, as the reader may see them, with
progress, funding status and open needs; query count flat at two sizes."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans import services
from action_plans.models import Project
from partners.models import Partnership
from tests import factories as f


def _url(partner):
    return reverse("partners:portfolio", args=[partner.slug])


def _fund(world, project, amount="400000", status="confirmed"):
    f.FundingSourceFactory(
        project=project,
        funder_kind="partner",
        partner=world.adb,
        instrument="grant",
        amount=Decimal(amount),
        status=status,
    )


def test_portfolio_lists_funded_and_supported_projects_with_figures(world, client):
    _fund(world, world.bangkok_project)
    other = f.ProjectFactory(plan=world.bangkok_plan, title="Bangkok bus data", stage="ongoing")
    Partnership.objects.create(project=other, partner=world.adb, start_year=2024)
    f.republish(world.bangkok_plan)

    response = client.get(_url(world.adb))

    assert response.status_code == 200
    projects = {p.title: p for p in response.context["projects"]}
    assert set(projects) == {"Bangkok flood sensors", "Bangkok bus data"}
    funded = projects["Bangkok flood sensors"]
    assert (funded.funded_by_partner, funded.funding_confirmed) == (True, 400000)
    assert funded.funding_gap == Decimal("600000")
    assert projects["Bangkok bus data"].funded_by_partner is False
    assert response.context["progress"] is not None
    html = response.content.decode()
    assert "Funder" in html and "Supporter" in html and "600,000" in html


def test_anonymous_does_not_see_a_draft_project_in_the_portfolio(world, client, client_for):
    _fund(world, world.da_nang_project)  # Da Nang's plan is a draft

    assert client.get(_url(world.adb)).context["projects"] == []
    official = client_for(world.personas["official-da-nang"])
    assert [p.title for p in official.get(_url(world.adb)).context["projects"]] == [
        "Da Nang smart traffic"
    ]


def test_an_unpublished_funding_edit_stays_out_of_the_public_portfolio(world, client):
    project = Project.objects.get(pk=world.bangkok_project.pk)
    services.project_update(
        project=project,
        actor=f.UserFactory(role="city_official", city=project.plan.city),
        version=project.version,
        data={
            "funding_sources": [
                {
                    "funder_kind": "partner",
                    "partner": world.adb,
                    "instrument": "loan",
                    "amount": 1000,
                    "currency": "USD",
                    "status": "sought",
                }
            ]
        },
    )

    assert client.get(_url(world.adb)).context["projects"] == []


def _queries(client, partner) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(partner)).status_code == 200
    return len(queries)


def test_portfolio_query_count_is_flat(world, client):
    _fund(world, world.bangkok_project)
    small = _queries(client, world.adb)
    for n in range(8):
        project = f.ProjectFactory(plan=world.bangkok_plan, title=f"More {n}")
        _fund(world, project, amount="1000", status="sought")
        f.ProgressUpdateFactory(project=project, year=2024)
    f.republish(world.bangkok_plan)

    assert len(world.adb.funding_sources.filter(project__layer="published")) == 9
    assert _queries(client, world.adb) == small
