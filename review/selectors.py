"""Reads of the review app: a city's year as it stands (live) or as it was frozen (snapshot), the
flags and queries of a report, with their joins."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plans.models import (
    CycleStatus,
    IndicatorValue,
    PlanPublication,
    ProgressUpdate,
    Project,
    ReportingCycle,
    Stage,
    Submission,
)
from review.changes import KINDS, network_changes
from review.models import Flag, Query, QueryMessage, Snapshot
from review.rules import Rule


def reporting_year_of_project(project) -> int:
    """The year a question about a whole project belongs to: the open cycle's, else the latest
    cycle's, else the project's last reported year."""
    cycle = (
        ReportingCycle.objects.open().first() or ReportingCycle.objects.order_by("-year").first()
    )
    if cycle:
        return cycle.year
    last = project.updates.order_by("-year").values_list("year", flat=True).first()
    return last or project.plan.period_end


# --- A city's year -----------------------------------------------------------------------------


def live_states(city_ids, year: int) -> dict[int, dict]:
    """What each city reports for `year` now: its projects of the year's plan period (stage,
    end year, the year's percent, status and narrative, each indicator's latest value up to the
    year). Four queries whatever the number of cities and projects."""
    projects = list(
        Project.objects.filter(
            plan__city__in=city_ids,
            plan__period__start_year__lte=year,
            plan__period__end_year__gte=year,
        )
        .select_related("plan")
        .prefetch_related(Prefetch("indicators"))
        .order_by("pk")
    )
    updates = {
        u.project_id: u for u in ProgressUpdate.objects.filter(project__in=projects, year=year)
    }
    latest = _latest_values([p.pk for p in projects], year)
    states = {city_id: {"reported": False, "projects": {}} for city_id in city_ids}
    for project in projects:
        state = states[project.plan.city_id]
        update = updates.get(project.pk)
        state["reported"] = state["reported"] or update is not None
        state["projects"][str(project.pk)] = _project_state(project, update, latest)
    return states


def _latest_values(project_ids, year) -> dict[int, tuple[int, Decimal]]:
    values = IndicatorValue.objects.filter(
        indicator__project__in=project_ids, year__lte=year
    ).order_by("indicator", "year")
    return {v.indicator_id: (v.year, v.value) for v in values}


def _project_state(project, update, latest) -> dict:
    return {
        "title": project.title,
        "predecessor": project.predecessor_id,
        "stage": project.stage,
        "end_year": project.end_year,
        "percent": update.percent_complete if update else None,
        "status": update.status if update else None,
        "narrative": update.narrative if update else "",
        "indicators": {
            str(i.pk): _indicator_state(i, latest.get(i.pk)) for i in project.indicators.all()
        },
    }


def _indicator_state(indicator, latest) -> dict:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": _text(indicator.baseline_value),
        "target": _text(indicator.target_value),
        "value": _text(latest[1]) if latest else None,
        "value_year": latest[0] if latest else None,
    }


def _text(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def year_states(city_ids, year: int) -> dict[int, dict]:
    """Each city's year: the frozen snapshot once the year's cycle is closed (so a closed year's
    report gives the same figures whenever it runs), the live data otherwise."""
    return years_states(city_ids, [year])[year]


def years_states(city_ids, years) -> dict[int, dict[int, dict]]:
    """`year_states` for several years: one query for the snapshots, four per year not frozen."""
    city_ids = list(city_ids)
    frozen: dict[int, dict[int, dict]] = {year: {} for year in years}
    snapshots = Snapshot.objects.filter(
        cycle__year__in=years, cycle__status=CycleStatus.CLOSED, city__in=city_ids
    ).values_list("cycle__year", "city_id", "data")
    for year, city_id, data in snapshots:
        frozen[year][city_id] = data
    # A closed year's snapshot keeps the year before as it stood at the close, when that year
    # was not frozen itself: what changed in a closed year stays as it was.
    for year in years:
        for city_id, data in frozen.get(year + 1, {}).items():
            if city_id not in frozen[year] and "previous" in data:
                frozen[year][city_id] = data["previous"]
    states = {}
    for year in years:
        missing = [pk for pk in city_ids if pk not in frozen[year]]
        live = live_states(missing, year) if missing else {}
        states[year] = {pk: frozen[year].get(pk) or live[pk] for pk in city_ids}
    return states


def is_frozen(year: int) -> bool:
    return Snapshot.objects.filter(cycle__year=year, cycle__status=CycleStatus.CLOSED).exists()


def current_publications(city_ids, year: int, *, at=None) -> dict[int, dict[str, int]]:
    """Per city, the publication of each of its plans for `year` that was current at `at` (now
    when None): `{city_id: {str(plan_id): publication_id}}`. One query."""
    publications = PlanPublication.objects.filter(
        plan__city__in=city_ids,
        plan__period__start_year__lte=year,
        plan__period__end_year__gte=year,
    )
    if at is not None:
        publications = publications.filter(published_at__lte=at)
    current: dict[int, dict[str, int]] = {pk: {} for pk in city_ids}
    rows = publications.order_by("plan", "revision").values_list("plan__city", "plan", "pk")
    for city_id, plan_id, pk in rows:
        current[city_id][str(plan_id)] = pk  # the highest revision wins
    return current


def frozen_publications(year: int) -> tuple[int, ...] | None:
    """The publications a closed year's figures read: those current when its cycle closed, as
    its snapshots recorded them (or an amendment re-pointed them). None when the year is not
    closed (nor frozen with its publications): its figures read the latest. One query."""
    recorded = Snapshot.objects.filter(
        cycle__year=year, cycle__status=CycleStatus.CLOSED
    ).values_list("data__publications", flat=True)
    found = [plans for plans in recorded if plans is not None]
    if not found:
        return None
    return tuple(sorted({pk for plans in found for pk in plans.values()}))


# --- Flags and queries -------------------------------------------------------------------------


def flags_with_objects(flags):
    return flags.select_related(
        "city", "project", "update", "value__indicator", "answered_by"
    ).order_by("year", "city__name", "project__title", "pk")


def flags_of_update(update) -> list[Flag]:
    if update is None:
        return []
    return list(flags_with_objects(Flag.objects.filter(update=update)))


def flags_of_indicator(indicator) -> list[Flag]:
    return list(flags_with_objects(Flag.objects.filter(value__indicator=indicator)))


def queries_with_objects(queries):
    return queries.select_related(
        "city", "project", "update", "value__indicator", "opened_by", "resolved_by"
    ).prefetch_related(Prefetch("messages", QueryMessage.objects.select_related("author")))


def quality_table(city_ids, year: int, *, project_ids=None) -> list[dict]:
    """The data-quality table of a year: per rule, the flags raised, explained and still open
    (only those on `project_ids`, working ids, when given). One query."""
    flags = Flag.objects.filter(city__in=city_ids, year=year)
    if project_ids is not None:
        flags = flags.filter(project__in=project_ids)
    unanswered = Q(answer="", answer_file="", answer_link="")
    counted = flags.values("rule").annotate(raised=Count("pk"), open=Count("pk", filter=unanswered))
    rows = [
        {**row, "label": Rule(row["rule"]).label, "answered": row["raised"] - row["open"]}
        for row in counted.order_by("rule")
    ]
    return sorted(rows, key=lambda row: (-row["raised"], row["rule"]))


def query_counts(city_ids, year: int) -> dict[str, int]:
    resolved = Q(status=Query.Status.RESOLVED)
    return Query.objects.filter(city__in=city_ids, year=year).aggregate(
        asked=Count("pk"), resolved=Count("pk", filter=resolved)
    )


def open_queries_of(city_id: int, year: int):
    return Query.objects.filter(city=city_id, year=year, status=Query.Status.OPEN)


# --- What changed ---------------------------------------------------------------------------


def changes_default_year() -> int:
    """The latest closed year, else the latest cycle's, else last year."""
    closed = ReportingCycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year").first()
    latest = closed or ReportingCycle.objects.order_by("-year").first()
    return latest.year if latest else timezone.localdate().year - 1


