"""Helpers shared by the action-plan services: permission checks, data checks, revisions."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, PlanStatus
from core import policy
from core.concurrency import update_versioned


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def only_fields(data: dict, allowed: Iterable[str]) -> dict:
    """The data, refused if it names a field the service does not edit."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    return data


def validated(instance, changes: dict, *, exclude: Iterable[str] = (), check=None):
    """A copy of `instance` with `changes` applied, after `check` (the service's own rules, with
    messages for each field) and the model's checks (fields, unique and check constraints). The
    instance itself is left untouched."""
    candidate = copy.copy(instance)
    for name, value in changes.items():
        setattr(candidate, name, value)
    if check:
        check(candidate)
    candidate.full_clean(exclude=list(exclude))
    return candidate


def by_actor(actor, reason: str = "") -> dict:
    """Attributes that make django-simple-history record who made a change (and why), also when
    no request is around (API helpers, tasks, shell)."""
    extra = {"_history_user": actor}
    if reason:
        extra["_change_reason"] = reason
    return extra


def lock_plan(plan_id: int) -> ActionPlan:
    """The plan, locked until the end of the transaction so edits and workflow steps queue up."""
    return ActionPlan.objects.select_for_update(of=("self",)).select_related("city").get(pk=plan_id)


def revision_changes(plan: ActionPlan, actor) -> dict:
    """The changes that turn a published plan into a new draft revision (nothing otherwise): the
    public keeps seeing the last publication until the next one."""
    if plan.status != PlanStatus.PUBLISHED:
        return {}
    return {
        "status": PlanStatus.DRAFT,
        "revision": plan.revision + 1,
        **by_actor(actor, _("Revision %(number)s started") % {"number": plan.revision + 1}),
    }


def editable_plan(plan_id: int, actor) -> ActionPlan:
    """Lock the plan, check the actor may change its content, and open a new revision if it is
    published. Every write on a project, milestone or indicator goes through here."""
    return _opened_plan(plan_id, actor, policy.can_edit_plan)


def importable_plan(plan_id: int, actor) -> ActionPlan:
    """`editable_plan` for a project file, which ASEC and the system user may also import into
    (`policy.can_import_into`): the same lock, the same new revision of a published plan."""
    return _opened_plan(
        plan_id, actor, lambda user, plan: policy.can_import_into(user, plan.city, plan)
    )


def _opened_plan(plan_id: int, actor, allowed) -> ActionPlan:
    plan = lock_plan(plan_id)
    require(allowed(actor, plan))
    changes = revision_changes(plan, actor)
    if not changes:
        return plan
    return update_versioned(plan, expected_version=None, changes=changes)
