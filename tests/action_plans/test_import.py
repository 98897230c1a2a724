import csv
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from accounts.services import system_user
from action_plans.models import ActionPlan, GesiGroup, ProgressUpdate, Project, StrategicOutcome
from action_plans.project_files import COLUMNS, ProjectImportError, projects_export, projects_import
from reference.loader import REFERENCE_DIR, reference_data_load
from tests import factories as f

PROJECTS_2025 = REFERENCE_DIR / "projects_2025.csv"
HEADER = "city,title,focus_areas,stage"


@pytest.fixture
def network(db):
    reference_data_load()


def import_text(text: str, **kwargs):
    kwargs.setdefault("actor", system_user())
    return projects_import(data=text.encode(), filename="projects.csv", **kwargs)


def errors_of(text: str, **kwargs) -> dict[int | None, str]:
    with pytest.raises(ProjectImportError) as caught:
        import_text(text, **kwargs)
    return {error.line: "; ".join(error.messages) for error in caught.value.errors}


def import_m_and_e_list(**options):
    call_command("import_projects", str(PROJECTS_2025), stdout=io.StringIO(), **options)


# --- the real M&E 2025 list ----------------------------------------------------------------------


def test_the_m_and_e_2025_list_imports_into_the_right_cities(network):
    import_m_and_e_list()

    assert Project.objects.count() == 134
    assert ActionPlan.objects.count() == 35
    assert Project.objects.filter(plan__city__slug="singapore").count() == 6
    centre = Project.objects.get(plan__city__slug="da-nang", title="Intelligent Operation Centre")
    assert [area.code for area in centre.focus_areas.all()] == ["safety-security"]
    assert centre.plan.period_start == 2018
    assert centre.plan.period_end == 2025
    assert centre.source == "projects_2025.csv"


def test_the_m_and_e_2025_list_counts_ongoing_and_completed_projects(network):
    import_m_and_e_list()

    assert Counter(Project.objects.values_list("stage", flat=True)) == {
        "ongoing": 116,
        "completed": 18,
    }


def test_the_m_and_e_2025_list_counts_projects_per_focus_area(network):
    import_m_and_e_list()

    per_area = Counter(Project.objects.values_list("focus_areas__code", flat=True))
    assert per_area == {
        "civic-social": 34,
        "built-infrastructure": 32,
        "quality-environment": 25,
        "safety-security": 19,
        "industry-innovation": 16,
        "health-well-being": 8,
    }


def test_importing_the_same_file_again_updates_instead_of_duplicating(network):
    import_m_and_e_list()
    out = io.StringIO()

    call_command("import_projects", str(PROJECTS_2025), stdout=out)

    assert Project.objects.count() == 134
    assert "0 created, 0 updated, 134 unchanged" in out.getvalue()


def test_with_a_year_completed_projects_record_a_completed_update(network):
    import_m_and_e_list(year=2025)

    updates = ProgressUpdate.objects.all()
    assert updates.count() == 18
    assert {(u.year, u.status, u.percent_complete) for u in updates} == {(2025, "completed", 100)}


def test_ongoing_or_planning_records_no_progress_because_it_says_none(network):
    import_m_and_e_list(year=2025)

    ongoing = Project.objects.filter(stage="ongoing")
    assert not ProgressUpdate.objects.filter(project__in=ongoing).exists()


def test_a_changed_row_updates_the_project_and_bumps_its_version(network):
    import_text(f"{HEADER}\nda-nang,Smart Water Management System,quality-environment,planning\n")

    import_text(f"{HEADER}\nda-nang,Smart Water Management System,quality-environment,ongoing\n")

    project = Project.objects.get()
    assert project.stage == "ongoing"
    assert project.version == 2
    assert project.history.count() >= 2


def test_columns_absent_from_the_file_leave_existing_values_alone(network, da_nang_plan):
    project = f.ProjectFactory(plan=da_nang_plan, title="Smart Water", summary="Kept.")

    import_text("city,title,focus_areas\nda-nang,Smart Water,quality-environment\n")

    project.refresh_from_db()
    assert project.summary == "Kept."
    assert [area.code for area in project.focus_areas.all()] == ["quality-environment"]


