"""The project import writes through the project services (issue 13, point 4): the history names
who imported, a published plan opens a revision, the policy is asked, the command line acts as
the system user, and a row carrying its project's id updates that project even when renamed."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.services import system_user
from action_plans.management.commands import import_projects
from action_plans.models import ActionPlan, PlanStatus, ProgressUpdate, Project
from action_plans.project_files import ProjectImportError, projects_export, projects_import
from action_plans.services.project_import import ProjectRow, projects_import_rows
from tests import factories as f

HEADER = "city,title,focus_areas"


def import_text(text: str, actor, **kwargs):
    return projects_import(data=text.encode(), filename="projects.csv", actor=actor, **kwargs)


def errors_of(text: str, actor, **kwargs) -> dict[int | None, str]:
    with pytest.raises(ProjectImportError) as caught:
        import_text(text, actor, **kwargs)
    return {error.line: "; ".join(error.messages) for error in caught.value.errors}


def renamed(data: bytes, old: str, new: str) -> bytes:
    """An exported CSV with one project's title changed, as a person would in a spreadsheet."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    title = rows[0].index("title")
    for row in rows[1:]:
        if row[title] == old:
            row[title] = new
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


# --- who the history names -----------------------------------------------------------------------


def test_a_web_import_records_the_signed_in_user_in_history(
    da_nang_plan, focus_area, da_nang_official, client_for
):
    file = SimpleUploadedFile(
        "projects.csv",
        b"city,title,focus_areas,status,percent_complete\n"
        b"da-nang,Bus app,built-infrastructure,on_track,30\n",
    )

    response = client_for(da_nang_official).post(
        reverse("action_plans:import"), {"file": file, "year": "2024"}
    )

    assert response.status_code == 302
    project = Project.objects.get(title="Bus app")
    assert {record.history_user for record in project.history.all()} == {da_nang_official}
    update = ProgressUpdate.objects.get(project=project)
    assert (update.year, update.submitted_by) == (2024, da_nang_official)
    assert {record.history_user for record in update.history.all()} == {da_nang_official}


def test_the_command_records_the_system_user_in_history(da_nang, focus_area, tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text(f"{HEADER}\nda-nang,Bus app,built-infrastructure\n", encoding="utf-8")

    call_command("import_projects", str(path), stdout=io.StringIO())

    project = Project.objects.get()
    recorders = {record.history_user for record in project.history.all()}
    assert recorders == {system_user()}
    recorder = recorders.pop()
    assert recorder.is_system
    assert project.plan.history.get().history_user == recorder


def test_the_plan_history_names_the_command_line_import_the_system(
    da_nang, focus_area, tmp_path, asec_user, client_for
):
    path = tmp_path / "projects.csv"
    path.write_text(f"{HEADER}\nda-nang,Bus app,built-infrastructure\n", encoding="utf-8")
    call_command("import_projects", str(path), stdout=io.StringIO())
    plan = ActionPlan.objects.get()

    response = client_for(asec_user).get(reverse("action_plans:history", args=[plan.pk]))

    assert {change.who for change in response.context["page"]} == {"System"}


def test_the_command_never_passes_actor_none(da_nang, focus_area, tmp_path, monkeypatch):
    actors = []

    def spy(**kwargs):
        actors.append(kwargs["actor"])
        return projects_import(**kwargs)

    monkeypatch.setattr(import_projects, "projects_import", spy)
    path = tmp_path / "projects.csv"
    path.write_text(f"{HEADER}\nda-nang,Bus app,built-infrastructure\n", encoding="utf-8")

    call_command("import_projects", str(path), stdout=io.StringIO())

    assert [actor.username for actor in actors] == ["system"]


def test_the_import_has_no_anonymous_path(da_nang, focus_area):
    with pytest.raises(TypeError):
        projects_import(
            data=f"{HEADER}\nda-nang,A,built-infrastructure\n".encode(), filename="p.csv"
        )


def test_the_system_user_cannot_sign_in(db, client):
    user = system_user()

    assert not user.is_active
    assert not user.has_usable_password()
    assert system_user() == user
    assert not Client().login(username="system", password="")
    response = client.post("/api/auth/token/", {"username": "system", "password": ""})
    assert response.status_code == 400


def test_a_person_named_system_is_not_the_system_user(db):
    person = f.UserFactory(username="system")

    assert not person.is_system
    with pytest.raises(Exception, match="belongs to a person"):
        system_user()


# --- revisions ----------------------------------------------------------------------------------


@pytest.fixture
def published_plan(da_nang_plan, da_nang_csco, viet_nam_rep, asec_user, publish, focus_area):
    f.ProjectFactory(plan=da_nang_plan, title="Bus app", focus_areas=[focus_area])
    return publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)


