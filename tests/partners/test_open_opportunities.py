"""One home for "open opportunity": `Opportunity.objects.open()`, asked by the marketplace, the
home page, matchmaking, open data and the policy alike."""

import datetime

import pytest

from core import policy
from partners.models import Opportunity
from tests import factories as f

TODAY = datetime.date(2027, 3, 10)


@pytest.fixture
def opportunities(da_nang):
    def make(title, **fields):
        return f.OpportunityFactory(city=da_nang, title=title, **fields)

    return {
        "no closing date": make("no closing date"),
        "closes today": make("closes today", closing_date=TODAY),
        "closes tomorrow": make("closes tomorrow", closing_date=TODAY + datetime.timedelta(1)),
        "closed yesterday": make("closed yesterday", closing_date=TODAY - datetime.timedelta(1)),
        "matched": make("matched", status=Opportunity.Status.MATCHED),
        "closed": make("closed", status=Opportunity.Status.CLOSED),
    }


def test_open_opportunities_are_open_and_not_past_their_closing_date(opportunities):
    titles = set(Opportunity.objects.open(today=TODAY).values_list("title", flat=True))

    assert titles == {"no closing date", "closes today", "closes tomorrow"}


def test_an_opportunity_leaves_the_open_ones_the_day_after_it_closes(opportunities):
    after = TODAY + datetime.timedelta(1)

    titles = set(Opportunity.objects.open(today=after).values_list("title", flat=True))

    assert titles == {"no closing date", "closes tomorrow"}


def test_one_rows_is_open_agrees_with_the_queryset(opportunities):
    open_ids = set(Opportunity.objects.open().values_list("pk", flat=True))

    assert {o.pk for o in opportunities.values() if o.is_open} == open_ids


def test_the_public_sees_exactly_the_open_opportunities(opportunities, anonymous):
    visible = set(policy.visible_opportunities(anonymous))

    assert visible == set(Opportunity.objects.open())


def test_a_city_sees_its_own_closed_opportunities_beside_every_open_one(
    opportunities, da_nang_official, bangkok_official
):
    assert set(policy.visible_opportunities(da_nang_official)) == set(opportunities.values())
    assert set(policy.visible_opportunities(bangkok_official)) == set(Opportunity.objects.open())


def test_a_partner_sees_the_closed_opportunities_it_expressed_interest_in(
    opportunities, partner_user, adb
):
    f.InterestFactory(opportunity=opportunities["matched"], partner=adb)

    visible = set(policy.visible_opportunities(partner_user))

    assert visible == {*Opportunity.objects.open(), opportunities["matched"]}
