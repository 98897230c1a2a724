"""Load and remove the demo content: `demo_seed()` and `demo_remove()`.

Idempotent by design: while demo content is loaded (a `DemoContent` row exists), seeding the
same scale again changes nothing; `replace=True` removes the demo content and loads it anew
(e.g. at another scale). Demo content goes only into a portal that holds reference data and no
action plans, so it never mixes with real plans; while it is loaded, every plan, project,
opportunity, decision and appointment in the portal is demo content, and `demo_remove()` deletes
exactly those, the demo twinnings and the synthetic city copies. Demo accounts are kept and
reset on the next seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import demo_device_ensure
from action_plans.models import (
    ActionPlan,
    CycleStatus,
    Evidence,
    FundingSource,
    Indicator,
    IndicatorValue,
    Milestone,
    PlanPublication,
    PlanTransition,
    ProgressUpdate,
    Project,
    ReportingCycle,
)
from action_plans.selectors import plan_snapshot
from action_plans.services.cycles import cycles_derive, submissions_ensure
from action_plans.services.publication import publications_materialize
from cities.models import Appointment, City, Country
from demo.batch import Batch, keeping_given_dates
from demo.learning import add_case_studies_and_connections
from demo.marketplace import add_opportunities, add_twinning
from demo.models import DemoContent
from demo.network import (
    DEMO_SOURCE,
    SEED,
    add_decisions,
    city_copies_create,
    load_network,
    original_name,
    original_slug,
    partner_preferences_fill,
)
from demo.people import (
    Accounts,
    NameDeck,
    city_appointments,
    country_appointments,
    demo_accounts_upsert,
)
from demo.period import OPEN_CYCLE, PLAN_PERIOD_END, PLAN_PERIOD_START
from demo.plans import Actors, add_plan, choose_story, plan_texts
from demo.projects import CityFrame, add_projects, city_focus_codes
from learning.models import CaseStudy, CaseStudyFile, Connection
from meetings.models import Decision
from partners.models import Interest, Opportunity, Partnership, Twinning

MISSING_LATEST_SHARE = 0.15  # cities that have not filed the latest year's updates yet
ALWAYS_REPORTING = {"da-nang"}


class DemoError(Exception):
    """The demo content cannot be loaded into this database as it is."""


@dataclass
class CityRecord:
    plan: object
    publications: list
    projects: list


def demo_seed(*, scale: int = 1, replace: bool = False) -> dict[str, int] | None:
    """Load the demo content; returns row counts, or None when it was already loaded."""
    with transaction.atomic():
        marker = DemoContent.objects.first()
        if marker and not replace:
            if marker.scale == scale:
                return None
            raise DemoError(
                f"Demo content is loaded at scale {marker.scale}; "
                f"use --replace to load it at scale {scale} instead."
            )
        if marker:
            demo_remove()
        _check_empty()
        counts = _seed(scale)
        DemoContent.objects.create(scale=scale)
        return counts


def _check_empty() -> None:
    if not City.objects.exists():
        raise DemoError("There are no cities: load the reference data first.")
    if ActionPlan.objects.exists():
        raise DemoError(
            "This portal already holds action plans that are not demo content; "
            "demo content is only loaded into a portal without plans."
        )


def _seed(scale: int) -> dict[str, int]:
    network = load_network(timezone.localdate())
    partner_preferences_fill(network)
    base = list(City.objects.exclude(source=DEMO_SOURCE).select_related("country").order_by("slug"))
    cities = base + city_copies_create(base, scale)
    countries = list(Country.objects.order_by("code"))
    batch = Batch()
    accounts = _people(batch, base, cities, countries)
    records = {city.pk: _city(batch, network, city, accounts) for city in cities}
    titles = {pk: [p.project.title for p in r.projects] for pk, r in records.items()}
    add_decisions(batch, cities=base, countries=countries, project_titles=titles)
    _write(batch, records.values())
    learnt = add_case_studies_and_connections(accounts)
    return {
        "cities": len(cities),
        "plans": batch.count(ActionPlan),
        "projects": batch.count(Project),
        "progress updates": batch.count(ProgressUpdate),
        "indicator values": batch.count(IndicatorValue),
        "opportunities": batch.count(Opportunity),
        "demo accounts": accounts.count(),
        **learnt,
    }


def _people(batch, base, cities, countries) -> Accounts:
    deck = NameDeck(random.Random(f"{SEED}:people"))
    appointed = []
    for country in countries:
        appointed += country_appointments(country, deck, random.Random(f"{SEED}:{country.code}"))
    for city in cities:
        appointed += city_appointments(city, deck, random.Random(f"{SEED}:csco:{city.slug}"))
    accounts = demo_accounts_upsert(
        appointed=appointed, cities=base, deck=NameDeck(random.Random(f"{SEED}:accounts"))
    )
    for user in (accounts.admin, accounts.asec):
        demo_device_ensure(user=user)  # the README's demo authenticator key; DEBUG only
    for row in appointed:
        batch.add(row.appointment)
    return accounts


def _city(batch, network, city: City, accounts: Accounts) -> CityRecord:
    """A city's plan and everything under it. A copy tells its original's story (the same
    draws), so that scale N holds exactly N times the content of scale 1."""
    slug = original_slug(city)
    rng = random.Random(f"{SEED}:city:{slug}")
    real = network.real_titles.get(slug, [])
    focus_codes = city_focus_codes(rng, real)
    csco = accounts.csco[city.pk]
    actors = Actors(csco, accounts.national_rep[city.country_id], accounts.asec)
    plan = add_plan(
        batch,
        rng=rng,
        city=city,
        story=choose_story(rng, slug, city.joined_year),
        texts=plan_texts(rng, original_name(city), focus_codes, network.outcome_rows),
        actors=actors,
    )
    official = accounts.officials.get(city.pk)
    frame = CityFrame(
        rng=rng,
        city=city,
        name=original_name(city),
        focus_codes=focus_codes,
        report_dates=_report_dates(rng, slug, city.joined_year),
        reporters=[csco, official] if official else [csco],
        network=network,
        created_at=plan.created_at,
    )
    projects = add_projects(batch, frame, plan.plan, real)
    add_opportunities(batch, frame, projects, accounts)
    add_twinning(batch, frame)
    return CityRecord(plan.plan, plan.publications, projects)


def _report_dates(rng, slug: str, joined_year: int) -> dict[int, datetime.datetime]:
    """When the city filed each year's progress updates (all projects on one day)."""
    last = PLAN_PERIOD_END
    if slug not in ALWAYS_REPORTING and rng.random() < MISSING_LATEST_SHARE:
        last -= 1
    dates = {}
    for year in range(max(PLAN_PERIOD_START, joined_year), last + 1):
        day = datetime.date(year, 11, 1) + datetime.timedelta(days=rng.randint(0, 49))
        time = datetime.time(rng.randint(1, 9), rng.randint(0, 59))
        dates[year] = datetime.datetime.combine(day, time, tzinfo=datetime.UTC)
    return dates


