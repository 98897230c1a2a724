"""Fixtures of the API tests: clients signed in with a token per persona, and a small world.

Da Nang has a draft plan (its city, Viet Nam's representative and ASEC see it); Bangkok a
published one (everyone sees it). Both have a project with a milestone, an indicator and a
progress update; Da Nang has an open opportunity with ADB's interest, and one without any.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from action_plans.models import PlanStatus, Submission
from meetings.models import Meeting
from partners.models import SupportType
from reports.models import AnnualReport
from tests import factories as f


@pytest.fixture
def api():
    """An API client for a persona, authenticated with the persona's token."""

    def make(user=None):
        client = APIClient()
        if user is not None and user.is_authenticated:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def infrastructure(db):
    return f.FocusAreaFactory(code="built-infrastructure", name="Built Infrastructure", position=5)


@pytest.fixture
def civic(db):
    return f.FocusAreaFactory(code="civic-social", name="Civic and Social", position=1)


def publish(plan, by):
    f.publish_as_is(plan, by)
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    return plan


class World:
    """The objects of the small world, by name."""

    def __init__(self, **objects):
        self.__dict__.update(objects)


@pytest.fixture
def world(personas, da_nang_plan, bangkok_plan, infrastructure, civic, adb):
    asec = personas["asec"]
    da_nang_project = f.ProjectFactory(
        plan=da_nang_plan, title="Da Nang smart traffic", focus_areas=[infrastructure]
    )
    bangkok_project = f.ProjectFactory(
        plan=bangkok_plan, title="Bangkok flood sensors", focus_areas=[civic], stage="planning"
    )
    support, _ = SupportType.objects.get_or_create(code="funding", defaults={"name": "Funding"})
    opportunity = f.OpportunityFactory(
        city=da_nang_plan.city, title="Traffic control centre", project=da_nang_project
    )
    opportunity.support_sought.set([support])
    spare_opportunity = f.OpportunityFactory(city=da_nang_plan.city, title="Open data platform")
    spare_opportunity.support_sought.set([support])
    adb.focus_areas.set([infrastructure])
    adb.support_offered.set([support])
    world = World(
        personas=personas,
        da_nang_plan=da_nang_plan,
        bangkok_plan=bangkok_plan,
        da_nang_project=da_nang_project,
        bangkok_project=bangkok_project,
        da_nang_milestone=f.MilestoneFactory(project=da_nang_project),
        bangkok_milestone=f.MilestoneFactory(project=bangkok_project),
        da_nang_indicator=f.IndicatorFactory(project=da_nang_project),
        bangkok_indicator=f.IndicatorFactory(project=bangkok_project),
        da_nang_update=f.ProgressUpdateFactory(project=da_nang_project, year=2024),
        bangkok_update=f.ProgressUpdateFactory(project=bangkok_project, year=2024),
        opportunity=opportunity,
        spare_opportunity=spare_opportunity,
        interest=f.InterestFactory(opportunity=opportunity, partner=adb),
        twinning=f.TwinningFactory(city=da_nang_plan.city, counterpart_city="Yokohama"),
        meeting=Meeting.objects.create(
            kind=Meeting.Kind.ANNUAL,
            number=1,
            title="1st ASCN Annual Meeting",
            start_date="2018-07-08",
            end_date="2018-07-08",
        ),
        published_report=AnnualReport.objects.create(
            year=2023, status=AnnualReport.Status.SUCCEEDED, progress=100, published=True
        ),
        draft_report=AnnualReport.objects.create(
            year=2022, status=AnnualReport.Status.SUCCEEDED, progress=100
        ),
        adb=adb,
        infrastructure=infrastructure,
        civic=civic,
        support=support,
    )
    # A past year's closed cycle with both cities' submissions (2019: no world update is in it).
    past_cycle = f.ReportingCycleFactory(year=2019, status="closed")
    for plan in (da_nang_plan, bangkok_plan):
        Submission.objects.create(cycle=past_cycle, city=plan.city, status="accepted")
    # Published once its content is there: the public reads what the publication froze.
    publish(bangkok_plan, asec)
    return world
