"""Opportunities cities post for their projects, partners' interests, partnerships, twinnings."""

from __future__ import annotations

import datetime

from demo.people import ADB_SLUG
from demo.period import PLAN_PERIOD_END
from demo.vocabulary import (
    INTEREST_MESSAGES,
    TWINNING_COUNTERPARTS,
    TWINNING_DESCRIPTIONS,
)
from partners.models import Interest, Opportunity, Partnership, Twinning

OPPORTUNITY_TITLES = {
    "funding": "Co-financing for {title}",
    "technical-assistance": "Technical assistance for {title}",
    "capacity-building": "Training partner for {title}",
    "solutions": "Solution providers for {title}",
    "twinning": "Twinning partner for {title}",
}
LAST_DECIDED = datetime.date(2025, 6, 30)  # matched and closed opportunities opened before
OPPORTUNITY_STATUSES = {
    Opportunity.Status.OPEN: 55,
    Opportunity.Status.MATCHED: 30,
    Opportunity.Status.CLOSED: 15,
}


def add_opportunities(batch, frame, records, accounts) -> None:
    for record in records:
        if record.needs and frame.rng.random() < 0.7:
            _opportunity(batch, frame, record, accounts)


def _opportunity(batch, frame, record, accounts) -> None:
    rng, network, project = frame.rng, frame.network, record.project
    status = rng.choices(list(OPPORTUNITY_STATUSES), weights=list(OPPORTUNITY_STATUSES.values()))[0]
    created, closing = _opportunity_dates(rng, network.today, status, project.start_year)
    opportunity = Opportunity(
        city=frame.city,
        project=project,
        title=OPPORTUNITY_TITLES[record.needs[0]].format(title=project.title)[:200],
        description=f"{project.summary} {project.partnership_needs}".strip(),
        status=status,
        closing_date=closing,
        created_by=frame.reporters[0],
        created_at=created,
    )
    batch.add(opportunity)
    batch.link(
        opportunity, "focus_areas", [network.focus_areas[c] for c in record.codes["focus_areas"]]
    )
    batch.link(opportunity, "support_sought", [network.support[c] for c in record.needs])
    _interests(batch, frame, opportunity, record, accounts)


def _opportunity_dates(rng, today, status, start_year):
    """Open ones close in the coming months (relative to today, so they stay open)."""
    if status == Opportunity.Status.OPEN:
        created = today - datetime.timedelta(days=rng.randint(10, 120))
        return _noon(created), today + datetime.timedelta(days=rng.randint(20, 150))
    first = datetime.date(min(max(start_year, 2020), 2024), 1, 1)
    created = first + datetime.timedelta(days=rng.randint(0, (LAST_DECIDED - first).days))
    return _noon(created), created + datetime.timedelta(days=rng.randint(60, 120))


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(5, 0), tzinfo=datetime.UTC)


def _interests(batch, frame, opportunity, record, accounts) -> None:
    rng = frame.rng
    plans = {
        Opportunity.Status.OPEN: [Interest.Status.PENDING] * rng.randint(0, 2)
        + [Interest.Status.DECLINED] * (rng.random() < 0.3),
        Opportunity.Status.MATCHED: [Interest.Status.ACCEPTED]
        + [Interest.Status.DECLINED] * (rng.random() < 0.5),
        Opportunity.Status.CLOSED: [Interest.Status.DECLINED, Interest.Status.WITHDRAWN][
            : rng.randint(0, 2)
        ],
    }[opportunity.status]
    partners = _fitting_partners(frame, record, len(plans))
    for status, partner in zip(plans, partners, strict=False):
        interest = _interest(frame, opportunity, partner, status, accounts)
        batch.add(interest)
        if status == Interest.Status.ACCEPTED:
            _partnership(batch, frame, record, interest)


def _fitting_partners(frame, record, count: int) -> list:
    """Partners likelier to show interest the more their focus and support fit the need."""
    rng, candidates = frame.rng, list(frame.network.partners)
    weights = [
        1
        + 2 * len(set(record.codes["focus_areas"]) & p.focus_codes)
        + 2 * len(set(record.needs) & p.support_codes)
        + 10 * (p.partner.slug == ADB_SLUG)  # the demo partner account sees something
        for p in candidates
    ]
    chosen = []
    while candidates and len(chosen) < count:
        index = rng.choices(range(len(candidates)), weights=weights)[0]
        chosen.append(candidates.pop(index).partner)
        weights.pop(index)
    return chosen


def _interest(frame, opportunity, partner, status, accounts) -> Interest:
    rng = frame.rng
    latest = min(frame.network.today, opportunity.closing_date)
    span = max(1, (latest - opportunity.created_at.date()).days)
    created = opportunity.created_at + datetime.timedelta(days=rng.randint(1, span))
    interest = Interest(
        opportunity=opportunity,
        partner=partner,
        message=rng.choice(INTEREST_MESSAGES),
        status=status,
        created_by=accounts.partners.get(partner.pk),
        created_at=created,
    )
    if status in (Interest.Status.ACCEPTED, Interest.Status.DECLINED):
        decided = created + datetime.timedelta(days=rng.randint(3, 30))
        interest.decided_at = min(decided, _noon(frame.network.today))
        interest.decided_by = frame.reporters[0]
    return interest


def _partnership(batch, frame, record, interest) -> None:
    network = frame.network
    support = [c for c in record.needs if c in network.partner_support(interest.partner)]
    support = support or record.needs
    partnership = Partnership(
        project=record.project,
        partner=interest.partner,
        interest=interest,
        description=f"{interest.partner.name} supports {record.project.title}.",
        start_year=interest.decided_at.year,
        created_at=interest.decided_at,
    )
    batch.add(partnership)
    batch.link(partnership, "support", [network.support[c] for c in support])


def add_twinning(batch, frame) -> None:
    """About one city in eight has a demo twinning, proposed or active, beyond the real ones."""
    rng, network = frame.rng, frame.network
    if rng.random() >= 0.12:
        return
    counterpart, country, partner_slug = rng.choice(TWINNING_COUNTERPARTS)
    if (frame.city.slug, counterpart) in network.twinned:
        return
    focus = rng.sample(frame.focus_codes, min(2, len(frame.focus_codes)))
    status = rng.choice([Twinning.Status.PROPOSED, Twinning.Status.ACTIVE, Twinning.Status.ACTIVE])
    twinning = Twinning(
        city=frame.city,
        counterpart_city=counterpart,
        counterpart_country=country,
        partner=network.partners_by_slug.get(partner_slug),
        start_year=rng.randint(max(2021, frame.city.joined_year), PLAN_PERIOD_END),
        status=status,
        description=rng.choice(TWINNING_DESCRIPTIONS).format(focus=network.names[focus[0]].lower()),
        source="demo",
    )
    batch.add(twinning)
    batch.link(twinning, "focus_areas", [network.focus_areas[c] for c in focus])
