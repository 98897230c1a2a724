"""Writes on a plan's content: projects, their milestones, indicators and yearly indicator values.

Each goes through `editable_plan()`: the plan is locked, the actor's right to edit it checked, and
a published plan turned into a new draft revision.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from action_plans.models import (
    STAGE_OF_READINESS,
    DisaggregatedValue,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    Stage,
)
from action_plans.services._common import (
    by_actor,
    editable_plan,
    importable_plan,
    only_fields,
    validated,
)
from action_plans.services.funding import (
    check_funding_within_budget,
    funding_sources_prepare,
    funding_sources_replace,
)
from action_plans.signals import indicator_value_saved
from core.concurrency import VersionConflict, update_versioned

PROJECT_M2M = ("focus_areas", "outcomes", "gesi_groups", "components", "ascap")
PROJECT_FIELDS = (
    "title",
    "summary",
    "lead_agency",
    "start_year",
    "end_year",
    "budget_usd",
    "funding_model",
    "stage",
    "readiness",
    "om_cost_usd",
    "om_paid_by",
    "seeking_partners",
    "partnership_needs",
    "primary_focus_area",
    *PROJECT_M2M,
)
MILESTONE_FIELDS = ("title", "due_date", "done_date")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "catalogue",
    "direction",
    "measurement",
)


def _split_m2m(data: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k not in PROJECT_M2M}
    m2m = {k: list(v) for k, v in data.items() if k in PROJECT_M2M}
    return fields, m2m


def with_primary_focus_area(fields: dict, m2m: dict, *, current: Project | None = None) -> dict:
    """The fields with the project's primary focus area settled: the one asked for, else the one
    it had, as long as it is among the project's focus areas; else the first in ASCF order."""
    areas = m2m.get("focus_areas")
    if areas is None and current is not None:
        areas = list(current.focus_areas.all())
    if not areas:
        return fields
    asked = fields.get("primary_focus_area")
    if asked is not None and asked not in areas:
        raise ValidationError({"primary_focus_area": _("Choose one of the project's focus areas.")})
    primary = asked or (current.primary_focus_area if current else None)
    if primary not in areas:
        primary = min(areas, key=lambda area: (area.position, area.code))
    return {**fields, "primary_focus_area": primary}


def with_settled_stage(fields: dict, *, current: Project | None = None) -> dict:
    """The fields with the M&E stage following the readiness stage when only the readiness is
    given (a cancelled project stays cancelled), so Exhibit 2 counts what the city says."""
    readiness = fields.get("readiness")
    if not readiness or "stage" in fields:
        return fields
    if current is not None and current.stage == Stage.CANCELLED:
        return fields
    return {**fields, "stage": STAGE_OF_READINESS[readiness]}


def _stage_error(project: Project) -> str | None:
    expected = STAGE_OF_READINESS.get(project.readiness)
    if expected is None or project.stage in (expected, Stage.CANCELLED):
        return None
    return _("A project in %(readiness)s is %(stage)s for the M&E report; set the stage so.") % {
        "readiness": project.get_readiness_display().lower(),
        "stage": Stage(expected).label.lower(),
    }


def project_errors(project: Project, m2m: dict) -> dict:
    """The project rules with a message for each field (forms show them early, too)."""
    errors = {}
    if "focus_areas" in m2m and not m2m["focus_areas"]:
        errors["focus_areas"] = _("Choose at least one focus area.")
    if project.start_year and project.end_year and project.end_year < project.start_year:
        errors["end_year"] = _("The end year cannot be before the start year.")
    if project.budget_usd is not None and Decimal(project.budget_usd) < 0:
        errors["budget_usd"] = _("The budget cannot be negative.")
    if project.om_cost_usd is not None and Decimal(project.om_cost_usd) < 0:
        errors["om_cost_usd"] = _("The cost cannot be negative.")
    if stage_error := _stage_error(project):
        errors["readiness"] = stage_error
    if m2m.get("ascap") and not project.plan.period.aligns_to_ascap:
        errors["ascap"] = _("Only projects of a period aligned to ASCAP can name ASCAP items.")
    titles = Project.objects.filter(plan=project.plan_id, title=project.title)
    if titles.exclude(pk=project.pk).exists():
        errors["title"] = _("This plan already has a project with this title.")
    return errors


