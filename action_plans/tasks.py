"""Celery tasks of action plans: thin, they take ids and call the services."""

from celery import shared_task

from action_plans.services.reminders import cycle_reminders_send


@shared_task(name="action_plans.send_cycle_reminders")
def send_cycle_reminders() -> int:
    """Beat, daily: the reminders the open reporting cycle's calendar calls for today."""
    return cycle_reminders_send()
