"""Published means approved (issue 12): whoever may not see a plan's working copy reads the plan
as ASEC published it, in every reader — API lists, details, exports, search, counts, web pages,
open data and the annual report's files.

The Da Nang plan is published (revision 1); its city then starts revision 2 over the API: a new
project with a milestone, an indicator and a progress update, and a changed summary and budget on
a published project. Those changes are the city's, its national representative's and ASEC's
until ASEC publishes revision 2."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.services import report_publish
from tests.reports.building import build_report, eager_celery

DRAFT_TITLE = "Secret draft corridor"
DRAFT_SUMMARY = "Unapproved summary words"
DRAFT_MILESTONE = "Unapproved milestone"
DRAFT_INDICATOR = "Unapproved indicator"
DRAFT_NARRATIVE = "Unapproved narrative"
DRAFT_WORDS = (DRAFT_TITLE, DRAFT_SUMMARY, DRAFT_MILESTONE, DRAFT_INDICATOR, DRAFT_NARRATIVE)
OUTSIDERS = ["anonymous", "official-bangkok", "partner-adb"]
INSIDERS = ["official-da-nang", "nr-vn", "asec"]


class Revision:
    def __init__(self, **ids):
        self.__dict__.update(ids)


@pytest.fixture
def revision(world, api):
    """Da Nang's plan published, then revision 2 started over the API by its official."""
    url = f"/api/action-plans/{world.da_nang_plan.pk}"
    for persona, step in [("csco-da-nang", "submit"), ("nr-vn", "endorse"), ("asec", "publish")]:
        response = api(world.personas[persona]).post(f"{url}/{step}/", {}, format="json")
        assert response.status_code == 200, response.json()
    city = api(world.personas["official-da-nang"])
    project = _created(
        city.post(
            "/api/projects/",
            {"plan": world.da_nang_plan.pk, "title": DRAFT_TITLE, "focus_areas": ["civic-social"]},
            format="json",
        )
    )
    changed = world.da_nang_project
    published_summary, published_budget = changed.summary, changed.budget_usd
    response = city.patch(
        f"/api/projects/{changed.pk}/",
        {"summary": DRAFT_SUMMARY, "budget_usd": "999.00", "version": changed.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    milestone = _created(
        city.post(
            "/api/milestones/",
            {"project": project, "title": DRAFT_MILESTONE, "due_date": "2025-06-30"},
            format="json",
        )
    )
    indicator = _created(
        city.post(
            "/api/indicators/",
            {"project": project, "name": DRAFT_INDICATOR, "unit": "%"},
            format="json",
        )
    )
    update = _created(
        city.post(
            "/api/progress-updates/",
            {
                "project": project,
                "year": 2024,
                "percent_complete": 12,
                "status": "on_track",
                "narrative": DRAFT_NARRATIVE,
            },
            format="json",
        )
    )
    return Revision(
        project=project,
        changed=changed.pk,
        published_summary=published_summary,
        published_budget=published_budget,
        milestone=milestone,
        indicator=indicator,
        update=update,
    )


def _created(response) -> int:
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _no_draft_words(text: str) -> None:
    found = [word for word in DRAFT_WORDS if word in text]
    assert found == [], f"working-copy text reached a reader: {found}"


# --- The API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_api_lists_details_and_search_show_the_published_plan(revision, world, api, persona):
    client = api(world.personas[persona])
    listed = client.get("/api/projects/", {"city": "da-nang"})
    assert revision.project not in _ids(listed)
    assert revision.changed in _ids(listed)
    _no_draft_words(listed.content.decode())

    detail = client.get(f"/api/projects/{revision.changed}/").json()
    assert detail["summary"] == revision.published_summary
    assert Decimal(detail["budget_usd"]) == revision.published_budget
    assert client.get(f"/api/projects/{revision.project}/").status_code == 404

    for words in (DRAFT_TITLE, DRAFT_SUMMARY):
        assert client.get("/api/projects/", {"search": words}).json()["count"] == 0


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_api_exports_hold_the_published_plan(revision, world, api, persona, file_format):
    response = api(world.personas[persona]).get(
        "/api/projects/", {"city": "da-nang", "format": file_format}
    )
    assert response.status_code == 200
    _no_draft_words(_file_text(response.content, file_format))


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize(
    "collection, key",
    [("milestones", "milestone"), ("indicators", "indicator"), ("progress-updates", "update")],
)
def test_api_lists_no_child_of_a_project_only_in_the_working_copy(
    revision, world, api, persona, collection, key
):
    client = api(world.personas[persona])
    listed = client.get(f"/api/{collection}/", {"city": "da-nang"})
    assert getattr(revision, key) not in _ids(listed)
    _no_draft_words(listed.content.decode())
    assert client.get(f"/api/{collection}/{getattr(revision, key)}/").status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_plan_status_filter_and_project_count_are_the_published_ones(revision, world, api, persona):
    client = api(world.personas[persona])
    assert client.get("/api/action-plans/", {"status": "draft"}).json()["count"] == 0
    plan = client.get(f"/api/action-plans/{world.da_nang_plan.pk}/").json()
    assert (plan["status"], plan["revision"], plan["project_count"]) == ("published", 1, 1)


@pytest.mark.parametrize("persona", INSIDERS)
def test_the_city_its_representative_and_asec_read_the_working_copy(revision, world, api, persona):
    client = api(world.personas[persona])
    assert revision.project in _ids(client.get("/api/projects/", {"city": "da-nang"}))
    assert client.get(f"/api/projects/{revision.changed}/").json()["summary"] == DRAFT_SUMMARY
    assert revision.update in _ids(client.get("/api/progress-updates/", {"city": "da-nang"}))
    plan = client.get(f"/api/action-plans/{world.da_nang_plan.pk}/").json()
    assert (plan["status"], plan["project_count"]) == ("draft", 2)


# --- Web pages, open data, the report --------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_the_city_page_and_the_web_export_show_the_published_plan(
    revision, world, client_for, persona
):
    client = client_for(world.personas[persona])
    page = client.get("/cities/da-nang/")
    assert page.status_code == 200
    _no_draft_words(page.content.decode())
    exported = client.get("/projects/export.csv", {"city": "da-nang"})
    assert exported.status_code == 200
    _no_draft_words(exported.content.decode())
    assert client.get(f"/projects/{revision.project}/").status_code == 404


def test_open_data_holds_the_published_plan(revision, tmp_path):
    target = tmp_path / "open.zip"
    call_command("export_open_data", str(target), stdout=io.StringIO())
    archive = zipfile.ZipFile(target)
    for name in archive.namelist():
        _no_draft_words(archive.read(name).decode())


def test_the_published_report_is_built_from_published_data_only(
    revision, world, tmp_path, django_capture_on_commit_callbacks
):
    asec = world.personas["asec"]
    with eager_celery(tmp_path):
        report = build_report(2024, asec, django_capture_on_commit_callbacks, narrative=True)
        report_publish(report=report, actor=asec)
        for field in ("html_file", "json_file"):
            _no_draft_words(getattr(report, field).read().decode())
        _no_draft_words(_file_text(report.xlsx_file.read(), "xlsx"))
        _no_draft_words(" ".join(page.extract_text() for page in PdfReader(report.pdf_file).pages))
    used = {plan["city"]: plan["revision"] for plan in report.basis["publications"]}
    assert used["Da Nang"] == 1
    awaiting = {plan["city"]: plan["revision"] for plan in report.basis["awaiting_publication"]}
    assert awaiting["Da Nang"] == 2
    assert "Da Nang smart traffic" in json.dumps(json.loads(report.json_file.open().read()))


def _file_text(content: bytes, file_format: str) -> str:
    if file_format == "csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(content.decode())))
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_ordering_by_status_reveals_no_revision_in_progress(revision, world, api):
    def order(persona, ordering):
        response = api(world.personas[persona]).get("/api/action-plans/", {"ordering": ordering})
        return [plan["city"] for plan in response.json()["results"]]

    assert order("anonymous", "status") == order("anonymous", "-status")
    assert order("asec", "status") != order("asec", "-status")