def _check_project(project: Project, m2m: dict) -> None:
    errors = project_errors(project, m2m)
    if errors:
        raise ValidationError(errors)


def _guard_version(instance, version: int | None) -> None:
    if version is not None and instance.version != version:
        raise VersionConflict(instance, expected_version=version)


def _pop_sources(data: dict) -> tuple[dict, list | None]:
    data = dict(data)
    items = data.pop("funding_sources", None)
    return data, None if items is None else funding_sources_prepare(list(items))


def project_create(*, plan, actor, data: dict) -> Project:
    data, sources = _pop_sources(data)
    fields, m2m = _split_m2m(only_fields(data, PROJECT_FIELDS))
    with transaction.atomic():
        opened = editable_plan(plan.pk, actor)
        return project_create_in(plan=opened, actor=actor, fields=fields, m2m=m2m, sources=sources)


def project_update(*, project, actor, data: dict, version: int) -> Project:
    """Change a project's fields and, when `data` has `funding_sources`, replace its funding."""
    data, sources = _pop_sources(data)
    fields, m2m = _split_m2m(only_fields(data, PROJECT_FIELDS))
    with transaction.atomic():
        editable_plan(project.plan_id, actor)
        return project_update_in(
            project=project, actor=actor, fields=fields, m2m=m2m, sources=sources, version=version
        )


def project_create_in(*, plan, actor, fields: dict, m2m: dict, sources: list | None) -> Project:
    """`project_create` in a plan already opened for the actor (`editable_plan`, or the import's
    `importable_plan`), with the data split into fields, relations and prepared funding."""
    m2m = {"focus_areas": [], **m2m}
    fields = with_settled_stage(with_primary_focus_area(fields, m2m))
    check_funding_within_budget(fields.get("budget_usd"), sources or [])
    last = plan.projects.aggregate(last=Max("position"))["last"]
    project = Project(plan=plan, position=0 if last is None else last + 1, **fields)
    _check_project(project, m2m)
    project.full_clean(exclude=["plan"])
    for name, value in by_actor(actor).items():
        setattr(project, name, value)
    project.save()
    for name, values in m2m.items():
        getattr(project, name).set(values)
    if sources:
        funding_sources_replace(project=project, sources=sources, actor=actor)
    return project


def project_update_in(
    *, project, actor, fields: dict, m2m: dict, sources: list | None, version: int
) -> Project:
    """`project_update` in a plan already opened for the actor (see `project_create_in`);
    `sources=None` leaves the funding alone."""
    current = Project.objects.get(pk=project.pk)
    _guard_version(current, version)
    fields = with_settled_stage(
        with_primary_focus_area(fields, m2m, current=current), current=current
    )
    checked = validated(current, fields, exclude=["plan"], check=lambda p: _check_project(p, m2m))
    funding = current.funding_sources.all() if sources is None else sources
    check_funding_within_budget(checked.budget_usd, funding)
    updated = update_versioned(
        current, expected_version=version, changes={**fields, **by_actor(actor)}, m2m=m2m
    )
    if sources is not None:
        funding_sources_replace(project=updated, sources=sources, actor=actor)
    return updated


def project_delete(*, project, actor) -> None:
    """Remove a project that never reported progress; one that did is cancelled instead, so the
    network's progress figures keep their history."""
    with transaction.atomic():
        editable_plan(project.plan_id, actor)
        current = Project.objects.get(pk=project.pk)
        if current.updates.exists():
            raise ValidationError(
                _("This project has progress updates; set its stage to cancelled instead.")
            )
        for name, value in by_actor(actor).items():
            setattr(current, name, value)
        try:
            current.delete()
        except ProtectedError:
            raise ValidationError(
                _("This project has partnerships; set its stage to cancelled instead.")
            ) from None


