"""What the progress dashboards show, assembled from the roll-up selectors.

Each builder returns figures, tables (reports.tables.Table) and charts; views render them and
exports write the same tables. The number of queries depends on the number of sections, never on
the number of cities or projects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import (
    ActionPlan,
    AscapItem,
    FocusArea,
    FrameworkComponent,
    Indicator,
    IndicatorValue,
    Milestone,
    PlanStatus,
    Stage,
)
from cities.models import PILOT_YEAR, Appointment, City, Country
from core.numbers import figure
from reports import charts, selectors
from reports.selectors import Scope
from reports.tables import Table

CITIES_PER_PAGE = 25  # city table and heat map: one page of cities at a time
LIST_LIMIT = 50  # completeness lists: the first rows on the page, all rows in the export


@dataclass
class Figure:
    """A chart with its data table."""

    chart: str
    table: Table


def _areas() -> list[FocusArea]:
    return list(FocusArea.objects.order_by("position", "code"))


@dataclass
class NetworkFigures:
    """The home page's key figures: the public's (published plans), as /progress/ and the
    published annual report give them for the same year."""

    cities: int
    pilots: int
    countries: int
    projects: int
    published_plans: int
    progress: Decimal | None
    reporting_year: int


def home_figures(year: int) -> NetworkFigures:
    """The home page's figures: the network as it is today (its members), its projects and
    progress of `year` (the latest closed year, named on the page)."""
    scope = selectors.as_frozen(Scope(year=year, published_only=True))
    today = max(year, timezone.localdate().year)
    members = City.objects.filter(joined_year__lte=today).aggregate(
        cities=Count("pk"),
        pilots=Count("pk", filter=Q(joined_year=PILOT_YEAR)),
        countries=Count("country", distinct=True),
    )
    return NetworkFigures(
        **members,
        projects=selectors.project_count(scope),
        published_plans=selectors.plans_by_status(scope)[PlanStatus.PUBLISHED],
        progress=selectors.network_progress(scope),
        reporting_year=year,
    )


def key_figures(scope: Scope) -> dict:
    cities = City.objects.filter(joined_year__lte=scope.year)
    if scope.country:
        cities = cities.filter(country__code=scope.country)
    if scope.city:
        cities = cities.filter(slug=scope.city)
    progress = selectors.network_progress(scope)
    previous = selectors.network_progress(scope.for_year(scope.year - 1))
    implementation = selectors.implementation_progress(scope)
    return {
        "cities": cities.count(),
        "plans_by_status": [
            (PlanStatus(code).label, n) for code, n in selectors.plans_by_status(scope).items()
        ],
        "projects": implementation["total"],
        "projects_by_stage": implementation["by_stage"],
        "at_risk": implementation["at_risk"],
        "delayed": implementation["delayed"],
        "progress": progress,
        "previous_progress": previous,
        "change": None if progress is None or previous is None else progress - previous,
    }


def exhibit_focus_areas(scope: Scope) -> Figure:
    rows = selectors.focus_area_shares(scope)
    table = Table(
        "focus_areas",
        _("Exhibit 1: share of projects per ASCF focus area"),
        [_("Focus area"), _("Projects"), _("Share (%)")],
        [[r["name"], r["projects"], r["share"]] for r in rows],
    )
    chart = charts.bar_chart(
        title=table.caption,
        description=_("Horizontal bars: number of projects in each of the six focus areas."),
        bars=[
            charts.Bar(r["name"], r["projects"], f"{r['projects']} ({figure(r['share'])}%)")
            for r in rows
        ],
        chart_id="exhibit-1",
    )
    return Figure(chart, table)


def exhibit_implementation(scope: Scope) -> Figure:
    data = selectors.implementation_progress(scope)
    table = Table(
        "implementation",
        _("Exhibit 2: implementation progress"),
        [_("Stage"), _("Projects")],
        [[row["label"], row["projects"]] for row in data["by_stage"]]
        + [[_("of which at risk"), data["at_risk"]], [_("of which delayed"), data["delayed"]]],
    )
    chart = charts.bar_chart(
        title=table.caption,
        description=_("Projects by stage, then how many are at risk or delayed this year."),
        bars=[charts.Bar(str(label), n) for label, n in table.rows],
        chart_id="exhibit-2",
    )
    return Figure(chart, table)


def exhibit_countries(scope: Scope) -> Figure:
    counts = selectors.projects_by_country_and_focus_area(scope)
    areas = _areas()
    countries = Country.objects.order_by("name")
    if scope.country:
        countries = countries.filter(code=scope.country)
    values = [[counts.get((c.code, a.code), 0) for a in areas] for c in countries]
    table = Table(
        "countries_by_focus_area",
        _("Exhibit 3: projects per country by focus area"),
        [_("Country"), *[a.name for a in areas], _("Total")],
        [[c.name, *row, sum(row)] for c, row in zip(countries, values, strict=True)],
    )
    chart = charts.stacked_bar_chart(
        title=table.caption,
        description=_("One bar per member state, split by focus area."),
        rows=[c.name for c in countries],
        series=[a.name for a in areas],
        values=values,
        chart_id="exhibit-3",
    )
    return Figure(chart, table)


def progress_trend(scope: Scope) -> Figure:
    points = selectors.progress_trend(scope)
    table = Table(
        "progress_trend",
        _("Implementation progress, %(first)s–%(last)s")
        % {"first": points[0][0], "last": scope.year},
        [_("Year"), _("Progress (%)")],
        [[year, value] for year, value in points],
    )
    chart = charts.line_chart(
        title=table.caption,
        description=_("Mean percent complete of the projects' latest updates, year by year."),
        points=[(str(year), value) for year, value in points],
        chart_id="progress-trend",
    )
    return Figure(chart, table)


def heat_map(scope: Scope, cities) -> Figure:
    cells = selectors.city_progress_matrix(_cities_scope(scope, cities))
    areas = _areas()
    table = Table(
        "city_focus_area_progress",
        _("Progress by city and focus area (%)"),
        [_("City"), *[a.name for a in areas]],
        [[c.name, *[cells.get((c.slug, a.code)) for a in areas]] for c in cities],
    )
    chart = charts.heat_map(
        title=table.caption,
        description=_("Darker cells mean more progress; a dash means no project with updates."),
        rows=[(c.slug, c.name) for c in cities],
        columns=[(a.code, a.name) for a in areas],
        cells=cells,
        chart_id="heat-map",
    )
    return Figure(chart, table)


def network_cities(scope: Scope, *, page: int | None = 1) -> Page:
    """Cities with reporting counts, current CSCO, plan status and project count annotated.

    One page of CITIES_PER_PAGE cities; `page=None` gives all of them on one page (exports).
    """
    csco = Appointment.objects.current().filter(kind="csco", city=OuterRef("pk"))
    plan = ActionPlan.objects.filter(city=OuterRef("pk")).order_by("-period__start_year")
    cities = (
        selectors.update_counts_by_city(scope)
        .filter(**({"slug": scope.city} if scope.city else {}))
        .annotate(
            csco_name=Subquery(csco.values("person_name")[:1]),
            plan_status=_plan_status(scope, plan),
            project_count=selectors.count_per_city(selectors.scope_projects_base(scope)),
        )
    )
    if page is None:
        return Paginator(cities, max(cities.count(), 1)).page(1)
    return Paginator(cities, CITIES_PER_PAGE).get_page(page)


def _plan_status(scope: Scope, plan):
    """The workflow status of the city's plan; for published figures "published" when the scope
    reads a publication of it (a revision in progress is private)."""
    if not scope.published_only:
        return Subquery(plan.values("status")[:1])
    if scope.publications is not None:
        published = ActionPlan.objects.filter(
            city=OuterRef("pk"), publications__in=scope.publications
        )
    else:
        published = ActionPlan.objects.published().filter(city=OuterRef("pk"))
    return Case(When(Exists(published), then=Value(PlanStatus.PUBLISHED)), default=Value(None))


def _cities_scope(scope: Scope, cities) -> Scope:
    return replace(scope, cities=tuple(c.slug for c in cities))


def network_table(scope: Scope, cities: Page) -> Table:
    """Every city with country, CSCO, plan status, project count, progress, updates submitted."""
    progress = selectors.progress_by(_cities_scope(scope, cities), "plan__city__slug")
    rows = [
        [
            city.name,
            city.country.name,
            city.csco_name or "",
            PlanStatus(city.plan_status).label if city.plan_status else _("No plan"),
            city.project_count,
            progress.get(city.slug, (None, 0))[0],
            f"{city.updated_projects}/{city.live_projects}",
        ]
        for city in cities
    ]
    return Table(
        "cities",
        _("Network: every city's plan and progress in %(year)s") % {"year": scope.year},
        [
            _("City"),
            _("Country"),
            _("CSCO"),
            _("Plan status"),
            _("Projects"),
            _("Progress (%)"),
            _("Updates submitted"),
        ],
        rows,
        total=cities.paginator.count,
    )


def _cutoff(year: int) -> date:
    return min(timezone.localdate(), date(year, 12, 31))


def _limited(queryset, limit: int | None) -> tuple[list, int | None]:
    """The first `limit` rows and the total, or all rows (and no total) when limit is None."""
    if limit is None:
        return list(queryset), None
    return list(queryset[:limit]), queryset.count()


def missing_updates_table(scope: Scope, *, limit: int | None = LIST_LIMIT) -> Table:
    projects, total = _limited(
        selectors.projects_missing_update(scope).order_by("plan__city__name", "title"), limit
    )
    return Table(
        "missing_updates",
        _("Projects without a %(year)s progress update") % {"year": scope.year},
        [_("Country"), _("City"), _("Project"), _("Stage"), _("Last update")],
        [
            [
                p.plan.city.country.name,
                p.plan.city.name,
                p.title,
                p.get_stage_display(),
                p.latest_year or "",
            ]
            for p in projects
        ],
    )


def overdue_milestones_table(scope: Scope, *, limit: int | None = LIST_LIMIT) -> Table:
    cutoff = _cutoff(scope.year)
    milestones = (
        Milestone.objects.filter(
            project__in=selectors.scoped_projects(scope).values("pk"), due_date__lt=cutoff
        )
        .filter(Q(done_date__isnull=True) | Q(done_date__gt=cutoff))
        .select_related("project__plan__city")
        .order_by("due_date", "pk")
    )
    milestones, total = _limited(milestones, limit)
    return Table(
        "overdue_milestones",
        _("Milestones overdue on %(date)s") % {"date": date_format(cutoff)},
        [_("City"), _("Project"), _("Milestone"), _("Due")],
        [[m.project.plan.city.name, m.project.title, m.title, m.due_date] for m in milestones],
        total=total,
    )


def empty_indicators_table(scope: Scope, *, limit: int | None = LIST_LIMIT) -> Table:
    has_value = IndicatorValue.objects.filter(indicator=OuterRef("pk"), year=scope.year)
    indicators = (
        Indicator.objects.filter(project__in=selectors.scoped_projects(scope).values("pk"))
        .exclude(project__stage=Stage.CANCELLED)
        .exclude(Exists(has_value))
        .select_related("project__plan__city")
        .order_by("project__plan__city__name", "project__title", "name")
    )
    indicators, total = _limited(indicators, limit)
    return Table(
        "indicators_without_values",
        _("Indicators without a value for %(year)s") % {"year": scope.year},
        [_("City"), _("Project"), _("Indicator"), _("Unit")],
        [[i.project.plan.city.name, i.project.title, i.name, i.unit] for i in indicators],
        total=total,
    )


def completeness(scope: Scope, *, limit: int | None = LIST_LIMIT) -> dict:
    cities, total = _limited(selectors.lagging_cities(scope), limit)
    return {
        "lagging_cities": cities,
        "lagging_total": total if total is not None else len(cities),
        "tables": [
            missing_updates_table(scope, limit=limit),
            overdue_milestones_table(scope, limit=limit),
            empty_indicators_table(scope, limit=limit),
        ],
    }


def components_table(scope: Scope) -> Table:
    components = FrameworkComponent.objects.order_by("kind", "position", "code")
    rows = selectors.projects_by_tag(scope, "components", components)
    return Table(
        "by_component",
        _("Projects by ASCF enabler and key urban system"),
        [_("Enabler or urban system"), _("Projects")],
        [[r["name"], r["projects"]] for r in rows],
    )


def ascap_table(scope: Scope, items=None) -> Table:
    items = list(AscapItem.objects.order_by("position", "code")) if items is None else items
    return Table(
        "by_ascap",
        _("Projects by ASCAP 2026–2035 goal and action"),
        [_("ASCAP item"), _("Projects")],
        [[r["name"], r["projects"]] for r in selectors.projects_by_tag(scope, "ascap", items)],
    )


def tag_tables(scope: Scope) -> list[Table]:
    """Projects by ASCF enabler / key urban system, and by ASCAP item once there are some."""
    ascap = list(AscapItem.objects.order_by("position", "code"))
    return [components_table(scope)] + ([ascap_table(scope, ascap)] if ascap else [])


def catalogue_table(scope: Scope) -> Table:
    """Catalogue indicators rolled up across cities (reports.selectors.catalogue_roll_up)."""
    rows = selectors.catalogue_roll_up(scope)
    return Table(
        "catalogue_indicators",
        _("Catalogue indicators across cities, %(year)s") % {"year": scope.year},
        [_("Code"), _("Indicator"), _("Unit"), _("Roll-up"), _("Cities"), _("Value")],
        [
            [
                r.indicator.code,
                r.indicator.name,
                r.unit,
                r.indicator.get_aggregation_display(),
                r.cities,
                r.value,
            ]
            for r in rows
        ],
    )


def network_dashboard(scope: Scope, *, page: int | None = 1) -> dict:
    """ASEC's (and the national and city users') dashboard: the working copies for an open year,
    what was frozen for a closed one (`frozen_year` says so)."""
    scope = selectors.as_frozen(scope)
    cities = network_cities(scope, page=page)
    return {
        "frozen_year": scope.year if scope.publications is not None else None,
        "tables": tag_tables(scope),
        "figures": key_figures(scope),
        "exhibits": [
            exhibit_focus_areas(scope),
            exhibit_implementation(scope),
            exhibit_countries(scope),
        ],
        "trend": progress_trend(scope),
        "heat_map": heat_map(scope, cities),
        "network_table": network_table(scope, cities),
        "indicators": catalogue_table(scope),
        "cities_page": cities,
    }


def public_progress(scope: Scope) -> dict:
    """Only what published plans say: the public's view of the network's progress."""
    scope = selectors.as_frozen(
        Scope(
            year=scope.year, country=scope.country, focus_area=scope.focus_area, published_only=True
        )
    )
    by_country = selectors.progress_by(scope, "plan__city__country__code")
    countries = Country.objects.order_by("name")
    table = Table(
        "progress_by_country",
        _("Progress by member state (published plans)"),
        [_("Country"), _("Projects with updates"), _("Progress (%)")],
        [
            [c.name, by_country.get(c.code, (None, 0))[1], by_country.get(c.code, (None, 0))[0]]
            for c in countries
        ],
    )
    return {
        "frozen_year": scope.year if scope.publications is not None else None,
        "figures": key_figures(scope),
        "exhibits": [exhibit_focus_areas(scope), exhibit_implementation(scope)],
        "trend": progress_trend(scope),
        "by_country": table,
    }


def all_tables(data: dict) -> list[Table]:
    """Every table of a dashboard, for the export links and ?table= lookups."""
    tables = [f.table for f in data.get("exhibits", [])]
    for key in ("trend", "heat_map"):
        if key in data:
            tables.append(data[key].table)
    for key in ("network_table", "by_country", "indicators"):
        if key in data:
            tables.append(data[key])
    return tables + list(data.get("tables", []))


# --- Drill-down links ---------------------------------------------------------------------------


def drill_countries() -> list[Country]:
    """Countries with member cities, for the network dashboard's links."""
    return list(Country.objects.filter(cities__isnull=False).distinct().order_by("name"))


def drill_cities(country: Country) -> list[City]:
    return list(City.objects.filter(country=country).order_by("name"))


def drill_areas() -> list[FocusArea]:
    return _areas()
