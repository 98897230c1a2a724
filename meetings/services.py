"""Writes to meetings, their agenda, participants, documents and decisions.

ASEC manages meetings (`policy.can_manage_meetings`); the owner of a decision follows it up
(`policy.can_follow_up_decision`). Every function checks the policy itself, so no caller can
forget it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import partial
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from cities.models import City, Country
from core import policy
from core.uploads import DOCUMENT_KINDS, validate_upload
from meetings.models import AgendaItem, Decision, Document, Meeting, Participation
from partners.models import Partner


def _require_manager(actor) -> None:
    if not policy.can_manage_meetings(actor):
        raise PermissionDenied


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


# --- Meetings -----------------------------------------------------------------------------------


def meeting_create(*, actor, **fields) -> Meeting:
    _require_manager(actor)
    with transaction.atomic():
        return _save(Meeting(), **fields)


def meeting_update(*, meeting: Meeting, actor, **fields) -> Meeting:
    _require_manager(actor)
    with transaction.atomic():
        return _save(meeting, **fields)


# --- Agenda -------------------------------------------------------------------------------------


def agenda_item_create(*, meeting: Meeting, actor, title: str, description: str = "") -> AgendaItem:
    """A new item goes to the end of the agenda."""
    _require_manager(actor)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        return _save(
            AgendaItem(meeting=meeting), position=last + 1, title=title, description=description
        )


def agenda_item_update(*, item: AgendaItem, actor, title: str, description: str = "") -> AgendaItem:
    _require_manager(actor)
    with transaction.atomic():
        return _save(item, title=title, description=description)


def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    _require_manager(actor)
    with transaction.atomic():
        item.delete()
        _renumber(list(AgendaItem.objects.filter(meeting=item.meeting_id)))


def agenda_item_move(*, item: AgendaItem, actor, direction: Literal["up", "down"]) -> None:
    """Swap an item with its neighbour; positions are renumbered 1…n on the way."""
    _require_manager(actor)
    if direction not in ("up", "down"):
        raise ValueError(f"Unknown direction {direction!r}.")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
        items = list(AgendaItem.objects.filter(meeting=item.meeting_id))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        neighbour = index - 1 if direction == "up" else index + 1
        if 0 <= neighbour < len(items):
            items[index], items[neighbour] = items[neighbour], items[index]
        _renumber(items)


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# --- Participation ------------------------------------------------------------------------------


def participants_set(
    *,
    meeting: Meeting,
    actor,
    cities: Iterable[City],
    countries: Iterable[Country],
    partners: Iterable[Partner],
) -> None:
    """Make the meeting's participants exactly these cities, countries and partners."""
    _require_manager(actor)
    wanted = {("city", c.pk) for c in cities}
    wanted |= {("country", c.pk) for c in countries}
    wanted |= {("partner", p.pk) for p in partners}
    with transaction.atomic():
        present = {_participant_key(p): p.pk for p in meeting.participations.all()}
        gone = [pk for key, pk in present.items() if key not in wanted]
        Participation.objects.filter(pk__in=gone).delete()
        Participation.objects.bulk_create(
            Participation(meeting=meeting, **{f"{field}_id": pk})
            for field, pk in sorted(wanted - present.keys())
        )


def _participant_key(participation: Participation) -> tuple[str, int]:
    for field in ("city", "country", "partner"):
        if getattr(participation, f"{field}_id"):
            return field, getattr(participation, f"{field}_id")
    raise ValueError("A participation names a city, a country or a partner.")


# --- Documents ----------------------------------------------------------------------------------


def document_create(*, meeting: Meeting, actor, upload: UploadedFile, **fields) -> Document:
    _require_manager(actor)
    document = Document(meeting=meeting, uploaded_by=actor, **fields)
    with transaction.atomic():
        document.full_clean(exclude=["file"])
        _store(document, upload)
    return document


def document_update(
    *, document: Document, actor, upload: UploadedFile | None = None, **fields
) -> Document:
    """Change a document's details and, when a file is given, replace its file."""
    _require_manager(actor)
    for name, value in fields.items():
        setattr(document, name, value)
    with transaction.atomic():
        document.full_clean(exclude=["file"])
        if upload is None:
            document.save()
            return document
        old_name = document.file.name
        document.uploaded_by = actor
        _store(document, upload)
        if old_name:
            transaction.on_commit(partial(document.file.storage.delete, old_name))
    return document


def document_delete(*, document: Document, actor) -> None:
    _require_manager(actor)
    with transaction.atomic():
        name, storage = document.file.name, document.file.storage
        document.delete()
        if name:
            transaction.on_commit(partial(storage.delete, name))


def _store(document: Document, upload: UploadedFile) -> None:
    """Save the file under MEDIA_ROOT with a random name and the extension its content proves;
    the file is removed again if the row cannot be saved."""
    kind = validate_upload(upload, allowed=DOCUMENT_KINDS)
    document.file.save(f"{uuid.uuid4().hex}.{kind.extension}", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise


# --- Decisions ----------------------------------------------------------------------------------


def decision_create(*, meeting: Meeting, actor, **fields) -> Decision:
    _require_manager(actor)
    with transaction.atomic():
        return _save(Decision(meeting=meeting), **fields)


def decision_update(*, decision: Decision, actor, **fields) -> Decision:
    _require_manager(actor)
    with transaction.atomic():
        return _save(decision, **fields)


def decision_follow_up(*, decision: Decision, actor, status: str, follow_up: str) -> Decision:
    """The owner (or ASEC) records where a decision stands."""
    if not policy.can_follow_up_decision(actor, decision):
        raise PermissionDenied
    with transaction.atomic():
        return _save(decision, status=status, follow_up=follow_up)
