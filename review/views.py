"""Pages of the review (issue 15): a city answers a flag, a reviewer reads a city's report with
its flags and queries and opens a query, the thread page, and what changed since last year.
Thin: scope (404), policy (403), service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from action_plans.models import Submission
from core import policy
from core.pages import allow
from core.uploads import attachment_response
from review import selectors, services
from review.forms import FlagAnswerForm, QueryOpenForm, QueryReplyForm


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        form.add_error(name if name in form.fields else None, found)


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and safe else fallback


# --- Flags ---------------------------------------------------------------------------------------


def _visible_flag(request, pk):
    flags = selectors.flags_with_objects(policy.visible_flags(request.user))
    return get_object_or_404(flags, pk=pk)


def _flag_home(flag) -> str:
    if flag.update_id:
        return reverse("action_plans:progress", args=[flag.project_id, flag.year])
    return reverse("action_plans:indicator_edit", args=[flag.value.indicator_id])


@login_required
def flag_answer(request, pk):
    """The answer form of one flag; on the progress page it is inline, this page shows it again
    with what was typed when something is missing."""
    flag = _visible_flag(request, pk)
    allow(request, policy.can_answer_flag(request.user, flag))
    form = FlagAnswerForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    back = _next(request, _flag_home(flag))
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_answer(
                flag=flag,
                actor=request.user,
                text=form.cleaned_data["answer"],
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your answer to the flag was saved."))
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    context = {"flag": flag, "form": form, "back": back}
    return render(request, "review/flag_answer.html", context, status=status)


@login_required
@require_safe
def flag_file(request, pk):
    flag = _visible_flag(request, pk)
    if not flag.answer_file:
        raise Http404
    return attachment_response(flag.answer_file, flag.answer_file_name)


# --- A city's report under review ----------------------------------------------------------------


def _visible_submission(request, pk) -> Submission:
    scope = policy.visible_submissions(request.user).select_related("cycle", "city__country")
    return get_object_or_404(scope, pk=pk)


@login_required
@require_safe
def submission_review(request, pk):
    submission = _visible_submission(request, pk)
    return render(request, "review/submission.html", _review_context(request, submission))


def _review_context(request, submission, form=None) -> dict:
    found = selectors.report_under_review(submission)
    can_query = policy.can_query_city(request.user, submission.city)
    if can_query and form is None:
        form = QueryOpenForm(targets=found["targets"])
    return {**found, "submission": submission, "form": form if can_query else None}


@login_required
@require_POST
def query_open(request, pk):
    submission = _visible_submission(request, pk)
    allow(request, policy.can_query_city(request.user, submission.city))
    targets = selectors.report_under_review(submission)["targets"]
    form = QueryOpenForm(request.POST, targets=targets)
    if form.is_valid():
        try:
            query = services.query_open(actor=request.user, **form.data_for_service())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The query was sent to the city."))
            return redirect("review:query", pk=query.pk)
    context = _review_context(request, submission, form=form)
    return render(request, "review/submission.html", context, status=400)


# --- Query threads -------------------------------------------------------------------------------


def _visible_query(request, pk):
    queries = selectors.queries_with_objects(policy.visible_queries(request.user))
    return get_object_or_404(queries, pk=pk)


@login_required
def query_detail(request, pk):
    """The thread; whoever may write in it answers here."""
    query = _visible_query(request, pk)
    can_write = policy.can_write_in_query(request.user, query)
    form = QueryReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        allow(request, can_write)
        if form.is_valid():
            try:
                services.query_reply(
                    query=query, actor=request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your message was sent."))
                return redirect("review:query", pk=pk)
    context = {
        "query": query,
        "form": form if can_write and query.is_open else None,
        "can_resolve": query.is_open and policy.can_resolve_query(request.user, query),
        "submission": selectors.submission_of(query),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "review/query.html", context, status=status)


@login_required
@require_POST
def query_resolve(request, pk):
    query = _visible_query(request, pk)
    allow(request, policy.can_resolve_query(request.user, query))
    try:
        services.query_resolve(query=query, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The query is resolved."))
    return redirect("review:query", pk=pk)


# --- What changed --------------------------------------------------------------------------------


@login_required
@require_safe
def changes_page(request):
    """What changed in a year against the one before, for the cities the user may see (one city
    with `?city=`), and the year's data-quality table."""
    all_cities = policy.visible_change_cities(request.user).order_by("name")
    allow(request, all_cities.exists())
    year = _year(request.GET.get("year"))
    chosen = request.GET.get("city", "")
    cities = all_cities.filter(slug=chosen) if chosen else all_cities
    context = selectors.changes_context(cities, year) | {
        "chosen": chosen,
        "all_cities": all_cities,
    }
    return render(request, "review/changes.html", context)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return selectors.changes_default_year()
    return year if 1901 <= year <= 2100 else selectors.changes_default_year()
