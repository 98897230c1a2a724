"""Project pages and the editor's project, milestone and indicator forms, progress updates and
evidence downloads. Same shape as `views.py`: scope (404), policy (403), service, render."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from action_plans import selectors, services
from action_plans.forms import (
    FundingFormSet,
    IndicatorEditForm,
    IndicatorForm,
    MilestoneEditForm,
    MilestoneForm,
    MoveForm,
    ProgressUpdateForm,
    ProjectEditForm,
    ProjectForm,
    VersionOnlyForm,
)
from action_plans.models import Indicator, Milestone, Project, public_id_is
from action_plans.views.plans import handle_form, posted, posted_files, visible_plan
from core import policy
from core.api.tokens import accepts_api_token
from core.concurrency import VersionConflict
from core.pages import allow
from core.uploads import attachment_response
from learning.selectors import project_learning


def visible_project(request, pk) -> Project:
    return get_object_or_404(
        policy.visible_projects(request.user).select_related("plan__city__country", "plan__period"),
        public_id_is(pk),
    )


def _editor_url(project) -> str:
    return reverse("action_plans:edit", args=[project.plan_id]) + f"#project-{project.pk}"


def _project_edit_url(project) -> str:
    return reverse("action_plans:project_edit", args=[project.pk])


@require_safe
def project_detail(request, pk):
    project = visible_project(request, pk)
    plan = project.plan
    if policy.can_see_drafts(request.user, plan):
        context = selectors.project_page(project=project)
        context["actions"] = {
            "edit": policy.can_edit_project(request.user, project),
            "progress": policy.can_submit_progress(request.user, project),
        }
        context["reporting_years"] = list(reversed(services.reporting_years(plan)))
        context.update(_learning(request, project))
        context.update(selectors.lineage(request.user, project.public_id))
        return render(request, "action_plans/project_detail.html", context)
    published = selectors.published_project(plan, project.public_id)
    if published is None:
        raise Http404
    context = {"plan": plan, "project": published, **_learning(request, project)}
    context.update(selectors.lineage(request.user, project.public_id))
    return render(request, "action_plans/project_published.html", context)


def _learning(request, project) -> dict:
    """Case studies and peers (issue 18), from the rows the reader may see."""
    return {**project_learning(request.user, project), "project_id": project.public_id}


@login_required
def project_create(request, pk):
    plan = visible_plan(request, pk)
    allow(request, policy.can_edit_plan(request.user, plan))
    form = ProjectForm(posted(request), instance=Project(plan=plan))
    return handle_form(
        request,
        form=form,
        save=lambda form: services.project_create(
            plan=plan, actor=request.user, data=form.data_for_service()
        ),
        success_url=_project_edit_url,
        success_message=_("The project was added. You can now add milestones and indicators."),
        template="action_plans/project_form.html",
        context={"plan": plan, "project": None},
    )


@login_required
def project_edit(request, pk):
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    form = ProjectEditForm(
        posted(request), instance=copy.copy(project), initial={"version": project.version}
    )
    return handle_form(
        request,
        form=form,
        save=lambda form: services.project_update(
            project=project,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        ),
        success_url=request.path,
        success_message=_("The project was saved."),
        template="action_plans/project_form.html",
        context={"plan": project.plan, "project": project, **selectors.project_for_edit(project)},
    )


def _confirm_delete(request, *, obj, kind, delete, back_url, done_url):
    error = None
    if request.method == "POST":
        try:
            delete()
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("%(kind)s deleted.") % {"kind": kind})
            return redirect(done_url)
    return render(
        request,
        "action_plans/confirm_delete.html",
        {"object": obj, "kind": kind, "back_url": back_url, "error": error},
        status=400 if error else 200,
    )


@login_required
def project_delete(request, pk):
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    return _confirm_delete(
        request,
        obj=project,
        kind=_("Project"),
        delete=lambda: services.project_delete(project=project, actor=request.user),
        back_url=_project_edit_url(project),
        done_url=reverse("action_plans:edit", args=[project.plan_id]),
    )


@login_required
@require_POST
def project_move(request, pk):
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to move the project up or down."))
        return redirect(_editor_url(project))
    services.project_move(
        project=project, actor=request.user, direction=form.cleaned_data["direction"]
    )
    return redirect(_editor_url(project))


# --- Milestones -------------------------------------------------------------------------------


def _visible_milestone(request, pk) -> Milestone:
    return get_object_or_404(
        policy.visible_milestones(request.user).select_related("project__plan__city__country"),
        public_id_is(pk),
    )


@login_required
def milestone_create(request, pk):
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    return handle_form(
        request,
        form=MilestoneForm(posted(request), instance=Milestone(project=project)),
        save=lambda form: services.milestone_create(
            project=project, actor=request.user, data=form.data_for_service()
        ),
        success_url=_project_edit_url(project),
        success_message=_("The milestone was added."),
        template="action_plans/milestone_form.html",
        context={"project": project, "milestone": None},
    )


@login_required
def milestone_edit(request, pk):
    milestone = _visible_milestone(request, pk)
    allow(request, policy.can_edit_project(request.user, milestone.project))
    form = MilestoneEditForm(
        posted(request), instance=copy.copy(milestone), initial={"version": milestone.version}
    )
    return handle_form(
        request,
        form=form,
        save=lambda form: services.milestone_update(
            milestone=milestone,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        ),
        success_url=_project_edit_url(milestone.project),
        success_message=_("The milestone was saved."),
        template="action_plans/milestone_form.html",
        context={"project": milestone.project, "milestone": milestone},
    )


@login_required
def milestone_delete(request, pk):
    milestone = _visible_milestone(request, pk)
    allow(request, policy.can_edit_project(request.user, milestone.project))
    return _confirm_delete(
        request,
        obj=milestone,
        kind=_("Milestone"),
        delete=lambda: services.milestone_delete(milestone=milestone, actor=request.user),
        back_url=_project_edit_url(milestone.project),
        done_url=_project_edit_url(milestone.project),
    )


# --- Indicators -------------------------------------------------------------------------------


def _visible_indicator(request, pk) -> Indicator:
    return get_object_or_404(
        policy.visible_indicators(request.user)
        .select_related("project__plan__city__country")
        .prefetch_related("values", Prefetch("values__parts", queryset=selectors.PARTS)),
        public_id_is(pk),
    )


def _part_initial(indicator) -> list[dict]:
    return [
        {"year": value.year, "gesi_group": p.gesi_group_id, "sex": p.sex, "value": p.value}
        for value in indicator.values.all()
        for p in value.parts.all()
    ]


def _known_parts(indicator) -> dict[int, set]:
    return {
        value.year: {(p.gesi_group_id, p.sex, p.value) for p in value.parts.all()}
        for value in indicator.values.all()
    }


def _split_keys(parts: list[dict]) -> set:
    return {(p["gesi_group"] and p["gesi_group"].pk, p["sex"], p["value"]) for p in parts}


def _save_indicator_values(indicator, actor, form, known: dict, known_parts: dict) -> None:
    """Write each year whose value or split changed; a split not posted stays as it is."""
    parts = form.yearly_parts()
    for year, value in form.yearly_values().items():
        split = None if parts is None else parts[year]
        if split is not None and _split_keys(split) == known_parts.get(year, set()):
            split = None
        if value != known.get(year) or split is not None:
            services.indicator_value_set(
                indicator=indicator, actor=actor, year=year, value=value, parts=split
            )


@login_required
def indicator_create(request, pk):
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    form = IndicatorForm(
        posted(request),
        instance=Indicator(project=project),
        years=services.value_years(project.plan),
    )

    @transaction.atomic
    def save(form):
        indicator = services.indicator_create(
            project=project, actor=request.user, data=form.data_for_service()
        )
        _save_indicator_values(indicator, request.user, form, {}, {})
        return indicator

    return handle_form(
        request,
        form=form,
        save=save,
        success_url=_project_edit_url(project),
        success_message=_("The indicator was added."),
        template="action_plans/indicator_form.html",
        context={"project": project, "indicator": None},
    )


@login_required
def indicator_edit(request, pk):
    indicator = _visible_indicator(request, pk)
    project = indicator.project
    allow(request, policy.can_edit_project(request.user, project))
    known = {value.year: value.value for value in indicator.values.all()}
    form = IndicatorEditForm(
        posted(request),
        instance=copy.copy(indicator),
        initial={"version": indicator.version},
        years=services.value_years(project.plan),
        values=known,
        parts=_part_initial(indicator),
    )
    known_parts = _known_parts(indicator)

    @transaction.atomic
    def save(form):
        services.indicator_update(
            indicator=indicator,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        )
        _save_indicator_values(indicator, request.user, form, known, known_parts)

    return handle_form(
        request,
        form=form,
        save=save,
        success_url=_project_edit_url(project),
        success_message=_("The indicator was saved."),
        template="action_plans/indicator_form.html",
        context={"project": project, "indicator": indicator},
    )


@login_required
def indicator_delete(request, pk):
    indicator = _visible_indicator(request, pk)
    allow(request, policy.can_edit_project(request.user, indicator.project))
    return _confirm_delete(
        request,
        obj=indicator,
        kind=_("Indicator"),
        delete=lambda: services.indicator_delete(indicator=indicator, actor=request.user),
        back_url=_project_edit_url(indicator.project),
        done_url=_project_edit_url(indicator.project),
    )


# --- Progress updates and evidence --------------------------------------------------------------


def _progress_form(request, project, year):
    current = project.updates.prefetch_related("evidence").filter(year=year).first()
    if current:
        initial, instance = {"version": current.version}, copy.copy(current)
        previous = None
    else:
        previous = selectors.previous_update(project=project, year=year)
        initial, instance = _prefill(previous), None
    form = ProgressUpdateForm(
        posted(request), posted_files(request), instance=instance, initial=initial
    )
    return form, current, previous


def _prefill(previous) -> dict:
    if previous is None:
        return {}
    fields = ("percent_complete", "status", "narrative", "challenges", "support_needed")
    return {name: getattr(previous, name) for name in fields}


def _to_next_phase(project, year):
    """A year after the project's period is reported on its next phase, if it has one."""
    later = Project.objects.filter(
        predecessor=project.pk, plan__period__start_year__lte=year, plan__period__end_year__gte=year
    ).first()
    if later is None:
        raise Http404
    return redirect("action_plans:progress", pk=later.pk, year=year)


