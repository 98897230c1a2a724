"""Action plans and their content: who sees the working copy or the published layer of a
plan, its projects, milestones, indicators, progress and evidence; who edits, submits, endorses,
returns, publishes and imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from action_plans.models import (
    ActionPlan,
    Evidence,
    Indicator,
    Layer,
    Milestone,
    PlanStatus,
    ProgressUpdate,
    Project,
)
from core.policy.roles import (
    has_city_role,
    has_national_rep_role,
    is_asec,
    is_city_user,
    is_csco_of,
    is_national_rep_of,
)

if TYPE_CHECKING:
    from accounts.models import User


def drafts_visible(user: User, city_field: str) -> Q:
    """The rows (plans or their children, through `city_field`) whose working copy the user may
    see: their own city's, their country's, everything for ASEC, nothing for anybody else."""
    if is_asec(user):
        # Not Q(): OR-ed with an empty Q, the published filter would stand alone.
        return Q(pk__isnull=False)
    if has_city_role(user):
        return Q(**{city_field: user.city_id})
    if has_national_rep_role(user):
        return Q(**{f"{city_field}__country": user.country_id})
    return Q(pk__in=[])


def sees_any_drafts(user: User) -> bool:
    """Whether `drafts_visible` gives the user any working copy at all (a city's people, a
    country's representatives, ASEC); everybody else reads the published layer only."""
    return is_asec(user) or has_city_role(user) or has_national_rep_role(user)


def visible_plans(user: User) -> QuerySet:
    """Published plans for everyone; drafts too for their city, country and ASEC."""
    published = ActionPlan.objects.published()
    if not sees_any_drafts(user):
        return published  # the same rows without OR-ing an empty filter (issue 21)
    return published | ActionPlan.objects.filter(drafts_visible(user, "city"))


def _layer_for(user: User, plan_path: str, layer_field: str) -> Q:
    """Published means approved: the working copy of the plans the user may see drafts of, the
    published layer of every other plan. Filters, counts and exports run on these rows."""
    if not sees_any_drafts(user):
        return Q(**{layer_field: Layer.PUBLISHED})  # the same, cheaper to build (issue 21)
    drafts = drafts_visible(user, f"{plan_path}__city")
    return (Q(**{layer_field: Layer.WORKING}) & drafts) | (
        Q(**{layer_field: Layer.PUBLISHED}) & ~drafts
    )


def visible_projects(user: User) -> QuerySet:
    """Each project once, as the user may read it (see `_layer_for`)."""
    return Project.layers.filter(_layer_for(user, "plan", "layer"))


def visible_project_ids(user: User) -> QuerySet:
    """The working ids of the projects the user sees (what other tables, such as partnerships
    and opportunities, point at)."""
    return visible_projects(user).values(working_id=Coalesce("origin", "pk"))


def public_projects() -> QuerySet:
    """What everybody may read of every plan: the published layer."""
    return Project.layers.published()


def published_origins() -> QuerySet:
    """Ids of the working projects that their plan's latest publication contains."""
    return Project.layers.published().values("origin")


def can_see_drafts(user: User, plan) -> bool:
    """Whether the user sees the working copy of a plan, not only its published version."""
    return (
        is_asec(user)
        or is_city_user(user, plan.city_id)
        or is_national_rep_of(user, plan.city.country_id)
    )


def can_see_city_drafts(user: User, city) -> bool:
    """`can_see_drafts` for every plan of a city, asked of the city (a list of cities reads their
    latest plan's status, not the plan)."""
    return is_asec(user) or is_city_user(user, city.pk) or is_national_rep_of(user, city.country_id)


def can_edit_plan(user: User, plan) -> bool:
    """City users edit their own plan while it is a draft, or start a revision once published."""
    return is_city_user(user, plan.city_id) and plan.status in (
        PlanStatus.DRAFT,
        PlanStatus.PUBLISHED,
    )


def can_edit_project(user: User, project) -> bool:
    """Only the working copy is ever edited; published rows are a copy of a publication."""
    return project.is_working_copy and can_edit_plan(user, project.plan)


def can_submit_progress(user: User, project) -> bool:
    """Yearly progress updates do not wait for the plan workflow."""
    return project.is_working_copy and is_city_user(user, project.plan.city_id)


def can_submit_plan(user: User, plan) -> bool:
    return is_csco_of(user, plan.city_id) and plan.status == PlanStatus.DRAFT


def can_endorse_plan(user: User, plan) -> bool:
    return is_national_rep_of(user, plan.city.country_id) and plan.status == PlanStatus.SUBMITTED


def can_return_plan(user: User, plan) -> bool:
    if plan.status == PlanStatus.SUBMITTED:
        return is_national_rep_of(user, plan.city.country_id) or is_asec(user)
    return plan.status == PlanStatus.ENDORSED and is_asec(user)


def can_publish_plan(user: User, plan) -> bool:
    return is_asec(user) and plan.status == PlanStatus.ENDORSED


def can_view_history(user: User, plan) -> bool:
    return can_see_drafts(user, plan)


def visible_milestones(user: User) -> QuerySet:
    """Milestones of the projects the user reads, in the same layer."""
    return Milestone.objects.filter(_layer_for(user, "project__plan", "project__layer"))


def visible_indicators(user: User) -> QuerySet:
    return Indicator.objects.filter(_layer_for(user, "project__plan", "project__layer"))


def visible_progress_updates(user: User) -> QuerySet:
    """Updates belong to working projects. Those of a project that its plan's latest publication
    contains are public once saved (`public`, kept by the services that write updates and
    publications); those of a project only in the working copy are not."""
    return ProgressUpdate.objects.filter(
        drafts_visible(user, "project__plan__city") | Q(public=True)
    )


def visible_evidence(user: User) -> QuerySet:
    """Evidence files are working material: only the city, its country's reps and ASEC."""
    return Evidence.objects.filter(drafts_visible(user, "update__project__plan__city"))


def editable_plans(user: User) -> QuerySet:
    if not has_city_role(user):
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(
        city=user.city_id, status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED]
    )


def review_queue(user: User) -> QuerySet:
    """Plans waiting for this reviewer: a rep's country's submitted plans; for ASEC the endorsed
    ones to publish and the submitted ones it may return."""
    if is_asec(user):
        return ActionPlan.objects.filter(status__in=[PlanStatus.SUBMITTED, PlanStatus.ENDORSED])
    if has_national_rep_role(user):
        return ActionPlan.objects.filter(status=PlanStatus.SUBMITTED, city__country=user.country_id)
    return ActionPlan.objects.none()


def can_see_city_overview(user: User) -> bool:
    """The "my city" page: which projects of the user's own city still need this year's update."""
    return has_city_role(user)


def can_import_projects(user: User, city=None) -> bool:
    """ASEC imports for any city; a city user only into their own city."""
    if is_asec(user):
        return True
    return city is not None and is_city_user(user, city.pk)


def can_import_into_plan(user: User, plan) -> bool:
    """ASEC corrects any plan from the M&E lists; a city user imports only as they may edit."""
    return is_asec(user) or can_edit_plan(user, plan)


def can_import_into(user: User, city, plan=None) -> bool:
    """Whether a project file may write `city`'s projects into its `plan` (None: the plan the
    import creates for the city). ASEC and the city's own users as `can_import_projects` and
    `can_import_into_plan` say. The system user, which the command line acts as, may import into
    every plan: whoever runs `manage.py` on the server already holds the database, so refusing
    them protects nothing; naming them as the system in the history is what matters."""
    if getattr(user, "is_system", False):
        return True
    return can_import_projects(user, city) and (plan is None or can_import_into_plan(user, plan))
