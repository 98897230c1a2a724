"""Writes on plans and their content go through the plan services: happy paths and refusals."""

from action_plans.models import IndicatorValue, PlanStatus, PlanTransition, ProgressUpdate, Project
from action_plans.services.publication import publications_materialize


def _project_body(world, **changes):
    return {
        "plan": world.da_nang_plan.pk,
        "title": "Smart street lighting",
        "focus_areas": ["built-infrastructure"],
        "stage": "planning",
        "start_year": 2024,
        "end_year": 2026,
        "budget_usd": "250000.00",
        **changes,
    }


def test_da_nang_official_edits_the_plan_vision_with_its_version(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/action-plans/{world.da_nang_plan.pk}/"

    response = client.patch(url, {"vision": "A green Da Nang.", "version": 1}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["vision"] == "A green Da Nang."
    assert response.json()["version"] == 2


def test_bangkok_official_cannot_edit_da_nang_plan(world, api):
    client = api(world.personas["official-bangkok"])

    response = client.patch(
        f"/api/action-plans/{world.da_nang_plan.pk}/", {"vision": "x", "version": 1}, format="json"
    )

    assert response.status_code == 404
    world.da_nang_plan.refresh_from_db()
    assert world.da_nang_plan.vision != "x"


def test_viet_nam_representative_sees_but_cannot_edit_da_nang_plan(world, api):
    response = api(world.personas["nr-vn"]).patch(
        f"/api/action-plans/{world.da_nang_plan.pk}/", {"vision": "x", "version": 1}, format="json"
    )

    assert response.status_code == 403


def test_plan_goes_through_the_whole_workflow(world, api):
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    steps = [
        ("csco-da-nang", "submit", {}, "submitted"),
        ("nr-vn", "endorse", {"comment": "Good."}, "endorsed"),
        ("asec", "publish", {}, "published"),
    ]
    for persona, step, body, status in steps:
        response = api(world.personas[persona]).post(f"{url}/{step}/", body, format="json")
        assert response.status_code == 200, (step, response.json())
        assert response.json()["status"] == status

    assert api().get(f"{url}/").status_code == 200
    assert PlanTransition.objects.filter(plan=world.da_nang_plan).count() == 3


def test_official_who_is_not_the_csco_cannot_submit_the_plan(world, api):
    response = api(world.personas["official-da-nang"]).post(
        f"/api/action-plans/{world.da_nang_plan.pk}/submit/", {}, format="json"
    )

    assert response.status_code == 403
    world.da_nang_plan.refresh_from_db()
    assert world.da_nang_plan.status == PlanStatus.DRAFT


def test_return_needs_a_comment_per_field(world, api):
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    api(world.personas["csco-da-nang"]).post(f"{url}/submit/", {}, format="json")

    response = api(world.personas["nr-vn"]).post(f"{url}/return/", {}, format="json")

    assert response.status_code == 400
    assert "comment" in response.json()


def test_national_representative_returns_a_submitted_plan_with_a_comment(world, api):
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    api(world.personas["csco-da-nang"]).post(f"{url}/submit/", {}, format="json")

    response = api(world.personas["nr-vn"]).post(
        f"{url}/return/", {"comment": "Add budgets."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_thai_representative_cannot_endorse_a_vietnamese_plan(world, api):
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    api(world.personas["csco-da-nang"]).post(f"{url}/submit/", {}, format="json")

    assert api(world.personas["nr-th"]).post(f"{url}/endorse/").status_code == 404


def test_da_nang_official_creates_a_project(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/projects/", _project_body(world), format="json"
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get(pk=response.json()["id"])
    assert project.plan == world.da_nang_plan
    assert [area.code for area in project.focus_areas.all()] == ["built-infrastructure"]
    assert response.json()["version"] == 1


def test_bangkok_official_cannot_create_a_project_in_da_nang_plan(world, api):
    response = api(world.personas["official-bangkok"]).post(
        "/api/projects/", _project_body(world), format="json"
    )

    assert response.status_code == 400
    assert "plan" in response.json()
    assert not Project.objects.filter(title="Smart street lighting").exists()


def test_da_nang_official_cannot_add_a_project_to_the_published_bangkok_plan(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/projects/", _project_body(world, plan=world.bangkok_plan.pk), format="json"
    )

    assert response.status_code == 403


def test_partner_cannot_create_projects(world, api):
    response = api(world.personas["partner-adb"]).post(
        "/api/projects/", _project_body(world), format="json"
    )

    assert response.status_code == 403


def test_anonymous_write_is_401(world, api):
    assert api().post("/api/projects/", _project_body(world), format="json").status_code == 401


def test_project_without_focus_area_is_refused_per_field(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/projects/", _project_body(world, focus_areas=[]), format="json"
    )

    assert response.status_code == 400
    assert "focus_areas" in response.json()


def test_duplicate_project_title_is_a_400_on_the_title(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/projects/", _project_body(world, title="Da Nang smart traffic"), format="json"
    )

    assert response.status_code == 400
    assert "title" in response.json()


def test_project_update_without_version_is_refused(world, api):
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/projects/{world.da_nang_project.pk}/", {"title": "Renamed"}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()


def test_project_update_changes_fields_and_focus_areas(world, api):
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/projects/{world.da_nang_project.pk}/",
        {"title": "Renamed", "focus_areas": ["civic-social"], "version": 1},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renamed"
    assert response.json()["focus_areas"] == ["civic-social"]
    assert response.json()["version"] == 2


def test_editing_a_published_plans_project_starts_a_new_revision(world, api):
    response = api(world.personas["official-bangkok"]).patch(
        f"/api/projects/{world.bangkok_project.pk}/",
        {"summary": "New.", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    world.bangkok_plan.refresh_from_db()
    assert world.bangkok_plan.status == PlanStatus.DRAFT
    assert world.bangkok_plan.revision == 2


def test_project_with_progress_cannot_be_deleted(world, api):
    response = api(world.personas["official-da-nang"]).delete(
        f"/api/projects/{world.da_nang_project.pk}/"
    )

    assert response.status_code == 400
    assert Project.objects.filter(pk=world.da_nang_project.pk).exists()


def test_project_without_progress_is_deleted(world, api):
    world.da_nang_update.delete()
    world.opportunity.project = None
    world.opportunity.save()

    response = api(world.personas["official-da-nang"]).delete(
        f"/api/projects/{world.da_nang_project.pk}/"
    )

    assert response.status_code == 204
    assert not Project.objects.filter(pk=world.da_nang_project.pk).exists()


def test_milestone_is_created_updated_and_deleted_by_its_city(world, api):
    client = api(world.personas["official-da-nang"])

    created = client.post(
        "/api/milestones/",
        {"project": world.da_nang_project.pk, "title": "Tender", "due_date": "2025-03-31"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/milestones/{created.json()['id']}/"
    updated = client.patch(url, {"done_date": "2025-03-30", "version": 1}, format="json")
    assert updated.status_code == 200
    assert updated.json()["done_date"] == "2025-03-30"
    assert client.delete(url).status_code == 204


def test_asec_cannot_edit_a_citys_milestone(world, api):
    response = api(world.personas["asec"]).patch(
        f"/api/milestones/{world.da_nang_milestone.pk}/",
        {"title": "x", "version": 1},
        format="json",
    )

    assert response.status_code == 403


def test_indicator_value_is_recorded_for_a_year(world, api):
    response = api(world.personas["official-da-nang"]).post(
        f"/api/indicators/{world.da_nang_indicator.pk}/values/",
        {"year": 2024, "value": "42.5"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["values"] == [{"year": 2024, "value": "42.5000", "parts": []}]
    assert IndicatorValue.objects.get(indicator=world.da_nang_indicator).value == 42.5


def test_indicator_value_outside_the_plan_years_is_refused(world, api):
    response = api(world.personas["official-da-nang"]).post(
        f"/api/indicators/{world.da_nang_indicator.pk}/values/",
        {"year": 1999, "value": "1"},
        format="json",
    )

    assert response.status_code == 400
    assert "year" in response.json()


def test_indicator_is_created_by_its_city(world, api):
    response = api(world.personas["csco-da-nang"]).post(
        "/api/indicators/",
        {"project": world.da_nang_project.pk, "name": "Travel time", "unit": "minutes"},
        format="json",
    )

    assert response.status_code == 201, response.json()


def test_progress_update_is_submitted_for_a_new_year(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/progress-updates/",
        {
            "project": world.da_nang_project.pk,
            "year": 2025,
            "percent_complete": 70,
            "status": "at_risk",
            "narrative": "Procurement delayed.",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["submitted_by"] == "Test Official-Da-Nang"  # a name, never the username
    assert ProgressUpdate.objects.filter(project=world.da_nang_project).count() == 2


def test_second_progress_update_for_the_same_year_is_a_conflict(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/progress-updates/",
        {
            "project": world.da_nang_project.pk,
            "year": 2024,
            "percent_complete": 90,
            "status": "on_track",
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["current"]["percent_complete"] == 50


def test_progress_over_100_percent_is_refused_per_field(world, api):
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/progress-updates/{world.da_nang_update.pk}/",
        {"percent_complete": 101, "version": 1},
        format="json",
    )

    assert response.status_code == 400
    assert "percent_complete" in response.json()


def test_da_nang_official_cannot_report_progress_for_a_visible_bangkok_project(world, api):
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/progress-updates/{world.bangkok_update.pk}/",
        {"percent_complete": 60, "version": 1},
        format="json",
    )

    assert response.status_code == 403


def test_the_public_keeps_seeing_the_published_revision_while_a_new_one_is_edited(world, api):
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    for persona, step in [("csco-da-nang", "submit"), ("nr-vn", "endorse"), ("asec", "publish")]:
        api(world.personas[persona]).post(f"{url}/{step}/", {}, format="json")
    published_vision = world.da_nang_plan.vision
    api(world.personas["official-da-nang"]).patch(
        f"{url}/", {"vision": "Draft of revision 2.", "version": 4}, format="json"
    )

    public = api().get(f"{url}/").json()
    city = api(world.personas["official-da-nang"]).get(f"{url}/").json()

    assert (public["vision"], public["revision"], public["status"]) == (
        published_vision,
        1,
        "published",
    )
    assert (city["vision"], city["revision"], city["status"]) == (
        "Draft of revision 2.",
        2,
        "draft",
    )


def test_a_publication_without_texts_shows_empty_texts_not_the_working_copy(world, api):
    publication = world.bangkok_plan.publications.get()
    publication.snapshot = {
        key: value
        for key, value in publication.snapshot.items()
        if key not in ("vision", "strategic_targets")
    }
    publication.save()
    # Made the published layer as publishing makes it (the plan keeps its published texts).
    publications_materialize([publication])
    world.bangkok_plan.refresh_from_db()
    world.bangkok_plan.vision = "Unpublished words."
    world.bangkok_plan.save()

    plan = api().get(f"/api/action-plans/{world.bangkok_plan.pk}/").json()

    assert (plan["vision"], plan["strategic_targets"]) == ("", "")
