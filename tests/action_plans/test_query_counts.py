"""Pages run the same number of SQL queries whatever the size of the plan or the queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans import services
from tests import factories as f


def add_projects(plan, count, focus_area, author):
    for _ in range(count):
        project = f.ProjectFactory(plan=plan, focus_areas=[focus_area])
        add_project_details(project, author)


def add_project_details(project, author, years=(2023, 2024)):
    for _ in range(2):
        f.MilestoneFactory(project=project)
        indicator = f.IndicatorFactory(project=project)
        indicator.values.create(year=2023, value=1)
        indicator.values.create(year=2024, value=2)
    for year in years:
        f.ProgressUpdateFactory(project=project, year=year, submitted_by=author)
    services.project_update(
        project=project, actor=author, data={"summary": "Changed."}, version=project.version
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def grow(da_nang_plan, focus_area, da_nang_official):
    return lambda count: add_projects(da_nang_plan, count, focus_area, da_nang_official)


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("official-da-nang", "action_plans:edit"),
        ("official-da-nang", "action_plans:detail"),
        ("asec", "action_plans:detail"),
        ("asec", "action_plans:history"),
    ],
)
def test_plan_pages_stay_flat_as_the_plan_grows(
    persona, page, personas, client_for, da_nang_plan, grow
):
    client = client_for(personas[persona])
    url = reverse(page, args=[da_nang_plan.pk])
    grow(1)
    small = queries_for(client, url)
    grow(8)
    assert queries_for(client, url) == small


def test_published_plan_page_stays_flat_for_the_public(
    client, da_nang_plan, grow, da_nang_csco, viet_nam_rep, asec_user, publish
):
    grow(1)
    publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    small = queries_for(client, da_nang_plan.get_absolute_url())
    grow(8)
    da_nang_plan.refresh_from_db()
    publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    assert len(da_nang_plan.publications.latest().snapshot["projects"]) == 9
    assert queries_for(client, da_nang_plan.get_absolute_url()) == small


@pytest.mark.parametrize("persona", ["official-da-nang", "asec"])
def test_project_page_stays_flat_as_the_project_grows(
    persona, personas, client_for, da_nang_project, da_nang_official
):
    client = client_for(personas[persona])
    url = da_nang_project.get_absolute_url()
    add_project_details(da_nang_project, da_nang_official, years=[2024])
    small = queries_for(client, url)
    for year in range(2018, 2023):
        da_nang_project.refresh_from_db()
        add_project_details(da_nang_project, da_nang_official, years=[year])
    assert queries_for(client, url) == small


def test_review_queue_stays_flat_as_plans_queue_up(client_for, asec_user, focus_area):
    client = client_for(asec_user)
    url = reverse("action_plans:review")

    def queue(count):
        for _ in range(count):
            plan = f.ActionPlanFactory(status="submitted")
            f.ProjectFactory(plan=plan, focus_areas=[focus_area])

    queue(1)
    small = queries_for(client, url)
    queue(8)
    assert queries_for(client, url) == small


def test_my_city_stays_flat_as_the_plan_grows(client_for, da_nang_official, grow):
    client = client_for(da_nang_official)
    url = reverse("action_plans:my_city")
    grow(1)
    small = queries_for(client, url)
    grow(8)
    assert queries_for(client, url) == small