# --- every bad row is reported, nothing is imported ---------------------------------------------


BAD_FILE = f"""{HEADER},start_year,end_year,budget_usd,status,percent_complete
da-nang,Smart Water,quality-environment,ongoing,2019,2024,1000000,,
atlantis,Flying Buses,built-infrastructure,ongoing,,,,,
da-nang,Clean Air,not-an-area,ongoing,,,,,
ha-noi,Metro,built-infrastructure,ongoing,twenty,2025,,,
ha-noi,Bridges,built-infrastructure,ongoing,2024,2020,-5,,
da-nang,Smart Water,quality-environment,ongoing,,,,,
bangkok,,built-infrastructure,sideways,,,,on_track,150
"""


def test_a_file_with_bad_rows_reports_each_line_and_imports_nothing(network):
    errors = errors_of(BAD_FILE)

    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "unknown city 'atlantis'" in errors[3]
    assert "unknown focus area code 'not-an-area'" in errors[4]
    assert "start_year 'twenty' is not a whole number" in errors[5]
    assert "end_year 2020 is before start_year 2024" in errors[6]
    assert "budget_usd '-5'" in errors[6]
    assert "same city and title as line 2" in errors[7]
    assert "title is required" in errors[8]
    assert "stage 'sideways' is not one of" in errors[8]
    assert "percent_complete '150'" in errors[8]
    assert not Project.objects.exists()
    assert not ActionPlan.objects.exists()


def test_the_command_exits_with_every_bad_line(network, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_FILE, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("import_projects", str(path))

    message = str(caught.value)
    assert "Nothing was imported: 6 bad line(s)" in message
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line}:" in message
    assert not Project.objects.exists()


def test_unknown_and_missing_columns_are_reported_on_line_one(network):
    errors = errors_of("city,name,colour\nda-nang,Smart Water,blue\n")

    assert list(errors) == [1]
    assert "unknown columns: 'name', 'colour'" in errors[1]
    assert "missing columns: title, focus_areas" in errors[1]


def test_focus_area_and_focus_areas_together_are_a_repeated_column(network):
    errors = errors_of("city,title,focus_area,focus_areas\nda-nang,A,civic-social,civic-social\n")

    assert "repeated columns: focus_areas" in errors[1]


def test_a_status_that_needs_a_year_is_refused_without_one(network):
    errors = errors_of(
        "city,title,focus_areas,status,percent_complete\nda-nang,A,civic-social,at_risk,40\n"
    )

    assert "status at_risk needs a reporting year" in errors[2]


def test_an_on_track_status_needs_a_percent(network):
    errors = errors_of(
        "city,title,focus_areas,status\nda-nang,A,civic-social,on_track\n", year=2024
    )

    assert "status on_track needs percent_complete" in errors[2]


def test_a_status_with_a_year_records_progress_and_sets_the_stage(network):
    import_text(
        "city,title,focus_areas,status,percent_complete,progress_year\n"
        "da-nang,A,civic-social,delayed,35,2023\n"
        "da-nang,B,civic-social,on_track,60,\n",
        year=2024,
    )

    assert set(ProgressUpdate.objects.values_list("project__title", "year", "status")) == {
        ("A", 2023, "delayed"),
        ("B", 2024, "on_track"),
    }
    assert set(Project.objects.values_list("stage", flat=True)) == {"ongoing"}


def test_line_numbers_count_the_lines_of_quoted_cells(network):
    errors = errors_of(
        'city,title,focus_areas,summary\nda-nang,A,civic-social,"two\nlines"\nnowhere,B,civic-social,\n'
    )

    assert list(errors) == [4]


def test_a_line_with_more_cells_than_columns_is_refused(network):
    errors = errors_of(f"{HEADER}\nda-nang,A,civic-social,ongoing,surprise\n")

    assert "more cells than the header has columns" in errors[2]


def test_a_country_that_does_not_match_the_city_is_refused(network):
    errors = errors_of("country,city,title,focus_areas\nTH,da-nang,A,civic-social\n")

    assert "Da Nang is in VN, not TH" in errors[2]


