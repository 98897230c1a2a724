"""Query threads: ASEC (or the national representative for their cities) questions one claim of
a city's report, the city answers in the thread, the reviewer resolves it. Each message is mailed
to the other side, through the mail task, in each recipient's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import IndicatorValue, ProgressUpdate, Project
from core import policy, text_limits
from review import notifications
from review.models import ObjectType, Query, QueryMessage
from review.selectors import reporting_year_of_project
from review.services._common import require


def query_open(*, actor, object_type: str, object_id: int, message: str) -> Query:
    """A new thread on a progress update, an indicator value or a project of a city's report.
    An object the actor may not question is refused as if it did not exist."""
    require(policy.can_open_queries(actor))
    text = _message(message)
    target = _target(actor, object_type, object_id)
    with transaction.atomic():
        query = Query.objects.create(opened_by=actor, object_type=object_type, **target)
        _write(query, actor, text)
    return query


def _target(actor, object_type: str, object_id: int) -> dict:
    finders = {
        ObjectType.PROGRESS_UPDATE: _update_target,
        ObjectType.INDICATOR_VALUE: _value_target,
        ObjectType.PROJECT: _project_target,
    }
    if object_type not in finders:
        raise ValidationError(
            {"object_type": _("Choose progress_update, indicator_value or project.")}
        )
    target = finders[object_type](object_id)
    if target is None or not policy.can_query_city(actor, target["city"]):
        raise ValidationError(
            {"object_id": _("There is no such object in the reports you review.")}
        )
    return target


def _update_target(pk) -> dict | None:
    update = ProgressUpdate.objects.select_related("project__plan__city").filter(pk=pk).first()
    if update is None:
        return None
    project = update.project
    return {"city": project.plan.city, "year": update.year, "project": project, "update": update}


def _value_target(pk) -> dict | None:
    value = (
        IndicatorValue.objects.select_related("indicator__project__plan__city")
        .filter(pk=pk, indicator__project__layer="working")
        .first()
    )
    if value is None:
        return None
    project = value.indicator.project
    return {"city": project.plan.city, "year": value.year, "project": project, "value": value}


def _project_target(pk) -> dict | None:
    project = Project.objects.select_related("plan__city").filter(pk=pk).first()
    if project is None:
        return None
    return {
        "city": project.plan.city,
        "year": reporting_year_of_project(project),
        "project": project,
    }


def query_reply(*, query: Query, actor, message: str) -> QueryMessage:
    require(policy.can_write_in_query(actor, query))
    text = _message(message)
    with transaction.atomic():
        current = Query.objects.select_for_update().get(pk=query.pk)
        if not current.is_open:
            raise ValidationError(
                {"message": _("This query is resolved; open a new query to ask again.")}
            )
        return _write(current, actor, text)


def query_resolve(*, query: Query, actor) -> Query:
    require(policy.can_resolve_query(actor, query))
    with transaction.atomic():
        current = Query.objects.select_for_update().get(pk=query.pk)
        if not current.is_open:
            raise ValidationError(_("This query is already resolved."))
        current.status = Query.Status.RESOLVED
        current.resolved_by, current.resolved_at = actor, timezone.now()
        current.save(update_fields=["status", "resolved_by", "resolved_at"])
    return current


def _message(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"message": _("Write a message.")})
    if len(text) > text_limits.MESSAGE:
        raise ValidationError(
            {
                "message": _("Keep the message under %(limit)s characters.")
                % {"limit": text_limits.MESSAGE}
            }
        )
    return text


def _write(query: Query, actor, text: str) -> QueryMessage:
    written = QueryMessage.objects.create(query=query, author=actor, text=text)
    notifications.query_message_notify(written)
    return written
