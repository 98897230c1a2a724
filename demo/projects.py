"""A city's projects and their life: milestones, indicators and yearly progress updates.

Each project gets a start and end year, a pace (on time, slipping or badly late) and a stage;
its yearly percent complete accrues from the pace (slower in 2020–2021), so statuses, overdue
milestones and indicator values all follow from one story.
"""

from __future__ import annotations

import datetime
import math
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from action_plans.models import (
    FundingModel,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Project,
    Stage,
    UpdateStatus,
)
from demo.catalogue import PROJECTS, IndicatorTemplate, ProjectTemplate
from demo.finance import demo_finance
from demo.period import PLAN_PERIOD_END
from demo.vocabulary import (
    CHALLENGES,
    COVID_CHALLENGE,
    DEFAULT_FOCUS,
    FOCUS_KEYWORDS,
    FOCUS_OUTCOMES,
    GENERIC_AGENCIES,
    MILESTONES,
    NARRATIVES,
    PARTNERSHIP_NEEDS,
    SUPPORT_NEEDED,
)

COVID_YEARS = (2020, 2021)
# The decimal places of the model fields, so that in-memory values read like stored ones.
CENTS, UNITS = Decimal("0.01"), Decimal("0.0001")
GENERIC_INDICATOR = IndicatorTemplate("Planned components delivered", "%", 0, 100)
FOCUS_PURPOSE = {
    "civic-social": "It brings public services closer to residents and visitors.",
    "health-well-being": "It improves health, housing and education services for residents.",
    "safety-security": "It makes the city safer and its critical systems more secure.",
    "quality-environment": "It protects the environment and makes the city resilient to floods.",
    "built-infrastructure": "It modernises the city's mobility, utilities and buildings.",
    "industry-innovation": "It supports business, skills and innovation in the city.",
}
REAL_TITLE_NOTES = {
    "S4": "One of the two priority projects in the city's 2018 smart city action plan.",
    "S10": "Listed in the ASCN Monitoring and Evaluation Report 2025.",
}
FUNDING_WEIGHTS = {
    FundingModel.PUBLIC: 35,
    FundingModel.MIXED: 18,
    FundingModel.GRANT: 15,
    FundingModel.PPP: 12,
    FundingModel.LOAN: 10,
    FundingModel.PRIVATE: 10,
}
PACES = {"good": (0.95, 1.2), "slipping": (0.68, 0.85), "bad": (0.4, 0.62)}
PACE_WEIGHTS = {"good": 64, "slipping": 23, "bad": 13}
PLANNING_STATUS = {
    "good": UpdateStatus.ON_TRACK,
    "slipping": UpdateStatus.AT_RISK,
    "bad": UpdateStatus.DELAYED,
}


@dataclass(frozen=True)
class RealTitle:
    title: str
    source: str  # the reference source key the title comes from


@dataclass
class CityFrame:
    """What every project of one city shares."""

    rng: random.Random
    city: object
    name: str  # the city's name in texts (a copy uses its original's)
    focus_codes: list[str]
    report_dates: dict[int, datetime.datetime]  # the day the city filed each year's updates
    reporters: list  # users who file the updates
    network: object
    created_at: datetime.datetime


@dataclass
class Step:
    year: int
    percent: int
    status: str


@dataclass
class ProjectRecord:
    project: Project
    codes: dict
    needs: list[str]  # support type codes the project seeks
    steps: list[Step] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)
    indicators: list[tuple[Indicator, list[IndicatorValue]]] = field(default_factory=list)


def classify(title: str) -> str:
    """The focus area a real project title most likely belongs to."""
    lowered = title.lower()
    for code, words in FOCUS_KEYWORDS:
        if any(word in lowered for word in words):
            return code
    return DEFAULT_FOCUS


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def closest_template(title: str, focus: str) -> ProjectTemplate | None:
    """The catalogue project that shares most words with a real title, if any does."""
    words = _words(title) - {"smart", "city", "system", "project", "management"}
    scored = [(len(words & _words(t.title + " " + t.summary)), t) for t in PROJECTS[focus]]
    best = max(scored, key=lambda pair: pair[0])
    return best[1] if best[0] else None


