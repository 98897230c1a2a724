"""Review of the yearly reports (issue 15): plausibility flags and their answers, query threads,
the frozen snapshots and what changed between two years. All of it is working material: the
city, its country's national representative and ASEC; nobody else (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cities.models import City
from core.policy.plans import drafts_visible
from core.policy.roles import (
    has_city_role,
    has_national_rep_role,
    is_asec,
    is_city_user,
    is_national_rep_of,
)
from review.models import Flag, Query

if TYPE_CHECKING:
    from accounts.models import User


def visible_flags(user: User) -> QuerySet:
    return Flag.objects.filter(drafts_visible(user, "city"))


def can_answer_flag(user: User, flag) -> bool:
    """The city's own users explain a flagged claim (the CSCO or an official)."""
    return is_city_user(user, flag.city_id)


def visible_queries(user: User) -> QuerySet:
    return Query.objects.filter(drafts_visible(user, "city"))


def can_open_queries(user: User) -> bool:
    """ASEC, and national representatives for their cities, question a city's report."""
    return is_asec(user) or has_national_rep_role(user)


def can_query_city(user: User, city) -> bool:
    return is_asec(user) or is_national_rep_of(user, city.country_id)


def can_write_in_query(user: User, query) -> bool:
    """The city answers in the thread; the reviewers write in it too."""
    return is_city_user(user, query.city_id) or can_query_city(user, query.city)


def can_resolve_query(user: User, query) -> bool:
    return can_query_city(user, query.city)


def visible_change_cities(user: User) -> QuerySet:
    """Whose yearly changes a user may read: computed from working data, so as the flags."""
    if is_asec(user):
        return City.objects.all()
    if has_city_role(user):
        return City.objects.filter(pk=user.city_id)
    if has_national_rep_role(user):
        return City.objects.filter(country=user.country_id)
    return City.objects.none()


def can_amend_snapshot(user: User) -> bool:
    """Correcting a closed year's figures is ASEC's, and always recorded."""
    return is_asec(user)
