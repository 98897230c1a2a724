"""Annual reports, dashboards and reminders to report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import Role
from core.policy.roles import is_asec
from reports.models import AnnualReport

if TYPE_CHECKING:
    from accounts.models import User


def can_manage_reports(user: User) -> bool:
    return is_asec(user)


def visible_reports(user: User) -> QuerySet:
    if is_asec(user):
        return AnnualReport.objects.all()
    return AnnualReport.objects.filter(published=True)


def dashboard_scope(user: User) -> dict | None:
    """The filters a user's dashboards are always narrowed to; None means no dashboard at all.

    ASEC sees the whole network, a national representative their country, a city user their city.
    """
    if is_asec(user):
        return {}
    if user.is_authenticated and user.role == Role.NATIONAL_REP and user.country_id:
        return {"country": user.country.code}
    if user.is_authenticated and user.role in (Role.CITY_OFFICIAL, Role.CSCO) and user.city_id:
        return {"country": user.city.country.code, "city": user.city.slug}
    return None


def can_send_reminders(user: User) -> bool:
    return is_asec(user)
