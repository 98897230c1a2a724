"""Every list endpoint runs a fixed number of queries, whatever the number of rows (SPEC §5)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plans.models import IndicatorValue
from meetings.models import Decision, Document, Meeting
from reports.models import AnnualReport
from tests import factories as f
from tests.api.conftest import publish
from tests.api.test_reads import COLLECTIONS

_serial = itertools.count()


def grow(world, *, cities: int) -> None:
    """Add `cities` more cities, each with a published plan full of everything a list shows."""
    asec = world.personas["asec"]
    for _ in range(cities):
        n = next(_serial)
        city = f.CityFactory(slug=f"grown-{n}", country=world.da_nang_plan.city.country)
        plan = publish(f.ActionPlanFactory(city=city), asec)
        for m in range(2):
            project = f.ProjectFactory(plan=plan, focus_areas=[world.infrastructure, world.civic])
            project.gesi_groups.set([])
            f.MilestoneFactory(project=project)
            indicator = f.IndicatorFactory(project=project)
            IndicatorValue.objects.create(indicator=indicator, year=2024, value=m)
            f.ProgressUpdateFactory(project=project, year=2024, submitted_by=asec)
        partner = f.PartnerFactory(slug=f"grown-partner-{n}")
        partner.focus_areas.set([world.infrastructure])
        partner.support_offered.set([world.support])
        twinning = f.TwinningFactory(city=city, partner=partner)
        twinning.focus_areas.set([world.civic])
        opportunity = f.OpportunityFactory(city=city, project=project)
        opportunity.support_sought.set([world.support])
        f.InterestFactory(opportunity=opportunity, partner=partner)
        meeting = Meeting.objects.create(
            kind=Meeting.Kind.WORKSHOP,
            title=f"Workshop {n}",
            start_date="2024-03-01",
            end_date="2024-03-02",
            host_city=city,
            host_country=city.country,
        )
        Document.objects.create(
            meeting=meeting, title=f"Minutes {n}", kind="minutes", date="2024-03-02"
        )
        Decision.objects.create(meeting=meeting, text="Follow up.", owner_city=city)
        AnnualReport.objects.create(year=2000 + n % 18 + 1, status="succeeded", published=True)


# Queries of an anonymous list: the page count, the page, then one per prefetched relation (the
# codes of all many-to-many reference data are one query: core.api.base.attach_codes).
LIST_QUERIES = {
    "countries": 2,
    "cities": 2,
    "focus-areas": 2,
    "action-plans": 2,
    "projects": 4,  # + funding sources; the codes (focus areas, outcomes, GESI, components, ASCAP)
    "milestones": 2,
    "indicators": 4,  # + values, their disaggregated parts
    "progress-updates": 3,  # + the names of the submitters
    "partners": 3,  # + the codes (focus areas, support offered)
    "twinnings": 3,  # + focus areas
    "opportunities": 3,  # + the codes (focus areas, support sought)
    "interests": 2,
    "meetings": 4,  # + documents, decisions
    "reports": 2,
    "plan-periods": 2,
    "reporting-cycles": 2,  # the per-status counts are annotations
    "submissions": 2,
}
# An export has no page count; projects are exported by the importer's module
# (+ updates, funding sources, indicators); progress updates export model instances, which
# select their submitters with them.
EXPORT_QUERIES = {
    **{c: n - 1 for c, n in LIST_QUERIES.items()},
    "projects": 7,
    "progress-updates": 1,
}


def expected(queries: int, persona: str, collection: str) -> int:
    if persona == "anonymous":
        # The policy shows the public no interest and no submission at all.
        return 0 if collection in ("interests", "submissions") else queries
    if persona == "partner-adb" and collection == "submissions":
        return 1  # the token's user; a partner sees no city's submission
    return queries + 1  # the token's user


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("persona", ["asec", "anonymous", "partner-adb"])
@pytest.mark.parametrize("collection", COLLECTIONS)
def test_list_query_count_does_not_grow_with_the_data(
    world, api, django_assert_num_queries, collection, persona
):
    client = api(world.personas[persona])
    queries = expected(LIST_QUERIES[collection], persona, collection)
    grow(world, cities=1)
    with django_assert_num_queries(queries):
        get_ok(client, f"/api/{collection}/")

    grow(world, cities=4)

    with django_assert_num_queries(queries):
        get_ok(client, f"/api/{collection}/")


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_data(
    world, api, django_assert_num_queries, collection, file_format
):
    client = api(world.personas["asec"])
    url = f"/api/{collection}/?format={file_format}"
    queries = expected(EXPORT_QUERIES[collection], "asec", collection)
    grow(world, cities=1)
    with django_assert_num_queries(queries):
        get_ok(client, url)

    grow(world, cities=4)

    with django_assert_num_queries(queries):
        get_ok(client, url)


@pytest.mark.parametrize(
    "url",
    [
        "/api/partners/asian-development-bank/recommendations/",
        "/api/cities/da-nang/recommendations/",
    ],
)
def test_recommendations_query_count_does_not_grow_with_the_data(world, api, url):
    client = api(world.personas["asec"])
    grow(world, cities=1)
    with CaptureQueriesContext(connection) as small:
        get_ok(client, url)

    grow(world, cities=4)

    with CaptureQueriesContext(connection) as large:
        get_ok(client, url)
    assert len(large) == len(small)
