"""Writes on a plan itself: its text and its workflow (draft → submitted → endorsed → published)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans import selectors
from action_plans.models import ActionPlan, PlanPublication, PlanStatus, PlanTransition
from action_plans.services import notifications
from action_plans.services._common import (
    by_actor,
    lock_plan,
    only_fields,
    require,
    revision_changes,
    validated,
)
from action_plans.services.publication import publications_materialize
from core import policy
from core.concurrency import VersionConflict, update_versioned

PLAN_FIELDS = ("vision", "strategic_targets")


def plan_update(*, plan: ActionPlan, actor, data: dict, version: int) -> ActionPlan:
    """Change the vision and strategic targets; a published plan becomes a new draft revision."""
    only_fields(data, PLAN_FIELDS)
    with transaction.atomic():
        current = lock_plan(plan.pk)
        require(policy.can_edit_plan(actor, current))
        if current.version != version:
            raise VersionConflict(current, expected_version=version)
        validated(current, data)
        changes = {**data, **by_actor(actor), **revision_changes(current, actor)}
        return update_versioned(current, expected_version=version, changes=changes)


def _transition(plan, *, actor, action, to_status, comment, allowed, check=None) -> ActionPlan:
    with transaction.atomic():
        current = lock_plan(plan.pk)
        require(allowed(actor, current))
        if check:
            check(current)
        step = PlanTransition.objects.create(
            plan=current,
            action=action,
            from_status=current.status,
            to_status=to_status,
            actor=actor,
            comment=comment,
        )
        changed = update_versioned(
            current,
            expected_version=None,
            changes={"status": to_status, **by_actor(actor, step.get_action_display())},
        )
        if to_status == PlanStatus.PUBLISHED:
            _publish_snapshot(changed, actor)
        notifications.plan_transition_notify(step)
    return changed


def _has_vision(plan: ActionPlan) -> None:
    if not plan.vision.strip():
        raise ValidationError({"vision": _("Write the plan's vision before submitting it.")})


def _has_comment(comment: str) -> None:
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the city should change.")})


def plan_submit(*, plan: ActionPlan, actor, comment: str = "") -> ActionPlan:
    """The city's CSCO sends the draft to the national representative for endorsement."""
    return _transition(
        plan,
        actor=actor,
        action=PlanTransition.Action.SUBMIT,
        to_status=PlanStatus.SUBMITTED,
        comment=comment,
        allowed=policy.can_submit_plan,
        check=_has_vision,
    )


def plan_endorse(*, plan: ActionPlan, actor, comment: str = "") -> ActionPlan:
    return _transition(
        plan,
        actor=actor,
        action=PlanTransition.Action.ENDORSE,
        to_status=PlanStatus.ENDORSED,
        comment=comment,
        allowed=policy.can_endorse_plan,
    )


def plan_return(*, plan: ActionPlan, actor, comment: str) -> ActionPlan:
    """Any reviewer sends the plan back to its city as a draft, saying what to change."""
    return _transition(
        plan,
        actor=actor,
        action=PlanTransition.Action.RETURN,
        to_status=PlanStatus.DRAFT,
        comment=(comment or "").strip(),
        allowed=policy.can_return_plan,
        check=lambda _plan: _has_comment(comment),
    )


def plan_publish(*, plan: ActionPlan, actor, comment: str = "") -> ActionPlan:
    """ASEC publishes an endorsed plan: the public sees a snapshot of this revision from now."""
    return _transition(
        plan,
        actor=actor,
        action=PlanTransition.Action.PUBLISH,
        to_status=PlanStatus.PUBLISHED,
        comment=comment,
        allowed=policy.can_publish_plan,
    )


def _publish_snapshot(plan: ActionPlan, actor) -> PlanPublication:
    publication = PlanPublication.objects.create(
        plan=plan,
        revision=plan.revision,
        published_by=actor,
        snapshot=selectors.plan_snapshot(plan),
    )
    publications_materialize([publication])
    return publication