def changes_of(cities, year: int, *, project_ids=None) -> list[dict]:
    """What changed in `year` against the year before for these cities (in the order given),
    each change with the city's slug and name; only the changes of `project_ids` (working ids)
    and the cities that did not report, when given."""
    names = {city.pk: (city.slug, city.name) for city in cities}
    states = years_states(list(names), [year - 1, year])
    found = network_changes(states[year - 1], states[year])
    if project_ids is not None:
        keep = set(project_ids)
        found = [c for c in found if c.project_id is None or c.project_id in keep]
    return [
        {
            **c.as_dict(),
            "city": names[c.city_id][0],
            "city_name": names[c.city_id][1],
            "before_label": _label(c.kind, c.before),
            "after_label": _label(c.kind, c.after),
        }
        for c in found
    ]


STAGE_KINDS = ("new", "completed", "cancelled", "stage")


def _label(kind: str, value):
    """A stage as people read it (pages and the report show labels, the API the codes)."""
    if kind in STAGE_KINDS and value in Stage.values:
        return str(Stage(value).label)
    return value


def changes_context(cities, year: int, *, quality_of=None) -> dict:
    """The changes of a year for `cities` and the data-quality table of `quality_of` (a queryset
    of cities, counted in the database; the same cities by default), as the pages show them."""
    cities = list(cities)
    found = changes_of(cities, year)
    ids = [city.pk for city in cities]
    counted = ids if quality_of is None else quality_of.values("pk")
    return {
        "year": year,
        "previous_year": year - 1,
        "changes": found,
        "counts": summary_of(found),
        "frozen": found_frozen(ids, year),
        "quality": quality_table(counted, year),
        "queries": query_counts(counted, year),
        "cities": cities,
    }


