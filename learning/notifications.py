"""E-mail about connections between cities: a request goes to the asked city's officials, an
answer to the asking city's. Sent from a task (see `tasks.py`), in the portal's language."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string

from accounts.models import CITY_ROLES, User
from learning.models import Connection

logger = logging.getLogger(__name__)


def _addresses(city_id: int) -> list[str]:
    users = User.objects.filter(is_active=True, role__in=CITY_ROLES, city=city_id).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def connection_mail(connection_id: int, event: str) -> int:
    """Send the e-mail of one event; a connection gone since is nothing to tell."""
    connection = (
        Connection.objects.select_related("from_city", "to_city", "to_project")
        .filter(pk=connection_id)
        .first()
    )
    if connection is None:
        return 0
    city = connection.to_city_id if event == "requested" else connection.from_city_id
    to = _addresses(city)
    if not to:
        return 0
    context = {
        "connection": connection,
        "event": event,
        "url": settings.PORTAL_URL.rstrip("/") + connection.get_absolute_url(),
    }
    subject = " ".join(render_to_string("learning/email/subject.txt", context).split())
    body = render_to_string("learning/email/body.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    try:
        return send_mass_mail(messages)
    except OSError:
        logger.exception("Could not send the e-mail for connection %s", connection_id)
        return 0
