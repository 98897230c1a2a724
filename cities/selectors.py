"""Reads for the public pages: home figures, city list, city profile, country page.

Every function runs a fixed number of queries whatever the size of the network; what a user may
see comes from `core.policy` (published plans for the public, drafts for their owners).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.paginator import Page, Paginator
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
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

from action_plans import aggregates, calendar
from action_plans.models import (
    ActionPlan,
    FocusArea,
    PlanStatus,
    ProgressUpdate,
    Project,
    Stage,
    UpdateStatus,
    same_project,
)
from cities.models import (
    PILOT_YEAR,
    Appointment,
    AppointmentProposal,
    City,
    Country,
    ShepherdTerm,
)
from core import policy
from core.links import object_url
from partners.models import Opportunity

REPRESENTATIVE_KINDS = (Appointment.Kind.NATIONAL_REP, Appointment.Kind.ALTERNATE_REP)
OPEN_OPPORTUNITIES_ON_HOME = 5
CITIES_PER_PAGE = 50


# --- Progress ---------------------------------------------------------------------------------


def with_latest_progress(projects: QuerySet, *, year: int | None = None) -> QuerySet:
    """Annotate each project with its latest progress update up to `year` (default: all)."""
    updates = ProgressUpdate.objects.filter(project=same_project())
    if year is not None:
        updates = updates.filter(year__lte=year)
    latest = updates.order_by("-year")
    return projects.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_percent=Subquery(latest.values("percent_complete")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )


def mean_progress(projects: QuerySet, *, year: int | None = None) -> float | None:
    """Mean percent complete of the projects' latest updates; cancelled projects left out.

    None when no project has an update yet.
    """
    year = calendar.reporting_year() if year is None else year
    counted = (
        with_latest_progress(projects, year=year)
        .exclude(stage=Stage.CANCELLED)
        .exclude(latest_status=UpdateStatus.CANCELLED)
    )
    return counted.aggregate(progress=Avg("latest_percent"))["progress"]


# --- Plans ------------------------------------------------------------------------------------


def status_shown(user, plan: ActionPlan) -> str:
    """The workflow status a user sees: the working status for those who see drafts.

    For everyone else a visible plan is, by definition, published (a revision under way
    stays private until it is published in turn).
    """
    if policy.can_see_drafts(user, plan):
        return plan.status
    return PlanStatus.PUBLISHED


def public_vision(user, plan: ActionPlan) -> str:
    """The plan's vision as this user may read it: the working copy, or the published one."""
    if plan.status == PlanStatus.PUBLISHED or policy.can_see_drafts(user, plan):
        return plan.vision
    # The latest publication's vision, copied on the plan when it was published (no query).
    return plan.published_vision


def _latest_plan_status(user) -> Subquery:
    """The status of the latest plan of the city (`OuterRef("pk")`) that the user may see, in the
    city's own query: a list of cities shows whether each has a plan and its status, and
    prefetching the plans built two models a city (plan and period; issue 21)."""
    latest = (
        policy.visible_plans(user)
        .filter(city=OuterRef("pk"))
        .order_by("-period__start_year")
        .values("status")[:1]
    )
    return Subquery(latest)


# --- Cities -----------------------------------------------------------------------------------


def _project_count(user) -> Coalesce:
    per_city = (
        policy.visible_projects(user)
        .filter(plan__city=OuterRef("pk"))
        .order_by()
        .values("plan__city")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_city, output_field=IntegerField()), 0)


def city_queryset(user, *, country=None, pilot=None, focus_area=None) -> QuerySet:
    """Member cities by name with their project count and the plans the user may see."""
    cities = (
        City.objects.select_related("country")
        .annotate(project_count=_project_count(user), latest_plan_status=_latest_plan_status(user))
        .order_by("name")
    )
    if country is not None:
        cities = cities.filter(country=country)
    if pilot is not None:
        cities = (
            cities.filter(joined_year=PILOT_YEAR)
            if pilot
            else cities.exclude(joined_year=PILOT_YEAR)
        )
    if focus_area is not None:
        in_area = policy.visible_projects(user).filter(
            plan__city=OuterRef("pk"), focus_areas=focus_area
        )
        cities = cities.filter(Exists(in_area))
    return cities


def _with_plans(user, cities) -> list[City]:
    """The cities with `has_plan` and the `plan_status` the user sees (`status_shown`)."""
    rows = list(cities)
    drafts = policy.sees_any_drafts(user)
    for city in rows:
        status = city.latest_plan_status
        city.has_plan = status is not None
        if status is None:
            city.plan_status = ""
        elif drafts and policy.can_see_city_drafts(user, city):
            city.plan_status = status
        else:
            city.plan_status = PlanStatus.PUBLISHED
    return rows


