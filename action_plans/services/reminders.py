"""Reminders that follow a reporting cycle's calendar (SPEC "Time", issue 14 point 6).

Celery beat runs `cycle_reminders_send()` daily. On the days the calendar says (a set number of
days before the deadline, on the day, and every so many days while overdue) each member city of
the year that has not handed in its report gets one reminder, recorded as a submission event
(who, when, which reminder), and e-mailed by a task after the commit, in each recipient's language.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import CITY_ROLES, User
from action_plans.models import ReportingCycle, SubmissionEvent, SubmissionStatus
from cities.models import Appointment

logger = logging.getLogger(__name__)

NOT_HANDED_IN = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.RETURNED,
)
BEFORE, DUE, OVERDUE = "before", "due", "overdue"


def reminder_kind(deadline: datetime.date, today: datetime.date) -> str | None:
    """Which reminder, if any, the calendar calls for today."""
    days_left = (deadline - today).days
    if days_left == settings.REMINDER_DAYS_BEFORE:
        return BEFORE
    if days_left == 0:
        return DUE
    if days_left < 0 and -days_left % settings.REMINDER_OVERDUE_EVERY_DAYS == 0:
        return OVERDUE
    return None


def cycle_reminders_send(*, today: datetime.date | None = None) -> int:
    """Record and queue today's reminders of the open cycle; returns how many cities."""
    today = today or timezone.localdate()
    cycle = ReportingCycle.objects.open().exclude(deadline=None).order_by("-year").first()
    kind = reminder_kind(cycle.deadline, today) if cycle else None
    if kind is None:
        return 0
    waiting = cycle.submissions.filter(
        status__in=NOT_HANDED_IN, city__joined_year__lte=cycle.year
    ).select_related("city")
    return sum(_remind(submission, kind, today) for submission in waiting)


def _remind(submission, kind: str, today) -> int:
    to = city_recipients(submission.city_id)
    if not to:
        return 0
    try:
        with transaction.atomic():
            event = SubmissionEvent.objects.create(
                submission=submission,
                action=SubmissionEvent.Action.REMIND,
                reminder=kind,
                recipients=", ".join(to),
            )
    except IntegrityError:  # already reminded today (beat ran twice)
        return 0
    from action_plans.tasks import send_reminder

    transaction.on_commit(lambda: send_reminder.delay(event.pk))
    return 1


def city_recipients(city_id: int) -> list[str]:
    """The city's active users and its current CSCO."""
    users = User.objects.filter(city=city_id, role__in=CITY_ROLES, is_active=True)
    emails = set(users.exclude(email="").values_list("email", flat=True))
    cscos = Appointment.objects.current().filter(kind="csco", city=city_id).exclude(email="")
    emails |= set(cscos.values_list("email", flat=True))
    return sorted(emails)


def reminder_deliver(event_id: int) -> int:
    """E-mail one recorded reminder, each recipient in their language; returns how many went."""
    event = (
        SubmissionEvent.objects.select_related("submission__cycle", "submission__city")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    to = [address for address in event.recipients.split(", ") if address]
    languages = dict(User.objects.filter(email__in=to).values_list("email", "language"))
    return sum(_send(event, address, languages.get(address) or "en") for address in to)


def _send(event, address: str, language: str) -> int:
    submission = event.submission
    context = {
        "event": event,
        "city": submission.city,
        "cycle": submission.cycle,
        "url": settings.PORTAL_URL.rstrip("/") + reverse("action_plans:my_report"),
    }
    with translation.override(language):
        subject = " ".join(
            render_to_string("action_plans/email/reminder_subject.txt", context).split()
        )
        body = render_to_string("action_plans/email/reminder_body.txt", context)
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:
        logger.exception("Could not send reminder %s to %s", event.pk, address)
        return 0
