"""What the generators read from the reference data, and the network-wide demo rows."""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from action_plans.models import CatalogueIndicator, FocusArea, GesiGroup, StrategicOutcome
from cities.models import AseanChair, City
from demo.projects import RealTitle, classify
from demo.vocabulary import DECISION_FOLLOW_UPS, DECISIONS
from meetings.models import Decision, Meeting
from partners.models import Partner, SupportType, Twinning
from reference.loader import REFERENCE_DIR

SEED = "ascn-demo-2018"  # every random choice of the demo derives from this
DEMO_SOURCE = "demo"
COPY_INFIX = "-copy-"


@dataclass(frozen=True)
class PartnerProfile:
    partner: Partner
    focus_codes: frozenset[str]
    support_codes: frozenset[str]


@dataclass
class Network:
    """Lookups loaded once: framework codes to ids, partners, meetings, real project titles."""

    today: datetime.date
    focus_areas: dict[str, int]
    outcomes: dict[str, int]
    outcome_rows: list[StrategicOutcome]
    gesi: dict[str, int]
    names: dict[str, str]  # focus area, outcome and GESI group names by code
    support: dict[str, int]
    partners: list[PartnerProfile]
    partners_by_slug: dict[str, Partner]
    real_titles: dict[str, list[RealTitle]]
    twinned: set[tuple[str, str]] = field(default_factory=set)
    # The indicator catalogue by name: demo indicators with a catalogue name reference it.
    catalogue: dict[str, CatalogueIndicator] = field(default_factory=dict)

    def partner_support(self, partner: Partner) -> frozenset[str]:
        return next((p.support_codes for p in self.partners if p.partner == partner), frozenset())


def load_network(today: datetime.date) -> Network:
    focus = list(FocusArea.objects.order_by("position", "code"))
    outcomes = list(StrategicOutcome.objects.order_by("position", "code"))
    partners = list(
        Partner.objects.order_by("slug").prefetch_related("focus_areas", "support_offered")
    )
    return Network(
        today=today,
        focus_areas={f.code: f.pk for f in focus},
        outcomes={o.code: o.pk for o in outcomes},
        outcome_rows=outcomes,
        gesi=dict(GesiGroup.objects.values_list("code", "pk")),
        names={
            **{f.code: f.name for f in focus},
            **{o.code: o.name for o in outcomes},
            **dict(GesiGroup.objects.values_list("code", "name")),
        },
        support=dict(SupportType.objects.values_list("code", "pk")),
        partners=[_profile(p) for p in partners],
        partners_by_slug={p.slug: p for p in partners},
        real_titles=real_titles(),
        twinned=set(Twinning.objects.values_list("city__slug", "counterpart_city")),
        catalogue={c.name: c for c in CatalogueIndicator.objects.all()},
    )


def _profile(partner: Partner) -> PartnerProfile:
    return PartnerProfile(
        partner,
        frozenset(f.code for f in partner.focus_areas.all()),
        frozenset(s.code for s in partner.support_offered.all()),
    )