def city_rows(user, *, country=None, pilot=None, focus_area=None) -> list[City]:
    """Member cities with their project count and latest visible plan's status (`has_plan`,
    `plan_status`)."""
    return _with_plans(
        user, city_queryset(user, country=country, pilot=pilot, focus_area=focus_area)
    )


def city_page(user, number, *, per_page: int = CITIES_PER_PAGE, **filters) -> Page:
    """One page of `city_rows` (a count and the page's rows: flat in the network's size)."""
    page = Paginator(city_queryset(user, **filters), per_page).get_page(number)
    page.object_list = _with_plans(user, page.object_list)
    return page


class MapCountry(NamedTuple):
    name: str
    code: str


class MapCity(NamedTuple):
    """A member city as the home map draws it: its columns, not a model instance (the map shows
    every city, and building 380 cities with their countries cost more than drawing them)."""

    name: str
    slug: str
    is_capital: bool
    joined_year: int
    latitude: Decimal
    longitude: Decimal
    population: int | None
    country: MapCountry

    @property
    def is_pilot(self) -> bool:
        return self.joined_year == PILOT_YEAR

    def get_absolute_url(self) -> str:
        return object_url("cities:detail", self.slug)


MAP_COLUMNS = ("name", "slug", "is_capital", "joined_year", "latitude", "longitude", "population")
N_MAP_COLUMNS = len(MAP_COLUMNS)


def cities_on_map() -> tuple[MapCity, ...]:
    """Every member city by name, with what the map shows of it (one query). The country's name
    is read in the language shown and those it falls back to, as modeltranslation would.

    The rows are kept in the process with the roll-up token they were read under (a number the
    database draws anew with every statement writing cities or countries, among others:
    `action_plans.aggregates`). The one query reads the token and, only when it is not the kept
    one, the rows, in the same statement: a kept map costs one row read, not the network's size
    (380 cities at ten times the network: 1.4 ms against 0.2 ms; issue 21), and is never staler
    than the token, read in the same snapshot as the rows."""
    alias = router.db_for_read(City)
    names = tuple(
        f"country__{build_localized_fieldname('name', language)}"
        for language in resolution_order(get_language())
    )
    kept_token, kept_rows = _kept_map_rows.get((alias, names), (None, ()))
    sql, params = _map_rows_sql(alias, names)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [*params, kept_token, aggregates.ROLLUP_TOKEN, kept_token])
        rows = cursor.fetchall()
    token = rows[0][1]
    if kept_token is not None and token == kept_token:
        return kept_rows
    countries: dict[str, MapCountry] = {}
    cities = []
    for row in rows[1:]:
        columns = row[2 : 2 + N_MAP_COLUMNS]
        name, slug, is_capital, joined_year, latitude, longitude, population = columns
        code, localized = row[2 + N_MAP_COLUMNS], row[3 + N_MAP_COLUMNS :]
        if code not in countries:
            countries[code] = MapCountry(next((n for n in localized if n), ""), code)
        cities.append(
            MapCity(
                name,
                slug,
                bool(is_capital),  # the raw row: SQLite gives 0 or 1 and floats for decimals
                joined_year,
                _decimal(latitude),
                _decimal(longitude),
                population,
                countries[code],
            )
        )
    cities = tuple(cities)
    _kept_map_rows[(alias, names)] = (token, cities)
    return cities


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# (database alias, country-name columns by language) -> (roll-up token, the map's rows)
_kept_map_rows: dict[tuple, tuple] = {}


@functools.lru_cache(maxsize=16)
def _map_rows_sql(alias: str, names: tuple[str, ...]) -> tuple[str, tuple]:
    """The map's one statement (compiled once per process and language): first a row with the
    roll-up token, then the cities by name unless the token is the kept one (the parameters
    after the cities' own: the kept token, the token's name, the kept token again). The condition
    is an uncorrelated subquery: PostgreSQL evaluates it once and skips the scan of the cities
    when it is false."""
    rows = City.objects.order_by().values_list(*MAP_COLUMNS, "country__code", *names)
    inner, params = rows.query.get_compiler(using=alias).as_sql()
    blanks = ", ".join(["NULL"] * (N_MAP_COLUMNS + 1 + len(names)))
    changed = f"(%s IS NULL OR (SELECT value FROM {aggregates.TABLE} WHERE name = %s) <> %s)"
    sql = (
        f"SELECT 0, value, {blanks} FROM {aggregates.TABLE} WHERE name = %s"
        f" UNION ALL SELECT 1, NULL, map_rows.* FROM ({inner}) map_rows WHERE {changed}"
        " ORDER BY 1, 3"
    )
    return sql, (aggregates.ROLLUP_TOKEN, *params)


@dataclass
class FocusAreaGroup:
    focus_area: FocusArea | None
    projects: list = field(default_factory=list)


