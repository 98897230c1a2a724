"""Thin Celery tasks of the learning app: take ids, re-fetch, call the notifier."""

from celery import shared_task


@shared_task(
    name="learning.connection_notify",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def connection_notify(connection_id: int, event: str) -> int:
    from learning.notifications import connection_mail

    return connection_mail(connection_id, event)
