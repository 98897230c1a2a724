"""Who is who: the roles a user holds, and the system acting on its own schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


def is_asec(user: User) -> bool:
    """ASEC staff, and administrators, who may do whatever ASEC may."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.ASEC)


def can_see_health_details(user: User) -> bool:
    """What `/health/` found wrong (error texts name hosts, ports and drivers) is for ASEC staff
    and administrators; everyone else, docker-compose included, reads the statuses."""
    return is_asec(user)


def requires_two_factor(user: User) -> bool:
    """ASEC staff and administrators (superusers, and anyone who may open the Django admin) sign in
    with a TOTP code after their password; other roles with their password alone."""
    return user.is_authenticated and (user.is_superuser or user.is_staff or user.role == Role.ASEC)


def token_requires_two_factor(user: User) -> bool:
    """Whether an API token for this user needs the TOTP code as well (see the setting)."""
    return settings.API_TOKEN_REQUIRES_TWO_FACTOR and requires_two_factor(user)


def is_city_user(user: User, city_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role in (Role.CITY_OFFICIAL, Role.CSCO)
        and city_id is not None
        and user.city_id == city_id
    )


def is_csco_of(user: User, city_id: int | None) -> bool:
    return is_city_user(user, city_id) and user.role == Role.CSCO


def is_national_rep_of(user: User, country_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.NATIONAL_REP
        and country_id is not None
        and user.country_id == country_id
    )


def is_partner_user_of(user: User, partner_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.PARTNER
        and partner_id is not None
        and user.partner_id == partner_id
    )


def has_city_role(user: User) -> bool:
    """A city official or CSCO, of whichever city."""
    return (
        user.is_authenticated
        and user.role in (Role.CITY_OFFICIAL, Role.CSCO)
        and bool(user.city_id)
    )


def has_national_rep_role(user: User) -> bool:
    """A national representative, of whichever country."""
    return user.is_authenticated and user.role == Role.NATIONAL_REP and bool(user.country_id)


def has_partner_role(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PARTNER and bool(user.partner_id)


def is_reviewer(user: User) -> bool:
    return is_asec(user) or (user.is_authenticated and user.role == Role.NATIONAL_REP)


def can_review(user: User) -> bool:
    """Whether the user has a review queue at all (national representatives and ASEC)."""
    return is_reviewer(user)


def can_see_contacts(user: User) -> bool:
    """E-mail and phone of CSCOs and national representatives are for signed-in members only."""
    return user.is_authenticated


class SystemActor:
    """The portal acting on its own schedule (Celery beat): may do what ASEC may, nothing more."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    role = Role.ASEC
    pk = id = None
    city_id = country_id = partner_id = None
    username = "system"

    def __str__(self) -> str:
        return gettext("ASCN Portal (scheduled)")


SYSTEM = SystemActor()


def can_edit_account_settings(user: User, account) -> bool:
    """A signed-in person changes their own settings (the language of the portal's e-mail)."""
    return user.is_authenticated and user.pk == account.pk