@dataclass
class CityProfile:
    city: City
    csco: Appointment | None
    national_reps: list[Appointment]
    past_appointments: list[Appointment]
    plan: ActionPlan | None
    period_plans: list[ActionPlan]
    plan_status: str
    vision: str
    project_groups: list[FocusAreaGroup]
    twinnings: list
    progress: float | None


def city_profile(user, city: City, period: str | None = None) -> CityProfile:
    """The city's page; its plan is the one of `period` (a code) when the user may see it, else
    the latest one they may see."""
    appointments = list(
        Appointment.objects.filter(
            Q(city=city) | Q(country=city.country_id, kind__in=REPRESENTATIVE_KINDS)
        ).order_by("-start_date", "person_name")
    )
    period_plans = _visible_plans(user, city)
    plan = next((p for p in period_plans if p.period.code == period), None)
    plan = plan or (period_plans[-1] if period_plans else None)
    plan_projects = policy.visible_projects(user).filter(plan=plan)
    projects = _plan_projects(plan_projects) if plan else []
    twinnings = list(city.twinnings.select_related("partner"))
    with_focus_areas(projects, "projects", twinnings=twinnings)
    return CityProfile(
        city=city,
        csco=next((a for a in appointments if a.kind == "csco" and a.is_current), None),
        national_reps=[a for a in appointments if a.kind in REPRESENTATIVE_KINDS and a.is_current],
        past_appointments=[a for a in appointments if a.city_id == city.pk and not a.is_current],
        plan=plan,
        period_plans=period_plans,
        plan_status=status_shown(user, plan) if plan else "",
        vision=public_vision(user, plan) if plan else "",
        project_groups=group_by_focus_area(projects),
        twinnings=twinnings,
        progress=_mean_counted_progress(projects) if plan else None,
    )


def with_focus_areas(owners: list, relation: str, **others: list) -> list:
    """Each of `owners` (projects, twinnings, opportunities: `relation` is FocusArea's name for
    them) with its `focus_area_list`, in the ASCF's order, read with the links in one query:
    a prefetch built a model and a related manager per owner and value (issue 21). The owners
    of `others` (relation=owners) come in the same query (a UNION: one round trip a page)."""
    groups = {relation: owners, **others}
    reads = [
        FocusArea.objects.filter(**{f"{name}__in": [owner.pk for owner in group]}).annotate(
            owner_id=F(name), relation=Value(name)
        )
        for name, group in groups.items()
        if group
    ]
    owned: dict[tuple[str, int], list[FocusArea]] = {}
    if reads:
        if len(reads) > 1:  # the parts unordered (SQLite), the whole in the ASCF's order
            unordered = [read.order_by() for read in reads]
            links = unordered[0].union(*unordered[1:], all=True)
            reads = [links.order_by(*FocusArea._meta.ordering)]
        for area in reads[0]:
            owned.setdefault((area.relation, area.owner_id), []).append(area)
    for name, group in groups.items():
        for owner in group:
            owner.focus_area_list = owned.get((name, owner.pk), [])
    return owners


def _visible_plans(user, city: City) -> list[ActionPlan]:
    """The city's plans the user may see, one per period, oldest first (the period switcher)."""
    plans = list(
        policy.visible_plans(user)
        .filter(city=city)
        .select_related("period")
        .order_by("period__start_year")
    )
    for plan in plans:
        plan.city = city
    return plans


def _plan_projects(projects: QuerySet) -> list[Project]:
    """The plan's projects with their latest update (shown: `latest_year`, `latest_percent`,
    `latest_status`), and their latest update up to the reporting year (what `mean_progress`
    counts: `counted_percent`, `counted_status`). The updates come in one plain query with the
    reporting year, matched here: five subqueries per project cost more to build than the
    database took to run them, and the year was a round trip of its own (issue 21)."""
    projects = list(projects.select_related("primary_focus_area").order_by("position", "pk"))
    updates = ProgressUpdate.objects.filter(project__in=[_working_id(p) for p in projects])
    updates = updates.annotate(reporting_year=calendar.reporting_year_in_query())
    latest, counted = {}, {}
    for project_id, reporting_year, *update in updates.order_by("year").values_list(
        "project_id", "reporting_year", "year", "percent_complete", "status"
    ):
        latest[project_id] = update  # one update a project and year: the last is the latest
        if update[0] <= reporting_year:
            counted[project_id] = update
    for project in projects:
        project.latest_year, project.latest_percent, project.latest_status = latest.get(
            _working_id(project), (None, None, None)
        )
        _year, project.counted_percent, project.counted_status = counted.get(
            _working_id(project), (None, None, None)
        )
    return projects


def _working_id(project: Project) -> int:
    """The project whose progress updates a row shows (`same_project` in a subquery)."""
    return project.origin_id or project.pk


