"""Progress roll-ups for dashboards and the annual report (SPEC §2).

Plan progress for a year is the mean percent complete of its projects' latest updates up to that
year. Cancelled projects are left out (stage cancelled, or a latest update that says cancelled),
and so are projects without any update up to that year: they have no progress to average, and
they show up in the data-quality section instead. The same project-level mean rolls up per city,
country, focus area and the whole network; every figure is computed in the database.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import caches
from django.db import connections, router
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from action_plans import aggregates, calendar
from action_plans.models import (
    ActionPlan,
    Aggregation,
    CatalogueIndicator,
    FocusArea,
    IndicatorValue,
    Layer,
    Measurement,
    PlanPublication,
    PlanStatus,
    ProgressUpdate,
    Project,
    Stage,
    Submission,
    SubmissionStatus,
    UpdateStatus,
    same_project,
)
from cities.models import City
from review.selectors import frozen_publications

# A city has handed in its report of the year once it is submitted (and stays so if accepted).
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


@dataclass(frozen=True)
class Scope:
    """Which projects a roll-up covers: a year plus the filters a dashboard URL carries."""

    year: int
    country: str | None = None  # ISO code
    city: str | None = None  # slug
    focus_area: str | None = None  # code
    stage: str | None = None
    gesi_group: str | None = None  # code
    component: str | None = None  # an ASCF enabler or key urban system (code)
    published_only: bool = False  # the public sees only published plans
    # With published_only, these publications instead of each plan's latest (a report reads the
    # publications it recorded when its job started, whatever is published meanwhile).
    publications: tuple[int, ...] | None = None
    cities: tuple[str, ...] = ()  # only these city slugs (e.g. one page of a city table)
    extra: tuple = field(default=(), compare=False)

    def for_year(self, year: int) -> Scope:
        return replace(self, year=year)


def as_frozen(scope: Scope) -> Scope:
    """A closed year's figures read what was frozen when its cycle closed: the publications its
    snapshots recorded, for the public and for ASEC's working-copy dashboards alike (one query).
    An open year's scope is returned as it is."""
    frozen = frozen_publications(scope.year)
    if frozen is None:
        return scope
    return replace(scope, published_only=True, publications=frozen)


