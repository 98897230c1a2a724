"""Import projects from a CSV or XLSX file in the layout of `columns.COLUMNS`.

The file is read (`tables`), every row checked (`validation`, `parsing`), and only then written
through the project services (`action_plans.services.project_import`), as the person importing:
a signed-in user on the web, the system user on the command line. One bad row and nothing is
imported. A project is found by the id the export wrote, else by its plan (the city's plan for
the period of the import's year, or for the latest period the network has plans in; created
when missing) and its title, so importing a file again updates the projects instead of
duplicating them, and an unchanged row writes nothing. A column absent from the file leaves that
field of existing projects alone.
"""

from __future__ import annotations

from pathlib import PurePath

from django.db.models import Q
from django.utils.translation import gettext as _

from action_plans.models import PeriodStatus, PlanPeriod
from action_plans.project_files.parsing import MAX_YEAR, MIN_YEAR
from action_plans.project_files.tables import UnreadableFile, read_table
from action_plans.project_files.validation import FileValidator
from action_plans.services.project_import import (
    ImportResult,
    ProjectImportError,
    RowError,
    projects_import_rows,
)
from cities.models import City

__all__ = ["MAX_YEAR", "MIN_YEAR", "import_period", "projects_import"]


def projects_import(
    *,
    data: bytes,
    filename: str,
    actor,
    year: int | None = None,
    city: City | None = None,
    period: str | None = None,
) -> ImportResult:
    """Import a project file, all or nothing.

    `actor` is the signed-in user, or the system user for the command line; `city` restricts the
    file to that city's projects; `year` is the default reporting year; `period` (a code) chooses
    the plans to fill, else the period of `year`, else the current. Raises ProjectImportError
    listing every bad line.
    """
    try:
        table = read_table(data, filename)
    except UnreadableFile as exc:
        raise ProjectImportError([RowError(None, (str(exc),))]) from exc
    chosen = import_period(year, code=period)
    if chosen is None:
        message = _("No plan period covers %(year)s.") % {"year": year or period}
        raise ProjectImportError([RowError(None, (message,))])
    validator = FileValidator(table, actor=actor, year=year, only_city=city, period=chosen)
    rows = validator.rows()
    source = PurePath(filename).name
    return projects_import_rows(period=chosen, rows=rows, actor=actor, source=source)


def import_period(year: int | None, *, code: str | None = None) -> PlanPeriod | None:
    """The period whose plans a file fills: the one named, else the one of the reporting year,
    else the latest one the network has plans in (an import never starts a period: ASEC does)."""
    periods = PlanPeriod.objects.all()
    if code:
        chosen = periods.filter(code=code).first()
        if chosen and year is not None and year not in chosen.years:
            return None
        return chosen
    if year is not None:
        return periods.filter(start_year__lte=year, end_year__gte=year).first()
    started = periods.filter(Q(plans__isnull=False) | Q(started_at__isnull=False))
    latest_started = started.distinct().order_by("-start_year").first()
    closed = periods.filter(status=PeriodStatus.CLOSED).order_by("-start_year").first()
    return latest_started or closed or periods.order_by("start_year").first()
