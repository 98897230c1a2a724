"""E-mail to whoever must act next on a plan, sent by the mail task once the transition is
committed (core/mail.py)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import CITY_ROLES, Role, User
from action_plans.models import PlanStatus, PlanTransition
from core.mail import mail_send


def recipient_ids(step: PlanTransition) -> list[int]:
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
    return list(users.values_list("pk", flat=True))


def plan_transition_notify(step: PlanTransition) -> None:
    mail_send(compose=f"{__name__}.transition_mail", args=[step.pk], user_ids=recipient_ids(step))


def transition_mail(transition_id: int) -> tuple[str, str] | None:
    """Subject and body of one transition's e-mail, in the active language."""
    step = (
        PlanTransition.objects.select_related("plan__city__country", "actor")
        .filter(pk=transition_id)
        .first()
    )
    if step is None:
        return None
    plan_path = reverse("action_plans:detail", args=[step.plan_id])
    context = {
        "step": step,
        "plan": step.plan,
        "plan_url": settings.PORTAL_URL.rstrip("/") + plan_path,
    }
    subject = " ".join(
        render_to_string("action_plans/email/transition_subject.txt", context).split()
    )
    return subject, render_to_string("action_plans/email/transition_body.txt", context)
