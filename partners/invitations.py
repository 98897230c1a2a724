"""ASEC manages partner users: invites them and deactivates them.

An invitation creates the account without a usable password and sends, through a Celery task
enqueued once the account is committed, a one-time link that sets the password (Django's
password reset token: it stops working once the password is set)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Role
from core import policy
from core.mail import mail_send
from partners.models import Partner

INVITATION = "partners.invitations.invitation_message"


def _require_asec(actor) -> None:
    if not policy.can_manage_partners(actor):
        raise PermissionDenied


def partner_user_invite(*, actor, partner: Partner, email: str, first_name="", last_name=""):
    """Create a partner user without a password and e-mail them the link that sets it."""
    _require_asec(actor)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    users = get_user_model().objects
    if users.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone already has an account with this e-mail.")})
    with transaction.atomic():
        user = users.create(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=Role.PARTNER,
            partner=partner,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        # Through the portal's one mail path: a task once the account is committed.
        mail_send(compose=INVITATION, args=[user.pk], user_ids=[user.pk])
    return user


def partner_user_deactivate(*, actor, user):
    """Stop a partner user from signing in; their expressions of interest stay on record."""
    _require_asec(actor)
    if user.role != Role.PARTNER:
        raise ValidationError(_("Only partner users are managed here."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.PORTAL_URL.rstrip("/") + path


def invitation_message(user_id: int) -> tuple[str, str] | None:
    """The invitation's subject and body (composed by the mail task, in the user's language).
    Nothing to say once the account is gone, inactive or has its password already."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return None
    context = {"user": user, "partner": user.partner, "link": invitation_link(user)}
    subject = _("Your ASCN Portal account for %(partner)s") % {"partner": user.partner}
    return subject, render_to_string("partners/email/invitation.txt", context)