def city_focus_codes(rng: random.Random, real_titles: list[RealTitle]) -> list[str]:
    codes = list(dict.fromkeys(classify(real.title) for real in real_titles))
    others = [code for code in PROJECTS if code not in codes]
    rng.shuffle(others)
    return codes + others[: max(0, rng.randint(3, 4) - len(codes))]


@dataclass(frozen=True)
class Spec:
    """A project to generate: a real title (with its source key) or a catalogue template."""

    title: str
    focus: str
    template: ProjectTemplate | None
    real_source: str = ""


def add_projects(batch, frame: CityFrame, plan, real_titles: list[RealTitle]) -> list:
    count = max(len(real_titles), frame.rng.choices(range(3, 9), weights=[2, 4, 5, 4, 2, 1])[0])
    specs = [_real_spec(real) for real in real_titles]
    specs += _synthetic_specs(frame, count - len(specs), {s.title for s in specs})
    return [_add_project(batch, frame, plan, position, spec) for position, spec in enumerate(specs)]


def _real_spec(real: RealTitle) -> Spec:
    focus = classify(real.title)
    return Spec(real.title, focus, closest_template(real.title, focus), real.source)


def _synthetic_specs(frame: CityFrame, count: int, taken: set[str]) -> list[Spec]:
    rng = frame.rng
    pool = [(code, t) for code in frame.focus_codes for t in PROJECTS[code]]
    rng.shuffle(pool)
    specs = []
    for code, template in pool[:count]:
        title = template.title
        if rng.random() < 0.25:
            title = f"{frame.name} {title}"
        if title not in taken:
            specs.append(Spec(title, code, template))
    return specs


def _add_project(batch, frame: CityFrame, plan, position: int, spec: Spec) -> ProjectRecord:
    rng = frame.rng
    start, end, stage = _years_and_stage(rng, frame, is_real=bool(spec.real_source))
    needs = _needs(rng, stage)
    agency = spec.template.agency if spec.template else rng.choice(GENERIC_AGENCIES)
    project = Project(
        plan=plan,
        title=spec.title,
        summary=_summary(rng, frame, spec),
        lead_agency=f"{agency}, {frame.name}",
        start_year=start,
        end_year=end,
        budget_usd=_budget(rng, spec.focus, stage),
        funding_model=rng.choices(list(FUNDING_WEIGHTS), weights=list(FUNDING_WEIGHTS.values()))[0],
        stage=stage,
        seeking_partners=bool(needs),
        partnership_needs=" ".join(
            PARTNERSHIP_NEEDS[code].format(n=rng.randint(2, 40)) for code in needs
        ),
        position=position,
        source=f"demo; title from {spec.real_source}" if spec.real_source else "demo",
        updated_at=frame.created_at,
    )
    record = ProjectRecord(project, _codes(rng, frame, spec), needs)
    _add_project_rows(batch, frame, record)
    _add_life(batch, frame, record, spec.template)
    return record


def _codes(rng, frame: CityFrame, spec: Spec) -> dict[str, list[str]]:
    """Focus areas (the main one, sometimes a second of the city's), outcomes, GESI groups."""
    focus = [spec.focus]
    others = [c for c in frame.focus_codes if c != spec.focus]
    if others and rng.random() < 0.25:
        focus.append(rng.choice(others))
    return {
        "focus_areas": focus,
        "outcomes": list(dict.fromkeys(o for c in focus for o in FOCUS_OUTCOMES[c])),
        "gesi_groups": _gesi(rng, spec.template),
    }


def _summary(rng, frame: CityFrame, spec: Spec) -> str:
    """Real titles get only what is known of them; the rest is the catalogue's text."""
    if spec.real_source:
        return f"{REAL_TITLE_NOTES[spec.real_source]} {FOCUS_PURPOSE[spec.focus]}"
    return spec.template.summary.format(n=rng.randint(2, 9), city=frame.name)


