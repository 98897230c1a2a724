"""The plan editor in the browser's terms: forms that keep what was typed, errors next to the
fields, and a conflict page when two people edit the same thing."""

import pytest
from django.urls import reverse

from action_plans.models import Project
from tests import factories as f


def edit_url(plan):
    return reverse("action_plans:edit", args=[plan.pk])


def test_the_editor_shows_the_plan_form_and_its_projects(
    client_for, da_nang_official, da_nang_project
):
    response = client_for(da_nang_official).get(edit_url(da_nang_project.plan))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="vision"' in html
    assert 'name="version"' in html
    assert "Smart traffic lights" in html


def test_saving_the_plan_redirects_back_with_a_message(client_for, da_nang_official, da_nang_plan):
    client = client_for(da_nang_official)
    response = client.post(
        edit_url(da_nang_plan),
        {"vision": "Liveable Da Nang.", "strategic_targets": "", "version": da_nang_plan.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == edit_url(da_nang_plan)
    assert "The plan was saved." in response.content.decode()
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.vision == "Liveable Da Nang."


def test_two_concurrent_editors_the_second_sees_a_conflict_page_with_their_input_kept(
    client_for, da_nang_official, da_nang_csco, da_nang_plan
):
    first, second = client_for(da_nang_official), client_for(da_nang_csco)
    first.get(edit_url(da_nang_plan))
    second.get(edit_url(da_nang_plan))
    seen = da_nang_plan.version

    first.post(edit_url(da_nang_plan), {"vision": "From the official.", "version": seen})
    response = second.post(
        edit_url(da_nang_plan),
        {"vision": "From the CSCO.", "strategic_targets": "Zero waste", "version": seen},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this while you were editing" in html
    assert "From the official." in html  # what changed meanwhile
    assert "From the CSCO.</textarea>" in html  # the CSCO's input, kept in the form
    assert "changed meanwhile" in html
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.vision == "From the official."
    assert f'name="version" value="{da_nang_plan.version}"' in html


def test_after_a_conflict_saving_again_applies_the_users_version(
    client_for, da_nang_official, da_nang_csco, da_nang_plan
):
    seen = da_nang_plan.version
    client_for(da_nang_official).post(edit_url(da_nang_plan), {"vision": "A", "version": seen})
    second = client_for(da_nang_csco)
    second.post(edit_url(da_nang_plan), {"vision": "B", "version": seen})

    da_nang_plan.refresh_from_db()
    response = second.post(edit_url(da_nang_plan), {"vision": "B", "version": da_nang_plan.version})

    assert response.status_code == 302
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.vision == "B"


def test_project_conflict_shows_the_fields_changed_meanwhile(
    client_for, da_nang_official, da_nang_csco, da_nang_project, focus_area
):
    url = reverse("action_plans:project_edit", args=[da_nang_project.pk])
    form = {
        "title": da_nang_project.title,
        "focus_areas": [focus_area.pk],
        "stage": "ongoing",
        "version": da_nang_project.version,
    }
    client_for(da_nang_official).post(url, {**form, "stage": "completed"})
    response = client_for(da_nang_csco).post(url, {**form, "summary": "Typed by the CSCO."})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Typed by the CSCO.</textarea>" in html
    assert "Completed" in html


def test_a_project_form_with_errors_keeps_what_was_typed_and_marks_the_fields(
    client_for, da_nang_official, da_nang_plan, focus_area
):
    url = reverse("action_plans:project_create", args=[da_nang_plan.pk])
    response = client_for(da_nang_official).post(
        url,
        {
            "title": "Smart parking",
            "summary": "Sensors in 2,000 bays.",
            "stage": "planning",
            "start_year": 2024,
            "end_year": 2021,
            "focus_areas": [focus_area.pk],
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sensors in 2,000 bays.</textarea>" in html
    assert 'value="Smart parking"' in html
    assert 'id="id_end_year_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Project.objects.filter(title="Smart parking").exists()


def test_a_missing_focus_area_is_reported_next_to_the_focus_areas(
    client_for, da_nang_official, da_nang_plan, focus_area
):
    url = reverse("action_plans:project_create", args=[da_nang_plan.pk])
    response = client_for(da_nang_official).post(url, {"title": "No area", "stage": "planning"})
    assert 'id="id_focus_areas_error"' in response.content.decode()


def test_adding_a_project_leads_to_its_page_for_milestones_and_indicators(
    client_for, da_nang_official, da_nang_plan, focus_area
):
    url = reverse("action_plans:project_create", args=[da_nang_plan.pk])
    response = client_for(da_nang_official).post(
        url, {"title": "Smart parking", "stage": "planning", "focus_areas": [focus_area.pk]}
    )
    project = Project.objects.get(title="Smart parking")
    assert response["Location"] == reverse("action_plans:project_edit", args=[project.pk])


def test_projects_move_with_buttons_that_need_no_javascript(
    client_for, da_nang_official, da_nang_plan, focus_area
):
    first = f.ProjectFactory(plan=da_nang_plan, position=0, focus_areas=[focus_area])
    second = f.ProjectFactory(plan=da_nang_plan, position=1, focus_areas=[focus_area])
    url = reverse("action_plans:project_move", args=[second.pk])

    response = client_for(da_nang_official).post(url, {"direction": "up"})

    assert response.status_code == 302
    assert list(da_nang_plan.projects.order_by("position")) == [second, first]


def test_removing_a_project_asks_first(client_for, da_nang_official, da_nang_project):
    url = reverse("action_plans:project_delete", args=[da_nang_project.pk])
    client = client_for(da_nang_official)

    assert client.get(url).status_code == 200
    assert Project.objects.filter(pk=da_nang_project.pk).exists()
    assert client.post(url).status_code == 302
    assert not Project.objects.filter(pk=da_nang_project.pk).exists()


def test_removing_a_project_with_updates_explains_why_not(
    client_for, da_nang_official, da_nang_project
):
    f.ProgressUpdateFactory(project=da_nang_project)
    url = reverse("action_plans:project_delete", args=[da_nang_project.pk])
    response = client_for(da_nang_official).post(url)
    assert response.status_code == 400
    assert "cancelled" in response.content.decode()


def test_indicator_form_saves_baseline_target_and_yearly_values(
    client_for, da_nang_official, da_nang_project
):
    url = reverse("action_plans:indicator_create", args=[da_nang_project.pk])
    response = client_for(da_nang_official).post(
        url,
        {
            "name": "Junctions with adaptive signals",
            "unit": "junctions",
            "baseline_value": "0",
            "baseline_year": "2018",
            "target_value": "120",
            "target_year": "2025",
            "value_2022": "40",
            "value_2024": "85",
        },
    )
    assert response.status_code == 302
    indicator = da_nang_project.indicators.get()
    assert [(v.year, int(v.value)) for v in indicator.values.all()] == [(2022, 40), (2024, 85)]


def test_clearing_a_yearly_value_in_the_indicator_form_removes_it(
    client_for, da_nang_official, da_nang_project
):
    indicator = f.IndicatorFactory(project=da_nang_project, name="Bays", unit="bays")
    indicator.values.create(year=2022, value=10)
    url = reverse("action_plans:indicator_edit", args=[indicator.pk])
    client = client_for(da_nang_official)
    assert 'name="value_2022" value="10' in client.get(url).content.decode()

    client.post(url, {"name": "Bays", "unit": "bays", "version": indicator.version})

    assert not indicator.values.exists()


def test_milestone_form_rejects_a_bad_date_and_keeps_the_title(
    client_for, da_nang_official, da_nang_project
):
    url = reverse("action_plans:milestone_create", args=[da_nang_project.pk])
    response = client_for(da_nang_official).post(
        url, {"title": "Tender launched", "due_date": "31/31/2024"}
    )
    html = response.content.decode()
    assert 'value="Tender launched"' in html
    assert 'id="id_due_date_error"' in html


@pytest.mark.parametrize("step", ["submit", "endorse", "return", "publish"])
def test_workflow_buttons_appear_only_for_who_may_press_them(
    step, client_for, personas, da_nang_plan
):
    holders = {
        "submit": ("csco-da-nang", "draft"),
        "endorse": ("nr-vn", "submitted"),
        "return": ("nr-vn", "submitted"),
        "publish": ("asec", "endorsed"),
    }
    holder, status = holders[step]
    da_nang_plan.status = status
    da_nang_plan.save()
    action = reverse(f"action_plans:{step}", args=[da_nang_plan.pk])
    for name, user in personas.items():
        response = client_for(user).get(da_nang_plan.get_absolute_url())
        shown = response.status_code == 200 and action in response.content.decode()
        assert shown == (name == holder or (step == "return" and name == "asec")), name


def test_returning_without_a_comment_shows_the_error_on_the_plan_page(
    client_for, viet_nam_rep, da_nang_plan
):
    da_nang_plan.status = "submitted"
    da_nang_plan.save()
    response = client_for(viet_nam_rep).post(
        reverse("action_plans:return", args=[da_nang_plan.pk]), {"comment": ""}
    )
    assert response.status_code == 400
    assert 'id="return_comment_error"' in response.content.decode()


def test_an_empty_post_says_what_is_missing(client_for, da_nang_official, da_nang_plan):
    url = reverse("action_plans:project_create", args=[da_nang_plan.pk])
    html = client_for(da_nang_official).post(url, {}).content.decode()
    assert 'id="id_title_error"' in html
    assert "Nothing was saved yet" in html
