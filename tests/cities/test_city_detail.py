import datetime

import pytest
from django.urls import reverse

from tests import factories as f
from tests.cities.network import build_network, publish

pytestmark = pytest.mark.django_db

DRAFT_VISION = "A draft vision nobody outside Da Nang should read yet."


def page(client, city):
    return client.get(reverse("cities:detail", args=[city.slug]))


def test_anonymous_visitor_sees_the_city_profile(client, da_nang):
    da_nang.population, da_nang.population_source = 1_000_000, "S4"
    da_nang.profile = "A coastal city in central Viet Nam."
    da_nang.save()
    response = page(client, da_nang)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đà Nẵng" in html and "Viet Nam" in html
    assert "1,000,000" in html and "source: Consolidated Smart City Action Plans, July 2018" in html
    assert "A coastal city in central Viet Nam." in html


def test_an_unknown_city_is_404(client, da_nang):
    assert client.get("/cities/atlantis/").status_code == 404


def test_public_does_not_see_the_vision_of_a_draft_plan(client, da_nang):
    f.ActionPlanFactory(city=da_nang, vision=DRAFT_VISION)
    response = page(client, da_nang)
    assert response.context["profile"].plan is None
    assert DRAFT_VISION not in response.content.decode()


def test_da_nang_official_sees_the_vision_of_their_draft_plan(client_for, da_nang_official):
    f.ActionPlanFactory(city=da_nang_official.city, vision=DRAFT_VISION)
    response = page(client_for(da_nang_official), da_nang_official.city)
    assert DRAFT_VISION in response.content.decode()
    assert response.context["profile"].plan_status == "draft"


def test_bangkok_official_does_not_see_da_nang_draft(client_for, bangkok_official, da_nang):
    f.ActionPlanFactory(city=da_nang, vision=DRAFT_VISION)
    assert DRAFT_VISION not in page(client_for(bangkok_official), da_nang).content.decode()


def test_public_reads_the_published_vision_while_a_revision_is_drafted(client, da_nang):
    plan = publish(f.ActionPlanFactory(city=da_nang, vision="The published vision."))
    plan.vision, plan.status, plan.revision = DRAFT_VISION, "draft", 2
    plan.save()
    html = page(client, da_nang).content.decode()
    assert "The published vision." in html
    assert DRAFT_VISION not in html


def test_projects_of_the_published_plan_are_grouped_by_their_first_focus_area(client, da_nang):
    mobility = f.FocusAreaFactory(code="built-infrastructure", name="Built Infrastructure")
    health = f.FocusAreaFactory(code="health-well-being", name="Health", position=3)
    plan = publish(f.ActionPlanFactory(city=da_nang))
    bus = f.ProjectFactory(plan=plan, title="Smart bus", focus_areas=[mobility], stage="ongoing")
    clinic = f.ProjectFactory(plan=plan, title="e-Clinic", focus_areas=[health, mobility])
    f.ProgressUpdateFactory(project=bus, year=2023, percent_complete=30)
    f.ProgressUpdateFactory(project=bus, year=2024, percent_complete=55, status="at_risk")

    response = page(client, da_nang)

    groups = [
        (g.focus_area.name, [p.title for p in g.projects])
        for g in response.context["profile"].project_groups
    ]
    assert groups == [("Built Infrastructure", ["Smart bus", "e-Clinic"])]
    html = response.content.decode()
    assert 'value="55"' in html and "At risk" in html and 'class="badge status-ongoing"' in html
    assert [a.name for a in clinic.focus_areas.all()] == ["Built Infrastructure", "Health"]


@pytest.mark.parametrize(("cycle", "counted"), [(2024, 40), (None, 70)])
def test_the_plans_progress_counts_each_project_up_to_the_reporting_year(
    client, da_nang, cycle, counted
):
    # The open cycle's year when there is one, else the latest year anyone reported.
    if cycle:
        f.ReportingCycleFactory(year=cycle, status="open")
    plan = publish(f.ActionPlanFactory(city=da_nang))
    bus = f.ProjectFactory(plan=plan, title="Smart bus", stage="ongoing")
    f.ProgressUpdateFactory(project=bus, year=2024, percent_complete=40)
    f.ProgressUpdateFactory(project=bus, year=2025, percent_complete=70, status="at_risk")

    profile = page(client, da_nang).context["profile"]

    assert profile.progress == counted
    shown = profile.project_groups[0].projects[0]
    assert (shown.latest_year, shown.latest_percent, shown.latest_status) == (2025, 70, "at_risk")


def test_the_city_shows_its_current_csco_national_representative_and_past_appointments(
    client, da_nang
):
    f.AppointmentFactory(city=da_nang, person_name="Current Officer", email="co@example.org")
    f.AppointmentFactory(
        city=da_nang,
        person_name="Former Officer",
        start_date=datetime.date(2018, 7, 8),
        end_date=datetime.date(2020, 6, 30),
    )
    f.AppointmentFactory(
        kind="national_rep", city=None, country=da_nang.country, person_name="National Rep"
    )
    profile = page(client, da_nang).context["profile"]
    assert profile.csco.person_name == "Current Officer"
    assert [a.person_name for a in profile.national_reps] == ["National Rep"]
    assert [a.person_name for a in profile.past_appointments] == ["Former Officer"]


def test_contact_details_are_shown_to_signed_in_members_only(
    client, client_for, partner_user, da_nang
):
    f.AppointmentFactory(city=da_nang, person_name="Current Officer", email="co@example.org")
    assert "co@example.org" not in page(client, da_nang).content.decode()
    assert "co@example.org" in page(client_for(partner_user), da_nang).content.decode()


def test_the_city_lists_its_twinnings(client, da_nang, adb):
    f.TwinningFactory(city=da_nang, counterpart_city="Yokohama", partner=adb)
    html = page(client, da_nang).content.decode()
    assert "Yokohama" in html and "Asian Development Bank" in html


def test_a_city_without_plan_twinning_or_people_says_so(client, da_nang):
    html = page(client, da_nang).content.decode()
    assert "has not been published yet" in html
    assert "No twinning is recorded" in html
    assert "No current CSCO is recorded" in html


@pytest.mark.parametrize(("cities", "projects"), [(3, 2), (12, 6)])
def test_city_profile_runs_the_same_queries_whatever_the_size(
    client, django_assert_max_num_queries, cities, projects
):
    city = build_network(cities=cities, projects_per_city=projects)[0]
    # Demo marker, city, appointments, plans, projects, their progress updates (with the
    # reporting year), twinnings, the focus areas of both (one query), open decisions.
    with django_assert_max_num_queries(9):
        response = page(client, city)
    assert len(response.context["profile"].project_groups[0].projects) >= 1


@pytest.mark.parametrize("projects", [2, 8])
def test_city_profile_of_an_official_runs_the_same_queries_whatever_the_size(
    client_for, django_assert_max_num_queries, projects
):
    city = build_network(cities=2, projects_per_city=projects)[0]
    official = f.UserFactory(username="official", role=f.Role.CITY_OFFICIAL, city=city)
    client = client_for(official)
    # Session and user come on top of the anonymous visitor's queries.
    with django_assert_max_num_queries(11):
        assert page(client, city).status_code == 200


def test_city_twinnings_name_the_counterpart_country(da_nang, client):
    from tests import factories as f

    f.TwinningFactory(city=da_nang, counterpart_city="Yokohama", counterpart_country="JP")
    assert (
        'Yokohama <span class="muted">(Japan)</span>'
        in client.get("/cities/da-nang/").content.decode()
    )