def _years_and_stage(rng, frame: CityFrame, is_real: bool) -> tuple[int, int, str]:
    joined = frame.city.joined_year
    if is_real and joined <= 2018:
        start = rng.randint(2018, 2019)
    elif joined <= 2018:
        start = rng.choices(range(2018, 2026), weights=[4, 4, 3, 3, 3, 2, 2, 1])[0]
    else:
        start = rng.randint(joined - 2, min(joined + 1, PLAN_PERIOD_END + 1))
    stage = _stage(rng, start)
    duration = rng.randint(2, 6)
    last = _last_report_year(frame)
    if stage == Stage.COMPLETED:
        end = min(start + duration, last)
        if end < _first_report_year(frame, start) or end <= start:
            stage, end = Stage.ONGOING, start + duration
    else:
        end = start + duration
    if stage == Stage.ONGOING:
        end = max(end, PLAN_PERIOD_END + rng.randint(0, 2))
    if stage == Stage.CANCELLED and _first_report_year(frame, start) > last:
        stage = Stage.PLANNING
    return start, end, stage


def _stage(rng, start: int) -> str:
    if start > PLAN_PERIOD_END:
        return Stage.PLANNING
    if start == PLAN_PERIOD_END:
        weights = {Stage.PLANNING: 85, Stage.ONGOING: 15}
    elif start == PLAN_PERIOD_END - 1:
        weights = {Stage.PLANNING: 55, Stage.ONGOING: 45}
    elif start >= 2021:
        weights = {Stage.ONGOING: 62, Stage.PLANNING: 12, Stage.COMPLETED: 16, Stage.CANCELLED: 10}
    else:
        weights = {Stage.ONGOING: 45, Stage.COMPLETED: 38, Stage.CANCELLED: 9, Stage.PLANNING: 8}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _first_report_year(frame: CityFrame, start: int) -> int:
    return max(start, frame.city.joined_year, min(frame.report_dates, default=PLAN_PERIOD_END + 1))


def _last_report_year(frame: CityFrame) -> int:
    return max(frame.report_dates, default=0)


def _needs(rng, stage) -> list[str]:
    chance = {Stage.PLANNING: 0.6, Stage.ONGOING: 0.35}.get(stage, 0)
    if rng.random() >= chance:
        return []
    return rng.sample(sorted(PARTNERSHIP_NEEDS), rng.randint(1, 2))


def _budget(rng, focus: str, stage: str) -> Decimal | None:
    if stage == Stage.PLANNING and rng.random() < 0.2:
        return None
    low, high = (2e6, 120e6) if focus == "built-infrastructure" else (2e5, 15e6)
    budget = _significant(math.exp(rng.uniform(math.log(low), math.log(high))))
    return Decimal(budget).quantize(CENTS)


def _significant(value: float, digits: int = 2) -> int:
    magnitude = 10 ** max(0, int(math.log10(abs(value))) + 1 - digits) if value else 1
    return int(round(value / magnitude) * magnitude)


def _gesi(rng, template: ProjectTemplate | None) -> list[str]:
    if template and template.gesi and rng.random() < 0.8:
        return list(template.gesi[: rng.randint(1, len(template.gesi))])
    if rng.random() < 0.15:
        return [rng.choice(("women-girls", "persons-with-disabilities", "low-income-marginalised"))]
    return []


def _add_project_rows(batch, frame: CityFrame, record: ProjectRecord) -> None:
    project, network = record.project, frame.network
    project.primary_focus_area_id = network.focus_areas[record.codes["focus_areas"][0]]
    history = {"history_user": frame.reporters[0], "history_date": frame.created_at}
    batch.add(project, **history)
    demo_finance(batch, project, network.partners_by_slug, history)
    batch.link(
        project, "focus_areas", [network.focus_areas[c] for c in record.codes["focus_areas"]]
    )
    batch.link(project, "outcomes", [network.outcomes[c] for c in record.codes["outcomes"]])
    batch.link(project, "gesi_groups", [network.gesi[c] for c in record.codes["gesi_groups"]])


