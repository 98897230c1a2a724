"""The annual report built by a real Celery worker process on the test database (Redis and
PostgreSQL in CI), including a worker killed with SIGKILL in the middle of the job."""

import io
import json
import re
import time
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from action_plans.models import Project
from cities.models import City
from reports.models import AnnualReport
from reports.services import report_request
from tests.real_services import CeleryWorker

pytestmark = pytest.mark.integration

SCHEMA = json.loads((Path(settings.BASE_DIR) / "reports/annual/schema.json").read_text())
FINISHED = ("succeeded", "failed")


def seed():
    call_command("seed_demo", "--force", stdout=io.StringIO())


def wait_for(report, condition, *, timeout: float, worker) -> AnnualReport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if condition(report):
            return report
        time.sleep(0.5)
    pytest.fail(
        f"Report {report.pk} is {report.status} at {report.progress}% ({report.stage}) "
        f"after {timeout} s. Worker log:\n{worker.log_tail()}"
    )


def rows(sheet) -> int:
    """Rows of a sheet (written in write-only mode, so it records no dimensions)."""
    return sum(1 for _ in sheet.iter_rows(values_only=True))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_worker_builds_the_report_of_the_demo_network(celery_worker_process, asec_user):
    seed()
    report, _ = report_request(year=2025, actor=asec_user)
    report = wait_for(
        report, lambda r: r.status in FINISHED, timeout=600, worker=celery_worker_process
    )
    assert report.status == "succeeded", report.error

    pdf = PdfReader(report.pdf_file.open("rb"))
    # The members of 2025: Dili, which joined in 2026, has no annex in the 2025 report.
    cities = list(City.objects.filter(joined_year__lte=2025).values_list("name", flat=True))
    assert len(pdf.pages) > len(cities)  # every city's annex starts a page
    text = squeeze("".join(page.extract_text() for page in pdf.pages))
    assert [name for name in cities if squeeze(name) not in text] == []

    workbook = load_workbook(report.xlsx_file.open("rb"), read_only=True)
    for sheet in (
        "summary",
        "focus_areas",
        "implementation",
        "cities",
        "appendix_a",
        "appendix_b",
        "city_projects",
        "city_indicators",
    ):
        assert sheet in workbook.sheetnames
    # The report speaks of the plans as published, for the cities that were members in 2025.
    published = Project.layers.published().filter(plan__city__joined_year__lte=2025)
    live = published.filter(stage__in=["planning", "ongoing"]).count()
    assert rows(workbook["appendix_a"]) == 1 + live
    assert rows(workbook["cities"]) == 1 + len(cities)
    assert rows(workbook["city_projects"]) == 1 + published.count()

    data = json.loads(report.json_file.read())
    jsonschema.validate(data, SCHEMA)
    assert data["data_hash"] == report.data_hash


def test_the_report_completes_after_its_worker_is_killed_mid_job(
    celery_worker_process, asec_user, tmp_path
):
    seed()
    report, _ = report_request(year=2025, actor=asec_user)
    wait_for(
        report,
        lambda r: r.status == "running" and 5 < r.progress < 65,
        timeout=300,
        worker=celery_worker_process,
    )
    celery_worker_process.kill()
    report.refresh_from_db()
    assert report.status == "running"

    replacement = celery_worker_process
    if settings.REDIS_URL:
        # Redis re-delivers the killed worker's unacknowledged messages once their visibility
        # timeout has passed; a short one (above the hard limit, as the settings require).
        replacement = CeleryWorker(
            env={
                **celery_worker_process.env,
                "CELERY_TASK_SOFT_TIME_LIMIT": "40",
                "CELERY_TASK_TIME_LIMIT": "45",
                "CELERY_VISIBILITY_TIMEOUT": "50",
            },
            queue=celery_worker_process.queue,
            log_path=tmp_path / "replacement.log",
        )
    try:
        replacement.start()
        if not settings.REDIS_URL:
            # The embedded filesystem broker cannot re-deliver: the beat task resumes the job.
            from reports.annual.tasks import resume_stalled_reports

            assert resume_stalled_reports.delay(0).get(timeout=60) == [report.pk]
        report = wait_for(report, lambda r: r.status in FINISHED, timeout=600, worker=replacement)
    finally:
        if replacement is not celery_worker_process:
            replacement.stop()
    assert report.status == "succeeded", report.error
    assert report.pdf_file and report.json_file and report.xlsx_file and report.html_file