def project_move(*, project, actor, direction: str) -> Project:
    """Move a project one place up or down in its plan. Only positions change, so the projects'
    versions stay: someone editing one of them meanwhile is not put into a conflict."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a project up or down.")})
    with transaction.atomic():
        plan = editable_plan(project.plan_id, actor)
        ordered = list(plan.projects.order_by("position", "pk"))
        index = next(i for i, p in enumerate(ordered) if p.pk == project.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                item.position = position
                item._history_user = actor
                item.save(update_fields=["position", "updated_at"])
        return next(p for p in ordered if p.pk == project.pk)


# --- Milestones -------------------------------------------------------------------------------


def _check_milestone(milestone: Milestone) -> None:
    period = milestone.project.plan.period
    try:
        due = Milestone._meta.get_field("due_date").to_python(milestone.due_date)
    except ValidationError:
        return  # the field's own check says what is wrong
    if due and due.year not in period.years:
        raise ValidationError(
            {
                "due_date": _("Choose a date in the plan period (%(first)s–%(last)s).")
                % {"first": period.start_year, "last": period.end_year}
            }
        )


def milestone_create(*, project, actor, data: dict) -> Milestone:
    only_fields(data, MILESTONE_FIELDS)
    with transaction.atomic():
        editable_plan(project.plan_id, actor)
        milestone = Milestone(project=project, **data)
        _check_milestone(milestone)
        milestone.full_clean(exclude=["project"])
        milestone._history_user = actor
        milestone.save()
    return milestone


def milestone_update(*, milestone, actor, data: dict, version: int) -> Milestone:
    only_fields(data, MILESTONE_FIELDS)
    with transaction.atomic():
        editable_plan(milestone.project.plan_id, actor)
        current = Milestone.objects.get(pk=milestone.pk)
        _guard_version(current, version)
        validated(current, data, exclude=["project"], check=_check_milestone)
        return update_versioned(
            current, expected_version=version, changes={**data, **by_actor(actor)}
        )


def milestone_delete(*, milestone, actor) -> None:
    with transaction.atomic():
        editable_plan(milestone.project.plan_id, actor)
        milestone._history_user = actor
        milestone.delete()


# --- Indicators -------------------------------------------------------------------------------


def indicator_errors(indicator: Indicator) -> dict:
    errors = {}
    if (
        indicator.baseline_year
        and indicator.target_year
        and indicator.target_year < indicator.baseline_year
    ):
        errors["target_year"] = _("The target year cannot be before the baseline year.")
    period = indicator.project.plan.period
    if indicator.target_year and indicator.target_year not in period.years:
        errors["target_year"] = _("Choose a year of the plan period (%(first)s–%(last)s).") % {
            "first": period.start_year,
            "last": period.end_year,
        }
    if indicator.baseline_year and indicator.baseline_year > period.end_year:
        errors["baseline_year"] = _("The baseline cannot be after the plan period.")
    names = Indicator.objects.filter(project=indicator.project_id, name=indicator.name)
    if names.exclude(pk=indicator.pk).exists():
        errors["name"] = _("This project already has an indicator with this name.")
    return errors


def _check_indicator(indicator: Indicator) -> None:
    errors = indicator_errors(indicator)
    if errors:
        raise ValidationError(errors)


def with_catalogue(data: dict, catalogue) -> dict:
    """A catalogue indicator brings its unit and direction (and its name when none is given); a
    custom indicator keeps what was given."""
    if catalogue is None:
        return data
    data = dict(data)
    if catalogue.unit:
        data["unit"] = catalogue.unit
    if catalogue.direction:
        data["direction"] = catalogue.direction
    if not data.get("name"):
        data["name"] = catalogue.name[:200]
    return data


def indicator_create(*, project, actor, data: dict) -> Indicator:
    only_fields(data, INDICATOR_FIELDS)
    data = with_catalogue(data, data.get("catalogue"))
    with transaction.atomic():
        editable_plan(project.plan_id, actor)
        indicator = Indicator(project=project, **data)
        _check_indicator(indicator)
        indicator.full_clean(exclude=["project"])
        indicator._history_user = actor
        indicator.save()
    return indicator


def indicator_update(*, indicator, actor, data: dict, version: int) -> Indicator:
    only_fields(data, INDICATOR_FIELDS)
    with transaction.atomic():
        editable_plan(indicator.project.plan_id, actor)
        current = Indicator.objects.get(pk=indicator.pk)
        _guard_version(current, version)
        data = with_catalogue(data, data.get("catalogue", current.catalogue))
        validated(current, data, exclude=["project"], check=_check_indicator)
        return update_versioned(
            current, expected_version=version, changes={**data, **by_actor(actor)}
        )


def indicators_import(*, project, actor, items: list[dict]) -> bool:
    """The bulk variant of `indicator_create` / `indicator_update` for a project file (which ASEC
    and the system user may also import): the file's indicators are created, or updated by
    name; none is removed. True when something changed. Messages name the indicator."""
    existing = {i.name: i for i in Indicator.objects.filter(project=project)}
    changed = False
    for item in items:
        data = with_catalogue(item, item["catalogue"])
        current = existing.get(data["name"])
        changes = data if current is None else _differences(current, data)
        if not changes:
            continue
        if not changed:
            importable_plan(project.plan_id, actor)
            changed = True
        _import_indicator(project, current, changes, actor)
    return changed


def _differences(indicator: Indicator, data: dict) -> dict:
    return {name: value for name, value in data.items() if getattr(indicator, name) != value}


def _import_indicator(project, current, changes: dict, actor) -> None:
    try:
        if current is None:
            indicator = Indicator(project=project, **changes)
            _check_indicator(indicator)
            indicator.full_clean(exclude=["project"])
            indicator._history_user = actor
            indicator.save()
        else:
            validated(current, changes, exclude=["project"], check=_check_indicator)
            update_versioned(
                current, expected_version=current.version, changes={**changes, **by_actor(actor)}
            )
    except ValidationError as error:
        name = changes.get("name") or current.name
        raise ValidationError(
            [f"{_('indicator')} {name}: {message}" for message in error.messages]
        ) from None


def indicator_delete(*, indicator, actor) -> None:
    with transaction.atomic():
        editable_plan(indicator.project.plan_id, actor)
        indicator._history_user = actor
        indicator.delete()


def value_years(plan) -> range:
    """Years an indicator may be measured in: those of the plan's period."""
    return plan.period.years


