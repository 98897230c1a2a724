"""Small site-wide template helpers: status badges and progress bars, styled by portal.css;
numbers, codes and sources as a reader expects them."""

from django import template
from django.utils.html import format_html

from action_plans.models import PlanStatus, Stage, SubmissionStatus, UpdateStatus
from core import numbers
from reference import citations as sources

register = template.Library()

STATUS_LABELS = {
    **dict(PlanStatus.choices),
    **dict(Stage.choices),
    **dict(UpdateStatus.choices),
}


@register.simple_tag
def status_badge(status: str, label: str = "") -> str:
    """`<span class="badge status-…">`: plan workflow, project stage or progress status."""
    if not status:
        return ""
    return format_html(
        '<span class="badge status-{}">{}</span>',
        status,
        label or STATUS_LABELS.get(status, status),
    )


@register.inclusion_tag("includes/progress_bar.html")
def progress_bar(percent, label: str = "") -> dict:
    """An accessible progress bar (a native `<progress>`) with its value written beside it."""
    value = None if percent is None else max(0, min(100, round(float(percent))))
    return {"value": value, "label": label}


@register.filter
def status_label(status):
    """The label of a plan status, project stage or progress status code (`on_track`)."""
    return STATUS_LABELS.get(status, status)


@register.filter
def submission_status(status):
    """The label of a yearly report's status code (`not_started`, `submitted`, …)."""
    return dict(SubmissionStatus.choices).get(status, status)


register.filter("figure", numbers.figure)


@register.filter
def citations(source: str) -> str:
    """A `source` field of the reference data as citations ("S4" → "Consolidated Smart City
    Action Plans, July 2018"); the team's notes and seed documents stay out."""
    return "; ".join(sources.citations(source))
