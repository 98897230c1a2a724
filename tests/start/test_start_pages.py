"""Every role lands on its own start page after sign-in (issue 20, point 1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from action_plans.models import Submission, SubmissionEvent
from review.models import Flag, Query
from tests import factories as f
from tests.cities.network import build_network

pytestmark = pytest.mark.django_db


def year():
    from action_plans import calendar

    return calendar.reporting_year()


def test_signing_in_leads_to_the_start_page(client, da_nang_official):
    response = client.post(
        "/accounts/login/", {"username": da_nang_official.username, "password": f.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_the_public_is_sent_home_from_the_start_page(client):
    assert client.get("/start/")["Location"] == "/"


@pytest.mark.parametrize(
    ("persona", "template", "heading"),
    [
        ("official-da-nang", "start/city.html", "Da Nang: what needs you"),
        ("csco-da-nang", "start/city.html", "Partners waiting for your answer"),
        ("nr-vn", "start/national_rep.html", "Plans waiting for review"),
        ("asec", "start/asec.html", "The network at a glance"),
        ("partner-adb", "start/partner.html", "Recommended for you"),
    ],
)
def test_each_role_has_its_start_page(personas, client_for, persona, template, heading):
    response = client_for(personas[persona]).get("/start/")
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert heading in response.content.decode()


def test_city_start_shows_plan_report_interests_and_overdue_milestones(
    client_for, da_nang_csco, da_nang
):
    plan = f.ActionPlanFactory(city=da_nang)
    project = f.ProjectFactory(plan=plan, title="Flood sensors", stage="ongoing")
    f.MilestoneFactory(
        project=project,
        title="Sensors installed",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    f.MilestoneFactory(project=project, title="Later", due_date=datetime.date(2099, 1, 1))
    cycle = f.ReportingCycleFactory(year=year())
    submission = Submission.objects.create(cycle=cycle, city=da_nang, status="returned")
    SubmissionEvent.objects.create(
        submission=submission, action="return", comment="Add the 2025 figures"
    )
    interest = f.InterestFactory(opportunity=f.OpportunityFactory(city=da_nang))

    html = client_for(da_nang_csco).get("/start/").content.decode()

    assert "Sensors installed" in html and "Later" not in html
    assert "ASEC returned your report for changes." in html
    assert "Add the 2025 figures" in html
    assert f'action="/interests/{interest.pk}/accept/"' in html
    assert "<details" not in html.split("<main", 1)[1]  # accept and decline in the open
    assert "Flood sensors" in html  # missing its update for the year


def test_accepting_from_the_start_page_comes_back_to_it(client_for, da_nang_csco, da_nang):
    interest = f.InterestFactory(opportunity=f.OpportunityFactory(city=da_nang))
    response = client_for(da_nang_csco).post(
        f"/interests/{interest.pk}/accept/", {"next": "start", "message": ""}
    )
    assert response["Location"] == "/start/"
    interest.refresh_from_db()
    assert interest.status == "accepted"


def test_after_acceptance_both_sides_see_each_others_contact(
    client_for, da_nang_csco, da_nang, partner_user, adb
):
    da_nang_csco.email = "csco@danang.example"
    da_nang_csco.save()
    partner_user.email = "people@adb.example"
    partner_user.save()
    interest = f.InterestFactory(
        opportunity=f.OpportunityFactory(city=da_nang), partner=adb, created_by=partner_user
    )
    before = client_for(da_nang_csco).get("/opportunities/inbox/").content.decode()
    assert "people@adb.example" not in before

    client_for(da_nang_csco).post(f"/interests/{interest.pk}/accept/", {"next": "start"})

    assert (
        "people@adb.example"
        in client_for(da_nang_csco).get("/opportunities/inbox/").content.decode()
    )
    assert "csco@danang.example" in client_for(partner_user).get("/start/").content.decode()
    assert (
        "csco@danang.example"
        in client_for(partner_user).get("/partners/me/interests/").content.decode()
    )


def test_asec_start_counts_the_cycle_by_status(client_for, asec_user, da_nang, bangkok):
    cycle = f.ReportingCycleFactory(year=year())
    Submission.objects.create(cycle=cycle, city=da_nang, status="submitted")
    Submission.objects.create(cycle=cycle, city=bangkok, status="submitted")
    response = client_for(asec_user).get("/start/")
    counts = {row["status"]: row["count"] for row in response.context["by_status"]}
    assert counts["submitted"] == 2 and counts["accepted"] == 0


def _query_and_flag(city, asker):
    """An open query of ASEC and an unanswered flag on the city's first project this year."""
    project = city.action_plans.first().projects.first()
    update = project.updates.filter(year=year()).first() or f.ProgressUpdateFactory(
        project=project, year=year(), percent_complete=90
    )
    Query.objects.create(
        city=city,
        year=year(),
        object_type="progress_update",
        project=project,
        update=update,
        opened_by=asker,
    )
    Flag.objects.create(city=city, year=year(), project=project, update=update, rule="jump")
    return project


