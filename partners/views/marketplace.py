"""Opportunities and interests: browse, post, express interest, answer it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from action_plans.models import Project
from core import policy
from core.concurrency import VersionConflict
from core.conflicts import conflict_context
from core.pages import allow
from partners import selectors, services
from partners.forms import (
    DecisionForm,
    InterestForm,
    OpportunityFilterForm,
    OpportunityForm,
    add_service_errors,
)
from partners.models import Opportunity
from partners.views.common import (
    paginate,
    query_without_page,
)


def opportunity_list(request):
    cities = selectors.opportunity_cities(also=request.GET.get("city", ""))
    form = OpportunityFilterForm(request.GET or None, cities=cities)
    filters = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    opportunities = selectors.opportunity_browse(
        search=filters.get("q", ""),
        focus_area=filters.get("focus_area", ""),
        support=filters.get("support", ""),
        country=filters.get("country", ""),
        city=filters.get("city", ""),
    )
    page = paginate(request, opportunities)
    page.object_list = selectors.with_vocabulary_names(
        list(page.object_list), relation="opportunities"
    )
    return render(
        request,
        "partners/opportunity_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
        },
    )


def _visible_opportunity(request, pk):
    return get_object_or_404(
        policy.visible_opportunities(request.user).select_related("city__country", "project"),
        pk=pk,
    )


def opportunity_detail(request, pk, interest_form=None):
    opportunity = _visible_opportunity(request, pk)
    context = selectors.opportunity_page(opportunity=opportunity, user=request.user)
    partner = getattr(request.user, "partner", None)
    own = [i for i in context["interests"] if partner and i.partner_id == partner.pk]
    may_express = not own and policy.can_express_interest(request.user, opportunity)
    context.update(
        own_interest=own[0] if own else None,
        interest_form=interest_form or (InterestForm() if may_express else None),
        can_edit=policy.can_edit_opportunity(request.user, opportunity),
        decision_form=DecisionForm(),
    )
    return render(request, "partners/opportunity_detail.html", context)


def opportunity_create(request):
    city = getattr(request.user, "city", None)
    allow(request, policy.can_post_opportunity(request.user, city))
    form = OpportunityForm(request.POST or None, city=city, initial=_from_project(request, city))
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                city=city, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The opportunity was posted."))
            return redirect(opportunity)
    return render(request, "partners/opportunity_form.html", {"form": form, "city": city})


def _from_project(request, city) -> dict:
    """`?project=<id>`: start from one of the city's projects (typically one seeking partners)."""
    project_id = request.GET.get("project")
    if not project_id or not project_id.isdigit():
        return {}
    project = get_object_or_404(Project.objects.filter(plan__city=city), pk=project_id)
    return {
        "project": project,
        "title": project.title,
        "description": project.partnership_needs or project.summary,
        "focus_areas": list(project.focus_areas.all()),
    }


def opportunity_edit(request, pk):
    opportunity = _visible_opportunity(request, pk)
    allow(request, policy.can_edit_opportunity(request.user, opportunity))
    city = opportunity.city
    form = OpportunityForm(request.POST or None, instance=opportunity, city=city)
    shown = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity, actor=request.user, **form.cleaned_data
            )
        except VersionConflict as conflict:
            shown = conflict_context(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect(opportunity)
    return render(
        request,
        "partners/opportunity_form.html",
        {"form": form, "city": city, "opportunity": opportunity, **shown},
    )


@require_POST
def opportunity_close(request, pk):
    opportunity = _visible_opportunity(request, pk)
    allow(request, policy.can_edit_opportunity(request.user, opportunity))
    version = request.POST.get("version", "")
    try:
        services.opportunity_close(
            opportunity=opportunity,
            actor=request.user,
            version=int(version) if version.isdigit() else None,
        )
    except VersionConflict:
        messages.error(request, _("Someone else changed this opportunity; nothing was closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opportunity was closed."))
    return redirect(opportunity)


# --- Interests --------------------------------------------------------------------------------


@require_POST
def interest_create(request, pk):
    partner = getattr(request.user, "partner", None)
    allow(request, policy.can_act_for_partner(request.user, partner))
    # Not only visible ones: an opportunity that closed while the partner was writing gets an
    # explanation rather than a 404.
    opportunity = get_object_or_404(Opportunity, pk=pk)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.interest_create(
                opportunity=opportunity,
                partner=partner,
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except ValidationError as error:
            if not opportunity.is_open:
                messages.error(request, " ".join(error.messages))
                return redirect("partners:opportunities")
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your interest was sent to the city."))
            return redirect("partners:my_interests")
    return opportunity_detail(request, pk, interest_form=form)


def inbox(request):
    """The city's opportunities with the interests partners expressed in them."""
    city = getattr(request.user, "city", None)
    allow(request, city is not None and policy.is_city_user(request.user, city.pk))
    return render(
        request,
        "partners/inbox.html",
        {
            "city": city,
            "opportunities": selectors.city_opportunities(city),
            "decision_form": DecisionForm(),
        },
    )


def _visible_interest(request, pk):
    return get_object_or_404(
        policy.visible_interests(request.user).select_related("opportunity__city", "partner"),
        pk=pk,
    )


def _answer(request, pk, service, done: str):
    interest = _visible_interest(request, pk)
    form = DecisionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        service(interest=interest, actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"partner": interest.partner.name})
    if request.POST.get("next") == "opportunity":
        return redirect(interest.opportunity)
    if request.POST.get("next") == "start":
        return redirect("start")
    return redirect("partners:inbox")


@require_POST
def interest_accept(request, pk):
    allow(request, request.user.is_authenticated)
    return _answer(request, pk, services.interest_accept, _("You accepted %(partner)s."))


@require_POST
def interest_decline(request, pk):
    allow(request, request.user.is_authenticated)
    return _answer(request, pk, services.interest_decline, _("You declined %(partner)s."))


@require_POST
def interest_withdraw(request, pk):
    allow(request, request.user.is_authenticated)
    interest = _visible_interest(request, pk)
    try:
        services.interest_withdraw(interest=interest, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your interest was withdrawn."))
    return redirect("partners:my_interests")


def my_interests(request):
    """A partner user sees the state of all its organisation's interests."""
    partner = getattr(request.user, "partner", None)
    allow(request, policy.can_act_for_partner(request.user, partner))
    return render(
        request,
        "partners/my_interests.html",
        {"partner": partner, "interests": selectors.partner_interests(partner)},
    )