def _write(batch: Batch, records) -> None:
    dated = [
        ActionPlan._meta.get_field("updated_at"),
        Project._meta.get_field("updated_at"),
        PlanTransition._meta.get_field("created_at"),
        PlanPublication._meta.get_field("published_at"),
        ProgressUpdate._meta.get_field("submitted_at"),
        Opportunity._meta.get_field("created_at"),
        Interest._meta.get_field("created_at"),
        Partnership._meta.get_field("created_at"),
    ]
    with keeping_given_dates(*dated):
        batch.write(
            Appointment,
            ActionPlan,
            PlanTransition,
            Project,
            FundingSource,
            Milestone,
            Indicator,
            IndicatorValue,
            ProgressUpdate,
        )
        for record in records:
            for publication in record.publications:
                publication.snapshot = plan_snapshot(record.plan, revision=publication.revision)
        batch.write(PlanPublication)
        publications_materialize(
            record.publications[-1] for record in records if record.publications
        )
        _cycles()
        batch.write(
            Opportunity,
            Interest,
            Partnership,
            Twinning,
            Decision,
        )


def _cycles() -> None:
    """The closed years of the demo's period as closed cycles whose submissions follow from the
    updates written, and the year the cities report in now, open."""
    cycles_derive(years=range(PLAN_PERIOD_START, PLAN_PERIOD_END + 1))
    cycle, _created = ReportingCycle.objects.get_or_create(
        year=OPEN_CYCLE["year"], defaults={**OPEN_CYCLE, "status": CycleStatus.OPEN}
    )
    submissions_ensure(cycle=cycle)


# --- Removal -----------------------------------------------------------------------------------

HISTORY_MODELS = (
    ActionPlan,
    Project,
    FundingSource,
    Milestone,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
)


def demo_remove() -> None:
    """Delete the loaded demo content (see the module docstring for what that is)."""
    with transaction.atomic():
        # Connections name cities (the synthetic copies among them); case studies their files.
        Connection.objects.all().delete()
        for file in CaseStudyFile.objects.all():
            file.file.delete(save=False)
        CaseStudy.objects.all().delete()
        for model in (Partnership, Interest, Opportunity):
            model.objects.all().delete()
        ReportingCycle.objects.all().delete()
        _plans_delete()
        Decision.objects.all().delete()
        Appointment.objects.all().delete()
        Twinning.objects.filter(source=DEMO_SOURCE).delete()
        copies = City.objects.filter(source=DEMO_SOURCE)
        User.objects.filter(city__in=copies).delete()
        copies.delete()
        DemoContent.objects.all().delete()


def _plans_delete() -> None:
    for evidence in Evidence.objects.all():
        evidence.file.delete(save=False)
    # Their history goes too; recording each deletion first would only be thrown away.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Evidence.objects.all().delete()
        ProgressUpdate.objects.all().delete()
        Project.objects.all().delete()
        for model in (PlanPublication, PlanTransition, ActionPlan):
            model.objects.all().delete()
        for model in HISTORY_MODELS:
            history = model.history.model
            for field in getattr(history, "_history_m2m_fields", ()):
                getattr(history, field.name).model.objects.all().delete()
            history.objects.all().delete()
