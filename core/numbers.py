"""Computed numbers as people write them, in the active language."""

from decimal import Decimal

from django.utils.formats import number_format


def figure(value):
    """45 (not 45.0), 61.3, 45,500 (not 45500.00); whole numbers (counts, years) and anything
    that is not a number pass unchanged."""
    if isinstance(value, bool) or not isinstance(value, float | Decimal):
        return value
    rounded = round(float(value), 1)
    return number_format(rounded, decimal_pos=0 if rounded.is_integer() else 1, force_grouping=True)