def found_frozen(city_ids, year: int) -> bool:
    """Whether the year's figures come from snapshots (asked only when there are cities)."""
    return bool(city_ids) and is_frozen(year)


def summary_of(found: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for change in found:
        counts[change["kind"]] += 1
    return counts


# --- A report under review ----------------------------------------------------------------------


def report_under_review(submission) -> dict:
    """A city's report of a year for its reviewers: the flags with the city's answers, the query
    threads, and the claims a new query may be about."""
    city_id, year = submission.city_id, submission.cycle.year
    flags = flags_with_objects(Flag.objects.filter(city=city_id, year=year))
    queries = queries_with_objects(Query.objects.filter(city=city_id, year=year))
    return {"flags": list(flags), "queries": list(queries), "targets": _targets(city_id, year)}


def _targets(city_id: int, year: int) -> list:
    updates = ProgressUpdate.objects.filter(project__plan__city=city_id, year=year).select_related(
        "project"
    )
    values = IndicatorValue.objects.filter(
        indicator__project__plan__city=city_id, indicator__project__layer="working", year=year
    ).select_related("indicator__project")
    projects = Project.objects.filter(
        plan__city=city_id, plan__period__start_year__lte=year, plan__period__end_year__gte=year
    )
    return [
        (_("Progress updates"), [(f"progress_update:{u.pk}", u.project.title) for u in updates]),
        (
            _("Indicator values"),
            [
                (f"indicator_value:{v.pk}", f"{v.indicator.project.title}: {v.indicator.name}")
                for v in values
            ],
        ),
        (_("Projects"), [(f"project:{p.pk}", p.title) for p in projects.order_by("title")]),
    ]


def submission_of(query):
    return (
        Submission.objects.filter(city=query.city_id, cycle__year=query.year)
        .select_related("cycle")
        .first()
    )