def test_city_start_lists_open_queries_and_flags_waiting_for_an_answer(
    client_for, da_nang_csco, da_nang, asec_user
):
    f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Smart poles")
    f.ReportingCycleFactory(year=year())
    _query_and_flag(da_nang, asec_user)
    html = client_for(da_nang_csco).get("/start/").content.decode()
    assert "Smart poles" in html and "/review/queries/" in html
    assert "1 figure of your report needs a reason or evidence" in html


def test_asec_start_shows_the_data_quality_of_the_year(client_for, asec_user, da_nang):
    f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang))
    _query_and_flag(da_nang, asec_user)
    response = client_for(asec_user).get("/start/")
    assert [(row["rule"], row["raised"], row["open"]) for row in response.context["quality"]] == [
        ("jump", 1, 1)
    ]
    assert response.context["queries"] == {"asked": 1, "resolved": 0}


def test_national_rep_sees_their_cities_reports_only(client_for, viet_nam_rep, da_nang, bangkok):
    cycle = f.ReportingCycleFactory(year=year())
    Submission.objects.create(cycle=cycle, city=da_nang, status="in_progress")
    Submission.objects.create(cycle=cycle, city=bangkok, status="submitted")
    response = client_for(viet_nam_rep).get("/start/")
    assert [s.city for s in response.context["submissions"]] == [da_nang]


# --- Query counts stay flat with the size of the network -------------------------------------


def _world(cities: int):
    network = build_network(cities=cities, projects_per_city=3, countries=("VN", "TH"))
    cycle = f.ReportingCycleFactory(year=year())
    partner = f.PartnerFactory()
    for city in network:
        Submission.objects.create(cycle=cycle, city=city, status="in_progress")
        opportunity = f.OpportunityFactory(city=city)
        f.InterestFactory(opportunity=opportunity, partner=partner)
        f.InterestFactory(opportunity=f.OpportunityFactory(city=network[0]))
        for project in city.action_plans.first().projects.all():
            f.MilestoneFactory(project=project, due_date=datetime.date(2020, 1, 1))
        _query_and_flag(city, f.UserFactory(role="asec", username=f"asker-{city.pk}"))
    return network, partner


ROLE_USERS = {
    "city": lambda network, partner: f.UserFactory(role="csco", city=network[0]),
    "national_rep": lambda network, partner: f.UserFactory(
        role="national_rep", country=network[0].country
    ),
    "asec": lambda network, partner: f.UserFactory(role="asec"),
    "partner": lambda network, partner: f.UserFactory(role="partner", partner=partner),
}


@pytest.mark.parametrize("cities", [2, 6])
@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_start_pages_run_the_same_queries_whatever_the_size(client_for, role, cities):
    network, partner = _world(cities)
    client = client_for(ROLE_USERS[role](network, partner))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/start/").status_code == 200
    assert len(queries) == QUERIES[role]


# Session and user, the demo marker, then the role's own reads (see ascn_portal/start.py);
# the review's open queries, flags and data quality included.
QUERIES = {"asec": 9, "city": 14, "national_rep": 10, "partner": 15}