def indicator_value_set(
    *, indicator, actor, year: int, value, parts: list[dict] | None = None
) -> IndicatorValue | None:
    """Record (or with `value=None` remove) the value measured in a year. The indicator's version
    moves too, so an editor holding the indicator's old values gets a conflict. `parts` (each
    with `gesi_group`, `sex`, `value`), when given, replace the year's disaggregated values."""
    with transaction.atomic():
        plan = editable_plan(indicator.project.plan_id, actor)
        if year not in value_years(plan):
            raise ValidationError(
                {
                    "year": _("Choose a year of the plan period (%(first)s–%(last)s).")
                    % {"first": plan.period_start, "last": plan.period_end}
                }
            )
        Indicator.objects.filter(pk=indicator.pk).update(version=F("version") + 1)
        existing = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
        if value is None:
            if existing:
                existing._history_user = actor
                existing.delete()
            return None
        item = existing or IndicatorValue(indicator=indicator, year=year)
        item.value = value
        item.full_clean(exclude=["indicator"])
        item._history_user = actor
        item.save()
        if parts is not None:
            _parts_replace(item, parts, actor)
        indicator_value_saved.send(sender=IndicatorValue, value=item, actor=actor)
        return item


def _parts_replace(total: IndicatorValue, parts: list[dict], actor) -> None:
    rows = [
        DisaggregatedValue(
            total=total,
            gesi_group=part.get("gesi_group"),
            sex=part.get("sex") or "",
            value=part["value"],
        )
        for part in parts
    ]
    _check_parts(rows)
    for row in total.parts.all():
        row._history_user = actor
        row.delete()
    for row in rows:
        row._history_user = actor
        row.save()


