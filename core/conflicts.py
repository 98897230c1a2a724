"""The one conflict page (`templates/includes/conflict.html`) and its content: what was typed,
what is saved now, and what changed meanwhile, for any versioned form of any app.

When a stale form is submitted, the form is shown again with everything typed kept and its hidden
version moved to the current one, so saving again re-applies the user's values on purpose. What
the user started from comes from the object's history when the model keeps one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.concurrency import VersionConflict

EMPTY = "—"


@dataclass
class ConflictRow:
    label: str
    yours: str
    current: str
    before: str | None
    changed_meanwhile: bool


def _show(field: forms.Field, value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        names = {str(pk): str(obj) for pk, obj in ((o.pk, o) for o in field.queryset)}
        keys = [str(getattr(item, "pk", item)) for item in value]
        return ", ".join(sorted(names.get(key, key) for key in keys)) or EMPTY
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


class ConflictFormMixin:
    """For versioned forms: the saved object's values as the form names them, to compare with
    what was typed. Forms with values of their own (an indicator's yearly values) add them;
    values that are not a field of the form (an indicator's split of a year's value) come as
    rows of their own from `conflict_rows`."""

    def conflict_rows(self, instance) -> list[tuple[str, str, str]]:
        """(label, yours, current) for values that are not fields of the form; shown when they
        differ."""
        return []

    def current_values(self, instance) -> dict:
        values = {}
        for name in self._meta.fields:
            if name == "version":
                continue
            value = getattr(instance, name)
            values[name] = list(value.all()) if hasattr(value, "all") else value
        return values


def _values_at(form, current, version: int | None, m2m: dict) -> dict | None:
    """The object's values at the version the user started from (None when not recorded)."""
    if version is None:
        return {}
    if not hasattr(current, "history"):
        return None
    record = (
        current.history.filter(version=version).order_by("-history_date", "-history_id").first()
    )
    if record is None:
        return None
    values = {}
    for name in form._meta.fields:
        if name == "version":
            continue
        if name in m2m:
            accessor, attname, _model = m2m[name]
            values[name] = [getattr(row, attname) for row in getattr(record, accessor).all()]
        else:
            values[name] = getattr(record, name)
    return values


def _last_change(current) -> tuple[str, datetime.datetime | None]:
    if not hasattr(current, "history"):
        return "", None
    record = current.history.select_related("history_user").order_by("-history_date").first()
    if record is None or record.history_user is None:
        return "", None
    user = record.history_user
    return user.get_full_name() or user.username, record.history_date


def conflict_context(form, conflict: VersionConflict, *, m2m: dict | None = None) -> dict:
    """Rows for every field where the user's value and the saved one differ, or that someone
    changed meanwhile; and the form re-armed with the current version. `m2m` names, per
    many-to-many field, where its history keeps it: (accessor, id attribute, model)."""
    current = conflict.current
    base = _values_at(form, current, conflict.expected_version, m2m or {})
    rows = []
    for name, value in form.current_values(current).items():
        field = form.fields[name]
        now = _show(field, value)
        yours = _show(field, form.cleaned_data.get(name))
        before = None if base is None or name not in base else _show(field, base[name])
        meanwhile = before is not None and before != now
        if yours != now or meanwhile:
            rows.append(ConflictRow(str(field.label), yours, now, before, meanwhile))
    rows += [
        ConflictRow(label, yours or EMPTY, now or EMPTY, None, False)
        for label, yours, now in form.conflict_rows(current)
        if yours != now
    ]
    form.data = form.data.copy()
    form.data["version"] = current.version
    by, at = _last_change(current)
    return {"conflict": {"rows": rows, "by": by, "at": at, "known_before": base is not None}}
