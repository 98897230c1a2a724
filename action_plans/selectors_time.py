"""Reads of the time pages: cycles with their submissions, a city's report of the year, plan
periods with their close-outs, the ASCAP structure. Query counts stay flat with data size."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from action_plans.models import (
    AscapItem,
    PeriodCloseOut,
    ProgressUpdate,
    Project,
    ReportingCycle,
    Stage,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from core import policy


def cycles_with_counts() -> QuerySet:
    counts = {
        f"n_{value}": Count("submissions", filter=Q(submissions__status=value))
        for value in SubmissionStatus.values
    }
    return ReportingCycle.objects.annotate(**counts).order_by("-year")


def cycle_submissions(user, cycle, *, status: str = "", country: str = "") -> QuerySet:
    """The cycle's submissions the user may see, with their last reminder."""
    rows = policy.visible_submissions(user).filter(cycle=cycle)
    if status:
        rows = rows.filter(status=status)
    if country:
        rows = rows.filter(city__country__code=country.upper())
    reminders = SubmissionEvent.objects.filter(action="remind").order_by("-created_at")
    return (
        rows.select_related("city__country", "cycle")
        .prefetch_related(Prefetch("events", queryset=reminders, to_attr="reminders"))
        .order_by("city__country__name", "city__name")
    )


def city_report(*, city, cycle) -> dict:
    """A city's report of the cycle's year: its submission, the log, and what is missing."""
    submission = (
        Submission.objects.filter(cycle=cycle, city=city)
        .select_related("cycle", "city")
        .prefetch_related(
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor"))
        )
        .first()
    )
    return {"submission": submission, "missing": missing_updates(city=city, year=cycle.year)}


def missing_updates(*, city, year: int) -> QuerySet:
    """Live projects of the city's plan for the year's period still without the year's update."""
    has_update = ProgressUpdate.objects.filter(project=OuterRef("pk"), year=year)
    return (
        Project.objects.filter(
            plan__city=city,
            plan__period__start_year__lte=year,
            plan__period__end_year__gte=year,
            stage__in=[Stage.PLANNING, Stage.ONGOING],
        )
        .exclude(Exists(has_update))
        .order_by("position", "pk")
    )


def close_outs(user, period) -> QuerySet:
    return (
        PeriodCloseOut.objects.filter(period=period)
        .filter(policy.drafts_visible(user, "city"))
        .select_related("city__country", "plan")
        .order_by("city__name")
    )


def ascap_structure() -> list[AscapItem]:
    """Goals with their actions, in order (two queries)."""
    actions = AscapItem.objects.filter(kind=AscapItem.Kind.ACTION).order_by("position", "code")
    return list(
        AscapItem.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=actions))
        .order_by("position", "code")
    )
