from django import template

from partners import countries

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """`{{ partner.country|country_name }}`: a country's name from its ISO code."""
    return countries.country_name(code)