def test_an_empty_file_is_refused(network):
    assert "The file is empty" in errors_of("")[None]
    assert "no project rows" in errors_of(f"{HEADER}\n")[None]


def test_a_csv_that_is_not_utf8_is_refused(network):
    data = f"{HEADER}\nda-nang,Caf\xe9,civic-social,ongoing\n".encode("latin-1")

    with pytest.raises(ProjectImportError, match="not UTF-8 encoded"):
        projects_import(data=data, filename="projects.csv", actor=system_user())


def test_a_damaged_xlsx_workbook_is_refused(network):
    with pytest.raises(ProjectImportError, match="cannot be opened"):
        projects_import(
            data=b"PK\x03\x04 not really a zip", filename="projects.xlsx", actor=system_user()
        )


def test_a_file_whose_content_does_not_match_its_extension_is_refused(network):
    with pytest.raises(ProjectImportError, match="not an XLSX workbook"):
        projects_import(data=b"city,title\n", filename="projects.xlsx", actor=system_user())
    with pytest.raises(ProjectImportError, match="Only .csv and .xlsx"):
        projects_import(data=b"city,title\n", filename="projects.txt", actor=system_user())


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_imports_like_a_csv(network):
    data = xlsx_bytes(
        [
            ["city", "title", "focus_areas", "start_year", "budget_usd", "seeking_partners"],
            ["da-nang", "Smart Water", "quality-environment", 2019, 2500000.5, True],
            ["ha-noi", "Metro Line 3", "built-infrastructure;civic-social", 2020, 1200000, False],
        ]
    )

    result = projects_import(data=data, filename="projects.xlsx", actor=system_user())

    assert result.created == 2
    water = Project.objects.get(title="Smart Water")
    assert water.budget_usd == Decimal("2500000.50")
    assert water.start_year == 2019
    assert water.seeking_partners
    assert Project.objects.get(title="Metro Line 3").focus_areas.count() == 2


def test_bad_rows_of_an_xlsx_workbook_carry_their_spreadsheet_row(network):
    data = xlsx_bytes(
        [
            ["city", "title", "focus_areas"],
            ["da-nang", "Smart Water", "quality-environment"],
            [None, None, None],
            ["da-nang", "Clean Air", "fresh-air"],
        ]
    )

    with pytest.raises(ProjectImportError) as caught:
        projects_import(data=data, filename="projects.xlsx", actor=system_user())

    assert [error.line for error in caught.value.errors] == [4]


def test_the_command_imports_an_xlsx_file(network, tmp_path):
    path = tmp_path / "projects.xlsx"
    path.write_bytes(
        xlsx_bytes([["city", "title", "focus_areas"], ["da-nang", "A", "civic-social"]])
    )

    call_command("import_projects", str(path), stdout=io.StringIO())

    assert Project.objects.get().plan.city.slug == "da-nang"


# --- export and round trip -----------------------------------------------------------------------


@pytest.fixture
def rich_projects(network):
    plan = f.ActionPlanFactory(city_id=f.CityFactory(slug="da-nang").pk)
    water = f.ProjectFactory(
        plan=plan,
        title="Smart Water, phase 2",
        summary='Sensors on "every" pipe;\nleaks found in hours.',
        lead_agency="DAWACO",
        budget_usd=Decimal("2500000.50"),
        funding_model="ppp",
        seeking_partners=True,
        partnership_needs="Technical assistance",
        stage="ongoing",
        source="S10",
    )
    water.outcomes.set(StrategicOutcome.objects.filter(code="sustainable-environment"))
    water.gesi_groups.set(GesiGroup.objects.filter(code__in=["women-girls", "older-persons"]))
    f.ProgressUpdateFactory(project=water, year=2023, percent_complete=40, status="at_risk")
    f.ProgressUpdateFactory(project=water, year=2024, percent_complete=55, status="delayed")
    f.ProjectFactory(plan=plan, title="=HYPERLINK(evil)", summary="-starts with a dash")
    f.ProjectFactory(
        plan=f.ActionPlanFactory(city_id=f.CityFactory(slug="bangkok").pk),
        title="Bang Sue Smart City",
        budget_usd=None,
        start_year=None,
        end_year=None,
        funding_model="",
    )
    return Project.objects.all()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_projects_import_again_without_any_change(rich_projects, file_format):
    data = projects_export(rich_projects, file_format=file_format)
    history_before = Project.history.count() + ProgressUpdate.history.count()

    result = projects_import(data=data, filename=f"export.{file_format}", actor=system_user())

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (result.progress_recorded, result.progress_unchanged) == (0, 1)
    assert Project.history.count() + ProgressUpdate.history.count() == history_before


