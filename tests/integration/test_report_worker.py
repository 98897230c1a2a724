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
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from action_plans.models import Project
from cities.models import City
from reports.models import AnnualReport
from reports.services import report_request

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

    data = json.loads(report.json_file.read())
    jsonschema.validate(data, SCHEMA)
    assert data["data_hash"] == report.data_hash

    # Sheets are named for people (from the tables' captions): find each table's sheet the way
    # the workbook names it.
    from reports.annual import workbook as report_workbook
    from reports.annual.render import report_tables

    with translation.override(data["language"]):
        tables = report_tables(data)
        sheet_of = dict(
            zip(
                [table.name for table in tables],
                report_workbook._sheet_names(tables),
                strict=True,
            )
        )
    workbook = load_workbook(report.xlsx_file.open("rb"), read_only=True)
    assert workbook.sheetnames[0] == "README"
    for table in (
        "summary",
        "focus_areas",
        "implementation",
        "cities",
        "appendix_a",
        "appendix_b",
        "city_projects",
        "city_indicators",
    ):
        assert sheet_of[table] in workbook.sheetnames, table
    # The report speaks of the plans as published, for the cities that were members in 2025.
    published = Project.layers.published().filter(plan__city__joined_year__lte=2025)
    live = published.filter(stage__in=["planning", "ongoing"]).count()
    assert rows(workbook[sheet_of["appendix_a"]]) == 1 + live
    assert rows(workbook[sheet_of["cities"]]) == 1 + len(cities)
    assert rows(workbook[sheet_of["city_projects"]]) == 1 + published.count()


def assert_never_half_published(report) -> None:
    """Succeeded means all four files are there; nothing is published by the job itself."""
    assert not report.published
    if report.status == "succeeded":
        for field in ("html_file", "pdf_file", "xlsx_file", "json_file"):
            assert getattr(report, field).storage.exists(getattr(report, field).name), field


def test_a_report_finishes_within_two_minutes_after_its_whole_worker_is_killed(
    celery_worker_process, celery_beat_process, asec_user
):
    """The worker's main process and its pool are killed (SIGKILL to the process group) while
    the report's parts are being laid out; nothing re-delivers their messages for many minutes
    (Redis's visibility timeout; the filesystem broker never). A new worker comes back, the
    resume beat task finds the parts whose heartbeat stopped and sends them again."""
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

    celery_worker_process.start()
    back = time.monotonic()
    deadline = back + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        assert_never_half_published(report)
        if report.status in FINISHED:
            break
        time.sleep(0.5)
    took = time.monotonic() - back
    print(f"report succeeded {took:.0f} s after the worker came back")  # pytest -s shows it
    assert report.status == "succeeded", (
        f"{report.status} at {report.progress}% ({report.stage}) {took:.0f} s after the worker "
        f"came back; {report.error}\nWorker log:\n{celery_worker_process.log_tail()}\n"
        f"Beat log:\n{celery_beat_process.log_tail()}"
    )
    pdf = PdfReader(report.pdf_file.open("rb"))
    text = squeeze("".join(page.extract_text() for page in pdf.pages))
    # The members of 2025 (Dili joined in 2026).
    cities = list(City.objects.filter(joined_year__lte=2025).values_list("name", flat=True))
    assert [name for name in cities if squeeze(name) not in text] == []
