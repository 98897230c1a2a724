"""A city's action plan: vision, strategic targets, and its way through the workflow."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from action_plans.models import (
    ActionPlan,
    PlanPeriod,
    PlanPublication,
    PlanStatus,
    PlanTransition,
)
from demo.period import DEMO_PERIOD, PLAN_PERIOD_END, PLAN_PERIOD_START
from demo.vocabulary import (
    FOCUS_ADJECTIVES,
    FOCUS_ASPIRATIONS,
    RETURN_COMMENTS,
    STRATEGIC_TARGETS,
    VISION_CLOSINGS,
    VISION_OPENINGS,
)

SUBMIT, ENDORSE, PUBLISH = "submit", "endorse", "publish"
RETURN_BY_REP, RETURN_BY_ASEC = "return-rep", "return-asec"
FULL_CYCLE = (SUBMIT, ENDORSE, PUBLISH)

# Each story: the workflow cycles the plan went through (one per revision) and whether a new
# revision is open as a draft after the last one.
STORIES: dict[str, tuple[tuple[tuple[str, ...], ...], bool]] = {
    "draft": ((), False),
    "returned": (((SUBMIT, RETURN_BY_REP),), False),
    "submitted": (((SUBMIT,),), False),
    "endorsed": (((SUBMIT, ENDORSE),), False),
    "published": ((FULL_CYCLE,), False),
    "published-after-return": (((SUBMIT, RETURN_BY_REP, *FULL_CYCLE),), False),
    "published-after-asec-return": (((SUBMIT, ENDORSE, RETURN_BY_ASEC, *FULL_CYCLE),), False),
    "revised": ((FULL_CYCLE, FULL_CYCLE), False),
    "revising": ((FULL_CYCLE,), True),
    "revision-submitted": ((FULL_CYCLE, (SUBMIT,)), False),
    "revision-endorsed": ((FULL_CYCLE, (SUBMIT, ENDORSE)), False),
}
PILOT_STORIES = {
    "published": 34,
    "published-after-return": 8,
    "published-after-asec-return": 4,
    "revised": 22,
    "revising": 14,
    "revision-submitted": 10,
    "revision-endorsed": 8,
}
NEW_MEMBER_STORIES = {
    "published": 30,
    "published-after-return": 10,
    "endorsed": 15,
    "submitted": 15,
    "returned": 10,
    "draft": 20,
}
FUTURE_MEMBER_STORIES = {"draft": 1, "submitted": 1}
# The demo accounts find something to do: Da Nang's CSCO can submit a revision, Viet Nam's and
# Thailand's representatives have plans to endorse, ASEC has one to publish.
FIXED_STORIES = {
    "da-nang": "revising",
    "ha-noi": "revision-submitted",
    "ho-chi-minh-city": "published",
    "bangkok": "published",
    "chiang-mai": "submitted",
    "khon-kaen": "endorsed",
}

_MOVES = {
    SUBMIT: (PlanTransition.Action.SUBMIT, PlanStatus.SUBMITTED),
    ENDORSE: (PlanTransition.Action.ENDORSE, PlanStatus.ENDORSED),
    PUBLISH: (PlanTransition.Action.PUBLISH, PlanStatus.PUBLISHED),
    RETURN_BY_REP: (PlanTransition.Action.RETURN, PlanStatus.DRAFT),
    RETURN_BY_ASEC: (PlanTransition.Action.RETURN, PlanStatus.DRAFT),
}


@dataclass
class Actors:
    csco: object
    national_rep: object
    asec: object

    def of(self, step: str):
        if step == SUBMIT:
            return self.csco
        if step in (ENDORSE, RETURN_BY_REP):
            return self.national_rep
        return self.asec


def plan_texts(rng: random.Random, city_name: str, focus_codes: list[str], outcomes) -> dict:
    """Vision and strategic targets from templates, for the city's main focus areas."""
    adjectives = [rng.choice(FOCUS_ADJECTIVES[code]) for code in focus_codes[:3]]
    joined = ", ".join(adjectives[:-1]) + f" and {adjectives[-1]}" if len(adjectives) > 1 else ""
    vision = rng.choice(VISION_OPENINGS).format(
        city=city_name,
        adjectives=joined or adjectives[0],
        aspiration=FOCUS_ASPIRATIONS[focus_codes[0]],
    )
    closing = rng.choice(VISION_CLOSINGS).format(city=city_name)
    return {"vision": f"{vision} {closing}", "strategic_targets": _targets(rng, outcomes)}


def _targets(rng: random.Random, outcomes) -> str:
    blocks = []
    for outcome in outcomes:
        lines = rng.sample(STRATEGIC_TARGETS[outcome.code], 2)
        numbers = {"a": rng.randint(10, 35), "b": rng.randint(20, 90), "c": rng.randint(60, 95)}
        blocks.append("\n".join([outcome.name, *(f"- {t.format(**numbers)}" for t in lines)]))
    return "\n\n".join(blocks)


