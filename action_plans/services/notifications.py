"""E-mail to whoever must act next on a plan, sent once the transition is committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import CITY_ROLES, Role, User
from action_plans.models import PlanStatus, PlanTransition

logger = logging.getLogger(__name__)


def recipients(step: PlanTransition) -> list[str]:
    """CSCO submits → the country's national representatives; endorsed → ASEC; returned or
    published → the city's users."""
    plan = step.plan
    users = User.objects.filter(is_active=True).exclude(email="")
    if step.to_status == PlanStatus.SUBMITTED:
        users = users.filter(role=Role.NATIONAL_REP, country=plan.city.country_id)
    elif step.to_status == PlanStatus.ENDORSED:
        users = users.filter(role=Role.ASEC)
    else:
        users = users.filter(role__in=CITY_ROLES, city=plan.city_id)
    return sorted(set(users.values_list("email", flat=True)))


def plan_transition_notify(transition_id: int) -> int:
    """Send the e-mail of one transition; returns how many went out. A mail server that is down
    must not undo the committed transition, so failures are logged, not raised."""
    step = PlanTransition.objects.select_related("plan__city__country", "actor").get(
        pk=transition_id
    )
    to = recipients(step)
    if not to:
        return 0
    plan_path = reverse("action_plans:detail", args=[step.plan_id])
    context = {
        "step": step,
        "plan": step.plan,
        "plan_url": settings.PORTAL_URL.rstrip("/") + plan_path,
    }
    subject = " ".join(
        render_to_string("action_plans/email/transition_subject.txt", context).split()
    )
    body = render_to_string("action_plans/email/transition_body.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    try:
        return send_mass_mail(messages)
    except OSError:
        logger.exception("Could not send the e-mail for plan transition %s", transition_id)
        return 0
