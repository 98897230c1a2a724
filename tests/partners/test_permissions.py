"""The role × action matrix of every write path of the marketplace, and the recommendation pages.

Out of a person's scope is 404, visible but not allowed is 403, anonymous is sent to sign in.
Refused personas come first in each row, so that the allowed one acts on untouched data.
"""

import pytest

from partners.models import Interest, Opportunity, Partner, Partnership, Twinning
from tests import factories as f

SIGN_IN = 302
REFUSED = {"nr-vn": 403, "nr-th": 403, "anonymous": SIGN_IN}
OUT_OF_SCOPE = {"nr-vn": 404, "nr-th": 404, "anonymous": SIGN_IN}


@pytest.fixture
def world(da_nang, bangkok, adb, infrastructure, support):
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), focus_areas=[infrastructure])
    opportunity = f.OpportunityFactory(city=da_nang, project=project, focus_areas=[infrastructure])
    opportunity.support_sought.set([support["funding"]])
    open_for_interest = f.OpportunityFactory(city=da_nang, title="Open for interest")
    return {
        "partner": adb,
        "twinning": f.TwinningFactory(city=da_nang),
        "opportunity": opportunity,
        "open_for_interest": open_for_interest,
        "interest": f.InterestFactory(opportunity=opportunity, partner=adb),
    }


MATRIX = [
    (
        "GET",
        "/partners/{partner.slug}/edit/",
        {
            **REFUSED,
            "official-da-nang": 403,
            "official-bangkok": 403,
            "csco-da-nang": 403,
            "partner-adb": 200,
            "asec": 200,
        },
    ),
    (
        "POST",
        "/partners/{partner.slug}/edit/",
        {**REFUSED, "official-da-nang": 403, "partner-adb": 200, "asec": 200},
    ),
    (
        "GET",
        "/twinnings/new/",
        {**REFUSED, "official-da-nang": 403, "partner-adb": 403, "asec": 200},
    ),
    (
        "POST",
        "/twinnings/new/",
        {**REFUSED, "official-da-nang": 403, "partner-adb": 403, "asec": 200},
    ),
    (
        "GET",
        "/twinnings/{twinning.pk}/edit/",
        {**REFUSED, "official-da-nang": 403, "partner-adb": 403, "asec": 200},
    ),
    (
        "POST",
        "/twinnings/{twinning.pk}/edit/",
        {**REFUSED, "official-da-nang": 403, "partner-adb": 403, "asec": 200},
    ),
    (
        "GET",
        "/opportunities/new/",
        {
            **REFUSED,
            "partner-adb": 403,
            "asec": 403,
            "official-bangkok": 200,
            "official-da-nang": 200,
            "csco-da-nang": 200,
        },
    ),
    ("POST", "/opportunities/new/", {**REFUSED, "partner-adb": 403, "official-da-nang": 200}),
    (
        "GET",
        "/opportunities/{opportunity.pk}/edit/",
        {
            **REFUSED,
            "official-bangkok": 403,
            "partner-adb": 403,
            "asec": 403,
            "official-da-nang": 200,
            "csco-da-nang": 200,
        },
    ),
    (
        "POST",
        "/opportunities/{opportunity.pk}/edit/",
        {**REFUSED, "official-bangkok": 403, "partner-adb": 403, "official-da-nang": 200},
    ),
    (
        "POST",
        "/opportunities/{opportunity.pk}/close/",
        {
            **REFUSED,
            "official-bangkok": 403,
            "partner-adb": 403,
            "asec": 403,
            "official-da-nang": 302,
        },
    ),
    (
        "POST",
        "/opportunities/{open_for_interest.pk}/interest/",
        {
            **REFUSED,
            "official-da-nang": 403,
            "official-bangkok": 403,
            "asec": 403,
            "partner-adb": 302,
        },
    ),
    (
        "POST",
        "/interests/{interest.pk}/accept/",
        {
            **OUT_OF_SCOPE,
            "official-bangkok": 404,
            "partner-adb": 403,
            "asec": 403,
            "official-da-nang": 302,
        },
    ),
    (
        "POST",
        "/interests/{interest.pk}/decline/",
        {
            **OUT_OF_SCOPE,
            "official-bangkok": 404,
            "partner-adb": 403,
            "asec": 403,
            "csco-da-nang": 302,
        },
    ),
    (
        "POST",
        "/interests/{interest.pk}/withdraw/",
        {
            **OUT_OF_SCOPE,
            "official-bangkok": 404,
            "official-da-nang": 403,
            "asec": 403,
            "partner-adb": 302,
        },
    ),
]


@pytest.mark.parametrize(("method", "url", "expected"), MATRIX, ids=lambda v: str(v)[:40])
def test_role_action_matrix(method, url, expected, world, personas, client_for):
    path = url.format(**world)
    statuses = {}
    for persona, _status in expected.items():
        client = client_for(personas[persona])
        response = client.get(path) if method == "GET" else client.post(path, {"message": "Hi"})
        statuses[persona] = response.status_code
    assert statuses == expected