def test_importing_into_a_published_plan_opens_a_revision(published_plan, da_nang_official):
    result = import_text(
        f"{HEADER},summary\nda-nang,Bus app,built-infrastructure,Now with timetables.\n",
        da_nang_official,
    )

    assert result.updated == 1
    plan = ActionPlan.objects.get(pk=published_plan.pk)
    assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 2)
    assert plan.history.first().history_user == da_nang_official
    public = Project.layers.published().get(plan=plan)
    assert public.summary != "Now with timetables."


def test_an_unchanged_import_into_a_published_plan_opens_no_revision(
    published_plan, da_nang_official
):
    data = projects_export(Project.objects.all())

    result = projects_import(data=data, filename="again.csv", actor=da_nang_official)

    assert result.unchanged == 1
    plan = ActionPlan.objects.get(pk=published_plan.pk)
    assert (plan.status, plan.revision) == (PlanStatus.PUBLISHED, 1)


# --- ids: renaming instead of duplicating -------------------------------------------------------


def test_a_project_renamed_in_an_exported_file_is_updated_not_duplicated(
    da_nang_project, da_nang_official
):
    data = renamed(projects_export(Project.objects.all()), da_nang_project.title, "Green wave")

    result = projects_import(data=data, filename="renamed.csv", actor=da_nang_official)

    assert (result.created, result.updated) == (0, 1)
    project = Project.objects.get()
    assert (project.pk, project.title) == (da_nang_project.pk, "Green wave")
    assert project.history.first().history_user == da_nang_official


def test_an_id_of_the_published_layer_updates_its_working_project(
    published_plan, da_nang_official, client
):
    public = Project.layers.published().get(plan=published_plan)
    exported = client.get(reverse("action_plans:export_csv")).content
    exported = exported.replace(f",{public.origin_id}\r\n".encode(), f",{public.pk}\r\n".encode())

    result = projects_import(
        data=renamed(exported, "Bus app", "Bus app 2.0"), filename="p.csv", actor=da_nang_official
    )

    assert (result.created, result.updated) == (0, 1)
    assert Project.objects.get().pk == public.origin_id
    assert Project.objects.get().title == "Bus app 2.0"


def test_an_id_of_another_citys_project_is_refused_on_its_line(
    da_nang_plan, bangkok_project, focus_area, asec_user
):
    errors = errors_of(
        f"{HEADER},id\nda-nang,Canal water sensors,built-infrastructure,{bangkok_project.pk}\n",
        asec_user,
    )

    assert list(errors) == [2]
    assert f"id {bangkok_project.pk} is not a project of the plan of Da Nang" in errors[2]
    assert Project.objects.get() == bangkok_project
    assert bangkok_project.plan.city.slug == "bangkok"


def test_the_same_id_twice_is_refused(da_nang_project, da_nang_official):
    pk = da_nang_project.pk
    errors = errors_of(
        f"{HEADER},id\nda-nang,A,built-infrastructure,{pk}\nda-nang,B,built-infrastructure,{pk}\n",
        da_nang_official,
    )

    assert "same id as line 2" in errors[3]


