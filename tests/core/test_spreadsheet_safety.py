"""Every CSV and XLSX file the portal writes keeps hostile text as text (issue 12, point 7):
a spreadsheet program opening it runs no formula, and the reader sees the text as it was typed."""

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from meetings.models import Meeting
from reports.annual import content
from reports.open_data.files import open_data_zip
from tests import factories as f
from tests.reports.building import build_report, eager_celery, publish

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
# What a CSV cell holds: text a spreadsheet would run gets the apostrophe that marks it as text;
# "+1" is read as the number 1, never as a formula, so it stays as it was.
IN_CSV = {text: text if text == "+1" else "'" + text for text in HOSTILE}


@pytest.fixture
def hostile_network(da_nang, bangkok, asec_user):
    area = f.FocusAreaFactory(code="built-infrastructure")
    plan = f.ActionPlanFactory(city=da_nang)
    for title in HOSTILE:
        project = f.ProjectFactory(plan=plan, title=title, focus_areas=[area])
        f.ProgressUpdateFactory(project=project, year=2024, narrative=title)
        f.IndicatorFactory(project=project)
    publish(plan, asec_user)
    f.PartnerFactory(slug="hostile", summary=HOSTILE[0])
    Meeting.objects.create(
        kind=Meeting.Kind.ANNUAL,
        number=7,
        title="7th ASCN Annual Meeting",
        start_date="2024-07-30",
        end_date="2024-07-30",
        theme=HOSTILE[0],
    )


def xlsx_cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_text_kept(data: bytes, texts=HOSTILE):
    cells = xlsx_cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    # XML reads a raw carriage return as a line feed; openpyxl writes it escaped (kept) when lxml
    # is installed, raw (read back as a line feed) when not: compare with both folded.
    values = {c.value.replace("\r", "\n") if isinstance(c.value, str) else c.value for c in cells}
    assert {text.replace("\r", "\n") for text in texts} <= values


def csv_values(data: bytes) -> set[str]:
    text = data.decode("utf-8-sig")
    return {value for row in csv.reader(io.StringIO(text, newline="")) for value in row}


def assert_csv_marks_formulas_as_text(data: bytes, texts=HOSTILE):
    values = csv_values(data)
    assert {IN_CSV[text] for text in texts} <= values
    assert not {text for text in texts if text != "+1"} & values


def test_report_xlsx_keeps_hostile_titles_and_meeting_theme_as_text(
    hostile_network, asec_user, tmp_path, django_capture_on_commit_callbacks
):
    with eager_celery(tmp_path):
        report = build_report(2024, asec_user, django_capture_on_commit_callbacks)
        workbook = report.xlsx_file.read()

    assert_no_formula_and_text_kept(workbook)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_dashboard_table_export_keeps_hostile_titles_as_text(
    hostile_network, asec_user, client_for, file_format
):
    url = f"/dashboard/completeness/?year=2025&export={file_format}&table=missing_updates"
    response = client_for(asec_user).get(url)

    assert response.status_code == 200
    if file_format == "xlsx":
        assert_no_formula_and_text_kept(response.content)
    else:
        assert_csv_marks_formulas_as_text(response.content)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_api_project_export_keeps_hostile_titles_as_text(hostile_network, asec_user, file_format):
    client = APIClient()
    client.force_authenticate(asec_user)
    data = client.get(f"/api/projects/?format={file_format}").content

    if file_format == "xlsx":
        assert_no_formula_and_text_kept(data)
    else:
        assert_csv_marks_formulas_as_text(data)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_api_list_export_keeps_hostile_partner_summary_as_text(hostile_network, file_format):
    data = APIClient().get(f"/api/partners/?format={file_format}").content

    if file_format == "xlsx":
        assert_no_formula_and_text_kept(data, HOSTILE[:1])
    else:
        assert_csv_marks_formulas_as_text(data, HOSTILE[:1])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_web_project_export_keeps_hostile_titles_as_text(
    hostile_network, asec_user, client_for, file_format
):
    data = client_for(asec_user).get(f"/projects/export.{file_format}").content

    if file_format == "xlsx":
        assert_no_formula_and_text_kept(data)
    else:
        assert_csv_marks_formulas_as_text(data)


def test_open_data_csv_keeps_hostile_text_as_text_and_json_as_typed(hostile_network):
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip()))

    assert_csv_marks_formulas_as_text(archive.read("csv/projects.csv"))
    assert_csv_marks_formulas_as_text(archive.read("csv/meetings.csv"), HOSTILE[:1])
    titles = {p["title"] for p in json.loads(archive.read("json/projects.json"))}
    assert set(HOSTILE) <= titles


def test_report_content_is_unchanged_by_the_spreadsheet_rule(hostile_network):
    """The rule belongs to the files: the report's data (HTML, JSON) keeps titles as typed."""
    titles = {row[3] for row in content.network_content(2024)["appendices"]["a"]["rows"]}

    assert set(HOSTILE) <= titles
