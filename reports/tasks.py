"""Tasks of the reports app (the annual report's own tasks are in reports/annual/tasks.py)."""

from celery import shared_task

from action_plans.calendar import reporting_year
from reports.reminders import update_reminders_deliver


@shared_task(
    name="reports.send_update_reminders",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_update_reminders(year: int | None = None, city_ids: list[int] | None = None) -> int:
    """Remind the member cities that have not handed in their report of `year` (default: the
    reporting year)."""
    return update_reminders_deliver(year=year or reporting_year(), city_ids=city_ids)
