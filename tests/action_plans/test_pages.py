"""What each persona sees: the plan and project pages, review queue, "my city", history, progress
form and evidence downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from action_plans import services
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published_plan(da_nang_project, da_nang_csco, viet_nam_rep, asec_user, publish):
    return publish(da_nang_project.plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)


def test_anonymous_visitor_cannot_see_a_draft_plan(client, da_nang_plan):
    assert client.get(da_nang_plan.get_absolute_url()).status_code == 404


def test_bangkok_official_cannot_see_a_da_nang_draft(client_for, bangkok_official, da_nang_plan):
    assert client_for(bangkok_official).get(da_nang_plan.get_absolute_url()).status_code == 404


def test_viet_nam_representative_reads_da_nang_draft(client_for, viet_nam_rep, da_nang_project):
    response = client_for(viet_nam_rep).get(da_nang_project.plan.get_absolute_url())
    assert response.status_code == 200
    assert "Smart traffic lights" in response.content.decode()


def test_public_sees_the_published_plan_and_project(client, published_plan, da_nang_project):
    plan_page = client.get(published_plan.get_absolute_url()).content.decode()
    project_page = client.get(da_nang_project.get_absolute_url()).content.decode()

    assert "Published version (revision 1" in plan_page
    assert "Smart traffic lights" in plan_page
    assert "Smart traffic lights" in project_page


def test_while_a_revision_is_drafted_the_public_keeps_the_published_version(
    client, client_for, published_plan, da_nang_official, da_nang_project, focus_area
):
    services.plan_update(
        plan=published_plan,
        actor=da_nang_official,
        data={"vision": "Unreviewed new vision."},
        version=published_plan.version,
    )
    draft_project = services.project_create(
        plan=published_plan,
        actor=da_nang_official,
        data={"title": "Unreviewed project", "focus_areas": [focus_area]},
    )

    public = client.get(published_plan.get_absolute_url()).content.decode()
    assert "Unreviewed" not in public
    assert published_plan.vision in public
    assert client.get(draft_project.get_absolute_url()).status_code == 404

    city = client_for(da_nang_official).get(published_plan.get_absolute_url()).content.decode()
    assert "Unreviewed new vision." in city
    assert "The public sees revision 1" in city


def test_review_queue_of_a_national_representative_lists_their_countrys_submitted_plans(
    client_for, viet_nam_rep, da_nang_plan, da_nang_csco, bangkok_plan
):
    services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    bangkok_plan.status = "submitted"
    bangkok_plan.save()

    html = client_for(viet_nam_rep).get(reverse("action_plans:review")).content.decode()

    assert "Da Nang" in html
    assert "Bangkok" not in html


def test_review_queue_of_asec_lists_endorsed_and_submitted_plans(
    client_for, asec_user, da_nang_plan, bangkok_plan
):
    da_nang_plan.status = "endorsed"
    da_nang_plan.save()
    bangkok_plan.status = "submitted"
    bangkok_plan.save()

    html = client_for(asec_user).get(reverse("action_plans:review")).content.decode()

    assert "Da Nang" in html
    assert "Bangkok" in html


@pytest.mark.parametrize("persona", ["official-da-nang", "partner-adb"])
def test_review_queue_is_refused_to_who_reviews_nothing(persona, personas, client_for):
    response = client_for(personas[persona]).get(reverse("action_plans:review"))
    assert response.status_code == 403


def test_my_city_shows_which_projects_still_need_this_years_update(
    client_for, da_nang_official, da_nang_plan, focus_area, settings
):
    f.ReportingCycleFactory(year=2025, status="open")
    done = f.ProjectFactory(plan=da_nang_plan, title="Reported", focus_areas=[focus_area])
    f.ProgressUpdateFactory(project=done, year=2025)
    f.ProjectFactory(plan=da_nang_plan, title="Waiting", focus_areas=[focus_area])
    f.ProjectFactory(plan=da_nang_plan, title="Finished", stage="completed")

    response = client_for(da_nang_official).get(reverse("action_plans:my_city"))

    missing = [p.title for p in response.context["missing"]]
    assert missing == ["Waiting"]
    assert "1 of 3 projects still needs its 2025 update." in response.content.decode()


def test_my_city_is_for_city_users_only(client_for, asec_user):
    assert client_for(asec_user).get(reverse("action_plans:my_city")).status_code == 403


def test_progress_form_is_prefilled_from_last_years_update(
    client_for, da_nang_official, da_nang_project
):
    f.ProgressUpdateFactory(
        project=da_nang_project, year=2024, percent_complete=65, challenges="Land acquisition."
    )
    url = reverse("action_plans:progress", args=[da_nang_project.pk, 2025])

    html = client_for(da_nang_official).get(url).content.decode()

    assert "Pre-filled from the 2024 update" in html
    assert 'value="65"' in html
    assert "Land acquisition.</textarea>" in html


def test_progress_form_saves_the_update_with_its_evidence(
    client_for, da_nang_official, da_nang_project
):
    url = reverse("action_plans:progress", args=[da_nang_project.pk, 2025])
    response = client_for(da_nang_official).post(
        url,
        {
            "percent_complete": "80",
            "status": "on_track",
            "narrative": "Corridor live.",
            "evidence": SimpleUploadedFile("site-visit.pdf", PDF),
        },
    )
    assert response.status_code == 302
    update = da_nang_project.updates.get(year=2025)
    assert update.evidence.get().original_name == "site-visit.pdf"


def test_progress_form_refuses_a_disguised_file_and_keeps_the_text(
    client_for, da_nang_official, da_nang_project
):
    url = reverse("action_plans:progress", args=[da_nang_project.pk, 2025])
    response = client_for(da_nang_official).post(
        url,
        {
            "percent_complete": "80",
            "status": "on_track",
            "narrative": "Corridor live.",
            "evidence": SimpleUploadedFile("photo.jpg", b"<svg onload=alert(1)>"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_evidence_error"' in html
    assert "Corridor live.</textarea>" in html
    assert not da_nang_project.updates.exists()


def test_progress_for_a_year_outside_the_plan_is_not_found(
    client_for, da_nang_official, da_nang_project
):
    url = reverse("action_plans:progress", args=[da_nang_project.pk, 2031])
    assert client_for(da_nang_official).get(url).status_code == 404


def test_evidence_downloads_as_an_attachment_for_the_city_and_asec_only(
    client, client_for, da_nang_official, asec_user, bangkok_official, da_nang_project
):
    update = f.ProgressUpdateFactory(project=da_nang_project)
    evidence = services.evidence_add(
        update=update, actor=da_nang_official, upload=SimpleUploadedFile("r.pdf", PDF)
    )
    url = reverse("action_plans:evidence", args=[evidence.pk])

    response = client_for(asec_user).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(bangkok_official).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_history_shows_who_changed_which_field_from_what_to_what(
    client_for, da_nang_official, asec_user, da_nang_project, other_focus_area
):
    plan = da_nang_project.plan
    services.plan_update(
        plan=plan, actor=da_nang_official, data={"vision": "Greener Da Nang."}, version=1
    )
    services.project_update(
        project=da_nang_project,
        actor=da_nang_official,
        data={"stage": "completed", "focus_areas": [other_focus_area]},
        version=da_nang_project.version,
    )
    milestone = services.milestone_create(
        project=da_nang_project,
        actor=da_nang_official,
        data={"title": "Go-live", "due_date": "2025-03-01"},
    )
    services.milestone_delete(milestone=milestone, actor=da_nang_official)

    response = client_for(asec_user).get(reverse("action_plans:history", args=[plan.pk]))
    changes = response.context["page"].object_list
    html = response.content.decode()

    vision = next(c for c in changes if c.kind == "Plan")
    assert vision.who == "Test Official-Da-Nang"
    assert [(x.label, x.old, x.new) for x in vision.fields] == [
        ("Vision", "A liveable, connected Da Nang by 2025.", "Greener Da Nang.")
    ]
    project = next(c for c in changes if c.kind == "Project" and c.action == "changed")
    assert {(x.label, x.old, x.new) for x in project.fields} == {
        ("Stage", "Ongoing", "Completed"),
        ("Focus areas", "Built infrastructure", "Health and well-being"),
    }
    assert any(c.kind == "Milestone" and c.action == "deleted" for c in changes)
    assert "<del>Ongoing</del>" in html
    assert "<ins>Completed</ins>" in html


def test_history_is_not_for_the_public_or_other_cities(
    client, client_for, bangkok_official, partner_user, published_plan
):
    url = reverse("action_plans:history", args=[published_plan.pk])
    assert client.get(url).status_code == 302
    assert client_for(bangkok_official).get(url).status_code == 403
    assert client_for(partner_user).get(url).status_code == 403
