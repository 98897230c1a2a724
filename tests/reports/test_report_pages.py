import pytest
from django.core.files.base import ContentFile

from reports.models import AnnualReport


@pytest.fixture
def finished_report(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = AnnualReport.objects.create(year=2024, status="succeeded", progress=100)
    report.pdf_file.save("r.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.html_file.save("r.html", ContentFile(b"<!doctype html><title>r</title>"), save=False)
    report.save()
    return report


def test_the_public_sees_only_published_reports(finished_report, anonymous, client_for):
    client = client_for(anonymous)
    assert "Progress report 2024" not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{finished_report.pk}/").status_code == 404
    finished_report.published = True
    finished_report.save()
    assert "Progress report 2024" in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{finished_report.pk}/").status_code == 200


def test_asec_requests_a_report_from_the_web(
    asec_user, client_for, settings, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("reports.tasks.build_report.delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(asec_user).post("/reports/", {"year": 2024})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    assert queued == [report.pk]


def test_a_bad_year_is_reported_next_to_the_field(asec_user, client_for):
    response = client_for(asec_user).post("/reports/", {"year": "1990"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "partner-adb"])
def test_others_cannot_request_reports(persona, personas, client_for):
    assert client_for(personas[persona]).post("/reports/", {"year": 2024}).status_code == 403
    assert not AnnualReport.objects.exists()


def test_status_endpoint_feeds_the_progress_bar(asec_user, client_for):
    report = AnnualReport.objects.create(year=2024, status="running", progress=40, stage="PDF")
    data = client_for(asec_user).get(f"/reports/{report.pk}/status/").json()
    assert data == {
        "status": "running",
        "status_label": "Running",
        "progress": 40,
        "stage": "PDF",
        "error": "",
        "finished": False,
    }


def test_files_download_as_attachments(finished_report, asec_user, client_for):
    response = client_for(asec_user).get(f"/reports/{finished_report.pk}/files/pdf/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(asec_user).get(f"/reports/{finished_report.pk}/files/exe/").status_code == 404
    view = client_for(asec_user).get(f"/reports/{finished_report.pk}/view/")
    assert view["Content-Type"].startswith("text/html")


def test_asec_publishes_and_withdraws(finished_report, asec_user, da_nang_official, client_for):
    assert (
        client_for(da_nang_official).post(f"/reports/{finished_report.pk}/publish/").status_code
        == 404
    )
    client_for(asec_user).post(f"/reports/{finished_report.pk}/publish/")
    finished_report.refresh_from_db()
    assert finished_report.published
    client_for(asec_user).post(f"/reports/{finished_report.pk}/publish/", {"action": "unpublish"})
    finished_report.refresh_from_db()
    assert not finished_report.published


def test_schema_is_served(anonymous, client_for):
    assert client_for(anonymous).get("/reports/schema.json").json()["title"].startswith("ASCN")
