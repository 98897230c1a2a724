"""The time API of issue 14 (point 8): names are a contract; bad input is a clear 4xx."""

import datetime

import pytest

from action_plans.models import ActionPlan, PeriodCloseOut, Project, ReportingCycle, Submission
from meetings.models import Meeting
from tests import factories as f

TODAY = datetime.date.today()


def test_plan_periods_list_the_two_real_ones(world, api):
    rows = api().get("/api/plan-periods/").json()["results"]

    assert [(r["code"], r["status"]) for r in rows] == [
        ("scap-2018-2025", "closed"),
        ("ascap-2026-2035", "current"),
    ]
    assert set(rows[0]) == {"code", "name", "start_year", "end_year", "status"}


def test_starting_a_period_twice_is_refused_and_changes_nothing(world, api):
    client = api(world.personas["asec"])
    first = client.post("/api/plan-periods/ascap-2026-2035/start/")
    counts = (ActionPlan.objects.count(), Project.objects.count())

    second = client.post("/api/plan-periods/ascap-2026-2035/start/")

    assert first.status_code == 200
    assert first.json()["carried_over"]["plans_created"] == 2
    assert second.status_code == 400 and "already been started" in str(second.json())
    assert (ActionPlan.objects.count(), Project.objects.count()) == counts


def test_action_plans_name_their_period_and_filter_by_it(world, api):
    client = api(world.personas["asec"])
    client.post("/api/plan-periods/ascap-2026-2035/start/")

    new = client.get("/api/action-plans/?period=ascap-2026-2035").json()["results"]

    assert {p["period"] for p in new} == {"ascap-2026-2035"} and len(new) == 2


def test_a_next_phase_names_its_predecessor_and_is_named_back(world, api):
    client = api(world.personas["asec"])
    client.post("/api/plan-periods/ascap-2026-2035/start/")
    phase = Project.objects.get(predecessor=world.da_nang_project)

    mine = client.get(f"/api/projects/{phase.pk}/").json()
    before = client.get(f"/api/projects/{world.da_nang_project.pk}/").json()

    assert (mine["predecessor"], mine["successor"]) == (world.da_nang_project.pk, None)
    assert before["successor"] == phase.pk
    assert mine["ascap"] == [] and "components" in mine


def test_ascap_items_are_refused_for_a_project_of_the_first_period(world, api):
    from action_plans.models import AscapItem

    AscapItem.objects.create(code="g1", kind="goal", title="Goal")
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/projects/{world.da_nang_project.pk}/",
        {"ascap": ["g1"], "version": 1},
        format="json",
    )

    assert response.status_code == 400 and "ascap" in response.json()


@pytest.fixture
def open_2025(world):
    cycle = f.ReportingCycleFactory(
        year=2025, status="planned", deadline=TODAY + datetime.timedelta(days=20)
    )
    return cycle


def test_asec_opens_a_cycle_and_each_member_city_gets_a_submission(world, api, open_2025):
    response = api(world.personas["asec"]).post("/api/reporting-cycles/2025/open/")

    assert response.status_code == 200
    body = response.json()
    # The world's updates are of 2024: nobody has started 2025 yet.
    assert body["status"] == "open" and body["submissions"]["not_started"] == 2
    assert set(body) == {"year", "status", "opens_on", "deadline", "as_of", "submissions"}


