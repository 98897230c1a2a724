"""The report job in eager mode (unit level); tests/integration runs it on a real worker."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError

from core import fonts
from reports.annual import annexes, render
from reports.models import AnnualReport, CityAnnex, ReportPart
from reports.services import report_publish, report_request

SCHEMA = json.loads((Path(django_settings.BASE_DIR) / "reports/annual/schema.json").read_text())


def build(year, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, created = report_request(year=year, actor=actor)
    report.refresh_from_db()
    return report


def test_asec_builds_a_report_with_all_four_files(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    report = build(2024, asec_user, django_capture_on_commit_callbacks)
    assert report.status == "succeeded", report.error
    assert report.progress == 100
    for field in ("html_file", "pdf_file", "xlsx_file", "json_file"):
        assert getattr(report, field).storage.exists(getattr(report, field).name)
    data = json.loads(report.json_file.read())
    jsonschema.validate(data, SCHEMA)
    assert data["data_hash"] == report.data_hash
    assert [c["slug"] for c in data["city_annexes"]] == ["bangkok", "da-nang"]
    assert not CityAnnex.objects.exists()


def test_the_html_file_loads_the_fonts_the_portal_serves_and_names_no_file_of_the_server(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    report = build(2024, asec_user, django_capture_on_commit_callbacks)
    html = report.html_file.read().decode()
    assert fonts.web_font_faces("/static/fonts/") in html
    assert "file:" not in html


def flatten(outline):
    for item in outline:
        yield from flatten(item) if isinstance(item, list) else [item]


def test_the_pdf_joins_the_network_part_and_one_part_per_city_annex(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    """Each annex is laid out by its city's task; the final task joins the parts, with a bookmark
    per city, and numbers the pages of the whole."""
    import io

    from pypdf import PdfReader

    report = build(2024, asec_user, django_capture_on_commit_callbacks)
    pdf = PdfReader(io.BytesIO(report.pdf_file.read()))
    outline = pdf.outline  # an item's children are the list that follows it
    titles = [None if isinstance(item, list) else item.title for item in outline]
    annexes = outline[titles.index("City annexes") + 1]
    assert [item.title for item in annexes] == ["Bangkok", "Da Nang"]
    first_annex_page = pdf.get_destination_page_number(annexes[0])
    network_text = pdf.pages[first_annex_page - 1].extract_text()
    assert "City annexes" in network_text and "Bangkok (Thailand)" in network_text
    bangkok_page = pdf.pages[first_annex_page].extract_text()
    assert "City annex: Bangkok" in bangkok_page
    assert f"Page {first_annex_page + 1} of {len(pdf.pages)}" in bangkok_page
    da_nang_page = pdf.pages[pdf.get_destination_page_number(annexes[1])].extract_text()
    assert "Đà Nẵng" in da_nang_page
    assert pdf.metadata.title == "ASEAN Smart Cities Network: Progress Report 2024"
    assert report.data_hash in "".join(pdf.pages[0].extract_text().split())  # the cover
    bookmarks = {item.title: item for item in flatten(outline)}
    for heading in (
        "2. Executive summary",
        "10. Data quality",
        "11. Appendix A: ongoing and planning projects",
    ):
        assert heading in bookmarks
    quality_page = pdf.pages[pdf.get_destination_page_number(bookmarks["10. Data quality"])]
    assert "10. Data quality ASEAN Smart Cities Network · Progress Report 2024" in (
        quality_page.extract_text()
    )
    assert not ReportPart.objects.exists() and AnnualReport.objects.get().network is None


def test_rebuilding_from_the_same_data_gives_the_same_html_and_json(
    eager, network, asec_user, django_capture_on_commit_callbacks
):
    first = build(2024, asec_user, django_capture_on_commit_callbacks)
    second = build(2024, asec_user, django_capture_on_commit_callbacks)
    assert first.pk != second.pk
    assert first.data_hash == second.data_hash
    assert first.html_file.read() == second.html_file.read()
    assert first.json_file.read() == second.json_file.read()


def test_asking_twice_while_running_returns_the_running_report(network, asec_user):
    running = AnnualReport.objects.create(year=2024, status="running")
    report, created = report_request(year=2024, actor=asec_user)
    assert (report, created) == (running, False)


@pytest.mark.parametrize("persona", ["official-da-nang", "nr-vn", "partner-adb"])
def test_only_asec_requests_reports(persona, personas):
    with pytest.raises(PermissionDenied):
        report_request(year=2024, actor=personas[persona])


def test_a_year_outside_the_network_is_refused_with_a_message(asec_user):
    with pytest.raises(ValidationError) as error:
        report_request(year=1999, actor=asec_user)
    assert "year" in error.value.message_dict


def test_a_failing_step_marks_the_report_failed_and_never_succeeded(
    eager, network, asec_user, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise RuntimeError("PDF engine unavailable")

    monkeypatch.setattr(render, "render_pdf", broken)
    report = build(2024, asec_user, django_capture_on_commit_callbacks)
    assert report.status == "failed"
    assert "PDF engine unavailable" in report.error
    assert not report.pdf_file
    with pytest.raises(ValidationError):
        report_publish(report=report, actor=asec_user)


def test_publishing_withdraws_the_previous_report_of_the_year(asec_user):
    old = AnnualReport.objects.create(year=2024, status="succeeded", published=True)
    new = AnnualReport.objects.create(year=2024, status="succeeded")
    report_publish(report=new, actor=asec_user)
    old.refresh_from_db()
    assert new.published and not old.published


def test_city_annex_has_indicators_against_targets(network, da_nang):
    annex = annexes.city_annex(da_nang.pk, 2024)
    assert annex["local_name"] == "Đà Nẵng"
    indicator = annex["projects"][0]["indicators"][0]
    assert (indicator["baseline"], indicator["target"]) == (10.0, 80.0)


def test_a_stalled_job_is_resumed_and_keeps_the_annexes_already_computed(
    eager, network, da_nang, bangkok, monkeypatch
):
    import datetime

    from django.utils import timezone

    from reports import tasks

    stalled = AnnualReport.objects.create(
        year=2024,
        status="running",
        progress=40,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    kept = annexes.city_annex(da_nang.pk, 2024)
    CityAnnex.objects.create(
        report=stalled, city=da_nang, content=kept, pdf=render.render_annex_pdf(kept, 2024)
    )
    fresh = AnnualReport.objects.create(year=2023, status="running", heartbeat_at=timezone.now())
    computed = []
    original = annexes.city_annexes
    monkeypatch.setattr(
        annexes,
        "city_annexes",
        lambda ids, y, **kw: computed.extend(ids) or original(ids, y, **kw),
    )
    assert tasks.resume_stalled_reports(silent_for_seconds=600) == [stalled.pk]
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert stalled.status == "succeeded", stalled.error
    assert computed == [bangkok.pk]
    assert fresh.status == "running"


def test_exactly_one_part_claims_the_assembly_however_often_parts_are_redelivered(
    network, da_nang, bangkok
):
    """The set's last part (a section or a city annex) enqueues `finish` once; a message
    re-delivered after a worker crash (the same part again, or `start` again) neither claims it a
    second time nor moves progress back. Nothing depends on a chord counter."""
    from reports.annual import pipeline, render

    report = AnnualReport.objects.create(year=2024)
    work = pipeline.start(report.pk)
    assert sorted(work.sections) == sorted(render.SECTION_KEYS)
    assert sorted(work.city_ids) == sorted([da_nang.pk, bangkok.pk])
    total = work.total
    assert total == len(render.SECTION_KEYS) + 2
    report.refresh_from_db()
    assert report.network["year"] == 2024

    for key in render.SECTION_KEYS:
        assert pipeline.section(report.pk, key, total) is False
    assert pipeline.annex(report.pk, da_nang.pk, total) is False
    assert pipeline.annex(report.pk, da_nang.pk, total) is False  # re-delivered
    report.refresh_from_db()
    assert report.status == "running"
    assert report.stage == f"Sections and city annexes laid out: {total - 1} of {total}"
    assert report.progress == 5 + 60 * (total - 1) // total

    assert pipeline.annex(report.pk, bangkok.pk, total) is True
    assert pipeline.annex(report.pk, bangkok.pk, total) is False  # re-delivered
    assert pipeline.section(report.pk, "front", total) is False
    again = pipeline.start(report.pk)  # `start` re-delivered: nothing left to fan out
    assert (again.sections, again.city_ids) == ([], [])
    assert pipeline.claim_finish(report.pk) is False
    report.refresh_from_db()
    assert report.progress == pipeline.PARTS_DONE + 1


def test_one_task_writes_all_four_files_one_step_after_the_other(eager, network, da_nang, bangkok):
    """Above FINISH_IN_PARALLEL_UP_TO parts one `finish` task runs both steps in turn: the
    second step reads the report's network content again (the first let go of it)."""
    from reports.annual import pipeline, render

    report = AnnualReport.objects.create(year=2024)
    total = pipeline.start(report.pk).total
    for key in render.SECTION_KEYS:
        pipeline.section(report.pk, key, total)
    pipeline.annex(report.pk, da_nang.pk, total)
    assert pipeline.annex(report.pk, bangkok.pk, total) is True
    pipeline.finish(report.pk)  # both steps, one after the other
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    assert report.pdf_file and report.html_file and report.xlsx_file and report.json_file


def test_a_report_resumed_after_its_assembly_was_lost_is_assembled(
    eager, network, da_nang, bangkok
):
    """The assembly was claimed, its HTML, XLSX and JSON written, then the worker writing the
    PDF died and the message was lost (the embedded broker cannot re-deliver): the report is
    not succeeded with a gap, and the beat task resumes it and the report completes."""
    import datetime

    from django.utils import timezone

    from reports import tasks
    from reports.annual import pipeline, render

    report = AnnualReport.objects.create(year=2024)
    total = pipeline.start(report.pk).total
    for key in render.SECTION_KEYS:
        pipeline.section(report.pk, key, total)
    pipeline.annex(report.pk, da_nang.pk, total)
    assert pipeline.annex(report.pk, bangkok.pk, total) is True
    pipeline.finish(report.pk, ("files",))  # the PDF's step never ran
    report.refresh_from_db()
    assert (report.status, report.progress, report.stage) == ("running", 88, "PDF")
    assert report.html_file and report.xlsx_file and report.json_file and not report.pdf_file
    AnnualReport.objects.filter(pk=report.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert tasks.resume_stalled_reports(silent_for_seconds=600) == [report.pk]
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
