"""Portal-wide tasks."""

import os
import socket

from celery import shared_task
from django.db import connection


@shared_task(name="ascn_portal.ping")
def ping(value: str) -> dict:
    """Echo a value with the worker's identity and database: proves a worker is wired up."""
    return {
        "echo": value,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "database": str(connection.settings_dict["NAME"]),
    }


@shared_task(
    name="reports.send_update_reminders",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_update_reminders(year: int | None = None, city_ids: list[int] | None = None) -> int:
    """Remind cities whose updates for `year` (default: the reporting year) are missing."""
    from action_plans.calendar import reporting_year
    from reports.reminders import update_reminders_deliver

    return update_reminders_deliver(year=year or reporting_year(), city_ids=city_ids)
