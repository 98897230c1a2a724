"""E-mail about query threads: each message goes to the other side of the thread (the city's
users, or the reviewers who took part), sent by the mail task in each recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import CITY_ROLES, User
from core.mail import mail_send
from review.models import QueryMessage


def recipient_ids(written: QueryMessage) -> list[int]:
    query = written.query
    users = User.objects.filter(is_active=True).exclude(email="").exclude(pk=written.author_id)
    if written.author.city_id == query.city_id and written.author.role in CITY_ROLES:
        reviewers = set(query.messages.values_list("author", flat=True)) | {query.opened_by_id}
        users = users.filter(pk__in=reviewers).exclude(role__in=CITY_ROLES)
    else:
        users = users.filter(role__in=CITY_ROLES, city=query.city_id)
    return list(users.values_list("pk", flat=True))


def query_message_notify(written: QueryMessage) -> None:
    mail_send(compose=f"{__name__}.query_mail", args=[written.pk], user_ids=recipient_ids(written))


def query_mail(message_id: int) -> tuple[str, str] | None:
    written = (
        QueryMessage.objects.select_related("query__city", "query__project", "author")
        .filter(pk=message_id)
        .first()
    )
    if written is None:
        return None
    path = reverse("review:query", args=[written.query_id])
    context = {
        "message": written,
        "query": written.query,
        "url": settings.PORTAL_URL.rstrip("/") + path,
    }
    subject = " ".join(render_to_string("review/email/query_subject.txt", context).split())
    return subject, render_to_string("review/email/query_body.txt", context)
