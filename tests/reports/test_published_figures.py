"""Public figures (issue 12, points 4–6): the home page, /progress/ and the annual report give the
same numbers for the same year, from published plans only; ASEC's dashboard reads the working
copies and says so; a city counts in a year only if it was a member then; Exhibit 1 counts each
project once, under its primary focus area."""

from decimal import Decimal

import pytest

from action_plans import services
from reports import dashboards, selectors
from reports.annual import annexes, content
from reports.selectors import Scope
from tests import factories as f

YEAR = 2024


@pytest.fixture
def network(da_nang, bangkok, da_nang_official, asec_user):
    infrastructure = f.FocusAreaFactory(code="built-infrastructure", name="Built", position=5)
    civic = f.FocusAreaFactory(code="civic-social", name="Civic", position=1)
    plan = f.ActionPlanFactory(city=da_nang)
    both = f.ProjectFactory(plan=plan, focus_areas=[civic, infrastructure])
    built = f.ProjectFactory(plan=plan, focus_areas=[infrastructure])
    f.ProgressUpdateFactory(project=both, year=YEAR, percent_complete=40)
    f.ProgressUpdateFactory(project=built, year=YEAR, percent_complete=80)
    plan.status = "published"
    plan.save()
    f.publish_as_is(plan, asec_user)
    # Revision 2 under way: a project ASEC has not approved yet, with its own update.
    draft = services.project_create(
        plan=plan, actor=da_nang_official, data={"title": "Draft", "focus_areas": [civic]}
    )
    f.ProgressUpdateFactory(project=draft, year=YEAR, percent_complete=0)
    # Bangkok has never published its plan.
    unpublished = f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok), focus_areas=[civic])
    f.ProgressUpdateFactory(project=unpublished, year=YEAR, percent_complete=10)
    return plan


def test_home_progress_page_and_report_give_the_same_public_figures(network, client, settings):
    f.ReportingCycleFactory(year=YEAR, status="open")  # the year the home page shows
    home = client.get("/").context["figures"]
    progress = client.get("/progress/", {"year": YEAR}).context["data"]["figures"]
    report = content.network_content(YEAR)["summary"]

    assert (home.projects, home.progress) == (2, Decimal("60.0"))
    assert (progress["projects"], progress["progress"]) == (2, Decimal("60.0"))
    assert (report["projects"], report["network_progress"]) == (2, 60.0)


def test_asec_dashboard_counts_working_copies_and_says_so(network, client_for, asec_user):
    response = client_for(asec_user).get("/dashboard/", {"year": YEAR})
    figures = response.context["data"]["figures"]
    assert (figures["projects"], figures["progress"]) == (4, Decimal("32.5"))
    assert "These figures read the working copies" in response.content.decode()


def test_a_city_that_joined_later_is_not_counted_or_reminded_for_an_earlier_year(network, viet_nam):
    newcomer = f.CityFactory(slug="hue", name="Hue", country=viet_nam, joined_year=YEAR + 1)
    f.ProjectFactory(plan=f.ActionPlanFactory(city=newcomer), stage="ongoing")

    assert "hue" not in {city.slug for city in selectors.lagging_cities(Scope(year=YEAR))}
    assert "hue" in {city.slug for city in selectors.lagging_cities(Scope(year=YEAR + 1))}
    assert newcomer.pk not in annexes.annex_city_ids(YEAR)
    assert dashboards.key_figures(Scope(year=YEAR))["cities"] == 2
    assert dashboards.key_figures(Scope(year=YEAR + 1))["cities"] == 3


def test_exhibit_1_counts_each_project_once_under_its_primary_focus_area(network):
    rows = {
        row["code"]: row
        for row in selectors.focus_area_shares(Scope(year=YEAR, published_only=True))
    }

    assert (rows["civic-social"]["projects"], rows["built-infrastructure"]["projects"]) == (1, 1)
    assert sum(row["share"] for row in rows.values()) == Decimal("100.0")
