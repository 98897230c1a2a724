"""Sending tasks without letting a broker outage turn a saved change into an error, and the
checks of the health endpoint.

A service enqueues with `transaction.on_commit(lambda: enqueue(task, id))`: when the broker is
unreachable the row is already saved, the failure is logged, and the job is sent again later
(the report job by the resume beat task, see reports/tasks.py).
"""

from __future__ import annotations

import logging

from celery import current_app as app
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

# `current_app` is the project's Celery app (ascn_portal/celery.py, loaded with the settings):
# the ground floor names no project module.

log = logging.getLogger(__name__)

BROKER_ERRORS = (KombuOperationalError, RedisError, ConnectionError, OSError, TimeoutError)
CHECK_TIMEOUT = 2.0  # seconds; the health endpoint must answer quickly whatever is down


def enqueue(task, *args) -> bool:
    """Send `task(*args)`; False (logged) when the broker cannot be reached."""
    try:
        task.delay(*args)
    except BROKER_ERRORS as exc:
        log.error("Broker unreachable, %s%r not sent now: %s", task.name, args, exc)
        return False
    return True


def broker_check() -> str:
    """'' when the broker accepts a connection, else why not."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)
    except BROKER_ERRORS as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def worker_names() -> list[str]:
    """The Celery workers that answered a ping (none when the broker is down)."""
    try:
        replies = app.control.ping(timeout=1.0) or []
    except BROKER_ERRORS:
        return []
    return sorted(name for reply in replies for name in reply)