def test_closing_with_open_submissions_is_a_409_listing_them(world, api, open_2025):
    client = api(world.personas["asec"])
    client.post("/api/reporting-cycles/2025/open/")

    refused = client.post("/api/reporting-cycles/2025/close/", {}, format="json")
    closed = client.post("/api/reporting-cycles/2025/close/", {"confirm": True}, format="json")

    assert refused.status_code == 409
    assert {s["city"] for s in refused.json()["open_submissions"]} == {"da-nang", "bangkok"}
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_submission_flow_and_its_refusals(world, api, open_2025):
    api(world.personas["asec"]).post("/api/reporting-cycles/2025/open/")
    submission = Submission.objects.get(cycle__year=2025, city__slug="da-nang")
    asec, csco = api(world.personas["asec"]), api(world.personas["csco-da-nang"])

    early = asec.post(f"/api/submissions/{submission.pk}/accept/", {}, format="json")
    submitted = csco.post(f"/api/submissions/{submission.pk}/submit/", {}, format="json")
    again = csco.post(f"/api/submissions/{submission.pk}/submit/", {}, format="json")
    returned = asec.post(
        f"/api/submissions/{submission.pk}/return/", {"comment": "Add values."}, format="json"
    )

    assert early.status_code == 400 and "Only a submitted report" in str(early.json())
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_at"]
    assert again.status_code == 400
    assert returned.json()["status"] == "returned"


def test_submitting_after_the_lock_is_a_400_and_changes_nothing(world, api, open_2025):
    api(world.personas["asec"]).post("/api/reporting-cycles/2025/open/")
    ReportingCycle.objects.update(deadline=TODAY - datetime.timedelta(days=1))
    submission = Submission.objects.get(cycle__year=2025, city__slug="da-nang")

    response = api(world.personas["csco-da-nang"]).post(
        f"/api/submissions/{submission.pk}/submit/", {}, format="json"
    )

    assert response.status_code == 400 and "locked" in str(response.json())
    submission.refresh_from_db()
    assert submission.status == "not_started"


def test_submissions_filter_by_year_city_and_status(world, api):
    client = api(world.personas["asec"])
    rows = client.get("/api/submissions/?year=2019&city=da-nang&status=accepted").json()
    assert [(r["year"], r["city"], r["status"]) for r in rows["results"]] == [
        (2019, "da-nang", "accepted")
    ]
    assert client.get("/api/submissions/?year=nonsense").status_code == 400
    assert api(world.personas["nr-th"]).get("/api/submissions/?city=da-nang").json()["count"] == 0


# --- 2026 answers, never a 404 for lack of a year -------------------------------------------------


@pytest.fixture
def year_2026(world, api):
    """The portal in December 2026: the new period started, the 2026 cycle open, the 9th annual
    meeting announced without a date."""
    api(world.personas["asec"]).post("/api/plan-periods/ascap-2026-2035/start/")
    f.ReportingCycleFactory(year=2026, status="planned", deadline=TODAY + datetime.timedelta(30))
    api(world.personas["asec"]).post("/api/reporting-cycles/2026/open/")
    Meeting.objects.create(kind="annual", number=9, title="9th ASCN Annual Meeting", year=2026)
    return Project.objects.get(predecessor=world.da_nang_project)


API_2026 = [
    "/api/reporting-cycles/2026/",
    "/api/submissions/?year=2026",
    "/api/action-plans/?year=2026",
    "/api/projects/?year=2026",
    "/api/progress-updates/?year=2026",
    "/api/meetings/?year=2026",
    "/api/plan-periods/ascap-2026-2035/",
]


@pytest.mark.parametrize("url", API_2026)
def test_no_2026_api_answers_404(year_2026, world, api, url):
    assert api(world.personas["asec"]).get(url).status_code == 200


def test_the_2026_meeting_is_found_by_year(year_2026, world, api):
    rows = api().get("/api/meetings/?year=2026").json()["results"]
    assert [(r["number"], r["year"], r["start_date"]) for r in rows] == [(9, 2026, None)]


PAGES_2026 = [
    ("asec", "/dashboard/?year=2026"),
    ("asec", "/dashboard/completeness/?year=2026"),
    ("asec", "/progress/?year=2026"),
    ("asec", "/reporting/2026/"),
    ("nr-vn", "/reporting/2026/"),
    ("official-da-nang", "/my-report/?year=2026"),
    ("official-da-nang", "/dashboard/cities/da-nang/?year=2026"),
    ("asec", "/periods/ascap-2026-2035/"),
    ("asec", "/ascap/"),
    ("asec", "/meetings/"),
    ("asec", "/"),
]


