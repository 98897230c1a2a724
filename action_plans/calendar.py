"""Which years the portal speaks of. Nothing in code names a year (SPEC "Time"): they come from
the plan periods and the reporting cycles, with the clock as the last resort of an empty install.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Case, Min, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from action_plans.models import CycleStatus, PlanPeriod, ProgressUpdate, ReportingCycle


def reporting_year() -> int:
    """The year dashboards, completeness, reminders and the report show by default: the open
    cycle's; else the latest cycle's; else the latest year anyone reported; else this year."""
    open_first = Case(When(status=CycleStatus.OPEN, then=Value(0)), default=Value(1))
    cycle = ReportingCycle.objects.order_by(open_first, "-year").values("year")[:1]
    return _first_of(cycle, _latest_reported()) or timezone.localdate().year


def reporting_year_in_query() -> Coalesce:
    """`reporting_year` as a column of a query over progress updates, without a query of its own
    (the city page reads its projects' updates anyway): NULL only where `reporting_year` falls
    back to the clock, when no cycle exists and nobody has reported."""
    open_first = Case(When(status=CycleStatus.OPEN, then=Value(0)), default=Value(1))
    cycle = ReportingCycle.objects.order_by(open_first, "-year").values("year")[:1]
    latest = ProgressUpdate.objects.order_by("-year").values("year")[:1]
    return Coalesce(Subquery(cycle), Subquery(latest))


def public_year() -> int:
    """The year public pages show by default: the latest closed cycle's, what ASEC accepted and
    froze (while a cycle is open, cities are still reporting its year); before any cycle has
    closed, the reporting year. One query."""
    closed = ReportingCycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year")
    open_first = Case(When(status=CycleStatus.OPEN, then=Value(0)), default=Value(1))
    cycle = ReportingCycle.objects.order_by(open_first, "-year")
    found = _first_of(closed.values("year")[:1], cycle.values("year")[:1], _latest_reported())
    return found or timezone.localdate().year


def _latest_reported():
    return ProgressUpdate.objects.order_by("-year").values("year")[:1]


def _first_of(*years) -> int | None:
    """The first year that one of these one-value querysets gives, in one query without a table:
    a subquery runs only when those before it gave nothing (the latest year reported, over every
    progress update, only before any cycle exists; an aggregate's MAX read them all each time)."""
    parts, params = [], []
    for queryset in years:
        sql, more = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(more)
    with connections[router.db_for_read(ProgressUpdate)].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE({', '.join(parts)})", params)
        return cursor.fetchone()[0]


def first_year() -> int:
    """The first year anything can be reported for: the start of the first plan period."""
    first = PlanPeriod.objects.aggregate(year=Min("start_year"))["year"]
    return min(first, reporting_year()) if first else reporting_year()


def report_years() -> range:
    """Years a report or dashboard may be asked for, oldest first."""
    return range(first_year(), max(reporting_year(), timezone.localdate().year) + 1)


def period_years(current: int) -> list[tuple[PlanPeriod, int]]:
    """Each period with the year a dashboard opens it at: the year shown now if the period
    contains it, else the period's last year (or first, for one still ahead)."""
    return [
        (
            period,
            current
            if current in period.years
            else min(period.end_year, max(period.start_year, current)),
        )
        for period in PlanPeriod.objects.order_by("start_year")
    ]


def period_of(year: int) -> PlanPeriod | None:
    return PlanPeriod.objects.filter(start_year__lte=year, end_year__gte=year).first()
