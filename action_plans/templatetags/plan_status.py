"""Status badges and labels of plans (workflow), projects (stage) and progress updates, styled
by portal.css: `{% load plan_status %}`, then `{% status_badge plan.status %}` or
`{{ code|status_label }}`."""

from django import template
from django.utils.html import format_html

from action_plans.models import PlanStatus, Stage, SubmissionStatus, UpdateStatus

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


@register.filter
def status_label(status):
    """The label of a plan status, project stage or progress status code (`on_track`)."""
    return STATUS_LABELS.get(status, status)


@register.filter
def submission_status(status):
    """The label of a yearly report's status code (`not_started`, `submitted`, …)."""
    return dict(SubmissionStatus.choices).get(status, status)
