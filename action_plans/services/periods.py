"""Starting a plan period: the one action that turns the network's page (SPEC "Time", issue 14
points 3 and 4).

ASEC starts the new period. The previous one closes: each city's close-out (final project
statuses, targets met / not met / not measured) is frozen. Each city that is a member in the new
period's first year gets a draft plan, pre-filled from its previous plan: the vision and targets
to review, and every project not completed or cancelled carried over as a next phase linked to its
predecessor (its history stays with the predecessor). Cities without a previous plan start empty.
The carried-over plans then go through the usual submit → endorse → publish workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import (
    ActionPlan,
    Indicator,
    PeriodCloseOut,
    PeriodStatus,
    PlanPeriod,
    ProgressUpdate,
    Project,
    Stage,
)
from action_plans.services._common import require
from action_plans.services.projects import next_phases_create
from cities.models import City
from core import policy

FINISHED = (Stage.COMPLETED, Stage.CANCELLED)


@dataclass
class CarryOver:
    plans_created: int = 0
    plans_empty: int = 0
    projects_carried: int = 0
    close_outs: int = 0


def period_start(*, period: PlanPeriod, actor) -> CarryOver:
    """ASEC starts `period` (once: a second start is refused and changes nothing)."""
    require(policy.can_manage_periods(actor))
    with transaction.atomic():
        current = PlanPeriod.objects.select_for_update().get(pk=period.pk)
        if current.started_at is not None:
            raise ValidationError(_("This plan period has already been started."))
        _check_can_start(current)
        previous = previous_period(current)
        result = CarryOver()
        if previous:
            result.close_outs = period_close(period=previous)
        PlanPeriod.objects.filter(status=PeriodStatus.CURRENT).exclude(pk=current.pk).update(
            status=PeriodStatus.CLOSED
        )
        current.status, current.started_at = PeriodStatus.CURRENT, timezone.now()
        current.save(update_fields=["status", "started_at"])
        plans_carry_over(period=current, previous=previous, actor=actor, result=result)
    return result


def _check_can_start(period: PlanPeriod) -> None:
    """A period closed, or older than one the network already works in, cannot start again."""
    later = PlanPeriod.objects.filter(start_year__gt=period.start_year)
    if period.status == PeriodStatus.CLOSED or later.filter(plans__isnull=False).exists():
        raise ValidationError(_("Only a later period can follow the current one."))


def previous_period(period: PlanPeriod) -> PlanPeriod | None:
    return (
        PlanPeriod.objects.filter(start_year__lt=period.start_year).order_by("-start_year").first()
    )


def plans_carry_over(*, period, previous, actor, result: CarryOver | None = None) -> CarryOver:
    """A draft plan in `period` for each member city without one (idempotent)."""
    result = result or CarryOver()
    have = ActionPlan.objects.filter(period=period).values("city")
    members = City.objects.filter(joined_year__lte=period.start_year).exclude(pk__in=have)
    earlier = {p.city_id: p for p in ActionPlan.objects.filter(period=previous)} if previous else {}
    for city in members.order_by("name"):
        before = earlier.get(city.pk)
        plan = ActionPlan.objects.create(
            city=city,
            period=period,
            vision=before.vision if before else "",
            strategic_targets=before.strategic_targets if before else "",
        )
        result.plans_created += 1
        if before is None:
            result.plans_empty += 1
            continue
        unfinished = _unfinished(before)
        result.projects_carried += len(
            next_phases_create(plan=plan, predecessors=unfinished, actor=actor)
        )
    return result


def _unfinished(plan: ActionPlan) -> list[Project]:
    return list(
        plan.projects.exclude(stage__in=FINISHED)
        .select_related("primary_focus_area")
        .prefetch_related(
            "focus_areas",
            "outcomes",
            "gesi_groups",
            "components",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
        )
        .order_by("position", "pk")
    )


# --- Close-out ---------------------------------------------------------------------------------


def period_close(*, period: PlanPeriod) -> int:
    """Freeze each city's close-out of `period` (cities that have one keep it)."""
    done = PeriodCloseOut.objects.filter(period=period).values("city")
    plans = ActionPlan.objects.filter(period=period).exclude(city__in=done).select_related("city")
    rows = [
        PeriodCloseOut(period=period, city=plan.city, plan=plan, snapshot=close_out_snapshot(plan))
        for plan in plans
    ]
    PeriodCloseOut.objects.bulk_create(rows)
    return len(rows)


def close_out_snapshot(plan: ActionPlan) -> dict:
    updates = ProgressUpdate.objects.order_by("-year")
    projects = plan.projects.order_by("position", "pk").prefetch_related(
        Prefetch("updates", queryset=updates, to_attr="ordered_updates"),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )
    return {"projects": [_project_close_out(project) for project in projects]}


def _project_close_out(project: Project) -> dict:
    last = project.ordered_updates[0] if project.ordered_updates else None
    return {
        "id": project.pk,
        "title": project.title,
        "stage": project.stage,
        "last_year": last.year if last else None,
        "percent_complete": last.percent_complete if last else None,
        "status": last.status if last else None,
        "targets": [_target(indicator) for indicator in project.indicators.all()],
    }


def _target(indicator: Indicator) -> dict:
    values = sorted(indicator.values.all(), key=lambda v: v.year)
    last = values[-1] if values else None
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "target_value": str(indicator.target_value) if indicator.target_value is not None else None,
        "last_value": str(last.value) if last else None,
        "last_year": last.year if last else None,
        "verdict": target_verdict(indicator, last.value if last else None),
    }


def target_verdict(indicator: Indicator, value) -> str:
    """met / not_met / not_measured; a target below the baseline is met from above."""
    target = indicator.target_value
    if target is None or value is None:
        return "not_measured"
    baseline = indicator.baseline_value
    falling = baseline is not None and target < baseline
    reached = value <= target if falling else value >= target
    return "met" if reached else "not_met"
