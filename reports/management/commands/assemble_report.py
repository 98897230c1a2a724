import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.policy import SYSTEM
from reports.models import REPORT_FILE_FIELDS, AnnualReport
from reports.services import report_request

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Queue the annual progress report for YEAR: the same Celery job as the web and API. "
        "With --wait, show the job's progress until its files are written, then their paths."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--lang",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The report's language (default en).",
        )
        parser.add_argument(
            "--wait", action="store_true", help="Show a progress bar until the report is built."
        )
        parser.add_argument(
            "--poll", type=float, default=0.5, help="Seconds between looks at the job (--wait)."
        )

    def handle(self, *args, year, lang, wait, poll, **options):
        try:
            report, created = report_request(year=year, actor=SYSTEM, language=lang)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if created:
            self.stdout.write(f"Queued the {year} report (id {report.pk}); a worker builds it.")
        else:
            self.stdout.write(f"The {year} report (id {report.pk}) is already {report.status}.")
        if wait:
            self._wait(report, poll)

    def _wait(self, report: AnnualReport, poll: float) -> None:
        """Redraw one line (the job's own stage and progress) until it ends."""
        shown = None
        while True:
            report.refresh_from_db()
            line = _bar(report.progress, str(report.stage_label))
            if line != shown:
                self.stdout.write(f"\r{line}", ending="")
                self.stdout.flush()
                shown = line
            if report.status in (AnnualReport.Status.SUCCEEDED, AnnualReport.Status.FAILED):
                break
            time.sleep(poll)
        self.stdout.write("")
        if report.status == AnnualReport.Status.FAILED:
            raise CommandError(f"The report failed: {report.error_label}")
        for field in REPORT_FILE_FIELDS.values():
            self.stdout.write(_where(getattr(report, field)))


def _bar(progress: int, stage: str) -> str:
    done = BAR_WIDTH * progress // 100
    return f"[{'#' * done}{'.' * (BAR_WIDTH - done)}] {progress:3d}% {stage}"[:100].ljust(100)


def _where(file) -> str:
    try:
        return file.path
    except NotImplementedError:  # a storage without local files
        return file.url