@login_required
def progress_edit(request, pk, year):
    project = visible_project(request, pk)
    allow(request, policy.can_submit_progress(request.user, project))
    if year not in services.reporting_years(project.plan):
        return _to_next_phase(project, year)
    form, current, previous = _progress_form(request, project, year)

    @transaction.atomic
    def save(form):
        update = services.progress_update_save(
            project=project,
            actor=request.user,
            year=year,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        )
        if form.cleaned_data.get("evidence"):
            services.evidence_add(
                update=update, actor=request.user, upload=form.cleaned_data["evidence"]
            )
        return update

    return handle_form(
        request,
        form=form,
        save=save,
        success_url=request.path,
        success_message=_("The %(year)s progress update was saved.") % {"year": year},
        template="action_plans/progress_form.html",
        context={"project": project, "year": year, "current": current, "previous": previous},
    )


@accepts_api_token
@login_required
@require_safe
def evidence_download(request, pk):
    evidence = get_object_or_404(policy.visible_evidence(request.user), pk=pk)
    return attachment_response(evidence.file, evidence.original_name)


def _funding_items(formset) -> list[dict]:
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _save_funding(request, project, formset, version) -> bool:
    try:
        services.project_update(
            project=project,
            actor=request.user,
            data={"funding_sources": _funding_items(formset)},
            version=version.cleaned_data["version"],
        )
    except ValidationError as error:
        for text in error.messages:
            version.add_error(None, text)
        return False
    return True


@login_required
def project_funding(request, pk):
    """The project's funding sources, saved together with the project's version."""
    project = visible_project(request, pk)
    allow(request, policy.can_edit_project(request.user, project))
    initial = selectors.funding_initial(project)
    formset = FundingFormSet(posted(request), initial=initial, prefix="funding")
    version = VersionOnlyForm(posted(request), initial={"version": project.version})
    status = 200
    if request.method == "POST" and formset.is_valid() and version.is_valid():
        try:
            if _save_funding(request, project, formset, version):
                messages.success(request, _("The funding sources were saved."))
                return redirect(request.path)
        except VersionConflict:
            version.add_error(None, _("Someone else changed this project; reload and retry."))
            status = 409
    context = {"plan": project.plan, "project": project, "formset": formset, "form": version}
    context.update(selectors.funding_summary(project))
    return render(request, "action_plans/project_funding.html", context, status=status)
