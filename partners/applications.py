"""Solution providers apply to be listed in the partner directory; ASEC approves or declines.

Anyone may apply (a public form). Approving adds the provider to the directory as a partner of
kind "private solution provider" through `partner_create`, with the focus areas and support the
application names, so that matchmaking can score it at once. The applicant has no account: the
decision reaches the e-mail address of the application, through the portal's one mail path (a
task after commit), in the language the application was made in."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import policy
from core.mail import mail_send
from partners import services
from partners.models import Partner, ProviderApplication

DECISION = "partners.applications.provider_application_message"
APPLICATION_FIELDS = ("name", "country", "website", "summary", "contact_name", "email")


def _name_errors(name: str) -> dict:
    slug = slugify(name)[:80]
    if Partner.objects.filter(slug=slug).exists():
        return {"name": _("A partner with this name is already listed.")}
    pending = ProviderApplication.objects.filter(status=ProviderApplication.Status.PENDING)
    if pending.filter(name__iexact=name.strip()).exists():
        return {"name": _("An application for this organisation is already waiting for ASEC.")}
    return {}


def provider_application_submit(
    *, data: dict, focus_areas, support_offered, language: str
) -> ProviderApplication:
    """Record an application (anyone may make one); nothing is listed before ASEC approves."""
    unknown = set(data) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    application = ProviderApplication(**data, language=language)
    application.country = (application.country or "").upper()
    errors = _name_errors(application.name)
    if not focus_areas:
        errors["focus_areas"] = _("Choose at least one focus area.")
    if not support_offered:
        errors["support_offered"] = _("Choose at least one kind of support.")
    try:
        application.full_clean(exclude=[*errors])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.save()
        application.focus_areas.set(focus_areas)
        application.support_offered.set(support_offered)
    return application


def _decide(application: ProviderApplication, actor, status: str, message: str) -> None:
    if not policy.can_review_provider_applications(actor):
        raise PermissionDenied
    if application.status != ProviderApplication.Status.PENDING:
        raise ValidationError(_("This application was decided already."))
    application.status = status
    application.message = message
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.full_clean(exclude=["focus_areas", "support_offered"])
    application.save()
    mail_send(compose=DECISION, args=[application.pk], addresses=[application.email])


def provider_application_approve(
    *, application: ProviderApplication, actor, message: str = ""
) -> Partner:
    """List the provider as a partner (ASEC), and tell the applicant."""
    with transaction.atomic():
        application = ProviderApplication.objects.select_for_update().get(pk=application.pk)
        partner = services.partner_create(
            actor=actor,
            name=application.name,
            kind=Partner.Kind.PRIVATE,
            country=application.country,
            website=application.website,
            summary=application.summary,
            focus_areas=list(application.focus_areas.all()),
            support_offered=list(application.support_offered.all()),
        )
        application.partner = partner
        _decide(application, actor, ProviderApplication.Status.APPROVED, message)
    return partner


def provider_application_decline(
    *, application: ProviderApplication, actor, message: str = ""
) -> ProviderApplication:
    """Decline an application (ASEC), with a message to the applicant."""
    with transaction.atomic():
        application = ProviderApplication.objects.select_for_update().get(pk=application.pk)
        _decide(application, actor, ProviderApplication.Status.DECLINED, message)
    return application


def provider_application_message(application_id: int) -> tuple[str, str] | None:
    """The decision's subject and body, in the language of the application (the mail task
    composes it; nothing to say once the application is gone or undecided)."""
    application = ProviderApplication.objects.filter(pk=application_id).first()
    if application is None or application.status == ProviderApplication.Status.PENDING:
        return None
    with translation.override(application.language):
        approved = application.status == ProviderApplication.Status.APPROVED
        subject = (
            _("%(name)s is now listed on the ASCN Portal")
            if approved
            else _("Your application to the ASCN Portal")
        ) % {"name": application.name}
        body = render_to_string(
            "partners/email/application_decision.txt",
            {"application": application, "approved": approved},
        )
    return subject, body