def test_a_rename_onto_another_projects_title_is_refused(da_nang_project, da_nang_official):
    other = f.ProjectFactory(plan=da_nang_project.plan, title="Bus app")
    errors = errors_of(
        f"{HEADER},id\nda-nang,Bus app,built-infrastructure,{da_nang_project.pk}\n",
        da_nang_official,
    )

    assert "already has a project with this title" in errors[2]
    assert Project.objects.get(pk=other.pk).title == "Bus app"
    assert Project.objects.get(pk=da_nang_project.pk).title == "Smart traffic lights"


def test_every_row_the_services_refuse_is_reported_and_nothing_is_written(
    da_nang_project, da_nang_official, focus_area
):
    f.ProjectFactory(plan=da_nang_project.plan, title="Bus app")
    errors = errors_of(
        f"{HEADER},id\n"
        "da-nang,New project,built-infrastructure,\n"
        f"da-nang,Bus app,built-infrastructure,{da_nang_project.pk}\n",
        da_nang_official,
    )

    assert list(errors) == [3]
    assert not Project.objects.filter(title="New project").exists()


def test_progress_into_a_closed_cycle_is_refused_on_its_line(da_nang_project, da_nang_official):
    f.ReportingCycleFactory(year=2024, status="closed")

    errors = errors_of(
        "city,title,focus_areas,status,percent_complete,progress_year\n"
        "da-nang,Smart traffic lights,built-infrastructure,on_track,50,2024\n",
        da_nang_official,
    )

    assert "The 2024 cycle is closed." in errors[2]
    assert not ProgressUpdate.objects.exists()


# --- the policy ----------------------------------------------------------------------------------


def test_the_import_service_refuses_a_user_who_may_not_edit_the_plan(
    da_nang_plan, bangkok_official, focus_area
):
    row = ProjectRow(
        line=2, city=da_nang_plan.city, title="Bus app", m2m={"focus_areas": [focus_area]}
    )

    with pytest.raises(PermissionDenied):
        projects_import_rows(
            period=da_nang_plan.period, rows=[row], actor=bangkok_official, source="p.csv"
        )
    assert not Project.objects.exists()


def test_the_import_service_refuses_a_city_user_when_the_plan_is_under_review(
    da_nang_plan, da_nang_official, focus_area
):
    ActionPlan.objects.filter(pk=da_nang_plan.pk).update(status=PlanStatus.SUBMITTED)
    row = ProjectRow(
        line=2, city=da_nang_plan.city, title="Bus app", m2m={"focus_areas": [focus_area]}
    )

    with pytest.raises(PermissionDenied):
        projects_import_rows(
            period=da_nang_plan.period, rows=[row], actor=da_nang_official, source="p.csv"
        )
    assert not Project.objects.exists()


def test_the_system_user_may_import_into_any_plan(da_nang_plan, focus_area):
    ActionPlan.objects.filter(pk=da_nang_plan.pk).update(status=PlanStatus.SUBMITTED)

    result = import_text(f"{HEADER}\nda-nang,Bus app,built-infrastructure\n", system_user())

    assert result.created == 1


def test_a_web_import_by_a_user_who_may_not_import_is_forbidden(
    da_nang_plan, focus_area, viet_nam_rep, client_for
):
    file = SimpleUploadedFile(
        "projects.csv", f"{HEADER}\nda-nang,A,built-infrastructure\n".encode()
    )

    response = client_for(viet_nam_rep).post(reverse("action_plans:import"), {"file": file})

    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_web_import_into_a_plan_under_review_imports_nothing(
    da_nang_plan, focus_area, da_nang_official, client_for
):
    ActionPlan.objects.filter(pk=da_nang_plan.pk).update(status=PlanStatus.SUBMITTED)
    file = SimpleUploadedFile(
        "projects.csv", f"{HEADER}\nda-nang,A,built-infrastructure\n".encode()
    )

    response = client_for(da_nang_official).post(reverse("action_plans:import"), {"file": file})

    assert response.status_code == 200
    assert "cannot be changed" in response.content.decode()
    assert not Project.objects.exists()
