import datetime
import re

import pytest
from django.utils import timezone

from tests import factories as f
from tests.cities.network import build_network, publish

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def a_meeting(title, start, *, kind="workshop"):
    from meetings.models import Meeting

    return Meeting.objects.create(
        kind=kind, title=title, start_date=start, end_date=start + datetime.timedelta(days=1)
    )


def test_anonymous_visitor_sees_the_home_page_with_key_figures(client, da_nang, bangkok):
    f.CityFactory(slug="chiang-mai", country=bangkok.country, joined_year=2023)
    plan = publish(f.ActionPlanFactory(city=da_nang))
    first, second = f.ProjectFactory.create_batch(2, plan=plan)
    f.ProgressUpdateFactory(project=first, year=2024, percent_complete=40)
    f.ProgressUpdateFactory(project=second, year=2024, percent_complete=80)
    f.ProjectFactory(plan=f.ActionPlanFactory(city=bangkok))  # a draft: not counted

    response = client.get("/")

    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.cities, figures.pilots, figures.countries) == (3, 2, 2)
    assert (figures.projects, figures.published_plans, figures.progress) == (2, 1, 60)
    assert "Network progress" in response.content.decode()


def test_network_progress_uses_latest_updates_and_leaves_cancelled_projects_out(client, da_nang):
    plan = publish(f.ActionPlanFactory(city=da_nang))
    going, cancelled = f.ProjectFactory.create_batch(2, plan=plan)
    f.ProgressUpdateFactory(project=going, year=2023, percent_complete=10)
    f.ProgressUpdateFactory(project=going, year=2024, percent_complete=70)
    f.ProgressUpdateFactory(project=cancelled, year=2024, percent_complete=5, status="cancelled")
    assert client.get("/").context["figures"].progress == 70


def test_home_without_progress_updates_shows_no_progress_figure(client, da_nang):
    response = client.get("/")
    assert response.context["figures"].progress is None
    assert "Network progress" not in response.content.decode()


def test_the_home_map_has_one_dot_per_member_city_with_its_name(client, da_nang, bangkok):
    html = client.get("/").content.decode()
    assert re.findall(r'<a href="([^"]+)"><title>', html) == [
        "/cities/bangkok/",
        "/cities/da-nang/",
    ]
    assert "<title>Da Nang, Viet Nam — pilot city since 2018</title>" in html
    assert "<title>Bangkok, Thailand (capital) — pilot city since 2018</title>" in html
    assert "Pilot city (joined 2018)" in html and "National capital" in html  # the legend


def test_the_home_map_is_drawn_anew_when_a_city_changes(client, da_nang, bangkok):
    client.get("/")  # drawn once for these rows (cities/templatetags/city_map.py)
    da_nang.name = "Đà Nẵng"
    da_nang.save()
    html = client.get("/").content.decode()
    assert "<title>Đà Nẵng, Viet Nam — pilot city since 2018</title>" in html
    assert "<title>Da Nang," not in html


def test_home_shows_the_next_meeting(client):
    a_meeting("Held last year", today() - datetime.timedelta(days=300))
    a_meeting("Coming soon", today() + datetime.timedelta(days=10))
    a_meeting("Coming later", today() + datetime.timedelta(days=90))
    response = client.get("/")
    assert response.context["meeting"].title == "Coming soon"
    assert "Next meeting" in response.content.decode()


def test_home_shows_the_latest_meeting_when_none_is_scheduled(client):
    a_meeting("Long ago", today() - datetime.timedelta(days=700))
    a_meeting("Last year", today() - datetime.timedelta(days=300))
    response = client.get("/")
    assert response.context["meeting"].title == "Last year"
    assert "Latest meeting" in response.content.decode()


def test_home_lists_the_latest_five_open_opportunities_not_yet_closed(client, da_nang):
    opportunities = [f.OpportunityFactory(city=da_nang, title=f"Open {n}") for n in range(6)]
    f.OpportunityFactory(
        city=da_nang, title="Expired", closing_date=today() - datetime.timedelta(1)
    )
    f.OpportunityFactory(city=da_nang, title="Matched", status="matched")
    f.OpportunityFactory(city=da_nang, title="Closes today", closing_date=today())
    titles = [o.title for o in client.get("/").context["opportunities"]]
    assert titles == ["Closes today"] + [o.title for o in reversed(opportunities)][:4]


def test_an_empty_network_says_so_nicely(client):
    html = client.get("/").content.decode()
    assert "No meeting has been announced yet." in html
    assert "No opportunity is open right now." in html


@pytest.mark.parametrize(("cities", "projects"), [(3, 2), (12, 6)])
def test_home_runs_the_same_queries_whatever_the_size(
    client, django_assert_max_num_queries, cities, projects
):
    for number, city in enumerate(build_network(cities=cities, projects_per_city=projects)):
        f.OpportunityFactory(city=city, title=f"Opportunity {number}")
        a_meeting(f"Meeting {number}", today() + datetime.timedelta(days=number))
    # Demo marker, member figures, projects, published plans, progress, next meeting,
    # opportunities and their focus areas, cities on the map, and whether the year is closed
    # (a closed year reads the publications frozen then).
    with django_assert_max_num_queries(11):
        response = client.get("/")
    assert response.context["figures"].cities == cities


def test_the_home_shows_the_latest_closed_year_and_todays_members(client, da_nang, bangkok):
    """In December 2026 the 2026 cycle is open and cities are still reporting: the figures are
    the closed year's (what ASEC accepted), named on the page; the members are today's."""
    f.ReportingCycleFactory(year=2024, status="closed", deadline=datetime.date(2025, 3, 31))
    f.ReportingCycleFactory(year=2025, status="open", deadline=datetime.date(2099, 3, 31))
    f.CityFactory(slug="newcomer", country=bangkok.country, joined_year=today().year)
    plan = publish(f.ActionPlanFactory(city=da_nang))
    project = f.ProjectFactory(plan=plan)
    f.ProgressUpdateFactory(project=project, year=2024, percent_complete=40)
    f.ProgressUpdateFactory(project=project, year=2025, percent_complete=90)

    response = client.get("/")

    figures = response.context["figures"]
    assert (figures.reporting_year, figures.progress, figures.cities) == (2024, 40, 3)
    assert "Projects (2024)" in response.content.decode()
    assert client.get("/progress/").context["scope"].year == 2024
