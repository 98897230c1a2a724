"""A city's pages switch between its plans of each period (issue 14 point 9): the city profile
and the city's own overview open the latest plan and name the others; what a reader may not see
is not offered."""

import pytest
from django.utils import translation

from tests import factories as f


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def two_plans(da_nang, asec_user):
    """Da Nang's published plan of 2018–2025 and its draft of 2026–2035."""
    old = f.ActionPlanFactory(city=da_nang, vision="Old vision of Da Nang")
    f.ProjectFactory(plan=old, title="Old traffic project")
    f.publish_as_is(old, asec_user, revision=1)
    new = f.ActionPlanFactory(city=da_nang, period=f.new_period(), vision="New vision of Da Nang")
    f.ProjectFactory(plan=new, title="Next phase of traffic")
    return old, new


def test_the_city_profile_opens_the_latest_plan_and_switches_to_the_earlier_one(
    two_plans, da_nang_official, client_for
):
    client = client_for(da_nang_official)
    latest = client.get("/cities/da-nang/").content.decode()
    assert "Next phase of traffic" in latest and "Old traffic project" not in latest
    assert 'class="period-switcher"' in latest and "?period=scap-2018-2025" in latest

    earlier = client.get("/cities/da-nang/?period=scap-2018-2025").content.decode()
    assert "Old traffic project" in earlier and "Next phase of traffic" not in earlier


def test_the_public_is_offered_no_period_it_cannot_see(two_plans, client):
    page = client.get("/cities/da-nang/?period=ascap-2026-2035").content.decode()
    assert "Old traffic project" in page and "Next phase of traffic" not in page
    assert 'class="period-switcher"' not in page


def test_an_unknown_period_shows_the_latest_plan(two_plans, da_nang_official, client_for):
    page = client_for(da_nang_official).get("/cities/da-nang/?period=nonsense")
    assert page.status_code == 200 and "Next phase of traffic" in page.content.decode()


def test_my_city_switches_period_and_speaks_of_a_year_of_that_period(
    two_plans, da_nang_official, client_for
):
    client = client_for(da_nang_official)
    latest = client.get("/my-city/")
    assert latest.context["plan"] == two_plans[1]
    assert "?period=scap-2018-2025" in latest.content.decode()

    earlier = client.get("/my-city/?period=scap-2018-2025")
    assert earlier.context["plan"] == two_plans[0]
    assert earlier.context["year"] in range(2018, 2026)