def part_errors(part: DisaggregatedValue, total) -> dict:
    """One part's own rules, by field: the editor shows them next to the row, the API under
    `parts`. Parts need not add up to the total: a value split by GESI target group and by sex
    counts people twice, and shares or rates do not add up at all."""
    errors = {}
    if part.gesi_group_id is None and not part.sex:
        errors["gesi_group"] = _("Give each part a GESI target group, a sex or both.")
    if part.value is not None and part.value < 0 and (total is None or total >= 0):
        errors["value"] = _("A part cannot be negative when the value is not.")
    return errors


def _check_parts(rows: list[DisaggregatedValue]) -> None:
    seen = set()
    for row in rows:
        key = (row.gesi_group_id, row.sex)
        errors = part_errors(row, row.total.value)
        if errors:
            raise ValidationError({"parts": list(errors.values())})
        if key in seen:
            raise ValidationError(
                {"parts": _("Each GESI target group and sex may have one part per year.")}
            )
        seen.add(key)
        row.full_clean(exclude=["total"])


# --- Next phases (a new period's carry-over) ---------------------------------------------------

CARRIED_M2M = ("focus_areas", "outcomes", "gesi_groups", "components")


def next_phases_create(*, plan, predecessors, actor) -> list[Project]:
    """The bulk variant of `project_create` for a period's carry-over: each predecessor (a working
    project of the previous plan) continues in `plan` as a next phase linked to it. Its history
    (updates, values, milestones) stays with the predecessor; the indicators come along with the
    last measured value as the new baseline. A predecessor that already has a next phase is
    skipped, so carrying over again creates nothing twice."""
    taken = set(
        Project.objects.filter(predecessor__in=predecessors).values_list("predecessor", flat=True)
    )
    created = []
    for position, before in enumerate(p for p in predecessors if p.pk not in taken):
        project = _next_phase(plan, before, position)
        project._history_user = actor
        project.save()
        for name in CARRIED_M2M:
            getattr(project, name).set(getattr(before, name).all())
        Indicator.objects.bulk_create(
            _carried_indicator(project, i) for i in before.indicators.all()
        )
        created.append(project)
    return created


def _next_phase(plan, before: Project, position: int) -> Project:
    first = plan.period.start_year
    start = max(before.start_year or first, first)
    end = max(before.end_year, start) if before.end_year else None
    return Project(
        plan=plan,
        predecessor=before,
        title=before.title,
        summary=before.summary,
        lead_agency=before.lead_agency,
        start_year=start,
        end_year=min(end, plan.period.end_year) if end else None,
        funding_model=before.funding_model,
        stage=Stage.ONGOING if before.stage == Stage.ONGOING else Stage.PLANNING,
        seeking_partners=before.seeking_partners,
        partnership_needs=before.partnership_needs,
        primary_focus_area=before.primary_focus_area,
        position=position,
        source=before.source,
    )


def _carried_indicator(project: Project, before: Indicator) -> Indicator:
    values = sorted(before.values.all(), key=lambda v: v.year)
    last = values[-1] if values else None
    period = project.plan.period
    target_year = before.target_year if before.target_year in period.years else None
    return Indicator(
        project=project,
        name=before.name,
        unit=before.unit,
        baseline_value=last.value if last else before.baseline_value,
        baseline_year=last.year if last else before.baseline_year,
        target_value=before.target_value,
        target_year=target_year,
        catalogue_id=before.catalogue_id,
        direction=before.direction,
        measurement=before.measurement,
    )
