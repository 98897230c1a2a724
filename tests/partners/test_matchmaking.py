"""Matchmaking on hand-made fixtures: every score below is worked out from the weights."""

import datetime

import pytest
from django.utils import timezone

from action_plans.models import Stage
from partners import matchmaking
from partners.models import Partnership
from tests import factories as f

TODAY = timezone.localdate()


def opportunity(city, title, areas, support, **kwargs):
    opp = f.OpportunityFactory(city=city, title=title, focus_areas=areas, **kwargs)
    opp.support_sought.set(support)
    return opp


def partner(slug, name, kind, areas=(), support=()):
    result = f.PartnerFactory(slug=slug, name=name, kind=kind)
    result.focus_areas.set(areas)
    result.support_offered.set(support)
    return result


def project(plan, title, areas, stage=Stage.ONGOING, **kwargs):
    return f.ProjectFactory(plan=plan, title=title, focus_areas=areas, stage=stage, **kwargs)


@pytest.fixture
def adb_profile(adb, infrastructure, support):
    adb.focus_areas.set([infrastructure])
    adb.support_offered.set([support["funding"]])
    return adb


# --- Opportunities for a partner ---------------------------------------------------------------


def test_opportunities_are_ranked_by_focus_support_and_kind_with_reasons(
    adb_profile, da_nang, bangkok, infrastructure, environment, support
):
    street_lights = opportunity(
        da_nang, "Smart street lights", [infrastructure], [support["funding"]]
    )
    flood = opportunity(
        bangkok,
        "Flood sensors",
        [infrastructure, environment],
        [support["technical-assistance"]],
    )
    opportunity(bangkok, "Recycling app", [environment], [support["solutions"]])

    matches = matchmaking.opportunities_for_partner(adb_profile)

    assert [(m.obj, m.score) for m in matches] == [(street_lights, 75.0), (flood, 27.5)]
    assert matches[0].reasons == [
        "Shares focus areas: Built Infrastructure",
        "Offers the support sought: Funding",
        "A typical provider of Funding: Multilateral development bank",
    ]
    assert matches[1].reasons == [
        "Shares focus areas: Built Infrastructure",
        "A typical provider of Technical assistance: Multilateral development bank",
    ]


def test_closed_matched_and_past_closing_date_opportunities_are_not_recommended(
    adb_profile, da_nang, infrastructure, support
):
    open_one = opportunity(
        da_nang, "Open today", [infrastructure], [support["funding"]], closing_date=TODAY
    )
    opportunity(da_nang, "Closed", [infrastructure], [support["funding"]], status="closed")
    opportunity(da_nang, "Matched", [infrastructure], [support["funding"]], status="matched")
    opportunity(
        da_nang,
        "Closed yesterday",
        [infrastructure],
        [support["funding"]],
        closing_date=TODAY - datetime.timedelta(days=1),
    )

    assert [m.obj for m in matchmaking.opportunities_for_partner(adb_profile)] == [open_one]


def test_a_twinning_with_the_city_counts_as_past_work(adb_profile, da_nang, infrastructure):
    f.TwinningFactory(city=da_nang, partner=adb_profile, counterpart_city="Yokohama")
    opp = opportunity(da_nang, "Harbour", [infrastructure], [])

    [match] = matchmaking.opportunities_for_partner(adb_profile)

    assert match.obj == opp
    assert match.score == 50.0
    assert match.reasons[-1] == "Already twinned with Da Nang"


def test_completed_partnerships_count_as_past_work_and_track_record(
    adb_profile, da_nang, bangkok, hue, infrastructure, publish
):
    skytrain = project(
        publish(f.ActionPlanFactory(city=bangkok)),
        "Skytrain",
        [infrastructure],
        Stage.COMPLETED,
    )
    Partnership.objects.create(project=skytrain, partner=adb_profile, start_year=2019)
    in_bangkok = opportunity(bangkok, "Bangkok canal", [infrastructure], [])
    in_hue = opportunity(hue, "Hue bridges", [infrastructure], [])

    matches = {m.obj: m for m in matchmaking.opportunities_for_partner(adb_profile)}

    assert matches[in_bangkok].score == 50.0
    assert matches[in_bangkok].reasons[1:] == ["Already supports projects in Bangkok"]
    assert matches[in_hue].score == 45.0
    assert matches[in_hue].reasons[1:] == [
        "Supported similar completed projects elsewhere: Skytrain (Bangkok)"
    ]


def test_work_elsewhere_in_the_country_counts_a_little(adb_profile, da_nang, hue, infrastructure):
    f.TwinningFactory(city=hue, partner=adb_profile, counterpart_city="Kyoto")
    opp = opportunity(da_nang, "Da Nang port", [infrastructure], [])

    [match] = matchmaking.opportunities_for_partner(adb_profile)

    assert (match.obj, match.score) == (opp, 40.0)
    assert match.reasons[-1] == "Already works in Viet Nam"


