"""The network's directory of appointments: CSCOs and national representatives (issue 20)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cities.models import AppointmentProposal
from core.policy.roles import has_national_rep_role, is_asec, is_national_rep_of

if TYPE_CHECKING:
    from accounts.models import User


def can_manage_appointments(user: User) -> bool:
    """ASEC keeps the directory: adds, ends and corrects appointments, decides proposals."""
    return is_asec(user)


def can_see_appointments_directory(user: User) -> bool:
    return is_asec(user) or has_national_rep_role(user)


def can_propose_appointment_change(user: User, country_id: int | None) -> bool:
    """A national representative proposes changes for their own country; ASEC confirms."""
    return is_national_rep_of(user, country_id)


def visible_appointment_proposals(user: User) -> QuerySet:
    if is_asec(user):
        return AppointmentProposal.objects.all()
    if has_national_rep_role(user):
        return AppointmentProposal.objects.filter(country_id=user.country_id)
    return AppointmentProposal.objects.none()
