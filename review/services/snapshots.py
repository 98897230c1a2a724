"""Frozen yearly snapshots: when a cycle closes, what each member city reported is frozen; a
correction afterwards is an amendment with its reason, never a silent change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans.models import ReportingCycle
from core import policy
from review.models import Amendment, Snapshot
from review.selectors import live_states
from review.services._common import require

AMENDABLE = ("stage", "end_year", "percent", "status", "narrative")


def snapshots_freeze(*, cycle: ReportingCycle) -> int:
    """A snapshot for each city with a submission in the cycle that has none yet (idempotent:
    a snapshot, once frozen, is never rewritten here)."""
    have = set(cycle.snapshots.values_list("city_id", flat=True))
    city_ids = [pk for pk in cycle.submissions.values_list("city_id", flat=True) if pk not in have]
    states = live_states(city_ids, cycle.year)
    created = Snapshot.objects.bulk_create(
        Snapshot(cycle=cycle, city_id=pk, data=states[pk]) for pk in city_ids
    )
    return len(created)


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
