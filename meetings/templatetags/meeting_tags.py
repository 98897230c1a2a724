from django import template

from core import policy

register = template.Library()


@register.filter
def can_follow_up(decision, user) -> bool:
    """Whether to show the follow-up button: `{% if decision|can_follow_up:user %}`."""
    return policy.can_follow_up_decision(user, decision)
