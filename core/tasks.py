"""Portal-wide tasks."""

import os
import socket

from celery import shared_task
from django.db import connection

from core.mail import mail_deliver


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
    name="ascn_portal.send_mail",
    ignore_result=True,
    # smtplib's errors are OSErrors: a mail server that is down or refuses is tried again, after
    # 30 s, 1 min, 2 min … up to an hour apart, for about a day.
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=30,
)
def send_mail(compose: str, args: list, user_ids: list[int], addresses: list[str]) -> int:
    """The portal's e-mail (core/mail.py): compose per recipient language and send."""
    return mail_deliver(compose=compose, args=args, user_ids=user_ids, addresses=addresses)
