"""The one way e-mail leaves the portal (STYLE.md: through a task, on commit, in the recipient's
language).

A service calls `mail_send` inside its transaction. Once that commits, the `ascn_portal.send_mail`
task re-fetches the recipients, composes the message once per language with the function named
by `compose` (a dotted path to `function(*args) -> (subject, body)`, or None when what it is
about is gone), and sends it, one message per address. A mail server that is down makes the task
retry with backoff; it never turns the saved change into an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

from core.broker import enqueue


def mail_send(
    *,
    compose: str,
    args: Sequence = (),
    user_ids: Iterable[int] = (),
    addresses: Iterable[str] = (),
) -> None:
    """Mail users (in their language) and bare addresses (in English) once the caller's
    transaction commits."""
    user_ids, addresses = sorted(set(user_ids)), sorted(set(addresses))
    if not user_ids and not addresses:
        return
    # The task module imports this one: a service and the task it enqueues are the one circle
    # the layout allows, closed here, at call time.
    from core.tasks import send_mail

    transaction.on_commit(lambda: enqueue(send_mail, compose, list(args), user_ids, addresses))


def mail_deliver(*, compose: str, args: Sequence, user_ids: list[int], addresses: list[str]) -> int:
    """Compose and send now; returns how many went out. Raises when the mail server fails."""
    by_language = _recipients_by_language(user_ids, addresses)
    composer = import_string(compose)
    messages = []
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            composed = composer(*args)
        if composed is None:
            return 0
        subject, body = composed
        messages += [EmailMessage(subject, body, to=[email]) for email in sorted(emails)]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def _recipients_by_language(user_ids: list[int], addresses: list[str]) -> dict[str, set[str]]:
    default = settings.LANGUAGE_CODE
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    language_of = dict.fromkeys(addresses, default)
    for email, language in users.values_list("email", "language"):
        language_of[email] = language or default
    by_language: dict[str, set[str]] = {}
    for email, language in language_of.items():
        by_language.setdefault(language, set()).add(email)
    return by_language