def round_percent(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scope_projects_base(scope: Scope) -> QuerySet:
    """The rows a scope reads: the published layer for public figures (what ASEC approved), the
    working copy for ASEC's own dashboards. Only cities that were members in the scope's year."""
    if not scope.published_only:
        projects = Project.objects.all()
    elif scope.publications is not None:
        projects = Project.layers.filter(publication__in=scope.publications)
    else:
        projects = Project.layers.published()
    # A year's figures speak of the plans of the period that contains it.
    projects = projects.filter(
        plan__period__start_year__lte=scope.year, plan__period__end_year__gte=scope.year
    )
    return projects.filter(plan__city__joined_year__lte=scope.year)


def scoped_projects(scope: Scope) -> QuerySet:
    """The projects a scope covers, with their latest update up to the scope's year annotated."""
    latest = ProgressUpdate.objects.filter(project=same_project(), year__lte=scope.year).order_by(
        "-year"
    )
    return _filtered_projects(scope).annotate(
        latest_percent=Subquery(latest.values("percent_complete")[:1], output_field=IntegerField()),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_year=Subquery(latest.values("year")[:1], output_field=IntegerField()),
    )


def project_count(scope: Scope) -> int:
    """How many projects a scope covers (`implementation_progress`'s total, without reading
    each project's latest update); kept for the scope as `_rollup` says."""
    if not _memoisable(scope):
        return _filtered_projects(scope).aggregate(n=Count("pk", distinct=True))["n"]
    return _rollup("count", scope)


def _filtered_projects(scope: Scope) -> QuerySet:
    projects = scope_projects_base(scope)
    if scope.country:
        projects = projects.filter(plan__city__country__code=scope.country)
    if scope.city:
        projects = projects.filter(plan__city__slug=scope.city)
    if scope.cities:
        projects = projects.filter(plan__city__slug__in=scope.cities)
    if scope.focus_area:
        projects = projects.filter(focus_areas__code=scope.focus_area)
    if scope.stage:
        projects = projects.filter(stage=scope.stage)
    if scope.gesi_group:
        projects = projects.filter(gesi_groups__code=scope.gesi_group)
    if scope.component:
        projects = projects.filter(components__code=scope.component)
    return projects


def progressing_projects(scope: Scope) -> QuerySet:
    """Projects that count for progress: not cancelled, with an update up to the year."""
    return (
        scoped_projects(scope)
        .exclude(stage=Stage.CANCELLED)
        .exclude(latest_status=UpdateStatus.CANCELLED)
        .filter(latest_percent__isnull=False)
    )


def network_progress(scope: Scope) -> Decimal | None:
    """The mean of `progressing_projects`, with the conditions on the latest update in the
    average's filter (AVG skips projects without one) rather than in the WHERE clause: there
    PostgreSQL read every project's latest update before joining the year's period and members,
    here only for the projects that pass them (14 → 1.5 ms at ten times the network)."""
    if _memoisable(scope):
        return round_percent(_rollup("progress", scope))
    counted = scoped_projects(scope).exclude(stage=Stage.CANCELLED)
    result = counted.aggregate(
        progress=Avg("latest_percent", filter=~Q(latest_status=UpdateStatus.CANCELLED))
    )
    return round_percent(result["progress"])


# --- Roll-ups kept until the data they read changes ---------------------------------------------
#
# The home page's and dashboards' project count and network progress read every project of the
# scope (and its latest update): they grow with the network. For a scope that reads only the
# tables in `aggregates.ROLLUP_TABLES` (no filter through a many-to-many relation), the figure
# is kept in the cache with the roll-up token it was computed under, a random number that the
# database draws anew with every statement writing one of those tables (triggers, migration
# 0018: services, bulk updates, deletions and flushes alike; transactional, so a reader sees the
# token of the data it reads). Each call is one query, hit or miss: it reads the token and, only
# when it is not the kept one, computes the figure in the same statement (PostgreSQL evaluates the
# uncorrelated subquery of the CASE's other branch only when it is reached).

ROLLUP_SECONDS = 24 * 3600
# In every key: change it with the rules of these figures, whose kept values a deployment would
# otherwise serve until the next write.
ROLLUP_VERSION = 1


def _memoisable(scope: Scope) -> bool:
    return not (scope.focus_area or scope.gesi_group or scope.component or scope.extra)


def _rollup(kind: str, scope: Scope):
    connection = connections[router.db_for_read(Project)]
    key = f"rollup:{ROLLUP_VERSION}:" + hashlib.sha256(f"{kind}{scope!r}".encode()).hexdigest()
    kept = caches["default"].get(key)
    sql, params = _rollup_sql(kind, scope, connection.alias)
    token_kept = None if kept is None else kept[0]
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_kept, *params, aggregates.ROLLUP_TOKEN])
        token, computed = cursor.fetchone()
    if kept is not None and token == token_kept:
        return kept[1]
    if computed is not None and kind == "progress":
        computed = float(computed)  # as Avg's FloatField gives it
    caches["default"].set(key, (token, computed), ROLLUP_SECONDS)
    return computed


@functools.lru_cache(maxsize=512)
def _rollup_sql(kind: str, scope: Scope, alias: str) -> tuple[str, tuple]:
    """The SQL of one roll-up of a scope (compiled once per process): the token and, when it
    differs from the first parameter, the figure (`project_count`'s or `network_progress`'s)."""
    if kind == "count":
        rows = _filtered_projects(scope).order_by().values("pk").distinct()
        inner, params = rows.query.get_compiler(using=alias).as_sql()
        figure = f"SELECT COUNT(*) FROM ({inner}) scoped"
    else:
        rows = (
            scoped_projects(scope)
            .exclude(stage=Stage.CANCELLED)
            .order_by()
            .values("latest_percent", "latest_status")
        )
        inner, params = rows.query.get_compiler(using=alias).as_sql()
        # Avg's filter ~Q(latest_status=cancelled), as network_progress writes it.
        figure = (
            "SELECT AVG(CASE WHEN NOT (scoped.latest_status = %s) THEN scoped.latest_percent END)"
            f" FROM ({inner}) scoped"
        )
        params = (UpdateStatus.CANCELLED.value, *params)
    sql = (
        f"SELECT value, CASE WHEN value = %s THEN NULL ELSE ({figure}) END"
        f" FROM {aggregates.TABLE} WHERE name = %s"
    )
    return sql, tuple(params)


