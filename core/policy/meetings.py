"""Meetings, their documents and decisions, and who follows a decision up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core.policy.roles import (
    has_city_role,
    has_national_rep_role,
    is_asec,
    is_city_user,
    is_national_rep_of,
)
from meetings.models import Decision, Meeting

if TYPE_CHECKING:
    from accounts.models import User


def visible_meetings(user: User) -> QuerySet:
    """Meetings, their documents and decisions are public."""
    return Meeting.objects.all()


def can_manage_meetings(user: User) -> bool:
    return is_asec(user)


def can_follow_up_decision(user: User, decision) -> bool:
    if is_asec(user):
        return True
    if decision.owner_city_id:
        return is_city_user(user, decision.owner_city_id)
    return bool(decision.owner_country_id) and is_national_rep_of(user, decision.owner_country_id)


def decisions_followed_up_by(user: User) -> QuerySet:
    """The decisions a user follows up: their city's, their country's; ASEC all of them."""
    if is_asec(user):
        return Decision.objects.all()
    if has_city_role(user):
        return Decision.objects.filter(owner_city=user.city_id)
    if has_national_rep_role(user):
        return Decision.objects.filter(owner_country=user.country_id)
    return Decision.objects.none()
