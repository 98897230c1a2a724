"""The time pages: the same number of SQL queries whatever the network's size, the ASCAP page
and its structure kept by ASEC, and the cycle page's confirmation before closing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from action_plans.models import (
    AscapItem,
    PeriodCloseOut,
    ReportingCycle,
    Submission,
    SubmissionEvent,
)
from action_plans.services import ascap, periods
from tests import factories as f

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def network(viet_nam, asec_user):
    """A growing network: each city with a plan, an unfinished project and an open 2025 report
    that was reminded once; the 2025 cycle open."""
    cycle = f.ReportingCycleFactory(
        year=2025, status="open", deadline=TODAY + datetime.timedelta(days=10)
    )
    serial = iter(range(1000))

    def grow(count):
        for _ in range(count):
            city = f.CityFactory(slug=f"city-{next(serial)}", country=viet_nam)
            plan = f.ActionPlanFactory(city=city)
            f.ProjectFactory(plan=plan, focus_areas=[f.FocusAreaFactory()])
            row = Submission.objects.create(cycle=cycle, city=city)
            SubmissionEvent.objects.create(
                submission=row, action="remind", reminder="due", recipients="a@example.org"
            )

    return grow


@pytest.mark.parametrize(
    "url", ["/reporting/", "/reporting/2025/", "/reporting/2025/?status=not_started&country=VN"]
)
def test_cycle_pages_run_the_same_queries_whatever_the_size(network, asec_user, client, url):
    client.force_login(asec_user)
    network(2)
    small = queries_for(client, url)
    network(6)
    assert queries_for(client, url) == small


def test_my_report_runs_the_same_queries_whatever_the_plan_size(
    network, da_nang, da_nang_plan, da_nang_official, client
):
    Submission.objects.create(cycle=ReportingCycle.objects.get(), city=da_nang)
    client.force_login(da_nang_official)
    f.ProjectFactory(plan=da_nang_plan, focus_areas=[f.FocusAreaFactory()])
    small = queries_for(client, "/my-report/?year=2025")
    for _ in range(5):
        f.ProjectFactory(plan=da_nang_plan, focus_areas=[f.FocusAreaFactory()])
    assert queries_for(client, "/my-report/?year=2025") == small


def test_period_pages_run_the_same_queries_whatever_the_size(network, asec_user, client):
    client.force_login(asec_user)
    network(2)
    periods.period_close(period=f.first_period())
    small = [queries_for(client, u) for u in ("/periods/", "/periods/scap-2018-2025/", "/ascap/")]
    network(6)
    periods.period_close(period=f.first_period())
    large = [queries_for(client, u) for u in ("/periods/", "/periods/scap-2018-2025/", "/ascap/")]
    assert large == small


def test_the_cycle_page_lists_open_submissions_before_closing(network, asec_user, client):
    network(2)
    client.force_login(asec_user)

    page = client.post("/reporting/2025/close/").content.decode()

    assert "These submissions are still open" in page and "City " in page
    assert ReportingCycle.objects.get().status == "open"
    client.post("/reporting/2025/close/", {"confirm": "on"})
    assert ReportingCycle.objects.get().status == "closed"


def test_asec_sees_who_was_reminded_when(network, asec_user, client):
    network(1)
    client.force_login(asec_user)
    assert "a@example.org" in client.get("/reporting/2025/").content.decode()


def test_a_national_representative_sees_only_their_cities(network, thailand_rep, bangkok, client):
    network(2)
    Submission.objects.create(cycle=ReportingCycle.objects.get(), city=bangkok)
    client.force_login(thailand_rep)
    rows = client.get("/reporting/2025/").context["submissions"]
    assert [s.city.slug for s in rows] == ["bangkok"]


# --- ASCAP ---------------------------------------------------------------------------------------


def test_the_ascap_page_says_its_content_is_not_public_yet(client, db):
    assert "not public yet" in client.get("/ascap/").content.decode()


def test_asec_keeps_the_ascap_structure_with_stable_codes(asec_user, da_nang_official):
    goal = ascap.ascap_item_create(
        actor=asec_user, data={"code": "g1", "kind": "goal", "title": "Liveable cities"}
    )
    action = ascap.ascap_item_create(
        actor=asec_user,
        data={"code": "g1-a1", "kind": "action", "title": "Green transport", "parent": goal},
    )

    with pytest.raises(ValidationError):
        ascap.ascap_item_update(item=goal, actor=asec_user, data={"code": "g2"})
    with pytest.raises(ValidationError):
        ascap.ascap_item_create(
            actor=asec_user, data={"code": "a2", "kind": "action", "title": "Orphan"}
        )
    with pytest.raises(PermissionDenied):
        ascap.ascap_item_create(
            actor=da_nang_official, data={"code": "g3", "kind": "goal", "title": "G"}
        )
    assert list(AscapItem.objects.values_list("code", flat=True)) == ["g1", "g1-a1"]
    assert action.parent == goal


def test_a_project_of_the_new_period_names_the_ascap_items_it_serves(
    da_nang_plan, focus_area, asec_user, da_nang_official
):
    from action_plans import services
    from action_plans.models import Project

    f.ProjectFactory(plan=da_nang_plan, title="Traffic", focus_areas=[focus_area])
    periods.period_start(period=f.new_period(), actor=asec_user)
    goal = AscapItem.objects.create(code="g1", kind="goal", title="Goal")
    phase = Project.objects.get(plan__period__code="ascap-2026-2035", title="Traffic")

    services.project_update(
        project=phase, actor=da_nang_official, data={"ascap": [goal]}, version=phase.version
    )

    assert list(phase.ascap.values_list("code", flat=True)) == ["g1"]


# --- Query counts of the pages added later (close-out, admin lists, reminders' dashboard) -------


def test_a_close_out_page_runs_the_same_queries_whatever_the_plan_size(
    da_nang_plan, bangkok_plan, asec_user, client
):
    """The close-out is frozen JSON: a plan of six projects costs what a plan of one does."""
    f.ProjectFactory(plan=da_nang_plan, stage="completed", focus_areas=[f.FocusAreaFactory()])
    for _ in range(6):
        project = f.ProjectFactory(plan=bangkok_plan, focus_areas=[f.FocusAreaFactory()])
        f.IndicatorFactory(project=project)
    periods.period_close(period=f.first_period())
    client.force_login(asec_user)
    by_size = PeriodCloseOut.objects.annotate(projects=Count("plan__projects")).order_by("projects")
    small, large = (queries_for(client, f"/close-outs/{close_out.pk}/") for close_out in by_size)
    assert large == small
    page = client.get(f"/close-outs/{PeriodCloseOut.objects.get(city=da_nang_plan.city).pk}/")
    assert "Completed" in page.content.decode() and ">completed<" not in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/action_plans/reportingcycle/",
        "/admin/action_plans/submission/",
        "/admin/action_plans/periodcloseout/",
        "/admin/action_plans/planperiod/",
    ],
)
def test_the_admin_lists_of_time_run_the_same_queries_whatever_the_size(network, client, url):
    client.force_login(f.UserFactory(username="admin", is_staff=True, is_superuser=True))
    network(2)
    periods.period_close(period=f.first_period())
    small = queries_for(client, url)
    network(6)
    periods.period_close(period=f.first_period())
    assert queries_for(client, url) == small


def test_the_completeness_page_with_report_statuses_runs_the_same_queries(
    network, asec_user, client
):
    client.force_login(asec_user)
    network(2)
    small = queries_for(client, "/dashboard/completeness/?year=2025")
    network(6)
    assert queries_for(client, "/dashboard/completeness/?year=2025") == small
