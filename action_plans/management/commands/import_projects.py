from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import system_user
from action_plans.project_files import COLUMNS, ProjectImportError, projects_import
from action_plans.project_files.importing import MAX_YEAR, MIN_YEAR


class Command(BaseCommand):
    help = (
        "Import projects from a CSV or XLSX file in the columns of the project export ("
        + ", ".join(column.name for column in COLUMNS)
        + "). Every row is checked first; if any is wrong, nothing is imported. "
        "Fills the plans of the period of --year (else the current period), creating a city's "
        "plan when missing; importing again updates. The import is recorded as the system user's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--year",
            type=int,
            help="reporting year of the rows' status when their progress_year is blank",
        )
        parser.add_argument(
            "--period",
            help="code of the plan period to fill (default: the period of --year, else the "
            "latest one with plans)",
        )

    def handle(self, *args, file: Path, year: int | None, period: str | None, **options):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"--year must be from {MIN_YEAR} to {MAX_YEAR}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            result = projects_import(
                data=data, filename=file.name, actor=system_user(), year=year, period=period
            )
        except ProjectImportError as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(
                f"Nothing was imported: {len(exc.errors)} bad line(s) in {file}:\n{lines}"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {file.name}. {result}"))
