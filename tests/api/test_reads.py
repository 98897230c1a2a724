"""Every collection of SPEC §3: list and detail, lookups by the domain's keys, visibility."""

import pytest

COLLECTIONS = [
    "countries",
    "cities",
    "focus-areas",
    "action-plans",
    "projects",
    "milestones",
    "indicators",
    "progress-updates",
    "partners",
    "twinnings",
    "opportunities",
    "interests",
    "meetings",
    "reports",
    "plan-periods",
    "reporting-cycles",
    "submissions",
]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_lists_with_count_next_previous_results(world, api, collection):
    response = api(world.personas["asec"]).get(f"/api/{collection}/")

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"count", "next", "previous", "results"}
    assert response.json()["count"] >= 1


def test_country_is_looked_up_by_its_iso_code(world, api):
    response = api().get("/api/countries/VN/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "VN",
        "name": "Viet Nam",
        "asean_member_since": 1995,
        "city_count": 1,
    }


def test_country_code_lookup_ignores_case(world, api):
    assert api().get("/api/countries/th/").json()["name"] == "Thailand"


def test_city_is_looked_up_by_slug_with_the_domains_field_names(world, api):
    city = api().get("/api/cities/da-nang/").json()

    assert city["slug"] == "da-nang"
    assert city["local_name"] == "Đà Nẵng"
    assert city["country"] == "VN"
    assert city["is_capital"] is False
    assert city["latitude"] == "16.06780"
    assert city["joined_year"] == 2018
    assert city["pilot"] is True


def test_focus_area_is_looked_up_by_code(world, api):
    assert api().get("/api/focus-areas/civic-social/").json()["name"] == "Civic and Social"


def test_partner_is_looked_up_by_slug(world, api):
    partner = api().get("/api/partners/asian-development-bank/").json()

    assert partner["kind"] == "development_bank"
    assert partner["focus_areas"] == ["built-infrastructure"]
    assert partner["version"] == 1


def test_public_sees_only_published_plans(world, api):
    plans = api().get("/api/action-plans/").json()["results"]

    assert [plan["city"] for plan in plans] == ["bangkok"]


def test_anonymous_gets_404_for_a_draft_plan(world, api):
    assert api().get(f"/api/action-plans/{world.da_nang_plan.pk}/").status_code == 404


def test_viet_nam_representative_sees_da_nang_draft_but_not_thai_drafts(world, api, thailand_rep):
    plans = api(world.personas["nr-vn"]).get("/api/action-plans/").json()["results"]

    assert sorted(plan["city"] for plan in plans) == ["bangkok", "da-nang"]


def test_bangkok_official_cannot_see_da_nang_draft_project(world, api):
    client = api(world.personas["official-bangkok"])

    assert client.get(f"/api/projects/{world.da_nang_project.pk}/").status_code == 404
    titles = [p["title"] for p in client.get("/api/projects/").json()["results"]]
    assert titles == ["Bangkok flood sensors"]


def test_project_shows_its_latest_progress_and_codes(world, api):
    project = api(world.personas["official-da-nang"]).get(
        f"/api/projects/{world.da_nang_project.pk}/"
    )

    data = project.json()
    assert data["city"] == "da-nang"
    assert data["country"] == "VN"
    assert data["focus_areas"] == ["built-infrastructure"]
    assert data["percent_complete"] == 50
    assert data["progress_status"] == "on_track"
    assert data["version"] == 1


def test_milestones_indicators_and_updates_follow_their_projects_visibility(world, api):
    client = api()
    for collection, hidden in [
        ("milestones", world.da_nang_milestone),
        ("indicators", world.da_nang_indicator),
        ("progress-updates", world.da_nang_update),
    ]:
        ids = [row["id"] for row in client.get(f"/api/{collection}/").json()["results"]]
        assert hidden.pk not in ids
        assert client.get(f"/api/{collection}/{hidden.pk}/").status_code == 404


def test_partner_sees_its_own_interests_only(world, api, adb):
    from tests import factories as f

    other = f.InterestFactory(opportunity=world.spare_opportunity)

    ids = [
        i["id"] for i in api(world.personas["partner-adb"]).get("/api/interests/").json()["results"]
    ]

    assert ids == [world.interest.pk]
    assert other.pk not in ids


def test_anonymous_sees_no_interests(world, api):
    assert api().get("/api/interests/").json()["count"] == 0


def test_public_sees_published_reports_only(world, api):
    years = [r["year"] for r in api().get("/api/reports/").json()["results"]]

    assert years == [2023]


def test_report_shows_status_progress_stage_and_file_urls(world, api):
    report = api().get(f"/api/reports/{world.published_report.pk}/").json()

    assert report["status"] == "succeeded"
    assert report["progress"] == 100
    assert "stage" in report
    assert report["files"] == {"html": None, "pdf": None, "xlsx": None, "json": None}


def test_meeting_lists_with_its_documents_and_decisions(world, api):
    meeting = api().get(f"/api/meetings/{world.meeting.pk}/").json()

    assert meeting["title"] == "1st ASCN Annual Meeting"
    assert meeting["documents"] == []
    assert meeting["decisions"] == []


def test_progress_updates_name_who_submitted_them_without_their_username(world, api):
    """Usernames are half of a sign-in (issue 19, point 9): the public sees a display name."""
    update = world.bangkok_update
    official = world.personas["official-bangkok"]
    official.first_name, official.last_name = "Somchai", "Jaidee"
    official.save(update_fields=["first_name", "last_name"])
    update.submitted_by = official
    update.save(update_fields=["submitted_by"])
    url = f"/api/progress-updates/{update.pk}/"

    assert api().get(url).json()["submitted_by"] == "Somchai Jaidee"
    official.first_name = official.last_name = ""
    official.save(update_fields=["first_name", "last_name"])
    assert api().get(url).json()["submitted_by"] == "City official of Bangkok"
    listed = api().get("/api/progress-updates/").json()["results"]
    assert "official-bangkok" not in str(listed)
