"""E-mail reminders to cities whose progress updates for a year are missing."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import CITY_ROLES, User
from ascn_portal import policy
from cities.models import Appointment
from reports import selectors as s


def update_reminders_send(*, year: int, actor, city_ids: list[int] | None = None) -> None:
    """Queue reminder e-mails (ASEC only); the worker sends them after the request commits."""
    if not policy.can_send_reminders(actor):
        raise PermissionDenied
    from ascn_portal.tasks import send_update_reminders

    transaction.on_commit(lambda: send_update_reminders.delay(year, city_ids))


def update_reminders_deliver(*, year: int, city_ids: list[int] | None = None) -> int:
    """Send one e-mail per lagging city to its users and current CSCO; returns how many."""
    lagging = s.lagging_cities(s.Scope(year=year))
    if city_ids is not None:
        lagging = lagging.filter(pk__in=city_ids)
    cities = {c.pk: c for c in lagging}
    recipients: dict[int, set[str]] = {pk: set() for pk in cities}
    users = User.objects.filter(city__in=cities, role__in=CITY_ROLES, is_active=True)
    for city_id, email in users.exclude(email="").values_list("city_id", "email"):
        recipients[city_id].add(email)
    cscos = Appointment.objects.current().filter(kind="csco", city__in=cities).exclude(email="")
    for city_id, email in cscos.values_list("city_id", "email"):
        recipients[city_id].add(email)
    messages = [
        (
            _("ASCN: progress updates for %(year)s are due for %(city)s")
            % {"year": year, "city": city.name},
            _(
                "%(done)s of %(live)s live projects of %(city)s have their %(year)s progress "
                "update. Please submit the missing updates in the ASCN Portal."
            )
            % {
                "done": city.updated_projects,
                "live": city.live_projects,
                "city": city.name,
                "year": year,
            },
            settings.DEFAULT_FROM_EMAIL,
            sorted(recipients[pk]),
        )
        for pk, city in cities.items()
        if recipients[pk]
    ]
    return send_mass_mail(messages, fail_silently=False)
