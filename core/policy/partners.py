"""Partners and the marketplace: the directory, twinnings, opportunities and interests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from core.policy.roles import (
    has_city_role,
    has_partner_role,
    is_asec,
    is_city_user,
    is_partner_user_of,
)
from partners.models import Interest, Opportunity, Partner, Twinning

if TYPE_CHECKING:
    from accounts.models import User


def visible_partners(user: User) -> QuerySet:
    """The partner directory is public."""
    return Partner.objects.all()


def visible_twinnings(user: User) -> QuerySet:
    return Twinning.objects.all()


def can_manage_partners(user: User) -> bool:
    """Adding partners and inviting or deactivating their users is ASEC's."""
    return is_asec(user)


def can_review_provider_applications(user: User) -> bool:
    """Solution providers' applications to be listed: ASEC reads and decides them."""
    return can_manage_partners(user)


def can_manage_partner_users(user: User, partner) -> bool:
    return can_manage_partners(user)


def can_edit_partner(user: User, partner) -> bool:
    return is_asec(user) or is_partner_user_of(user, partner.pk)


def can_manage_twinnings(user: User) -> bool:
    return is_asec(user)


def can_post_opportunity(user: User, city) -> bool:
    """A city's users post its opportunities (the API, before reading the body, asks it for the
    user's own city)."""
    return city is not None and is_city_user(user, city.pk)


def can_edit_opportunity(user: User, opportunity) -> bool:
    return is_city_user(user, opportunity.city_id)


def can_express_interest(user: User, opportunity) -> bool:
    """Whether the opportunity's page offers this user the interest form: a partner's user, while
    the opportunity is open (writing the interest asks `can_act_for_partner`)."""
    return has_partner_role(user) and opportunity.is_open


def can_act_for_partner(user: User, partner) -> bool:
    """Only a partner's own users speak for it in the marketplace (expressing interest)."""
    return partner is not None and is_partner_user_of(user, partner.pk)


def can_withdraw_interest(user: User, interest) -> bool:
    """The partner's users take back its interests (whether one is still pending is the
    service's to check: answered, it is a validation error, not a refusal)."""
    return is_partner_user_of(user, interest.partner_id)


def can_see_partner_recommendations(user: User, partner) -> bool:
    return is_asec(user) or is_partner_user_of(user, partner.pk)


def can_see_city_recommendations(user: User, city) -> bool:
    return is_asec(user) or is_city_user(user, city.pk)


def visible_opportunities(user: User) -> QuerySet:
    """Open ones for everyone; also closed and matched ones for their city, for partners that
    expressed interest in them, and for ASEC."""
    if is_asec(user):
        return Opportunity.objects.all()
    opportunities = Opportunity.objects.open()
    if has_city_role(user):
        opportunities |= Opportunity.objects.filter(city=user.city_id)
    if has_partner_role(user):
        interested = Interest.objects.filter(opportunity=OuterRef("pk"), partner=user.partner_id)
        opportunities |= Opportunity.objects.filter(Exists(interested))
    return opportunities


def can_decide_interest(user: User, interest) -> bool:
    """The opportunity's city accepts or declines interests in it (whether one is still
    pending is the service's to check)."""
    return can_edit_opportunity(user, interest.opportunity)


def visible_interests(user: User) -> QuerySet:
    """A partner sees its own interests; a city those on its opportunities; ASEC all."""
    if is_asec(user):
        return Interest.objects.all()
    if has_partner_role(user):
        return Interest.objects.filter(partner=user.partner_id)
    if has_city_role(user):
        return Interest.objects.filter(opportunity__city=user.city_id)
    return Interest.objects.none()