def test_partnerships_on_unpublished_projects_are_not_named(
    adb_profile, bangkok, hue, infrastructure
):
    draft = project(
        f.ActionPlanFactory(city=bangkok),
        "Secret",
        [infrastructure],
        Stage.COMPLETED,
    )
    Partnership.objects.create(project=draft, partner=adb_profile, start_year=2019)
    opportunity(hue, "Hue bridges", [infrastructure], [])

    [match] = matchmaking.opportunities_for_partner(adb_profile)

    assert match.score == 35.0
    assert not any("Secret" in reason for reason in match.reasons)


def test_ties_are_broken_by_title_then_primary_key(adb_profile, da_nang, infrastructure):
    second = opportunity(da_nang, "beta", [infrastructure], [])
    first = opportunity(da_nang, "Alpha", [infrastructure], [])
    third = opportunity(da_nang, "beta", [infrastructure], [])

    matches = matchmaking.opportunities_for_partner(adb_profile)

    assert [m.obj for m in matches] == [first, second, third]
    assert [m.obj for m in matchmaking.opportunities_for_partner(adb_profile, limit=2)] == [
        first,
        second,
    ]


def test_a_partner_without_a_profile_gets_no_recommendations(adb, da_nang, infrastructure):
    opportunity(da_nang, "Anything", [infrastructure], [])

    assert matchmaking.opportunities_for_partner(adb) == []


@pytest.mark.parametrize("size", [2, 12])
def test_opportunities_for_partner_runs_a_fixed_number_of_queries(
    size, adb_profile, da_nang, hue, infrastructure, support, publish, django_assert_num_queries
):
    done = project(
        publish(f.ActionPlanFactory(city=hue)),
        "Done",
        [infrastructure],
        "completed",
    )
    Partnership.objects.create(project=done, partner=adb_profile, start_year=2020)
    f.TwinningFactory(city=da_nang, partner=adb_profile)
    for number in range(size):
        opportunity(da_nang, f"Opportunity {number}", [infrastructure], [support["funding"]])

    with django_assert_num_queries(9):
        assert len(matchmaking.opportunities_for_partner(adb_profile)) == size


# --- Partners for a city ----------------------------------------------------------------------


@pytest.fixture
def da_nang_needs(da_nang, infrastructure, environment, support):
    """An open opportunity in infrastructure seeking funding; a project seeking partners in the
    environment; a project not seeking partners (ignored since another one is)."""
    opportunity(da_nang, "Street lights", [infrastructure], [support["funding"]])
    plan = f.ActionPlanFactory(city=da_nang)
    project(plan, "River clean-up", [environment], seeking_partners=True)
    project(plan, "Civic app", [f.FocusAreaFactory(code="civic-social")])


def test_partners_are_ranked_for_the_city_needs(
    da_nang_needs, da_nang, adb_profile, environment, support
):
    ramboll = partner("ramboll", "Ramboll", "private", [environment], [support["solutions"]])
    partner("ait", "Asian Institute of Technology", "academic")

    matches = matchmaking.partners_for_city(da_nang)

    assert [(m.obj, m.score) for m in matches] == [(adb_profile, 57.5), (ramboll, 17.5)]
    assert matches[0].reasons == [
        "Shares focus areas: Built Infrastructure",
        "Offers the support sought: Funding",
        "A typical provider of Funding: Multilateral development bank",
    ]
    assert matches[1].reasons == ["Shares focus areas: Quality Environment"]


def test_without_projects_seeking_partners_all_active_projects_count(
    da_nang, adb_profile, infrastructure
):
    plan = f.ActionPlanFactory(city=da_nang)
    project(plan, "Bus lanes", [infrastructure])
    project(plan, "Old road", [f.FocusAreaFactory(code="civic-social")], Stage.COMPLETED)

    [match] = matchmaking.partners_for_city(da_nang)

    assert (match.obj, match.score) == (adb_profile, 35.0)


def test_a_partner_twinned_with_the_city_ranks_higher(da_nang_needs, da_nang, adb_profile):
    jica = partner("jica", "JICA", "government")
    f.TwinningFactory(city=da_nang, partner=jica, counterpart_city="Yokohama")

    matches = matchmaking.partners_for_city(da_nang)

    assert [(m.obj, m.score) for m in matches] == [(adb_profile, 57.5), (jica, 25.0)]
    assert matches[1].reasons == [
        "A typical provider of Funding: Dialogue partner / external government",
        "Already twinned with Da Nang",
    ]


def test_the_kind_of_partner_alone_is_not_a_match(da_nang_needs, da_nang):
    partner("world-bank", "World Bank", "development_bank")

    assert matchmaking.partners_for_city(da_nang) == []


@pytest.mark.parametrize("size", [2, 12])
def test_partners_for_city_runs_a_fixed_number_of_queries(
    size,
    da_nang_needs,
    da_nang,
    bangkok,
    infrastructure,
    support,
    publish,
    django_assert_num_queries,
):
    done = project(
        publish(f.ActionPlanFactory(city=bangkok)),
        "Done",
        [infrastructure],
        "completed",
    )
    for number in range(size):
        candidate = partner(f"p{number}", f"Partner {number}", "ngo", [infrastructure])
        f.TwinningFactory(city=da_nang, partner=candidate)
        Partnership.objects.create(project=done, partner=candidate, start_year=2020)

    with django_assert_num_queries(10):
        assert len(matchmaking.partners_for_city(da_nang)) == size