def real_titles() -> dict[str, list[RealTitle]]:
    """Real project titles per city: the pilots' two 2018 priority projects (S4); for later
    members, the first two of their projects in the M&E report 2025 (S10)."""
    titles: dict[str, list[RealTitle]] = {}
    with open(REFERENCE_DIR / "priority_projects_2018.csv", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            titles[row["city"]] = [
                RealTitle(row["priority_project_1"], "S4"),
                RealTitle(row["priority_project_2"], "S4"),
            ]
    with open(REFERENCE_DIR / "projects_2025.csv", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            later = titles.setdefault(row["city"], [])
            if all(t.source == "S10" for t in later) and len(later) < 2:
                later.append(RealTitle(row["title"], "S10"))
    return titles


# --- Partner preferences ---------------------------------------------------------------------

SUPPORT_BY_KIND = {
    Partner.Kind.DEVELOPMENT_BANK: ("funding", "technical-assistance"),
    Partner.Kind.GOVERNMENT: ("funding", "capacity-building", "twinning"),
    Partner.Kind.INTERNATIONAL_ORG: ("technical-assistance", "capacity-building"),
    Partner.Kind.PRIVATE: ("solutions", "technical-assistance"),
    Partner.Kind.ACADEMIC: ("capacity-building", "technical-assistance"),
    Partner.Kind.NGO: ("capacity-building",),
    Partner.Kind.CITY_NETWORK: ("twinning", "capacity-building"),
}


def partner_preferences_fill(network: Network) -> None:
    """Give partners that state none a plausible set of focus areas and support, so that
    matchmaking has something to rank. Partners that have preferences keep them."""
    focus_through = Partner.focus_areas.through
    support_through = Partner.support_offered.through
    focus_rows, support_rows, profiles = [], [], []
    for profile in network.partners:
        partner, rng = profile.partner, random.Random(f"{SEED}:partner:{profile.partner.slug}")
        focus, support = set(profile.focus_codes), set(profile.support_codes)
        if not focus:
            focus = {classify(partner.summary)} | set(rng.sample(sorted(network.focus_areas), 2))
            focus_rows += [
                focus_through(partner_id=partner.pk, focusarea_id=network.focus_areas[c])
                for c in sorted(focus)
            ]
        if not support:
            support = {c for c in SUPPORT_BY_KIND.get(partner.kind, ()) if c in network.support}
            support_rows += [
                support_through(partner_id=partner.pk, supporttype_id=network.support[c])
                for c in sorted(support)
            ]
        profiles.append(PartnerProfile(partner, frozenset(focus), frozenset(support)))
    focus_through.objects.bulk_create(focus_rows)
    support_through.objects.bulk_create(support_rows)
    network.partners = profiles


# --- Copies of the network for benchmarks ----------------------------------------------------


def city_copies_create(cities: list[City], scale: int) -> list[City]:
    """N−1 synthetic copies of every member city: same country, jittered coordinates."""
    copies = []
    for city in cities:
        rng = random.Random(f"{SEED}:copy:{city.slug}")
        for number in range(2, scale + 1):
            copies.append(
                City(
                    slug=f"{city.slug}{COPY_INFIX}{number}",
                    name=f"{city.name} (copy {number})",
                    local_name=f"{city.local_name} ({number})",
                    country=city.country,
                    latitude=_jitter(rng, city.latitude, 90),
                    longitude=_jitter(rng, city.longitude, 180),
                    population=city.population,
                    joined_year=city.joined_year,
                    profile=f"A synthetic copy of {city.name} for benchmarks.",
                    source=DEMO_SOURCE,
                )
            )
    return City.objects.bulk_create(copies)


def _jitter(rng, value: Decimal, limit: int) -> Decimal:
    moved = float(value) + rng.uniform(-0.3, 0.3)
    return Decimal(f"{max(-limit, min(limit, moved)):.5f}")


def original_slug(city: City) -> str:
    return city.slug.split(COPY_INFIX)[0] if city.source == DEMO_SOURCE else city.slug


def original_name(city: City) -> str:
    return city.name.split(" (copy ")[0] if city.source == DEMO_SOURCE else city.name


# --- Decisions of the real annual meetings ---------------------------------------------------

NEXT_CHAIR = "next-chair"  # the country that chairs ASEAN, and hosts the meeting, next year
DECISION_STATUSES = {
    "past": {"done": 75, "in_progress": 15, "dropped": 10},
    "last-year": {"done": 50, "in_progress": 35, "open": 15},
    "latest": {"in_progress": 40, "open": 60},
}


def add_decisions(batch, *, cities, countries, project_titles: dict[int, list[str]]) -> None:
    """Three to five decisions per annual meeting, owned by ASEC, a country or a city."""
    held = Meeting.objects.filter(kind=Meeting.Kind.ANNUAL, start_date__isnull=False)
    meetings = list(held.order_by("start_date"))  # an announced meeting has no decisions yet
    chairs = {c.year: c.country for c in AseanChair.objects.select_related("country")}
    rng = random.Random(f"{SEED}:decisions")
    for meeting in meetings:
        age = _age(meeting, meetings)
        next_chair = chairs.get(meeting.start_date.year + 1)
        for text, owner in rng.sample(DECISIONS, rng.randint(3, 5)):
            if owner == NEXT_CHAIR and not next_chair:
                continue
            weights = DECISION_STATUSES[age]
            status = rng.choices(list(weights), weights=list(weights.values()))[0]
            decision = Decision(
                meeting=meeting,
                due_date=meeting.start_date + datetime.timedelta(days=rng.randint(90, 300)),
                status=status,
                follow_up=DECISION_FOLLOW_UPS[status],
            )
            if owner == NEXT_CHAIR:
                decision.owner_country, decision.text = next_chair, text.format(country=next_chair)
            else:
                members = _members_in(meeting.start_date.year, cities, countries)
                _assign_owner(rng, decision, text, owner, *members, project_titles)
            batch.add(decision)


def _members_in(year: int, cities, countries) -> tuple[list, list]:
    return (
        [c for c in cities if c.joined_year <= year],
        [c for c in countries if c.asean_member_since <= year],
    )


def _age(meeting, meetings) -> str:
    if meeting == meetings[-1]:
        return "latest"
    return "last-year" if meeting == meetings[-2] else "past"


def _assign_owner(rng, decision, text, owner, cities, countries, project_titles) -> None:
    if owner == "asec":
        decision.owner_is_asec, decision.text = True, text
    elif owner == "country":
        country = rng.choice(countries)
        decision.owner_country, decision.text = country, text.format(country=country.name)
    else:
        city = rng.choice([c for c in cities if project_titles.get(c.pk)])
        project = rng.choice(project_titles[city.pk])
        decision.owner_city, decision.text = city, text.format(city=city.name, project=project)