@pytest.mark.parametrize(("persona", "url"), PAGES_2026)
def test_no_2026_page_answers_404(year_2026, world, client, persona, url):
    client.force_login(world.personas[persona])
    assert client.get(url).status_code == 200


def test_a_new_period_project_has_its_2026_progress_page(year_2026, world, client):
    client.force_login(world.personas["official-da-nang"])
    assert client.get(f"/projects/{year_2026.pk}/progress/2026/").status_code == 200
    old = client.get(f"/projects/{world.da_nang_project.pk}/progress/2026/")
    assert old.status_code == 302 and old["Location"].endswith(f"/{year_2026.pk}/progress/2026/")


def test_home_says_the_2026_meeting_date_is_to_be_announced(year_2026, client):
    page = client.get("/").content.decode()
    assert "9th ASCN Annual Meeting" in page and "date to be announced" in page


def pages_of_2026(world, new_project) -> list[tuple[str, str]]:
    """The pages of the new period's own objects, and the pages that take a year or a period."""
    new_plan = new_project.plan
    close_out = PeriodCloseOut.objects.get(city=world.da_nang_plan.city)
    return [
        ("official-da-nang", f"/plans/{new_plan.pk}/"),
        ("official-da-nang", f"/plans/{new_plan.pk}/edit/"),
        ("official-da-nang", f"/projects/{new_project.pk}/"),
        ("official-da-nang", f"/projects/{new_project.pk}/edit/"),
        ("official-da-nang", "/my-city/"),
        ("official-da-nang", "/my-city/?period=ascap-2026-2035"),
        ("official-da-nang", "/cities/da-nang/?period=ascap-2026-2035"),
        ("official-da-nang", f"/close-outs/{close_out.pk}/"),
        ("official-da-nang", "/accounts/settings/"),
        ("nr-vn", "/reporting/"),
        ("asec", "/reporting/"),
        ("asec", "/periods/"),
        ("asec", "/dashboard/countries/VN/?year=2026"),
        ("asec", f"/dashboard/focus-areas/{world.infrastructure.code}/?year=2026"),
        ("anonymous", "/cities/da-nang/"),
        ("anonymous", "/countries/VN/"),
        ("anonymous", "/progress/?year=2026"),
    ]


def test_no_page_of_the_new_period_answers_404(year_2026, world, client):
    failures = []
    for persona, url in pages_of_2026(world, year_2026):
        if persona == "anonymous":
            client.logout()
        else:
            client.force_login(world.personas[persona])
        status = client.get(url).status_code
        if status != 200:
            failures.append((persona, url, status))
    assert failures == []


API_OF_2026 = [
    "/api/plan-periods/",
    "/api/reporting-cycles/",
    "/api/reporting-cycles/?year=2026",
    "/api/submissions/?year=2026&status=not_started",
    "/api/action-plans/?period=ascap-2026-2035",
    "/api/projects/?period=ascap-2026-2035",
    "/api/milestones/?year=2026",
    "/api/indicators/?year=2026",
]


@pytest.mark.parametrize("url", API_OF_2026)
def test_no_api_list_of_the_new_period_answers_404(year_2026, world, api, url):
    assert api(world.personas["asec"]).get(url).status_code == 200


def test_the_new_plan_and_project_answer_in_the_api(year_2026, world, api):
    client = api(world.personas["official-da-nang"])
    plan = client.get(f"/api/action-plans/{year_2026.plan_id}/")
    project = client.get(f"/api/projects/{year_2026.pk}/")
    assert (plan.status_code, project.status_code) == (200, 200)
    assert plan.json()["period"] == "ascap-2026-2035"
    assert project.json()["predecessor"] == world.da_nang_project.pk
