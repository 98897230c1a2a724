"""Reference data: countries, cities, the ASEAN Smart Cities Framework, the indicator catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from action_plans.models import CatalogueIndicator, FocusArea
from cities.models import City, Country
from core.policy.roles import is_asec

if TYPE_CHECKING:
    from accounts.models import User


def can_manage_reference_data(user: User) -> bool:
    return is_asec(user)


def visible_countries(user: User) -> QuerySet:
    """Reference data (countries, cities, the ASCF) is public."""
    return Country.objects.all()


def visible_cities(user: User) -> QuerySet:
    return City.objects.all()


def visible_focus_areas(user: User) -> QuerySet:
    return FocusArea.objects.all()


def visible_catalogue_indicators(user: User) -> QuerySet:
    """The indicator catalogue is reference data: public."""
    return CatalogueIndicator.objects.all()
