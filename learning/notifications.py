"""E-mail about connections between cities: a request goes to the asked city's officials, an
answer to the asking city's. It leaves through the portal's one mail path (`core/mail.py`):
a task on commit, written in each recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import CITY_ROLES, User
from learning.models import Connection

COMPOSE = "learning.notifications.connection_message"


def recipients(connection: Connection, event: str) -> list[int]:
    """The officials of the city the event is for: the asked city for a request, else the
    asking city."""
    city = connection.to_city_id if event == "requested" else connection.from_city_id
    users = User.objects.filter(is_active=True, role__in=CITY_ROLES, city=city).exclude(email="")
    return list(users.values_list("pk", flat=True))


def connection_message(connection_id: int, event: str) -> tuple[str, str] | None:
    """Subject and body of one event; None when the connection is gone since."""
    connection = (
        Connection.objects.select_related("from_city", "to_city", "to_project")
        .filter(pk=connection_id)
        .first()
    )
    if connection is None:
        return None
    context = {
        "connection": connection,
        "event": event,
        "url": settings.PORTAL_URL.rstrip("/") + connection.get_absolute_url(),
    }
    subject = " ".join(render_to_string("learning/email/subject.txt", context).split())
    return subject, render_to_string("learning/email/body.txt", context)