def choose_story(rng: random.Random, slug: str, joined_year: int) -> str:
    weights = (
        PILOT_STORIES
        if joined_year <= PLAN_PERIOD_START + 2
        else NEW_MEMBER_STORIES
        if joined_year <= PLAN_PERIOD_END
        else FUTURE_MEMBER_STORIES
    )
    story = rng.choices(list(weights), weights=list(weights.values()))[0]
    return FIXED_STORIES.get(slug, story)


@dataclass
class PlanRecord:
    """What the other generators need to know about a generated plan."""

    plan: ActionPlan
    created_at: datetime.datetime
    publications: list[PlanPublication]


def add_plan(batch, *, rng, city, story: str, texts: dict, actors: Actors) -> PlanRecord:
    cycles, open_revision = STORIES[story]
    created_at = _at(rng, _drafted_on(rng, city.joined_year))
    plan = ActionPlan(city=city, period=PlanPeriod.objects.get(code=DEMO_PERIOD), **texts)
    walk = _Walk(plan, actors, rng)
    for index, cycle in enumerate(cycles):
        final = index == len(cycles) - 1 and cycle[-1] != PUBLISH
        walk.cycle(cycle, max(created_at, _at(rng, _cycle_start(rng, index, final, created_at))))
    last = walk.transitions[-1].created_at if walk.transitions else created_at
    plan.status, plan.revision = walk.status, walk.revision
    if open_revision:  # edited after publication: a new revision, a draft again
        plan.status, plan.revision = PlanStatus.DRAFT, walk.revision + 1
        last += datetime.timedelta(days=30)
    plan.version = 1 + len(walk.transitions) + int(open_revision)
    plan.updated_at = last
    batch.add(plan, history_user=actors.csco, history_date=created_at)
    for row in walk.transitions + walk.publications:
        batch.add(row)
    return PlanRecord(plan, created_at, walk.publications)


class _Walk:
    """A plan's way through the workflow: its transitions and publications, in order."""

    def __init__(self, plan: ActionPlan, actors: Actors, rng):
        self.plan, self.actors, self.rng = plan, actors, rng
        self.status, self.revision = PlanStatus.DRAFT, 1
        self.transitions: list[PlanTransition] = []
        self.publications: list[PlanPublication] = []

    def cycle(self, steps: tuple[str, ...], moment: datetime.datetime) -> None:
        if self.status == PlanStatus.PUBLISHED:
            self.revision += 1
        for step in steps:
            moment += datetime.timedelta(
                days=self.rng.randint(4, 25), minutes=self.rng.randint(0, 300)
            )
            self._step(step, moment)

    def _step(self, step: str, moment: datetime.datetime) -> None:
        action, to_status = _MOVES[step]
        transition = _transition(
            self.plan, action, self.status, to_status, self.actors.of(step), self.rng
        )
        transition.created_at = moment
        self.transitions.append(transition)
        self.status = to_status
        if step == PUBLISH:
            self.publications.append(
                PlanPublication(
                    plan=self.plan,
                    revision=self.revision,
                    published_at=moment,
                    published_by=self.actors.asec,
                )
            )


def _transition(plan, action, from_status, to_status, actor, rng) -> PlanTransition:
    comment = rng.choice(RETURN_COMMENTS) if action == PlanTransition.Action.RETURN else ""
    return PlanTransition(
        plan=plan,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )


def _drafted_on(rng, joined_year: int) -> datetime.date:
    """Pilots drafted their plans at the May 2018 workshop; later members when they joined."""
    if joined_year <= PLAN_PERIOD_START:
        return datetime.date(2018, 5, 28) + datetime.timedelta(days=rng.randint(0, 14))
    return datetime.date(joined_year, 2, 1) + datetime.timedelta(days=rng.randint(0, 120))


def _cycle_start(rng, index: int, final: bool, created_at) -> datetime.date:
    """A review still under way is this year's; mid-term revisions were published 2022–2023."""
    if final:
        return _recent(rng)
    if index == 0:
        return created_at.date()
    return datetime.date(2022, 3, 1) + datetime.timedelta(days=rng.randint(0, 450))


def _recent(rng) -> datetime.date:
    return datetime.date(2026, 1, 12) + datetime.timedelta(days=rng.randint(0, 200))


def _at(rng, day: datetime.date) -> datetime.datetime:
    time = datetime.time(rng.randint(1, 9), rng.randint(0, 59))  # office hours in ASEAN, in UTC
    return datetime.datetime.combine(day, time, tzinfo=datetime.UTC)
