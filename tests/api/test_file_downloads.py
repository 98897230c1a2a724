"""An API client downloads every file the API links to with its token alone, no browser session,
under the same policy as the pages (issue 12, point 8)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans import services as plan_services
from meetings.models import Document, Meeting
from reports.services import report_publish
from tests import factories as f
from tests.reports.building import build_report, eager_celery, publish
from tests.sample_files import pdf_bytes

FILE_STARTS = {"html": b"<!doctype html>", "pdf": b"%PDF", "xlsx": b"PK", "json": b"{"}


@pytest.fixture
def report(personas, da_nang, tmp_path, django_capture_on_commit_callbacks):
    """A succeeded, unpublished report of 2024 with its four files."""
    area = f.FocusAreaFactory(code="built-infrastructure")
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), focus_areas=[area])
    f.ProgressUpdateFactory(project=project, year=2024)
    publish(project.plan, personas["asec"])
    with eager_celery(tmp_path):
        yield build_report(
            2024, personas["asec"], django_capture_on_commit_callbacks, narrative=True
        )


def downloaded(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def file_urls(client, report) -> dict:
    files = client.get(f"/api/reports/{report.pk}/").json()["files"]
    assert set(files) == set(FILE_STARTS) and all(files.values())
    return files


def test_asec_token_downloads_every_file_of_an_unpublished_report(report, api, personas):
    client = api(personas["asec"])

    for kind, url in file_urls(client, report).items():
        assert downloaded(client, url).startswith(FILE_STARTS[kind]), kind


@pytest.mark.parametrize("persona", ["anonymous", "partner-adb", "official-bangkok"])
def test_every_file_of_a_published_report_downloads_with_or_without_a_token(
    report, api, personas, persona
):
    report_publish(report=report, actor=personas["asec"])
    client = api(personas[persona])

    for kind, url in file_urls(client, report).items():
        assert downloaded(client, url).startswith(FILE_STARTS[kind]), kind


@pytest.mark.parametrize("persona", ["anonymous", "partner-adb", "official-da-nang"])
def test_files_of_an_unpublished_report_are_not_found_for_others_than_asec(
    report, api, personas, persona
):
    urls = file_urls(api(personas["asec"]), report)

    for url in urls.values():
        assert api(personas[persona]).get(url).status_code == 404


def test_a_wrong_token_is_refused_not_taken_for_anonymous(report, api, personas):
    report_publish(report=report, actor=personas["asec"])
    url = file_urls(api(), report)["pdf"]

    response = api().get(url, HTTP_AUTHORIZATION="Token not-a-token")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_partner_token_downloads_a_meeting_document_the_api_links(
    api, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.ANNUAL,
        number=1,
        title="1st",
        start_date="2018-07-08",
        end_date="2018-07-08",
    )
    document = Document.objects.create(
        meeting=meeting,
        title="ASCN Terms of Reference",
        kind="terms_of_reference",
        date="2019-08-23",
    )
    document.file.save("tor.pdf", ContentFile(pdf_bytes()))
    client = api(personas["partner-adb"])

    listed = client.get(f"/api/meetings/{meeting.pk}/").json()["documents"]

    assert downloaded(client, listed[0]["file"]).startswith(b"%PDF")


@pytest.fixture
def evidence(da_nang, da_nang_official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang))
    update = f.ProgressUpdateFactory(project=project, year=2024)
    upload = SimpleUploadedFile("site-visit.pdf", pdf_bytes(), content_type="application/pdf")
    return plan_services.evidence_add(update=update, actor=da_nang_official, upload=upload)


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "asec"])
def test_the_city_its_representative_and_asec_download_evidence_with_a_token(
    evidence, api, personas, persona
):
    content = downloaded(api(personas[persona]), f"/evidence/{evidence.pk}/")

    assert content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["official-bangkok", "nr-th", "partner-adb"])
def test_another_citys_token_gets_no_evidence(evidence, api, personas, persona):
    assert api(personas[persona]).get(f"/evidence/{evidence.pk}/").status_code == 404
