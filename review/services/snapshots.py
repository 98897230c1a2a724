"""Frozen yearly snapshots: when a cycle closes, what each member city reported is frozen; a
correction afterwards is an amendment with its reason, never a silent change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans.models import CycleStatus, PlanPublication, ReportingCycle
from core import policy
from review.models import Amendment, Snapshot
from review.selectors import current_publications, live_states
from review.services._common import require

AMENDABLE = ("stage", "end_year", "percent", "status", "narrative")


def snapshots_freeze(*, cycle: ReportingCycle) -> int:
    """A snapshot for each city with a submission in the cycle that has none yet (idempotent:
    a snapshot, once frozen, is never rewritten here). Each records, besides what the city
    reported, which publication of each of its plans was current when the cycle closed: the
    closed year's dashboards and report read those (`review.selectors.frozen_publications`).
    Snapshots frozen before publications were recorded get them, as of the close, once."""
    have = set(cycle.snapshots.values_list("city_id", flat=True))
    city_ids = [pk for pk in cycle.submissions.values_list("city_id", flat=True) if pk not in have]
    states = live_states(city_ids, cycle.year)
    at = cycle.closed_at
    without = list(cycle.snapshots.exclude(data__has_key="publications"))
    current = current_publications(city_ids + [s.city_id for s in without], cycle.year, at=at)
    for snapshot in without:
        snapshot.data["publications"] = current[snapshot.city_id]
    Snapshot.objects.bulk_update(without, ["data"])
    previous = _unfrozen_previous(city_ids, cycle.year)
    created = Snapshot.objects.bulk_create(
        Snapshot(
            cycle=cycle,
            city_id=pk,
            data={**states[pk], "publications": current[pk], **previous.get(pk, {})},
        )
        for pk in city_ids
    )
    return len(created)


def _unfrozen_previous(city_ids, year: int) -> dict[int, dict]:
    """The year before as it stands at the close, for the cities it was not frozen for: what
    changed in the closed year is measured against it (`review.selectors.years_states`)."""
    frozen = set(
        Snapshot.objects.filter(
            cycle__year=year - 1, cycle__status=CycleStatus.CLOSED, city__in=city_ids
        ).values_list("city_id", flat=True)
    )
    missing = [pk for pk in city_ids if pk not in frozen]
    if not missing:
        return {}
    return {pk: {"previous": state} for pk, state in live_states(missing, year - 1).items()}


def snapshot_amend(
    *, snapshot: Snapshot, actor, project_key: str, field: str, value, reason: str
) -> Amendment:
    """Correct one figure of a closed year's snapshot; the amendment records before, after, who
    and why."""
    require(policy.can_amend_snapshot(actor))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the closed year's figure is corrected.")})
    if field not in AMENDABLE:
        raise ValidationError({"field": _("This figure cannot be amended.")})
    with transaction.atomic():
        current = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        project = current.data["projects"].get(str(project_key))
        if project is None:
            raise ValidationError({"project_key": _("This project is not in the snapshot.")})
        before = project.get(field)
        project[field] = value
        current.save(update_fields=["data"])
        return Amendment.objects.create(
            snapshot=current,
            project_key=str(project_key),
            field=field,
            before=before,
            after=value,
            reason=reason.strip(),
            actor=actor,
        )


def snapshot_repoint(
    *, snapshot: Snapshot, actor, publication: PlanPublication, reason: str
) -> Amendment:
    """Make a closed year's figures read another publication of one of the city's plans (e.g. a
    revision that corrects what was approved): the amendment records the publication before and
    after (`field` "publication", `project_key` "plan:ID"), who and why."""
    require(policy.can_amend_snapshot(actor))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the closed year's figure is corrected.")})
    with transaction.atomic():
        current = Snapshot.objects.select_for_update().select_related("cycle").get(pk=snapshot.pk)
        year = current.cycle.year
        plan = publication.plan
        if plan.city_id != current.city_id or not (
            plan.period.start_year <= year <= plan.period.end_year
        ):
            raise ValidationError(
                {"publication": _("This publication is not of the city's plan for that year.")}
            )
        frozen = current.data.setdefault("publications", {})
        before = frozen.get(str(plan.pk))
        frozen[str(plan.pk)] = publication.pk
        current.save(update_fields=["data"])
        return Amendment.objects.create(
            snapshot=current,
            project_key=f"plan:{plan.pk}",
            field="publication",
            before=before,
            after=publication.pk,
            reason=reason.strip(),
            actor=actor,
        )
