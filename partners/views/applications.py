"""Solution providers apply to be listed; ASEC reads the applications and decides them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import policy
from core.api.throttles import ProviderApplicationThrottle
from core.pages import allow
from partners.applications import (
    APPLICATION_FIELDS,
    provider_application_approve,
    provider_application_decline,
    provider_application_submit,
)
from partners.forms import ApplicationDecisionForm, ProviderApplicationForm, add_service_errors
from partners.models import ProviderApplication


def provider_apply(request):
    """Anyone may apply: what was typed stays on the form until it is accepted. Applications are
    limited per client address (settings PROVIDER_APPLICATION_RATE); over the limit the form
    says when to try again and keeps what was typed."""
    form = ProviderApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttle = ProviderApplicationThrottle()
        if not throttle.allow_request(request, None):
            minutes = max(1, -(-int(throttle.wait() or 0) // 60))
            form.add_error(
                None,
                _(
                    "Too many applications from this address. Try again in %(minutes)s minutes, "
                    "or write to ASEC."
                )
                % {"minutes": minutes},
            )
            return render(request, "partners/provider_apply.html", {"form": form}, status=429)
        try:
            provider_application_submit(
                data={name: form.cleaned_data[name] for name in APPLICATION_FIELDS},
                focus_areas=form.cleaned_data["focus_areas"],
                support_offered=form.cleaned_data["support_offered"],
                language=get_language(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. ASEC will review the application and answer you by e-mail."),
            )
            return redirect("partners:list")
    return render(request, "partners/provider_apply.html", {"form": form})


@require_safe
def provider_applications(request):
    allow(request, policy.can_review_provider_applications(request.user))
    applications = ProviderApplication.objects.prefetch_related(
        "focus_areas", "support_offered"
    ).select_related("partner", "decided_by")
    context = {
        "pending": [a for a in applications if a.status == ProviderApplication.Status.PENDING],
        "decided": [a for a in applications if a.status != ProviderApplication.Status.PENDING],
        "form": ApplicationDecisionForm(),
    }
    return render(request, "partners/provider_applications.html", context)


def _decide(request, pk, decide, done: str):
    allow(request, policy.can_review_provider_applications(request.user))
    application = get_object_or_404(ProviderApplication, pk=pk)
    form = ApplicationDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return redirect("partners:applications")
    try:
        decide(application=application, actor=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"name": application.name})
    return redirect("partners:applications")


@require_POST
def provider_application_approve_view(request, pk):
    return _decide(request, pk, provider_application_approve, _("%(name)s is now a partner."))


@require_POST
def provider_application_decline_view(request, pk):
    return _decide(request, pk, provider_application_decline, _("%(name)s was declined."))
