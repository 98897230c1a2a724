"""One home for "the plan is published": `ActionPlan.objects.published()`, asked by the policy
and the public figures alike."""

import pytest

from action_plans.models import ActionPlan, PlanStatus
from core import policy
from reports.selectors import Scope, plans_by_status
from tests import factories as f


@pytest.fixture
def plans(da_nang, bangkok, asec_user):
    published = f.ActionPlanFactory(city=da_nang, status=PlanStatus.PUBLISHED)
    f.publish_as_is(published, asec_user)
    revised = f.ActionPlanFactory(city=bangkok, status=PlanStatus.PUBLISHED)
    f.publish_as_is(revised, asec_user)
    ActionPlan.objects.filter(pk=revised.pk).update(status=PlanStatus.DRAFT, revision=2)
    never = {
        status: f.ActionPlanFactory(city=f.CityFactory(country=da_nang.country), status=status)
        for status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.ENDORSED)
    }
    return {"published": published, "revised": revised, **never}


def test_a_plan_is_published_once_asec_published_any_revision_of_it(plans):
    assert set(ActionPlan.objects.published()) == {plans["published"], plans["revised"]}


def test_a_revision_under_way_keeps_the_plan_published(plans):
    revised = ActionPlan.objects.published().get(pk=plans["revised"].pk)

    assert revised.status == PlanStatus.DRAFT


def test_the_public_sees_exactly_the_published_plans(plans, anonymous):
    assert set(policy.visible_plans(anonymous)) == set(ActionPlan.objects.published())


def test_a_city_sees_its_drafts_beside_every_published_plan(plans, bangkok_official):
    assert set(policy.visible_plans(bangkok_official)) == set(ActionPlan.objects.published())


def test_public_figures_count_every_published_plan_as_published(plans):
    year = plans["published"].period.start_year

    counts = plans_by_status(Scope(year=year, published_only=True))

    assert counts[PlanStatus.PUBLISHED] == 2