def test_refused_personas_change_nothing(world, personas, client_for):
    interest, opportunity = world["interest"], world["opportunity"]
    for persona in ("official-bangkok", "nr-vn", "anonymous"):
        client = client_for(personas[persona])
        client.post(f"/interests/{interest.pk}/accept/")
        client.post(f"/opportunities/{opportunity.pk}/close/")
        client.post(f"/partners/{world['partner'].slug}/edit/", {"name": "Hijacked"})
    assert Interest.objects.get(pk=interest.pk).status == "pending"
    assert Opportunity.objects.get(pk=opportunity.pk).status == "open"
    assert not Partnership.objects.exists()
    assert not Partner.objects.filter(name="Hijacked").exists()
    assert Twinning.objects.count() == 1


# --- Recommendation pages ---------------------------------------------------------------------


@pytest.fixture
def adb_profile(adb, infrastructure, support):
    adb.focus_areas.set([infrastructure])
    adb.support_offered.set([support["funding"]])
    return adb


def test_partner_user_sees_opportunities_recommended_with_score_and_reasons(
    client_for, partner_user, adb_profile, da_nang, infrastructure, support
):
    opportunity = f.OpportunityFactory(city=da_nang, title="Lamps", focus_areas=[infrastructure])
    opportunity.support_sought.set([support["funding"]])

    page = client_for(partner_user).get("/partners/me/recommended/").content.decode()

    assert "Lamps" in page
    assert "Fit 75 / 100" in page
    assert "Shares focus areas: Built Infrastructure" in page
    assert "Offers the support sought: Funding" in page


@pytest.mark.parametrize(("persona", "status"), [("official-da-nang", 403), ("anonymous", 302)])
def test_recommendations_for_a_partner_are_for_partner_users(personas, persona, status, client_for):
    assert client_for(personas[persona]).get("/partners/me/recommended/").status_code == status


@pytest.mark.parametrize("size", [2, 20])
def test_the_partner_recommendations_run_a_fixed_number_of_queries(
    size,
    client_for,
    partner_user,
    adb_profile,
    da_nang,
    infrastructure,
    support,
    django_assert_num_queries,
):
    client = client_for(partner_user)
    for number in range(size):
        city = f.CityFactory(slug=f"city-{number}", country=da_nang.country)
        opportunity = f.OpportunityFactory(city=city, focus_areas=[infrastructure])
        opportunity.support_sought.set([support["funding"]])
        f.TwinningFactory(city=city, partner=adb_profile)

    with django_assert_num_queries(15):
        response = client.get("/partners/me/recommended/")
    assert len(response.context["matches"]) == size


@pytest.fixture
def da_nang_with_needs(da_nang, bangkok, adb_profile, infrastructure, support, publish):
    opportunity = f.OpportunityFactory(city=da_nang, focus_areas=[infrastructure])
    opportunity.support_sought.set([support["funding"]])
    f.ProjectFactory(
        plan=f.ActionPlanFactory(city=da_nang),
        title="Bus lanes",
        summary="Lanes for buses only.",
        focus_areas=[infrastructure],
    )
    skytrain = f.ProjectFactory(
        plan=publish(f.ActionPlanFactory(city=bangkok)),
        title="Skytrain",
        summary="An elevated railway that took cars and buses off the road.",
        stage="completed",
        focus_areas=[infrastructure],
    )
    Partnership.objects.create(project=skytrain, partner=adb_profile, start_year=2019)
    return da_nang


def test_the_city_sees_partners_for_it_and_cities_to_learn_from(
    client_for, da_nang_official, da_nang_with_needs
):
    page = client_for(da_nang_official).get("/partners/for-city/da-nang/").content.decode()

    assert "Asian Development Bank" in page
    assert "Offers the support sought: Funding" in page
    # Suggested by what the projects say (issue 18), with the reasons in words.
    assert "Skytrain" in page
    assert "Tackles the same problem: both speak of bus" in page
    assert "Bangkok has completed it; yours is ongoing" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("official-bangkok", 403), ("partner-adb", 403), ("anonymous", 302), ("asec", 200)],
)
def test_partners_for_a_city_are_for_that_city_and_asec(
    personas, persona, status, client_for, da_nang
):
    response = client_for(personas[persona]).get("/partners/for-city/da-nang/")
    assert response.status_code == status


# Partners (as before) and the peers of the city's one active project (learning/peers.py).
QUERIES_FOR_CITY = 20


@pytest.mark.parametrize("size", [2, 20])
def test_the_city_recommendations_run_a_fixed_number_of_queries(
    size,
    client_for,
    da_nang_official,
    da_nang_with_needs,
    infrastructure,
    publish,
    django_assert_num_queries,
):
    client = client_for(da_nang_official)
    for number in range(size):
        partner = f.PartnerFactory(slug=f"p-{number}", kind="ngo")
        partner.focus_areas.set([infrastructure])
        city = f.CityFactory(slug=f"peer-{number}", country=f.CountryFactory(code="TH"))
        f.ProjectFactory(
            plan=publish(f.ActionPlanFactory(city=city)),
            summary="Buses on time.",
            stage="completed",
            focus_areas=[infrastructure],
        )

    with django_assert_num_queries(QUERIES_FOR_CITY):
        response = client.get("/partners/for-city/da-nang/")
    assert len(response.context["matches"]) == size + 1
    ((own, peers),) = response.context["suggestions"]
    assert own.title == "Bus lanes" and len(peers) == 3
