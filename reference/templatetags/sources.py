"""Sources as the public reads them: `{% load sources %}`, then `{{ row.source|citations }}`."""

from django import template

from reference import citations as sources

register = template.Library()


@register.filter
def citations(source: str) -> str:
    """A `source` field of the reference data as citations ("S4" → "Consolidated Smart City
    Action Plans, July 2018"); the team's notes and seed documents stay out."""
    return "; ".join(sources.citations(source))
