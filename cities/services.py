"""Writes of the directory: appointments of CSCOs and national representatives, and the changes
national representatives propose for their country.

Every function asks `core.policy` first (`PermissionDenied`); bad input raises `ValidationError`
per field. The database keeps the one-current-CSCO rule (`one_current_csco_per_city`); the
services say it in words before the database has to.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import Appointment, AppointmentProposal
from core import policy

APPOINTMENT_FIELDS = ("kind", "country", "city", "person_name", "title", "email", "phone")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check(appointment: Appointment) -> None:
    """Field rules in words: a CSCO belongs to a city of the country, one current CSCO a city,
    a term ends after it starts."""
    errors = {}
    if appointment.kind == Appointment.Kind.CSCO and appointment.city_id is None:
        errors["city"] = _("A Chief Smart City Officer is appointed for a city.")
    if appointment.city_id and appointment.city.country_id != appointment.country_id:
        errors["city"] = _("The city is not in the appointment's country.")
    if appointment.end_date and appointment.end_date < appointment.start_date:
        errors["end_date"] = _("The term cannot end before it starts.")
    if _another_current_csco(appointment):
        errors["city"] = _(
            "The city already has a current CSCO: end that term first (the one it replaces)."
        )
    if errors:
        raise ValidationError(errors)


def _another_current_csco(appointment: Appointment) -> bool:
    if appointment.kind != Appointment.Kind.CSCO or appointment.end_date is not None:
        return False
    others = Appointment.objects.current().filter(kind=Appointment.Kind.CSCO)
    return others.filter(city_id=appointment.city_id).exclude(pk=appointment.pk).exists()


@transaction.atomic
def appointment_add(*, actor, start_date: datetime.date, **fields) -> Appointment:
    """Record a new term (ASEC, or a confirmed proposal)."""
    _require(policy.can_manage_appointments(actor))
    appointment = Appointment(start_date=start_date, **fields)
    if appointment.kind != Appointment.Kind.CSCO:
        appointment.city = None
    _check(appointment)
    appointment.save()
    return appointment


@transaction.atomic
def appointment_correct(*, appointment: Appointment, actor, **changes) -> Appointment:
    """Correct what was recorded wrongly (a misspelt name, a wrong date): no new term."""
    _require(policy.can_manage_appointments(actor))
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    for name, value in changes.items():
        setattr(appointment, name, value)
    if appointment.kind != Appointment.Kind.CSCO:
        appointment.city = None
    _check(appointment)
    appointment.save()
    return appointment


@transaction.atomic
def appointment_end(*, appointment: Appointment, actor, end_date: datetime.date) -> Appointment:
    """End a current term on `end_date`."""
    _require(policy.can_manage_appointments(actor))
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.end_date is not None:
        raise ValidationError({"end_date": _("This term has already ended.")})
    appointment.end_date = end_date
    _check(appointment)
    appointment.save(update_fields=["end_date"])
    return appointment


# --- Proposals by national representatives ------------------------------------------------------


@transaction.atomic
def proposal_submit(*, actor, country, action: str, **fields) -> AppointmentProposal:
    """A national representative proposes a new appointment or the end of one in their country."""
    _require(policy.can_propose_appointment_change(actor, country.pk))
    proposal = AppointmentProposal(country=country, action=action, proposed_by=actor, **fields)
    if action == AppointmentProposal.Action.END:
        _proposed_end(proposal)
    else:
        _check(_as_appointment(proposal))
    proposal.save()
    return proposal


def _proposed_end(proposal: AppointmentProposal) -> None:
    appointment = proposal.appointment
    if appointment is None or appointment.country_id != proposal.country_id:
        raise ValidationError({"appointment": _("Choose a current appointment of your country.")})
    if not appointment.is_current:
        raise ValidationError({"appointment": _("This term has already ended.")})
    if proposal.end_date is None or proposal.end_date < appointment.start_date:
        raise ValidationError({"end_date": _("The term cannot end before it starts.")})
    proposal.kind = appointment.kind
    proposal.city = appointment.city
    proposal.person_name = appointment.person_name


def _as_appointment(proposal: AppointmentProposal) -> Appointment:
    values = {name: getattr(proposal, name) for name in APPOINTMENT_FIELDS}
    return Appointment(start_date=proposal.start_date, **values)


@transaction.atomic
def proposal_confirm(*, proposal: AppointmentProposal, actor) -> AppointmentProposal:
    """ASEC confirms: the change is made through the same services as ASEC's own edits."""
    proposal = _pending(proposal)
    _require(policy.can_manage_appointments(actor))
    if proposal.action == AppointmentProposal.Action.END:
        appointment_end(appointment=proposal.appointment, actor=actor, end_date=proposal.end_date)
    else:
        values = {name: getattr(proposal, name) for name in APPOINTMENT_FIELDS}
        appointment_add(actor=actor, start_date=proposal.start_date, **values)
    return _decide(proposal, actor, AppointmentProposal.Status.CONFIRMED)


@transaction.atomic
def proposal_decline(*, proposal: AppointmentProposal, actor) -> AppointmentProposal:
    proposal = _pending(proposal)
    _require(policy.can_manage_appointments(actor))
    return _decide(proposal, actor, AppointmentProposal.Status.DECLINED)


def _pending(proposal: AppointmentProposal) -> AppointmentProposal:
    proposal = AppointmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != AppointmentProposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    return proposal


def _decide(proposal, actor, status) -> AppointmentProposal:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal
