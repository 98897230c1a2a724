"""Pages of time (issue 14 point 9): ASEC's reporting cycles (open, close, deadline, per-city
table, reopen), a city's report of the year, the national representative's view of their cities'
submissions (the same cycle page, scoped by the policy), plan periods with their close-outs, and
the ASCAP structure. Thin: scope (404), policy (403), service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from action_plans import calendar
from action_plans import selectors_time as selectors
from action_plans.forms import WorkflowForm, add_service_errors
from action_plans.forms_time import (
    AscapItemForm,
    CloseForm,
    CycleDatesForm,
    CycleForm,
    ReasonForm,
    SubmissionFilterForm,
)
from action_plans.models import AscapItem, PeriodCloseOut, PlanPeriod, ReportingCycle
from action_plans.services import ascap, cycles, periods
from action_plans.views.plans import posted
from core import policy
from core.pages import allow

# --- Reporting cycles ----------------------------------------------------------------------------


def cycle_list(request):
    """Every cycle with its counts; ASEC creates the next one here."""
    form = CycleForm(posted(request)) if policy.can_manage_cycles(request.user) else None
    if request.method == "POST":
        allow(request, form is not None)
        if form.is_valid():
            try:
                cycle = cycles.cycle_create(actor=request.user, **form.data_for_service())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The %(year)s cycle was created.") % {"year": cycle.year}
                )
                return redirect("action_plans:cycle", year=cycle.year)
    context = {"cycles": selectors.cycles_with_counts(), "form": form}
    return render(request, "action_plans/time/cycle_list.html", context)


@login_required
@require_safe
def cycle_detail(request, year):
    cycle = get_object_or_404(ReportingCycle, year=year)
    return render(request, "action_plans/time/cycle.html", _cycle_context(request, cycle))


def _cycle_context(request, cycle, **forms) -> dict:
    filters = SubmissionFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    asec = policy.can_manage_cycles(request.user)
    return {
        "cycle": cycle,
        "filters": filters,
        "submissions": selectors.cycle_submissions(request.user, cycle, **chosen),
        "can_manage": asec,
        "dates_form": forms.get("dates_form") or (CycleDatesForm(instance=cycle) if asec else None),
        "close_form": forms.get("close_form"),
        "waiting": forms.get("waiting"),
        "reason_form": ReasonForm(),
    }


def _manageable_cycle(request, year) -> ReportingCycle:
    cycle = get_object_or_404(ReportingCycle, year=year)
    allow(request, policy.can_manage_cycles(request.user))
    return cycle


@login_required
@require_POST
def cycle_dates(request, year):
    cycle = _manageable_cycle(request, year)
    form = CycleDatesForm(request.POST, instance=ReportingCycle.objects.get(pk=cycle.pk))
    if form.is_valid():
        try:
            cycles.cycle_update(cycle=cycle, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dates of the cycle were saved."))
            return redirect("action_plans:cycle", year=year)
    context = _cycle_context(request, cycle, dates_form=form)
    return render(request, "action_plans/time/cycle.html", context, status=400)


@login_required
@require_POST
def cycle_open(request, year):
    cycle = _manageable_cycle(request, year)
    try:
        cycles.cycle_open(cycle=cycle, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The %(year)s cycle is open.") % {"year": year})
    return redirect("action_plans:cycle", year=year)


@login_required
@require_POST
def cycle_close(request, year):
    """Closing with submissions still open shows them and asks for a confirmation first."""
    cycle = _manageable_cycle(request, year)
    form = CloseForm(request.POST)
    confirm = form.is_valid() and form.cleaned_data["confirm"]
    try:
        cycles.cycle_close(cycle=cycle, actor=request.user, confirm=confirm)
    except cycles.OpenSubmissions as waiting:
        context = _cycle_context(
            request, cycle, close_form=CloseForm(), waiting=waiting.submissions
        )
        return render(request, "action_plans/time/cycle.html", context)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The %(year)s cycle is closed.") % {"year": year})
    return redirect("action_plans:cycle", year=year)


# --- Submissions ---------------------------------------------------------------------------------

STEPS = {
    "submit": (
        cycles.submission_submit,
        policy.can_submit_report,
        _lazy("The report was submitted."),
    ),
    "accept": (
        cycles.submission_accept,
        policy.can_review_submission,
        _("The report was accepted."),
    ),
    "return": (
        cycles.submission_return,
        policy.can_review_submission,
        _("The report was returned."),
    ),
}


@login_required
@require_POST
def submission_step(request, pk, step):
    submission = get_object_or_404(policy.visible_submissions(request.user), pk=pk)
    service, allowed, done = STEPS[step]
    allow(request, allowed(request.user, submission))
    form = WorkflowForm(request.POST, comment_required=step == "return")
    if not form.is_valid():
        messages.error(request, _("Say what the city should change."))
    else:
        try:
            service(submission=submission, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect(request.POST.get("next") or _back(request.user, submission))


def _back(user, submission) -> str:
    if policy.has_city_role(user):
        return reverse("action_plans:my_report") + f"?year={submission.cycle.year}"
    return reverse("action_plans:cycle", args=[submission.cycle.year])


@login_required
@require_POST
def submission_reopen(request, pk):
    submission = get_object_or_404(policy.visible_submissions(request.user), pk=pk)
    allow(request, policy.can_reopen_submission(request.user, submission))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening."))
    else:
        try:
            cycles.submission_reopen(
                submission=submission, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(city)s may report again.") % {"city": submission.city.name}
            )
    return redirect("action_plans:cycle", year=submission.cycle.year)


@login_required
@require_safe
def my_report(request):
    """The city's report of the year (the open cycle's by default): what is missing, submit."""
    allow(request, policy.has_city_role(request.user))
    year = _year(request.GET.get("year"))
    cycle = ReportingCycle.objects.filter(year=year).first()
    city = request.user.city
    context = {"year": year, "cycle": cycle, "city": city, "form": WorkflowForm()}
    if cycle:
        context.update(selectors.city_report(city=city, cycle=cycle))
        submission = context["submission"]
        context["can_submit"] = submission and policy.can_submit_report(request.user, submission)
        context["locked"] = submission and cycles.report_locked(submission)
    return render(request, "action_plans/time/my_report.html", context)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return calendar.reporting_year()
    return year if 1900 <= year <= 2100 else calendar.reporting_year()


# --- Plan periods --------------------------------------------------------------------------------


@require_safe
def period_list(request):
    return render(
        request,
        "action_plans/time/periods.html",
        {"periods": PlanPeriod.objects.annotate_plans(), "can_start": _can_start(request)},
    )


def _can_start(request) -> bool:
    return policy.can_manage_periods(request.user)


@require_safe
def period_detail(request, code):
    period = get_object_or_404(PlanPeriod, code=code)
    context = {
        "period": period,
        "close_outs": selectors.close_outs(request.user, period),
        "can_start": _can_start(request) and period.started_at is None,
    }
    return render(request, "action_plans/time/period.html", context)


@login_required
@require_POST
def period_start(request, code):
    period = get_object_or_404(PlanPeriod, code=code)
    allow(request, policy.can_manage_periods(request.user))
    try:
        result = periods.period_start(period=period, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(plans)s draft plans were created and %(projects)s projects carried over.")
            % {"plans": result.plans_created, "projects": result.projects_carried},
        )
    return redirect("action_plans:period", code=code)


@login_required
@require_safe
def close_out(request, pk):
    scope = PeriodCloseOut.objects.filter(policy.drafts_visible(request.user, "city"))
    item = get_object_or_404(scope.select_related("city", "period", "plan"), pk=pk)
    return render(request, "action_plans/time/close_out.html", {"close_out": item})


# --- ASCAP ---------------------------------------------------------------------------------------


def ascap_page(request):
    """The structure for everyone; ASEC adds goals and actions here."""
    can_edit = policy.can_edit_ascap(request.user)
    form = AscapItemForm(posted(request)) if can_edit else None
    if request.method == "POST":
        allow(request, form is not None)
        if form.is_valid():
            try:
                ascap.ascap_item_create(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The ASCAP item was added."))
                return redirect("action_plans:ascap")
    context = {"items": selectors.ascap_structure(), "form": form, "can_edit": can_edit}
    return render(request, "action_plans/time/ascap.html", context)


@login_required
def ascap_edit(request, pk):
    item = get_object_or_404(AscapItem, pk=pk)
    allow(request, policy.can_edit_ascap(request.user))
    form = AscapItemForm(posted(request), instance=AscapItem.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            ascap.ascap_item_update(item=item, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ASCAP item was saved."))
            return redirect("action_plans:ascap")
    return render(request, "action_plans/time/ascap_edit.html", {"form": form, "item": item})
