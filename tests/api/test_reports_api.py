"""`POST /api/reports/` (ASEC) queues the annual report job; `GET /api/reports/{id}/` follows it."""

from django.core.files.base import ContentFile

from reports.models import AnnualReport


def test_asec_requests_a_report_and_gets_202_with_it(
    world, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = api(world.personas["asec"]).post("/api/reports/", {"year": 2024}, format="json")

    assert response.status_code == 202, response.json()
    assert response.json()["year"] == 2024
    assert response.json()["status"] == "queued"
    assert response.json()["progress"] == 0
    assert response.json()["requested_by"] == "Test Asec"  # a name, never the username
    assert len(callbacks) == 1  # the job is sent to the broker once the row is committed


def test_a_second_request_for_the_same_year_returns_the_active_report(world, api):
    client = api(world.personas["asec"])
    first = client.post("/api/reports/", {"year": 2024}, format="json").json()

    second = client.post("/api/reports/", {"year": 2024}, format="json")

    assert second.status_code == 202
    assert second.json()["id"] == first["id"]
    assert AnnualReport.objects.filter(year=2024).count() == 1


def test_only_asec_requests_reports(world, api):
    for persona in ("official-da-nang", "nr-vn", "partner-adb"):
        response = api(world.personas[persona]).post("/api/reports/", {"year": 2024}, format="json")
        assert response.status_code == 403, persona
    assert api().post("/api/reports/", {"year": 2024}, format="json").status_code == 401
    assert not AnnualReport.objects.filter(year=2024).exists()


def test_a_report_for_a_year_out_of_range_is_a_400(world, api):
    response = api(world.personas["asec"]).post("/api/reports/", {"year": 2017}, format="json")

    assert response.status_code == 400
    assert "year" in response.json()


def test_report_shows_the_urls_of_its_files_once_they_exist(world, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = world.published_report
    report.json_file.save("report-2023.json", ContentFile(b"{}"), save=False)
    report.pdf_file.save("report-2023.pdf", ContentFile(b"%PDF-1.7"), save=True)

    files = api().get(f"/api/reports/{report.pk}/").json()["files"]

    assert files["json"] == f"http://testserver/reports/{report.pk}/files/json/"
    assert files["pdf"] == f"http://testserver/reports/{report.pk}/files/pdf/"
    assert files["html"] is None
    assert files["xlsx"] is None
    download = api().get(files["pdf"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7"


def test_unpublished_reports_are_hidden_from_the_public(world, api):
    assert api().get(f"/api/reports/{world.draft_report.pk}/").status_code == 404
    assert (
        api(world.personas["asec"])
        .get(f"/api/reports/{world.draft_report.pk}/")
        .json()["published"]
        is False
    )