def _mean_counted_progress(projects: list) -> float | None:
    """`mean_progress` of projects read by `_plan_projects`, from their rows: the city page
    already has them, the aggregate was one query more (issue 21)."""
    counted = [
        project.counted_percent
        for project in projects
        if project.stage != Stage.CANCELLED
        and project.counted_status != UpdateStatus.CANCELLED
        and project.counted_percent is not None
    ]
    return sum(counted) / len(counted) if counted else None


def group_by_focus_area(projects) -> list[FocusAreaGroup]:
    """Projects under their primary focus area (in ASCF order); the others show as tags. The
    projects come with their `focus_area_list` (`_FocusAreas.of_projects`)."""
    groups: dict[int | None, FocusAreaGroup] = {}
    for project in projects:
        areas = project.focus_area_list
        primary = project.primary_focus_area or (areas[0] if areas else None)
        project.other_focus_areas = [area for area in areas if area != primary]
        key = primary.pk if primary else None
        groups.setdefault(key, FocusAreaGroup(primary)).projects.append(project)
    return sorted(
        groups.values(),
        key=lambda g: (g.focus_area is None, g.focus_area.position if g.focus_area else 0),
    )


# --- Countries --------------------------------------------------------------------------------


@dataclass
class CountryProfile:
    country: Country
    cities: list[City]
    national_reps: list[Appointment]
    chair_years: list[int]
    focus_areas: list[FocusArea]
    project_count: int
    progress: float | None


def countries_with_shepherd_terms() -> QuerySet[Country]:
    """Countries with their first election as ASCN Shepherd and their latest renewal (date and
    source each, None when the reference data knows none), in the country's own query."""
    terms = ShepherdTerm.objects.filter(country=OuterRef("pk"))
    elected = terms.filter(kind=ShepherdTerm.Kind.ELECTED).order_by("start_date")
    renewed = terms.filter(kind=ShepherdTerm.Kind.RENEWED).order_by("-start_date")
    return Country.objects.annotate(
        shepherd_elected_on=Subquery(elected.values("start_date")[:1]),
        shepherd_elected_source=Subquery(elected.values("source")[:1]),
        shepherd_renewed_on=Subquery(renewed.values("start_date")[:1]),
        shepherd_renewed_source=Subquery(renewed.values("source")[:1]),
    )


def country_profile(user, country: Country) -> CountryProfile:
    cities = city_rows(user, country=country)
    projects = policy.visible_projects(user).filter(plan__city__country=country)
    return CountryProfile(
        country=country,
        cities=cities,
        national_reps=list(
            Appointment.objects.current()
            .filter(country=country, kind__in=REPRESENTATIVE_KINDS)
            .order_by("kind", "person_name")
        ),
        chair_years=list(country.chair_years.values_list("year", flat=True)),
        focus_areas=list(
            FocusArea.objects.annotate(
                project_count=Count("projects", filter=Q(projects__in=projects))
            ).order_by("position", "code")  # Meta.ordering does not apply to GROUP BY queries
        ),
        project_count=sum(city.project_count for city in cities),
        progress=mean_progress(projects),
    )


# --- Home -------------------------------------------------------------------------------------


def latest_open_opportunities(limit: int = OPEN_OPPORTUNITIES_ON_HOME) -> list[Opportunity]:
    """The latest open opportunities with their `focus_area_list` (`with_focus_areas`).

    The newest are chosen among the opportunities alone, then joined to their cities and
    countries: sorting the join of every open opportunity with its city's and country's rows
    grew with the network (0.96 ms for 210 open ones at ten times the network; issue 21)."""
    order = ("-created_at", "-pk")
    newest = Opportunity.objects.open().order_by(*order).values("pk")[:limit]
    opportunities = Opportunity.objects.filter(pk__in=newest).select_related("city__country")
    return with_focus_areas(list(opportunities.order_by(*order)), "opportunities")


# --- The directory of appointments ------------------------------------------------------------


def directory(user) -> dict:
    """Current appointments (of the user's country for a national representative, else all)
    grouped by country, past terms, and the proposals the user may see, pending first."""
    appointments = Appointment.objects.select_related("country", "city").order_by(
        "country__name", "kind", "city__name", "-start_date"
    )
    if not policy.can_manage_appointments(user):
        appointments = appointments.filter(country_id=user.country_id)
    proposals = policy.visible_appointment_proposals(user).select_related(
        "country", "city", "appointment", "proposed_by", "decided_by"
    )
    rows = list(appointments)
    return {
        "current": [a for a in rows if a.is_current],
        "past": [a for a in rows if not a.is_current],
        "pending": list(proposals.filter(status=AppointmentProposal.Status.PENDING)),
        "decided": list(proposals.exclude(status=AppointmentProposal.Status.PENDING)[:20]),
    }
