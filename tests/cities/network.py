"""Builds a small network of cities with published plans, projects and progress, at any size.

Query-count tests render a page at two sizes and expect the same number of queries.
"""

import datetime
import itertools

from tests import factories as f

FOCUS_AREAS = ["built-infrastructure", "civic-social", "health-well-being"]


def publisher():
    return f.UserFactory(username="asec-publisher", role=f.Role.ASEC)


def publish(plan, *, by=None):
    """Mark a plan published as ASEC would, with the snapshot the public reads."""
    by = by or publisher()
    plan.status = "published"
    plan.save()
    f.publish_as_is(plan, by)
    return plan


def build_network(*, cities: int, projects_per_city: int, countries=("VN", "TH", "MY")):
    """`cities` cities over `countries`, each with a published plan and its projects.

    Every project has two yearly updates; every city a CSCO, a past CSCO and a twinning; every
    country a national representative and a chair year.
    """
    areas = [
        f.FocusAreaFactory(code=code, position=position)
        for position, code in enumerate(FOCUS_AREAS)
    ]
    country_rows = [f.CountryFactory(code=code) for code in countries]
    for year, country in zip(itertools.count(2030), country_rows, strict=False):
        f.AppointmentFactory(kind="national_rep", city=None, country=country)
        country.chair_years.create(year=year)
    by = publisher()
    built = []
    for number in range(cities):
        country = country_rows[number % len(country_rows)]
        city = f.CityFactory(
            slug=f"network-city-{number}",
            country=country,
            latitude=f"{(number % 20) - 5}.5",
            longitude=f"{100 + number % 25}.25",
            is_capital=number < len(country_rows),
            joined_year=2018 if number % 2 == 0 else 2024,
        )
        _fill_city(city, areas, projects_per_city, by)
        built.append(city)
    return built


def _fill_city(city, areas, projects_per_city, by):
    plan = publish(f.ActionPlanFactory(city=city), by=by)
    for number in range(projects_per_city):
        project = f.ProjectFactory(
            plan=plan,
            title=f"{city.name} project {number}",
            focus_areas=[areas[number % len(areas)], areas[(number + 1) % len(areas)]],
        )
        f.ProgressUpdateFactory(project=project, year=2023, percent_complete=20)
        f.ProgressUpdateFactory(project=project, year=2024, percent_complete=40 + number)
    f.AppointmentFactory(city=city, start_date=datetime.date(2021, 1, 1))
    f.AppointmentFactory(
        city=city, start_date=datetime.date(2018, 7, 8), end_date=datetime.date(2020, 12, 31)
    )
    twinning = f.TwinningFactory(city=city, partner=f.PartnerFactory())
    twinning.focus_areas.set(areas[:1])
