from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.policy import SYSTEM
from reports.services import report_request


class Command(BaseCommand):
    help = "Queue the annual progress report for YEAR: the same Celery job as the web and API."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        try:
            report, created = report_request(year=year, actor=SYSTEM)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if created:
            self.stdout.write(f"Queued the {year} report (id {report.pk}); a worker builds it.")
        else:
            self.stdout.write(f"The {year} report (id {report.pk}) is already {report.status}.")
