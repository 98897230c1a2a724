"""Demo finance of a project: readiness from its stage, upkeep cost, funding sources.

Drawn from a generator of its own, seeded by the project, so that adding finance leaves the rest
of the demo story (progress, statuses, report figures) exactly as it was."""

from __future__ import annotations

import random
from decimal import Decimal

from action_plans.models import FundingSource, OperationPayer, Project, ReadinessStage, Stage

READINESS_OF_STAGE = {
    Stage.PLANNING: [
        ReadinessStage.IDENTIFICATION,
        ReadinessStage.PREPARATION,
        ReadinessStage.FEASIBILITY,
    ],
    Stage.ONGOING: [ReadinessStage.PROCUREMENT, ReadinessStage.IMPLEMENTATION],
    Stage.COMPLETED: [ReadinessStage.COMPLETION],
}
FUNDERS = ("asian-development-bank", "world-bank", "jica", "aiib", "australia-dfat")
PARTNER_INSTRUMENTS = {
    "asian-development-bank": "loan",
    "world-bank": "loan",
    "jica": "grant",
    "aiib": "loan",
    "australia-dfat": "grant",
}
CENTS = Decimal("0.01")


def demo_finance(batch, project: Project, partners_by_slug: dict, history) -> None:
    rng = random.Random(f"finance:{project.plan.city_id}:{project.title}")
    choices = READINESS_OF_STAGE.get(project.stage)
    project.readiness = rng.choice(choices) if choices else ""
    if project.budget_usd is None:
        return
    project.om_cost_usd = (project.budget_usd * Decimal(rng.uniform(0.02, 0.08))).quantize(CENTS)
    project.om_paid_by = rng.choice([OperationPayer.CITY] * 3 + [OperationPayer.USERS])
    confirmed = project.stage != Stage.PLANNING
    _add(
        batch,
        project,
        history,
        share=rng.uniform(0.1, 0.4),
        funder_kind="city",
        instrument="own_budget",
        status="confirmed",
    )
    slug = rng.choice(FUNDERS)
    partner = partners_by_slug.get(slug)
    if partner is not None and rng.random() < 0.6:
        status = "confirmed" if confirmed else rng.choice(["negotiation", "sought"])
        _add(
            batch,
            project,
            history,
            share=rng.uniform(0.2, 0.5),
            funder_kind="partner",
            partner=partner,
            instrument=PARTNER_INSTRUMENTS[slug],
            status=status,
            iati_identifier=f"XX-DEMO-{rng.randint(10000, 99999)}",
            funder_reference=f"DEMO-{rng.randint(1000, 9999)}",
        )


def _add(batch, project, history, *, share: float, **fields) -> None:
    amount = (project.budget_usd * Decimal(share)).quantize(CENTS)
    source = FundingSource(
        project=project, amount=amount, amount_usd=amount, currency="USD", **fields
    )
    batch.add(source, **history)