def progress_by(scope: Scope, key: str) -> dict:
    """Progress per value of `key` (e.g. "plan__city__slug", "focus_areas__code")."""
    rows = (
        progressing_projects(scope)
        .order_by()
        .values(key)
        .annotate(progress=Avg("latest_percent"), projects=Count("pk", distinct=True))
    )
    return {row[key]: (round_percent(row["progress"]), row["projects"]) for row in rows}


def progress_trend(
    scope: Scope, *, first_year: int | None = None
) -> list[tuple[int, Decimal | None]]:
    """Network progress for every year from the start of the scope year's plan period (or
    `first_year`) to the scope's year: each year's `network_progress`, all in one query (one
    aggregate per year, joined with UNION ALL), whatever the number of years."""
    if first_year is None:
        period = calendar.period_of(scope.year)
        first_year = period.start_year if period else scope.year
    years = range(first_year, scope.year + 1)
    per_year = [
        progressing_projects(scope.for_year(year))
        .order_by()
        .annotate(trend_year=Value(year, output_field=IntegerField()))
        .values("trend_year")
        .annotate(progress=Avg("latest_percent"))
        .values_list("trend_year", "progress")
        for year in years
    ]
    if not per_year:
        return []
    found = (
        dict(per_year[0].union(*per_year[1:], all=True)) if len(per_year) > 1 else dict(per_year[0])
    )
    return [(year, round_percent(found.get(year))) for year in years]


def city_progress_matrix(scope: Scope) -> dict[tuple[str, str], Decimal | None]:
    """Progress per (city slug, focus area code): the heat map's cells."""
    rows = (
        progressing_projects(scope)
        .order_by()
        .values("plan__city__slug", "focus_areas__code")
        .annotate(progress=Avg("latest_percent"))
    )
    return {
        (row["plan__city__slug"], row["focus_areas__code"]): round_percent(row["progress"])
        for row in rows
    }


# --- Exhibits of the M&E report ---------------------------------------------------------------


def focus_area_shares(scope: Scope) -> list[dict]:
    """Exhibit 1: projects per ASCF focus area, each counted once under its primary focus area
    (as the M&E report gives each project one), so the shares add up to 100 % of projects."""
    counts = dict(
        scoped_projects(scope)
        .order_by()
        .values_list("primary_focus_area__code")
        .annotate(n=Count("pk", distinct=True))
    )
    total = sum(n for code, n in counts.items() if code)
    rows = []
    for area in FocusArea.objects.order_by("position", "code"):
        n = counts.get(area.code, 0)
        share = round_percent(Decimal(n) * 100 / total) if total else Decimal("0.0")
        rows.append({"code": area.code, "name": area.name, "projects": n, "share": share})
    return rows


