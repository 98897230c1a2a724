"""Every write on action plans (STYLE.md: services). Web views and the API call these; each asks
`core.policy` and raises PermissionDenied, ValidationError or VersionConflict."""

from action_plans.services.catalogue import catalogue_entries_retire
from action_plans.services.plans import (
    plan_endorse,
    plan_publish,
    plan_return,
    plan_submit,
    plan_update,
)
from action_plans.services.progress import evidence_add, progress_update_save, reporting_years
from action_plans.services.projects import (
    indicator_create,
    indicator_delete,
    indicator_update,
    indicator_value_set,
    milestone_create,
    milestone_delete,
    milestone_update,
    project_create,
    project_delete,
    project_move,
    project_update,
    value_years,
)

__all__ = [
    "catalogue_entries_retire",
    "evidence_add",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "indicator_value_set",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "plan_endorse",
    "plan_publish",
    "plan_return",
    "plan_submit",
    "plan_update",
    "progress_update_save",
    "project_create",
    "project_delete",
    "project_move",
    "project_update",
    "reporting_years",
    "value_years",
]