def test_the_export_has_exactly_the_import_columns(rich_projects):
    rows = list(csv.DictReader(io.StringIO(projects_export(rich_projects).decode())))

    assert list(rows[0]) == [column.name for column in COLUMNS]
    water = next(row for row in rows if row["title"] == "Smart Water, phase 2")
    assert water["gesi_groups"] == "women-girls;older-persons"
    assert (water["progress_year"], water["status"], water["percent_complete"]) == (
        "2024",
        "delayed",
        "55",
    )


def test_the_export_keeps_formulas_from_running_in_a_spreadsheet(rich_projects):
    csv_text = projects_export(rich_projects).decode()
    workbook = load_workbook(io.BytesIO(projects_export(rich_projects, file_format="xlsx")))
    titles = [row[2] for row in workbook.active.iter_rows(values_only=True)]

    assert "'=HYPERLINK(evil)" in csv_text
    assert "=HYPERLINK(evil)" in titles  # XLSX types its cells: a text cell, kept as typed
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


# 7: the projects, their focus areas, outcomes, GESI groups, funding sources, indicators, updates.
def test_the_export_runs_the_same_queries_whatever_the_number_of_projects(
    rich_projects, django_assert_num_queries
):
    with django_assert_num_queries(7):
        projects_export(Project.objects.all())
    for _ in range(5):
        f.ProgressUpdateFactory(project=f.ProjectFactory(plan=ActionPlan.objects.first()))
    with django_assert_num_queries(7):
        projects_export(Project.objects.all(), file_format="xlsx")


# --- who may import what -------------------------------------------------------------------------


def test_a_bangkok_official_cannot_import_da_nang_rows(network, bangkok_official):
    errors = errors_of(
        f"{HEADER}\nbangkok,Bang Sue Smart City,quality-environment,ongoing\n"
        "da-nang,Smart Water,quality-environment,ongoing\n",
        actor=bangkok_official,
        city=bangkok_official.city,
    )

    assert list(errors) == [3]
    assert "this import is for Bangkok only, not Da Nang" in errors[3]
    assert not Project.objects.exists()


def test_the_policy_refuses_another_citys_rows_even_without_a_city_restriction(
    network, bangkok_official
):
    errors = errors_of(
        f"{HEADER}\nda-nang,Smart Water,civic-social,ongoing\n", actor=bangkok_official
    )

    assert "you may not import projects of Da Nang" in errors[2]


def test_a_da_nang_official_imports_into_their_own_draft_plan(network, da_nang_official):
    result = import_text(
        f"{HEADER}\nda-nang,Smart Water,quality-environment,ongoing\n",
        actor=da_nang_official,
        city=da_nang_official.city,
    )

    assert result.created == 1
    project = Project.objects.get()
    assert project.history.first().history_user == da_nang_official


def test_a_city_official_cannot_import_into_a_plan_under_review(network, da_nang_official):
    f.ActionPlanFactory(city=da_nang_official.city, status="submitted")

    errors = errors_of(
        f"{HEADER}\nda-nang,Smart Water,civic-social,ongoing\n",
        actor=da_nang_official,
        city=da_nang_official.city,
    )

    assert "is submitted and cannot be changed" in errors[2]


def test_asec_imports_for_every_city(network, asec_user):
    result = projects_import(data=PROJECTS_2025.read_bytes(), filename="m.csv", actor=asec_user)

    assert result.created == 134


def test_a_national_representative_cannot_import(network, viet_nam_rep):
    errors = errors_of(f"{HEADER}\nda-nang,Smart Water,civic-social,ongoing\n", actor=viet_nam_rep)

    assert "you may not import projects of Da Nang" in errors[2]
