"""10. City annexes: one member city's plan, projects and indicators against targets.

The annexes are computed (`city_annexes`) and laid out in batches of cities, a task each, so the
report job spreads the cities over the workers; `annex_city_ids` says which cities have one, in
annex order.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Prefetch, Q
from django.utils import translation

from action_plans.models import Indicator, IndicatorValue, PlanStatus, Stage, UpdateStatus
from cities.models import Appointment, City
from reports import selectors
from reports.annual.sections import (
    AnnexIndexEntry,
    CityAnnexContent,
    IndicatorAgainstTarget,
    number,
)
from reports.annual.stories import highlight_stories
from reports.selectors import Scope, round_percent


# In the report's language whatever language the request that queued it used (a job run eagerly
# inside that request would inherit it): the same data gives the same content and hash.
def city_annex(
    city_id: int, year: int, *, publications: tuple[int, ...] | None = None, language: str = "en"
) -> CityAnnexContent:
    return city_annexes([city_id], year, publications=publications, language=language)[city_id]


def city_annexes(
    city_ids: list[int],
    year: int,
    *,
    publications: tuple[int, ...] | None = None,
    language: str = "en",
) -> dict[int, CityAnnexContent]:
    """{city id: annex} of several cities in the same dozen queries whatever their number (one
    city's alone took 9: a task lays out a batch of annexes, bench/README.md)."""
    with translation.override(language):
        return _city_annexes(city_ids, year, publications, language)


def _city_annexes(city_ids, year, publications, language) -> dict[int, CityAnnexContent]:
    cities = City.objects.select_related("country").in_bulk(city_ids)
    slugs = tuple(sorted(city.slug for city in cities.values()))
    scope = Scope(year=year, cities=slugs, published_only=True, publications=publications)
    values = IndicatorValue.objects.filter(year__lte=year).order_by("-year")
    projects = (
        selectors.scoped_projects(scope)
        .select_related("plan")
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("name").prefetch_related(
                    Prefetch("values", queryset=values)
                ),
            ),
        )
        .order_by("position", "title")
    )
    by_city: dict[int, list] = {city_id: [] for city_id in cities}
    for project in projects:
        by_city[project.plan.city_id].append(project)
    cscos: dict[int, str] = {}
    current = Appointment.objects.current().filter(kind="csco", city__in=list(cities))
    for city_id, person in current.order_by("-start_date", "pk").values_list(
        "city_id", "person_name"
    ):
        cscos.setdefault(city_id, person)
    published = set(
        selectors.scope_projects_base(scope)
        .filter(plan__city__in=list(cities))
        .values_list("plan__city_id", flat=True)
        .distinct()
    )
    progress = _progress_by_city(scope)
    stories = highlight_stories(scope, language, cities=slugs)
    return {
        city_id: {
            "slug": city.slug,
            "name": city.name,
            "local_name": city.local_name,
            "country": city.country.name,
            "csco": cscos.get(city_id),
            "plan_status": PlanStatus.PUBLISHED if city_id in published else None,
            "progress": number(progress.get(city_id)),
            "story": stories.get(city.slug),
            "projects": [
                {
                    "title": p.title,
                    "focus_areas": [a.name for a in p.focus_areas.all()],
                    "stage": p.stage,
                    "percent_complete": p.latest_percent,
                    "status": p.latest_status,
                    "budget_usd": number(p.budget_usd),
                    "indicators": [_against_target(i) for i in p.indicators.all()],
                }
                for p in by_city[city_id]
            ],
        }
        for city_id, city in cities.items()
    }


def _progress_by_city(scope: Scope) -> dict[int, Decimal | None]:
    """{city id: progress} of the scope's cities, each as selectors.network_progress gives it for
    that city alone (the same average, grouped by city: one query)."""
    rows = (
        selectors.scoped_projects(scope)
        .exclude(stage=Stage.CANCELLED)
        .order_by()
        .values("plan__city_id")
        .annotate(progress=Avg("latest_percent", filter=~Q(latest_status=UpdateStatus.CANCELLED)))
    )
    return {row["plan__city_id"]: round_percent(row["progress"]) for row in rows}


def _against_target(indicator: Indicator) -> IndicatorAgainstTarget:
    # Values come newest first (the prefetch in city_annex), none after the report's year.
    latest = next(iter(indicator.values.all()), None)
    achieved = None
    if latest and indicator.target_value is not None and indicator.baseline_value is not None:
        span = indicator.target_value - indicator.baseline_value
        if span:
            achieved = number((latest.value - indicator.baseline_value) * 100 / span)
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": number(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target": number(indicator.target_value),
        "target_year": indicator.target_year,
        "latest": number(latest.value) if latest else None,
        "latest_year": latest.year if latest else None,
        "achieved_percent": achieved,
    }


def _annex_cities(year: int):
    """The cities with an annex: the members of that year, by country, then city. The order is
    the countries' English names' in every language, so that the annexes laid out by their own
    tasks and the index of them (laid out in the report's language) always agree."""
    return City.objects.filter(joined_year__lte=year).order_by("country__name_en", "name")


def annex_city_ids(year: int) -> list[int]:
    return list(_annex_cities(year).values_list("pk", flat=True))


def annex_index(year: int, language: str = "en") -> list[AnnexIndexEntry]:
    """The city annexes' names and countries (in `language`), in annex order (the PDF's list of
    annexes)."""
    with translation.override(language):
        cities = _annex_cities(year).values_list("name", "country__name")
        return [{"name": name, "country": country} for name, country in cities]