# --- The project's life ------------------------------------------------------------------------


def _add_life(batch, frame: CityFrame, record: ProjectRecord, template) -> None:
    pace = frame.rng.choices(list(PACE_WEIGHTS), weights=list(PACE_WEIGHTS.values()))[0]
    record.steps = _steps(frame, record.project, pace)
    milestones = _milestones(batch, frame, record)
    _updates(batch, frame, record, milestones)
    for indicator_template in template.indicators if template else (GENERIC_INDICATOR,):
        _indicator(batch, frame, record, indicator_template)
    if record.steps:
        record.project.updated_at = frame.report_dates[record.steps[-1].year]


def _steps(frame: CityFrame, project: Project, pace: str) -> list[Step]:
    """One step per reporting year; progress accrues from the start year, reported or not."""
    rng, stage = frame.rng, project.stage
    first, last = _first_report_year(frame, project.start_year), _last_report_year(frame)
    reported = list(range(first, last + 1))
    if stage == Stage.COMPLETED:
        reported = [y for y in reported if y <= project.end_year]
    if stage == Stage.CANCELLED and reported:
        reported = reported[: rng.randint(max(1, len(reported) // 2), len(reported))]
    speed = rng.uniform(*PACES[pace])
    span = project.end_year - project.start_year + 1
    steps, done = [], 0.0
    for year in range(project.start_year, (reported or [0])[-1] + 1):
        yearly = 100 / span * speed * rng.uniform(0.8, 1.2)
        done += yearly * (0.7 if year in COVID_YEARS else 1)
        if year >= first:
            steps.append(_step(stage, pace, year, done, project, steps))
    _close(stage, steps)
    return steps


def _step(stage, pace, year, done, project, steps) -> Step:
    if stage == Stage.PLANNING:
        percent = min(20, 3 + len(steps) * 4)
        return Step(year, percent, PLANNING_STATUS[pace])
    planned = 100 * (year - project.start_year + 1) / (project.end_year - project.start_year + 1)
    ratio = done / max(planned, 1)
    status = (
        UpdateStatus.ON_TRACK
        if ratio >= 0.85
        else UpdateStatus.AT_RISK
        if ratio >= 0.65
        else UpdateStatus.DELAYED
    )
    previous = steps[-1].percent if steps else 0
    return Step(year, max(previous, min(95, round(done))), status)


def _close(stage: str, steps: list[Step]) -> None:
    if not steps:
        return
    if stage == Stage.COMPLETED:
        steps[-1].percent, steps[-1].status = 100, UpdateStatus.COMPLETED
    elif stage == Stage.CANCELLED:
        steps[-1].percent = steps[-2].percent if len(steps) > 1 else steps[-1].percent
        steps[-1].status = UpdateStatus.CANCELLED


def _milestones(batch, frame: CityFrame, record: ProjectRecord) -> list[tuple[Milestone, int]]:
    """Two to four milestones, each due when the planned progress passes its share of the way;
    done when the project's actual progress did (so late projects have overdue ones)."""
    rng, project = frame.rng, record.project
    picks = sorted(rng.sample(range(len(MILESTONES)), rng.randint(2, 4)))
    start = datetime.date(project.start_year, 1, 1)
    length = (datetime.date(project.end_year + 1, 1, 1) - start).days
    milestones = []
    for index in picks:
        threshold = round(100 * (index + 1) / len(MILESTONES))
        due = start + datetime.timedelta(days=int(length * threshold / 100) - rng.randint(1, 40))
        reached = next((s for s in record.steps if s.percent >= threshold), None)
        if reached is None and project.stage == Stage.CANCELLED:
            continue
        milestone = Milestone(project=project, title=MILESTONES[index], due_date=due)
        if reached is not None:
            filed = frame.report_dates[reached.year].date()
            milestone.done_date = max(start, filed - datetime.timedelta(days=rng.randint(10, 200)))
        batch.add(milestone, history_user=frame.reporters[0], history_date=frame.created_at)
        milestones.append((milestone, threshold))
        record.milestones.append(milestone)
    return milestones


def _updates(batch, frame: CityFrame, record: ProjectRecord, milestones) -> None:
    rng = frame.rng
    for step in record.steps:
        reporter = rng.choice(frame.reporters)
        update = ProgressUpdate(
            project=record.project,
            year=step.year,
            percent_complete=step.percent,
            status=step.status,
            narrative=_narrative(rng, step, milestones),
            challenges=_challenges(rng, step),
            support_needed=_support(rng, step),
            submitted_by=reporter,
            submitted_at=frame.report_dates[step.year],
        )
        batch.add(update, history_user=reporter, history_date=update.submitted_at)
        record.updates.append(update)


def _narrative(rng, step: Step, milestones) -> str:
    names = {
        "upcoming": next((m.title for m, t in milestones if t > step.percent), None),
        "reached": next((m.title for m, t in reversed(milestones) if t <= step.percent), None),
    }
    usable = [
        text
        for text in NARRATIVES[step.status]
        if all(names[key] for key in ("upcoming", "reached") if "{" + key + "}" in text)
    ]
    return rng.choice(usable).format(**names)


def _challenges(rng, step: Step) -> str:
    if step.status not in (UpdateStatus.AT_RISK, UpdateStatus.DELAYED, UpdateStatus.CANCELLED):
        return ""
    return COVID_CHALLENGE if step.year in COVID_YEARS else rng.choice(CHALLENGES)


def _support(rng, step: Step) -> str:
    if step.status in (UpdateStatus.AT_RISK, UpdateStatus.DELAYED) and rng.random() < 0.5:
        return rng.choice(SUPPORT_NEEDED)
    return ""


def _indicator(batch, frame: CityFrame, record: ProjectRecord, template: IndicatorTemplate):
    rng, project = frame.rng, record.project
    baseline, target = _scaled(rng, template)
    baseline_year = max(2017, min(project.start_year, PLAN_PERIOD_END) - 1)
    indicator = Indicator(
        project=project,
        name=template.name,
        unit=template.unit,
        baseline_value=baseline,
        baseline_year=baseline_year,
        target_value=target,
        target_year=max(project.end_year, baseline_year),
    )
    entry = frame.network.catalogue.get(template.name)
    if entry is not None:
        indicator.catalogue, indicator.direction = entry, entry.direction
    batch.add(indicator, history_user=frame.reporters[0], history_date=frame.created_at)
    values = []
    record.indicators.append((indicator, values))
    if rng.random() < 0.15:
        return  # some indicators are never measured: the data-quality views should show them
    effect = rng.uniform(0.7, 1.1)
    for step in record.steps:
        if step.year <= baseline_year or step.percent < 10:
            continue
        raw = float(baseline) + (float(target) - float(baseline)) * effect * step.percent / 100
        value = IndicatorValue(indicator=indicator, year=step.year, value=_round(raw, template))
        batch.add(
            value, history_user=frame.reporters[0], history_date=frame.report_dates[step.year]
        )
        values.append(value)


def _scaled(rng, template: IndicatorTemplate) -> tuple[Decimal, Decimal]:
    if template.unit == "%":
        baseline = max(0, template.baseline + rng.randint(-5, 5)) if template.baseline else 0
        target = min(100, max(0, template.target + rng.randint(-5, 5)))
        return Decimal(baseline).quantize(UNITS), Decimal(target).quantize(UNITS)
    factor = rng.uniform(0.6, 1.5)
    return _round(template.baseline * factor, template), _round(template.target * factor, template)


def _round(value: float, template: IndicatorTemplate) -> Decimal:
    if template.unit == "%" or max(template.baseline, template.target) < 100:
        return Decimal(f"{value:.1f}").quantize(UNITS)
    return Decimal(_significant(value, 3)).quantize(UNITS)
