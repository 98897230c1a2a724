import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from action_plans.models import ActionPlan, Project
from reference.loader import REFERENCE_DIR, reference_data_load
from tests import factories as f

IMPORT_URL = reverse("action_plans:import")
CSV_URL = reverse("action_plans:export_csv")
XLSX_URL = reverse("action_plans:export_xlsx")
HEADER = "city,title,focus_areas,stage\n"


@pytest.fixture
def network(db):
    reference_data_load()


def upload(text: str | bytes, name: str = "projects.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_file(client, file, **data):
    return client.post(IMPORT_URL, {"file": file, **data})


# --- who may import ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["partner_user", "viet_nam_rep"])
def test_partners_and_national_representatives_may_not_import(
    network, request, client_for, persona
):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(IMPORT_URL).status_code == 403
    response = post_file(client, upload(HEADER + "da-nang,A,civic-social,ongoing\n"))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_city_official_sees_the_import_page_for_their_city(network, da_nang_official, client_for):
    response = client_for(da_nang_official).get(IMPORT_URL)

    assert response.status_code == 200
    assert "Da Nang" in response.content.decode()
    assert b'<th scope="row"><code>focus_areas</code></th>' in response.content


def test_a_bangkok_official_importing_da_nang_rows_gets_every_line_refused(
    network, bangkok_official, client_for
):
    file = upload(
        HEADER
        + "bangkok,Bang Sue Smart City,quality-environment,ongoing\n"
        + "da-nang,Smart Water,quality-environment,ongoing\n"
        + "da-nang,Intelligent Operation Centre,safety-security,ongoing\n"
    )

    response = post_file(client_for(bangkok_official), file)

    assert response.status_code == 200
    errors = {error.line: error.messages for error in response.context["errors"]}
    assert list(errors) == [3, 4]
    assert "this import is for Bangkok only, not Da Nang" in errors[3]
    assert "Nothing was imported: 2 lines of the file have problems." in response.content.decode()
    assert not Project.objects.exists()


# --- importing -----------------------------------------------------------------------------------


def test_a_da_nang_official_imports_a_csv_into_their_plan(network, da_nang_official, client_for):
    client = client_for(da_nang_official)
    file = upload(HEADER + "da-nang,Smart Water Management System,quality-environment,ongoing\n")

    response = post_file(client, file)

    assert response.status_code == 302
    assert response.url == IMPORT_URL
    project = Project.objects.get()
    assert project.plan.city == da_nang_official.city
    page = client.get(response.url).content.decode()
    assert "Projects: 1 created, 0 updated, 0 unchanged. Action plans created: 1." in page


def test_asec_imports_the_m_and_e_list_with_a_reporting_year(network, asec_user, client_for):
    file = upload((REFERENCE_DIR / "projects_2025.csv").read_bytes())

    response = post_file(client_for(asec_user), file, year="2025")

    assert response.status_code == 302
    assert Project.objects.count() == 134
    assert ActionPlan.objects.count() == 35


def test_an_xlsx_upload_imports(network, asec_user, client_for):
    f.ProjectFactory(
        plan=f.ActionPlanFactory(city_id=f.CityFactory(slug="ha-noi").pk), title="Metro"
    )
    workbook = client_for(asec_user).get(XLSX_URL).content
    Project.objects.all().delete()

    response = post_file(client_for(asec_user), upload(workbook, "projects.xlsx"))

    assert response.status_code == 302
    assert Project.objects.get().title == "Metro"


def test_bad_rows_on_the_web_list_each_line_and_import_nothing(network, asec_user, client_for):
    file = upload(HEADER + "da-nang,A,civic-social,ongoing\natlantis,B,civic-social,ongoing\n")

    response = post_file(client_for(asec_user), file, year="2025")

    page = response.content.decode()
    assert '<th scope="row">3</th>' in page
    assert "unknown city &#x27;atlantis&#x27;" in page
    assert 'value="2025"' in page
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload(HEADER, "projects.txt"), "Files of this type are not accepted"),
        (upload("<html><script>alert(1)</script></html>", "projects.csv"), "not a valid CSV"),
        (upload(HEADER, "projects.xlsx"), "not a valid XLSX"),
        (upload("a" * (2 * 1024 * 1024 + 1), "projects.csv"), "The file is too large"),
    ],
)
def test_files_of_the_wrong_type_or_size_are_refused(network, asec_user, client_for, file, message):
    response = post_file(client_for(asec_user), file)

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not Project.objects.exists()


def test_a_reporting_year_out_of_range_is_refused(network, asec_user, client_for):
    response = post_file(client_for(asec_user), upload(HEADER), year="1999")

    assert "year" in response.context["form"].errors


# --- exporting -----------------------------------------------------------------------------------


@pytest.fixture
def plans(network, asec_user):
    published = f.ActionPlanFactory(city_id=f.CityFactory(slug="bangkok").pk, status="published")
    f.ProjectFactory(plan=published, title="Bang Sue Grand Station")
    f.publish_as_is(published, asec_user, revision=1)
    draft = f.ActionPlanFactory(city_id=f.CityFactory(slug="da-nang").pk)
    f.ProjectFactory(plan=draft, title="Smart Water (draft)")
    return published, draft


def titles_in(response) -> set[str]:
    return {line.split(",")[2] for line in response.content.decode().splitlines()[1:]}


def test_the_public_export_holds_only_published_projects(plans, client):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ascn-projects-')
    assert titles_in(response) == {"Bang Sue Grand Station"}


def test_a_city_official_exports_their_own_drafts_too(plans, da_nang_official, client_for):
    response = client_for(da_nang_official).get(CSV_URL)

    assert titles_in(response) == {"Bang Sue Grand Station", "Smart Water (draft)"}


def test_asec_exports_every_plan_published_or_not(plans, asec_user, client_for):
    response = client_for(asec_user).get(CSV_URL)

    assert titles_in(response) == {"Bang Sue Grand Station", "Smart Water (draft)"}


def test_the_export_can_be_filtered_like_the_lists(plans, asec_user, client_for):
    response = client_for(asec_user).get(CSV_URL, {"city": "da-nang"})

    assert titles_in(response) == {"Smart Water (draft)"}


def test_the_xlsx_export_is_a_workbook_of_the_visible_projects(plans, client):
    response = client.get(XLSX_URL)

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Bang Sue Grand Station"
    ]


def test_the_export_page_runs_the_same_queries_for_more_projects(
    plans, asec_user, client_for, django_assert_max_num_queries
):
    client = client_for(asec_user)
    client.get(CSV_URL)
    with django_assert_max_num_queries(9):
        client.get(CSV_URL)
    published, draft = plans
    for _ in range(10):
        f.ProgressUpdateFactory(project=f.ProjectFactory(plan=draft))
    with django_assert_max_num_queries(9):
        client.get(CSV_URL)
