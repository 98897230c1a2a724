"""ASEC manages the directory: adds partners, invites their users, deactivates them."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core import policy
from core.pages import allow
from partners import services
from partners.forms import PartnerCreateForm, PartnerInvitationForm, add_service_errors
from partners.invitations import partner_user_deactivate, partner_user_invite
from partners.models import Partner


def partner_create(request):
    allow(request, policy.can_manage_partners(request.user))
    form = PartnerCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner was added."))
            return redirect(partner.get_absolute_url())
    return render(request, "partners/partner_create.html", {"form": form})


def _partner_users(partner):
    users = get_user_model().objects.filter(partner=partner, role=Role.PARTNER)
    return users.order_by("-is_active", "email")


def partner_users(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    allow(request, policy.can_manage_partner_users(request.user, partner))
    form = PartnerInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner_user_invite(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect(request.path)
    context = {"partner": partner, "users": _partner_users(partner), "form": form}
    return render(request, "partners/partner_users.html", context)


@require_POST
def partner_user_deactivate_view(request, slug, pk):
    partner = get_object_or_404(Partner, slug=slug)
    allow(request, policy.can_manage_partner_users(request.user, partner))
    user = get_object_or_404(_partner_users(partner), pk=pk)
    partner_user_deactivate(actor=request.user, user=user)
    messages.success(request, _("%(user)s can no longer sign in.") % {"user": user.email})
    return redirect("partners:users", slug=partner.slug)
