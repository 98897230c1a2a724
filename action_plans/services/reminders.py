"""Reminders that follow a reporting cycle's calendar (SPEC "Time", issue 14 point 6).

Celery beat runs `cycle_reminders_send()` daily. On the days the calendar says (a set number of
days before the deadline, on the day, and every so many days while overdue) each member city of
the year that has not handed in its report gets one reminder, recorded as a submission event
(who, when, which reminder), and e-mailed through `core.mail` (a task, after the commit, in
each recipient's language).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import CITY_ROLES, User
from action_plans.models import ReportingCycle, SubmissionEvent, SubmissionStatus
from cities.models import Appointment
from core.mail import mail_send

NOT_HANDED_IN = (
    SubmissionStatus.NOT_STARTED,
    SubmissionStatus.IN_PROGRESS,
    SubmissionStatus.RETURNED,
)
# The calendar's reminders, and the one ASEC sends by hand from the completeness dashboard.
BEFORE, DUE, OVERDUE, MANUAL = "before", "due", "overdue", "manual"


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
    return sum(submission_remind(submission=s, kind=kind) for s in waiting)


def submission_remind(*, submission, kind: str) -> int:
    """Record one reminder of a submission (at most one a day) and mail it to the city's users
    and CSCO after the commit; returns 1 when it went out, else 0."""
    users, addresses = city_recipients(submission.city_id)
    if not users and not addresses:
        return 0
    emails = sorted(set(users.values()) | set(addresses))
    try:
        with transaction.atomic():
            event = SubmissionEvent.objects.create(
                submission=submission,
                action=SubmissionEvent.Action.REMIND,
                reminder=kind,
                recipients=", ".join(emails),
            )
    except IntegrityError:  # already reminded today (beat ran twice)
        return 0
    mail_send(
        compose=f"{__name__}.reminder_mail",
        args=[event.pk],
        user_ids=list(users),
        addresses=[a for a in addresses if a not in users.values()],
    )
    return 1


def city_recipients(city_id: int) -> tuple[dict[int, str], list[str]]:
    """The city's active users (by id, mailed in their language) and its current CSCO's
    address (in English when the CSCO has no account)."""
    users = User.objects.filter(city=city_id, role__in=CITY_ROLES, is_active=True)
    by_id = dict(users.exclude(email="").values_list("pk", "email"))
    cscos = Appointment.objects.current().filter(kind="csco", city=city_id).exclude(email="")
    return by_id, sorted(set(cscos.values_list("email", flat=True)))


def reminder_mail(event_id: int) -> tuple[str, str] | None:
    """Subject and body of one recorded reminder, in the active language; None once the city
    has handed its report in (or the reminder is gone)."""
    event = (
        SubmissionEvent.objects.select_related("submission__cycle", "submission__city")
        .filter(pk=event_id, submission__status__in=NOT_HANDED_IN)
        .first()
    )
    if event is None:
        return None
    submission = event.submission
    context = {
        "event": event,
        "city": submission.city,
        "cycle": submission.cycle,
        "url": settings.PORTAL_URL.rstrip("/") + reverse("action_plans:my_report"),
    }
    subject = " ".join(render_to_string("action_plans/email/reminder_subject.txt", context).split())
    return subject, render_to_string("action_plans/email/reminder_body.txt", context)
