"""10. City annexes: one member city's plan, projects and indicators against targets.

Each annex is computed (`city_annex`) and laid out by a task of its own, so the report job
spreads the cities over the workers; `annex_city_ids` says which cities have one, in annex order.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import translation

from action_plans.models import Indicator, IndicatorValue, PlanStatus
from cities.models import Appointment, City
from reports import selectors
from reports.annual.sections import (
    AnnexIndexEntry,
    CityAnnexContent,
    IndicatorAgainstTarget,
    number,
)
from reports.annual.stories import highlight_stories
from reports.selectors import Scope


# In the report's language whatever language the request that queued it used (a job run eagerly
# inside that request would inherit it): the same data gives the same content and hash.
def city_annex(
    city_id: int, year: int, *, publications: tuple[int, ...] | None = None, language: str = "en"
) -> CityAnnexContent:
    with translation.override(language):
        return _city_annex(city_id, year, publications, language)


def _city_annex(city_id, year, publications, language) -> CityAnnexContent:
    city = City.objects.select_related("country").get(pk=city_id)
    scope = Scope(year=year, city=city.slug, published_only=True, publications=publications)
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
    csco = Appointment.objects.current().filter(kind="csco", city=city).first()
    progress = selectors.network_progress(scope)
    published = selectors.scope_projects_base(scope).filter(plan__city=city).exists()
    return {
        "slug": city.slug,
        "name": city.name,
        "local_name": city.local_name,
        "country": city.country.name,
        "csco": csco.person_name if csco else None,
        "plan_status": PlanStatus.PUBLISHED if published else None,
        "progress": number(progress),
        "story": highlight_stories(scope, language, city=city.slug).get(city.slug),
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
            for p in projects
        ],
    }


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
