"""Annual reports, dashboards and reminders to report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core.policy.roles import has_city_role, has_national_rep_role, is_asec
from reports.models import AnnualReport

if TYPE_CHECKING:
    from accounts.models import User


def can_manage_reports(user: User) -> bool:
    return is_asec(user)


def can_edit_report_narrative(user: User) -> bool:
    """ASEC writes the report's foreword, executive summary, observations and recommendations."""
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
    if has_national_rep_role(user):
        return {"country": user.country.code}
    if has_city_role(user):
        return {"country": user.city.country.code, "city": user.city.slug}
    return None


def can_see_dashboard(user: User) -> bool:
    """Whether the user has a dashboard at all: the roles `dashboard_scope` narrows (asked on
    every page by the menu, so without reading the user's city or country)."""
    return is_asec(user) or has_national_rep_role(user) or has_city_role(user)


def can_send_reminders(user: User) -> bool:
    return is_asec(user)
