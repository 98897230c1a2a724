"""E-mail reminders ASEC sends by hand from the completeness dashboard, to the cities that were
members in the year and have not handed in the year's report (reports.selectors.lagging_cities).

A city with a submission for the year gets the cycle's reminder, recorded on its submission so
that the cycle page shows who was reminded when (action_plans.services.reminders); a city without
one (no cycle for the year yet) gets a plain reminder naming its missing updates.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import CITY_ROLES, User
from action_plans.models import Submission
from action_plans.services.reminders import MANUAL, submission_remind
from cities.models import Appointment
from core import policy
from core.mail import mail_send
from reports import selectors
from reports.selectors import Scope


def update_reminders_send(*, year: int, actor, city_ids: list[int] | None = None) -> None:
    """Queue reminder e-mails (ASEC only); the worker sends them after the request commits."""
    if not policy.can_send_reminders(actor):
        raise PermissionDenied
    # The task module imports this one: a service and the task it enqueues are the one circle
    # the layout allows, closed here, at call time.
    from reports.tasks import send_update_reminders

    transaction.on_commit(lambda: send_update_reminders.delay(year, city_ids))


def update_reminders_deliver(*, year: int, city_ids: list[int] | None = None) -> int:
    """Remind each city that has not handed in its report of the year (one mail task per
    city); returns how many cities are reminded."""
    lagging = selectors.lagging_cities(Scope(year=year))
    if city_ids is not None:
        lagging = lagging.filter(pk__in=city_ids)
    cities = [city.pk for city in lagging]
    submissions = list(Submission.objects.filter(cycle__year=year, city__in=cities))
    reminded = sum(submission_remind(submission=row, kind=MANUAL) for row in submissions)
    with_submission = {row.city_id for row in submissions}
    without = [pk for pk in cities if pk not in with_submission]
    return reminded + _remind_without_submission(without, year)


def _remind_without_submission(cities: list[int], year: int) -> int:
    users: dict[int, list[int]] = {pk: [] for pk in cities}
    for city_id, pk in _city_users(cities).values_list("city_id", "pk"):
        users[city_id].append(pk)
    cscos: dict[int, list[str]] = {pk: [] for pk in cities}
    current = Appointment.objects.current().filter(kind="csco", city__in=cities).exclude(email="")
    for city_id, email in current.values_list("city_id", "email"):
        cscos[city_id].append(email)
    for pk in cities:
        mail_send(
            compose=f"{__name__}.reminder_mail",
            args=[pk, year],
            user_ids=users[pk],
            addresses=cscos[pk],
        )
    return sum(1 for pk in cities if users[pk] or cscos[pk])


def _city_users(city_ids: list[int]):
    return User.objects.filter(city__in=city_ids, role__in=CITY_ROLES, is_active=True).exclude(
        email=""
    )


def reminder_mail(city_id: int, year: int) -> tuple[str, str] | None:
    """The reminder to one city, in the active language; None once its report is handed in."""
    city = selectors.lagging_cities(Scope(year=year)).filter(pk=city_id).first()
    if city is None:
        return None
    subject = _("ASCN: progress updates for %(year)s are due for %(city)s") % {
        "year": year,
        "city": city.name,
    }
    body = _(
        "%(done)s of %(live)s live projects of %(city)s have their %(year)s progress "
        "update. Please submit the missing updates in the ASCN Portal."
    ) % {
        "done": city.updated_projects,
        "live": city.live_projects,
        "city": city.name,
        "year": year,
    }
    return subject, body