def projects_by_tag(scope: Scope, relation: str, items) -> list[dict]:
    """Projects per item of a tag (`components`, `ascap`): one query, whatever the network."""
    counts = dict(
        scoped_projects(scope)
        .order_by()
        .values_list(f"{relation}__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return [{"code": i.code, "name": str(i), "projects": counts.get(i.code, 0)} for i in items]


def implementation_progress(scope: Scope) -> dict:
    """Exhibit 2: projects by stage, and how many are at risk or delayed in the year."""
    projects = scoped_projects(scope)
    totals = projects.aggregate(
        total=Count("pk", distinct=True),
        at_risk=Count("pk", filter=Q(latest_status=UpdateStatus.AT_RISK), distinct=True),
        delayed=Count("pk", filter=Q(latest_status=UpdateStatus.DELAYED), distinct=True),
        **{stage.value: Count("pk", filter=Q(stage=stage.value), distinct=True) for stage in Stage},
    )
    return {
        "total": totals["total"],
        "by_stage": [
            {"stage": stage.value, "label": stage.label, "projects": totals[stage.value]}
            for stage in Stage
        ],
        "at_risk": totals["at_risk"],
        "delayed": totals["delayed"],
    }


def projects_by_country_and_focus_area(scope: Scope) -> dict[tuple[str, str], int]:
    """Exhibit 3: project count per (country code, focus area code)."""
    rows = (
        scoped_projects(scope)
        .order_by()
        .values("plan__city__country__code", "focus_areas__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(row["plan__city__country__code"], row["focus_areas__code"]): row["n"] for row in rows}


def plans_by_status(scope: Scope) -> dict[str, int]:
    """Plans by workflow status; for public figures every published plan counts as published
    (a revision in progress is private), and with `publications` the plans they publish."""
    plans = ActionPlan.objects.filter(city__joined_year__lte=scope.year)
    if scope.published_only and scope.publications is not None:
        plans = plans.filter(
            pk__in=PlanPublication.objects.filter(pk__in=scope.publications).values("plan")
        )
        plans = plans.annotate(shown=Value(PlanStatus.PUBLISHED))
    elif scope.published_only:
        plans = plans.published()
        plans = plans.annotate(shown=Value(PlanStatus.PUBLISHED))
    else:
        plans = plans.annotate(shown=F("status"))
    if scope.country:
        plans = plans.filter(city__country__code=scope.country)
    if scope.city:
        plans = plans.filter(city__slug=scope.city)
    counts = dict(plans.order_by().values_list("shown").annotate(n=Count("pk")))
    return {status.value: counts.get(status.value, 0) for status in PlanStatus}


def projects_missing_update(scope: Scope) -> QuerySet:
    """Live projects (planning or ongoing) without an update for the scope's year."""
    has_update = ProgressUpdate.objects.filter(project=same_project(), year=scope.year)
    return (
        scoped_projects(scope)
        .filter(stage__in=[Stage.PLANNING, Stage.ONGOING])
        .exclude(Exists(has_update))
        .select_related("plan__city__country")
    )


def count_per_city(projects: QuerySet) -> Coalesce:
    """In a query of cities, how many of these project rows are the city's (a subquery)."""
    counted = (
        projects.filter(plan__city=OuterRef("pk"))
        .order_by()
        .values("plan__city")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def update_counts_by_city(scope: Scope) -> QuerySet:
    """Per city: live projects and how many have this year's update (reporting completeness)."""
    live = Q(
        action_plans__projects__layer=Layer.WORKING,
        action_plans__projects__stage__in=[Stage.PLANNING, Stage.ONGOING],
    )
    updated = live & Q(action_plans__projects__updates__year=scope.year)
    # A city counts in a year only if it was a member that year.
    cities = City.objects.select_related("country").filter(joined_year__lte=scope.year)
    if scope.country:
        cities = cities.filter(country__code=scope.country)
    if scope.published_only:  # the published (or frozen) rows, not the working copy
        live_rows = scope_projects_base(scope).filter(stage__in=[Stage.PLANNING, Stage.ONGOING])
        has_update = ProgressUpdate.objects.filter(project=same_project(), year=scope.year)
        return cities.annotate(
            live_projects=count_per_city(live_rows),
            updated_projects=count_per_city(live_rows.filter(Exists(has_update))),
        ).order_by("country__name", "name")
    return cities.annotate(
        live_projects=Coalesce(
            Count("action_plans__projects", filter=live, distinct=True), Value(0)
        ),
        updated_projects=Coalesce(
            Count("action_plans__projects", filter=updated, distinct=True), Value(0)
        ),
    ).order_by("country__name", "name")


def lagging_cities(scope: Scope) -> QuerySet:
    """Cities that were members in the year and have not handed in the year's report (their
    submission is neither submitted nor accepted, or there is none yet): the reminder
    candidates, with their live and updated projects and the submission's status (or None)."""
    report = Submission.objects.filter(cycle__year=scope.year, city=OuterRef("pk"))
    handed_in = report.filter(status__in=HANDED_IN)
    lagging = update_counts_by_city(scope).annotate(
        report_status=Subquery(report.values("status")[:1])
    )
    lagging = lagging.exclude(Exists(handed_in))
    return lagging.filter(slug=scope.city) if scope.city else lagging


# --- The indicator catalogue across cities ------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRollUp:
    """A catalogue indicator in one unit, rolled up across the cities that measure it."""

    indicator: CatalogueIndicator
    unit: str
    cities: int
    indicators: int  # the projects' indicators that reference the entry
    value: Decimal


def catalogue_roll_up(scope: Scope) -> list[CatalogueRollUp]:
    """Each catalogue indicator the scope's projects measure, in the scope's year: a periodic
    indicator by its value of that year, a cumulative one by its latest value up to it. A city's
    indicators combine first, then the cities, by the entry's rule (counts add up, shares and
    rates are averaged). Values in different units never meet: an entry without a unit of its own
    rolls up once per unit the cities use. Two queries, whatever the number of cities."""
    latest = _latest_catalogue_values(scope)
    groups: dict[tuple, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for catalogue, unit, city, value in latest.values():
        groups[(catalogue, unit)][city].append(value)
    entries = CatalogueIndicator.objects.in_bulk({catalogue for catalogue, _unit in groups})
    rows = [
        _roll_up_row(entries[catalogue], unit, by_city)
        for (catalogue, unit), by_city in groups.items()
    ]
    return sorted(rows, key=lambda row: (row.indicator.framework, row.indicator.code, row.unit))


def _latest_catalogue_values(scope: Scope) -> dict[int, tuple]:
    values = (
        IndicatorValue.objects.filter(
            indicator__catalogue__isnull=False,
            indicator__project__in=scoped_projects(scope).values("pk"),
            year__lte=scope.year,
        )
        .exclude(indicator__project__stage=Stage.CANCELLED)
        .order_by("indicator_id", "year")
        .values_list(
            "indicator_id",
            "indicator__catalogue_id",
            "indicator__unit",
            "indicator__measurement",
            "indicator__project__plan__city_id",
            "year",
            "value",
        )
    )
    latest = {}
    for indicator, catalogue, unit, measurement, city, year, value in values:
        if measurement == Measurement.CUMULATIVE or year == scope.year:
            latest[indicator] = (catalogue, unit, city, value)  # by year: the last one stays
    return latest


def _combine(values: list[Decimal], aggregation: str) -> Decimal:
    total = sum(values, Decimal(0))
    return total if aggregation == Aggregation.SUM else total / len(values)


def _roll_up_row(entry: CatalogueIndicator, unit: str, by_city: dict) -> CatalogueRollUp:
    per_city = [_combine(values, entry.aggregation) for values in by_city.values()]
    return CatalogueRollUp(
        indicator=entry,
        unit=unit,
        cities=len(by_city),
        indicators=sum(len(values) for values in by_city.values()),
        value=_combine(per_city, entry.aggregation).quantize(Decimal("0.01")),
    )


def highlight_candidates(year: int) -> list:
    """The year's published projects ASEC may highlight (not cancelled), each with its city,
    focus areas and `latest_progress`, the narrative of its latest update up to the year."""
    latest = ProgressUpdate.objects.filter(project=same_project(), year__lte=year).order_by("-year")
    return list(
        scoped_projects(as_frozen(Scope(year=year, published_only=True)))
        .exclude(stage=Stage.CANCELLED)
        .annotate(latest_progress=Subquery(latest.values("narrative")[:1]))
        .select_related("plan__city__country")
        .prefetch_related("focus_areas")
        .order_by("plan__city__name", "title")
    )
