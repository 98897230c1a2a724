from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cities import selectors, services
from cities.forms import AppointmentForm, CityFilterForm, EndTermForm, ProposalForm
from cities.models import Appointment, AppointmentProposal, City
from core import policy
from core.pages import allow
from meetings.selectors import open_follow_ups_for


def city_list(request):
    form = CityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = selectors.city_page(request.user, request.GET.get("page"), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "cities": page.object_list,
        "query": query.urlencode(),
        "filtered": any(v is not None for v in filters.values()),
    }
    return render(request, "cities/city_list.html", context)


def city_detail(request, slug):
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    profile = selectors.city_profile(request.user, city, period=request.GET.get("period"))
    context = {
        "profile": profile,
        "city": city,
        "show_contacts": policy.can_see_contacts(request.user),
        # Built only if the page shows them (the query took ~900 Python calls to build).
        "open_follow_ups": SimpleLazyObject(partial(open_follow_ups_for, city)),
    }
    return render(request, "cities/city_detail.html", context)


def country_detail(request, code):
    if code != code.upper():
        return redirect("cities:country", code=code.upper(), permanent=True)
    country = get_object_or_404(selectors.countries_with_shepherd_terms(), code=code)
    profile = selectors.country_profile(request.user, country)
    context = {
        "profile": profile,
        "country": country,
        "show_contacts": policy.can_see_contacts(request.user),
        "open_follow_ups": open_follow_ups_for(country),
    }
    return render(request, "cities/country_detail.html", context)


# --- The directory of appointments (ASEC keeps it; national representatives propose) -----------


def _add_service_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def directory(request):
    allow(request, policy.can_see_appointments_directory(request.user))
    context = selectors.directory(request.user)
    context["end_form"] = EndTermForm(initial={"end_date": timezone.localdate()})
    context["show_contacts"] = True
    return render(request, "cities/directory.html", context)


def appointment_add(request):
    """ASEC records a term; a national representative proposes one for their country."""
    user = request.user
    allow(request, policy.can_see_appointments_directory(user))
    if policy.can_manage_appointments(user):
        form = AppointmentForm(request.POST or None)
        write = services.appointment_add
    else:
        form = ProposalForm(request.POST or None, country=user.country)
        write = _propose_addition
    if request.method == "POST" and form.is_valid():
        try:
            write(actor=user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The directory change was saved."))
            return redirect("cities:appointments")
    return render(request, "cities/appointment_form.html", {"form": form, "appointment": None})


def _propose_addition(*, actor, **fields):
    action = AppointmentProposal.Action.ADD
    return services.proposal_submit(actor=actor, country=actor.country, action=action, **fields)


def appointment_correct(request, pk):
    allow(request, policy.can_manage_appointments(request.user))
    appointment = get_object_or_404(Appointment.objects.select_related("city"), pk=pk)
    form = AppointmentForm(request.POST or None, instance=appointment)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_correct(
                appointment=appointment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment was corrected."))
            return redirect("cities:appointments")
    context = {"form": form, "appointment": appointment}
    return render(request, "cities/appointment_form.html", context)


@require_POST
def appointment_end(request, pk):
    """ASEC ends a term; a national representative of its country proposes the end."""
    user = request.user
    appointment = get_object_or_404(Appointment, pk=pk)
    may_propose = policy.can_propose_appointment_change(user, appointment.country_id)
    allow(request, policy.can_manage_appointments(user) or may_propose)
    form = EndTermForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Enter the last day of the term as a date."))
        _end_or_propose(user, appointment, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The directory change was saved."))
    return redirect("cities:appointments")


def _end_or_propose(user, appointment, data) -> None:
    if policy.can_manage_appointments(user):
        services.appointment_end(appointment=appointment, actor=user, end_date=data["end_date"])
        return
    services.proposal_submit(
        actor=user,
        country=appointment.country,
        action=AppointmentProposal.Action.END,
        appointment=appointment,
        end_date=data["end_date"],
        note=data["note"],
    )


@require_POST
def proposal_decide(request, pk, decision):
    allow(request, policy.can_manage_appointments(request.user))
    proposal = get_object_or_404(policy.visible_appointment_proposals(request.user), pk=pk)
    service = services.proposal_confirm if decision == "confirm" else services.proposal_decline
    try:
        service(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal was answered."))
    return redirect("cities:appointments")
