"""Plan pages: the plan, its editor, history and workflow, the review queue and "my city".

Views are thin: find the object in the user's scope (404 outside), ask the policy (403), call a
service or a selector, render. Project pages are in `views_projects.py`.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from action_plans import selectors, services
from action_plans.forms import PlanForm, WorkflowForm, add_service_errors
from action_plans.history import M2M, plan_history
from core import policy
from core.concurrency import VersionConflict
from core.conflicts import conflict_context
from core.pages import allow
from learning.peers import city_peers

HISTORY_PAGE_SIZE = 50


def posted(request):
    """The submitted data, or None on GET: an empty POST is still a POST, and its form must say
    what is missing."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def visible_plan(request, pk):
    return get_object_or_404(
        policy.visible_plans(request.user).select_related("city__country", "period"), pk=pk
    )


WORKFLOW = {
    "submit": (services.plan_submit, gettext_lazy("The plan was submitted for endorsement.")),
    "endorse": (services.plan_endorse, gettext_lazy("The plan was endorsed.")),
    "return": (services.plan_return, gettext_lazy("The plan was returned to the city.")),
    "publish": (services.plan_publish, gettext_lazy("The plan was published.")),
}
WORKFLOW_LABELS = {
    "submit": gettext_lazy("Submit for endorsement"),
    "endorse": gettext_lazy("Endorse"),
    "return": gettext_lazy("Return to the city"),
    "publish": gettext_lazy("Publish"),
}
WORKFLOW_ALLOWED = {
    "submit": policy.can_submit_plan,
    "endorse": policy.can_endorse_plan,
    "return": policy.can_return_plan,
    "publish": policy.can_publish_plan,
}


def handle_form(request, *, form, save, success_url, success_message, template, context):
    """Validate, call the service; on refusal show the errors next to the fields, on a stale
    version the conflict page, in both cases with everything typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except VersionConflict as conflict:
            context = {**context, "form": form, **conflict_context(form, conflict, m2m=M2M)}
            return render(request, template, context, status=409)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form})


def _plan_page(request, plan, *, bound_step=None, bound_form=None) -> dict:
    """The plan page's context with one comment form per workflow step the user may take."""
    context = selectors.plan_page(plan=plan, user=request.user)
    context["period_plans"] = selectors.city_plans_by_period(request.user, plan.city_id)
    steps = [step for step in WORKFLOW if context.get("actions", {}).get(step)]
    context["workflow_forms"] = [
        (
            step,
            WORKFLOW_LABELS[step],
            bound_form
            if step == bound_step
            else WorkflowForm(auto_id=f"{step}_%s", comment_required=step == "return"),
        )
        for step in steps
    ]
    return context


@require_safe
def plan_detail(request, pk):
    plan = visible_plan(request, pk)
    return render(request, "action_plans/plan_detail.html", _plan_page(request, plan))


@login_required
def plan_edit(request, pk):
    plan = visible_plan(request, pk)
    allow(request, policy.can_edit_plan(request.user, plan))
    form = PlanForm(posted(request), instance=copy.copy(plan), initial={"version": plan.version})

    def save(form):
        services.plan_update(
            plan=plan,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        )

    context = {"plan": plan, "projects": selectors.editor_projects(plan)}
    return handle_form(
        request,
        form=form,
        save=save,
        success_url=request.path,
        success_message=_("The plan was saved."),
        template="action_plans/plan_edit.html",
        context=context,
    )


@login_required
@require_safe
def plan_history_view(request, pk):
    plan = visible_plan(request, pk)
    allow(request, policy.can_view_history(request.user, plan))
    page = Paginator(plan_history(plan), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "action_plans/plan_history.html", {"plan": plan, "page": page})


@login_required
@require_POST
def plan_transition(request, pk, step):
    plan = visible_plan(request, pk)
    allow(request, WORKFLOW_ALLOWED[step](request.user, plan))
    form = WorkflowForm(request.POST, auto_id=f"{step}_%s", comment_required=step == "return")
    service, done = WORKFLOW[step]
    if form.is_valid():
        try:
            service(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(plan.get_absolute_url())
    context = _plan_page(request, plan, bound_step=step, bound_form=form)
    return render(request, "action_plans/plan_detail.html", context, status=400)


@login_required
@require_safe
def review_queue(request):
    allow(request, policy.can_review(request.user))
    plans = selectors.review_queue(request.user)
    return render(request, "action_plans/review_queue.html", {"plans": plans})


@login_required
@require_safe
def my_city(request):
    allow(request, policy.can_see_city_overview(request.user))
    context = selectors.city_overview(request.user.city, period=request.GET.get("period"))
    context["city_peers"] = _city_peers(request)
    return render(request, "action_plans/my_city.html", context)


def _city_peers(request):
    """Peers for the city's projects (issue 18): what other cities did that it can learn from."""
    return city_peers(request.user, request.user.city)
