"""Small site-wide template helpers: progress bars styled by portal.css, and numbers as a reader
expects them. Status badges are `plan_status` (action_plans), citations `sources` (reference)."""

from django import template

from core import numbers

register = template.Library()


@register.inclusion_tag("includes/progress_bar.html")
def progress_bar(percent, label: str = "") -> dict:
    """An accessible progress bar (a native `<progress>`) with its value written beside it."""
    value = None if percent is None else max(0, min(100, round(float(percent))))
    return {"value": value, "label": label}


register.filter("figure", numbers.figure)
