"""Yearly progress updates and their evidence files."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans import services
from core.concurrency import VersionConflict
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UPDATE = {"percent_complete": 70, "status": "on_track", "narrative": "Phase 2 done."}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_city_official_reports_this_years_progress(da_nang_project, da_nang_official):
    update = services.progress_update_save(
        project=da_nang_project, actor=da_nang_official, year=2025, data=UPDATE, version=None
    )
    assert (update.year, update.percent_complete, update.submitted_by) == (
        2025,
        70,
        da_nang_official,
    )


def test_an_update_is_corrected_with_its_version(da_nang_project, da_nang_official):
    update = services.progress_update_save(
        project=da_nang_project, actor=da_nang_official, year=2025, data=UPDATE, version=None
    )
    update = services.progress_update_save(
        project=da_nang_project,
        actor=da_nang_official,
        year=2025,
        data={**UPDATE, "percent_complete": 75},
        version=update.version,
    )
    assert update.percent_complete == 75


def test_two_officials_creating_the_same_years_update_the_second_gets_a_conflict(
    da_nang_project, da_nang_official, da_nang_csco
):
    services.progress_update_save(
        project=da_nang_project, actor=da_nang_official, year=2025, data=UPDATE, version=None
    )
    with pytest.raises(VersionConflict) as conflict:
        services.progress_update_save(
            project=da_nang_project,
            actor=da_nang_csco,
            year=2025,
            data={**UPDATE, "percent_complete": 10},
            version=None,
        )
    assert conflict.value.current.percent_complete == 70


def test_progress_does_not_wait_for_the_plan_workflow(
    da_nang_project, da_nang_csco, da_nang_official
):
    services.plan_submit(plan=da_nang_project.plan, actor=da_nang_csco)
    update = services.progress_update_save(
        project=da_nang_project, actor=da_nang_official, year=2025, data=UPDATE, version=None
    )
    assert update.pk


def test_percent_complete_stays_between_0_and_100(da_nang_project, da_nang_official):
    with pytest.raises(ValidationError) as error:
        services.progress_update_save(
            project=da_nang_project,
            actor=da_nang_official,
            year=2025,
            data={**UPDATE, "percent_complete": 130},
            version=None,
        )
    assert "percent_complete" in error.value.message_dict


def test_progress_cannot_be_reported_for_a_future_year(da_nang_project, da_nang_official):
    with pytest.raises(ValidationError):
        services.progress_update_save(
            project=da_nang_project, actor=da_nang_official, year=2031, data=UPDATE, version=None
        )


def test_bangkok_official_cannot_report_da_nang_progress(da_nang_project, bangkok_official):
    with pytest.raises(PermissionDenied):
        services.progress_update_save(
            project=da_nang_project, actor=bangkok_official, year=2025, data=UPDATE, version=None
        )


def test_asec_does_not_report_progress_for_a_city(da_nang_project, asec_user):
    with pytest.raises(PermissionDenied):
        services.progress_update_save(
            project=da_nang_project, actor=asec_user, year=2025, data=UPDATE, version=None
        )


def test_a_pdf_is_attached_as_evidence_under_a_random_name(da_nang_project, da_nang_official):
    update = f.ProgressUpdateFactory(project=da_nang_project)
    evidence = services.evidence_add(update=update, actor=da_nang_official, upload=pdf())

    assert evidence.original_name == "report.pdf"
    assert evidence.content_type == "application/pdf"
    assert "report" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")


def test_an_html_page_renamed_to_pdf_is_refused(da_nang_project, da_nang_official):
    update = f.ProgressUpdateFactory(project=da_nang_project)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        services.evidence_add(update=update, actor=da_nang_official, upload=fake)
    assert "file" in error.value.message_dict


def test_a_file_type_outside_the_allow_list_is_refused(da_nang_project, da_nang_official):
    update = f.ProgressUpdateFactory(project=da_nang_project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    upload = SimpleUploadedFile("archive.zip", buffer.getvalue())
    with pytest.raises(ValidationError, match="not accepted"):
        services.evidence_add(update=update, actor=da_nang_official, upload=upload)


def test_a_file_over_the_size_limit_is_refused(da_nang_project, da_nang_official, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    update = f.ProgressUpdateFactory(project=da_nang_project)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError, match="too large"):
        services.evidence_add(update=update, actor=da_nang_official, upload=big)


def test_bangkok_official_cannot_attach_evidence_to_da_nang(da_nang_project, bangkok_official):
    update = f.ProgressUpdateFactory(project=da_nang_project)
    with pytest.raises(PermissionDenied):
        services.evidence_add(update=update, actor=bangkok_official, upload=pdf())
