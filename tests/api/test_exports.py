"""Every list exports as CSV and XLSX (`?format=csv|xlsx`), in the list's columns; projects in
exactly the columns the importer reads, so an exported file imports back unchanged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from action_plans.project_files import COLUMNS, projects_import
from tests.api.test_reads import COLLECTIONS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("collection", [c for c in COLLECTIONS if c != "projects"])
def test_every_list_exports_as_csv_in_the_columns_of_the_list(world, api, collection):
    client = api(world.personas["asec"])
    listed = client.get(f"/api/{collection}/?page_size=200").json()

    response = client.get(f"/api/{collection}/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="ascn-{collection}-' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == list(listed["results"][0])
    assert len(rows) - 1 == listed["count"]


@pytest.mark.parametrize("collection", [c for c in COLLECTIONS if c != "projects"])
def test_every_list_exports_as_xlsx_in_the_columns_of_the_list(world, api, collection):
    client = api(world.personas["asec"])
    listed = client.get(f"/api/{collection}/").json()

    response = client.get(f"/api/{collection}/?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    rows = _xlsx(response)
    assert list(rows[0]) == list(listed["results"][0])
    assert len(rows) - 1 == listed["count"]


def test_an_export_is_the_whole_filtered_list_not_one_page(world, api, viet_nam):
    from tests import factories as f

    for n in range(3):
        f.CityFactory(slug=f"vn-city-{n}", name=f"VN City {n}", country=viet_nam)

    rows = _csv(api().get("/api/cities/?format=csv&country=VN&page_size=1"))

    assert [row[0] for row in rows[1:]] == ["da-nang", "vn-city-0", "vn-city-1", "vn-city-2"]


def test_export_cells_join_codes_and_keep_local_names(world, api):
    rows = _csv(api().get("/api/cities/?format=csv&country=VN"))
    header, da_nang = rows[0], rows[1]

    assert da_nang[header.index("local_name")] == "Đà Nẵng"
    partners = _csv(api().get("/api/partners/?format=csv"))
    assert partners[1][partners[0].index("focus_areas")] == "built-infrastructure"


def test_formula_like_text_is_not_run_by_spreadsheets(world, api):
    world.adb.summary = '=HYPERLINK("http://evil.example")'
    world.adb.save()

    csv_rows = _csv(api().get("/api/partners/?format=csv"))
    xlsx_rows = _xlsx(api().get("/api/partners/?format=xlsx"))

    assert csv_rows[1][csv_rows[0].index("summary")].startswith("'=")
    sheet = load_workbook(io.BytesIO(api().get("/api/partners/?format=xlsx").content)).active
    summary_cell = sheet.cell(row=2, column=list(xlsx_rows[0]).index("summary") + 1)
    assert summary_cell.data_type == "s"


@pytest.mark.parametrize(("file_format", "read"), [("csv", _csv), ("xlsx", _xlsx)])
def test_projects_export_in_exactly_the_importers_columns(world, api, file_format, read):
    response = api(world.personas["asec"]).get(f"/api/projects/?format={file_format}")

    rows = read(response)
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert len(rows) == 3


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_projects_import_back_unchanged(world, api, file_format):
    response = api(world.personas["asec"]).get(f"/api/projects/?format={file_format}")

    result = projects_import(
        data=response.content, filename=f"projects.{file_format}", actor=world.personas["asec"]
    )

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_project_export_follows_the_filters_and_the_users_scope(world, api):
    public = _csv(api().get("/api/projects/?format=csv"))
    filtered = _csv(api(world.personas["asec"]).get("/api/projects/?format=csv&city=da-nang"))

    assert [row[2] for row in public[1:]] == ["Bangkok flood sensors"]
    assert [row[2] for row in filtered[1:]] == ["Da Nang smart traffic"]


def test_an_error_is_explained_in_json_even_when_csv_was_asked_for(world, api):
    response = api().get("/api/projects/?format=csv&year=abc")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "year" in response.json()


def test_csv_can_be_asked_for_with_the_accept_header(world, api):
    response = api().get("/api/countries/", HTTP_ACCEPT="text/csv")

    assert response["Content-Type"].startswith("text/csv")
