"""The conflict page's content: what was typed, what is saved now, and what changed meanwhile.

When a stale form is submitted, the form is shown again with everything typed kept and its hidden
version moved to the current one, so saving again re-applies the user's values on purpose.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.history import M2M
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


def _values_at(form, current, version: int | None) -> dict | None:
    """The object's values at the version the user started from (None when not recorded)."""
    if version is None:
        return {}
    record = (
        current.history.filter(version=version).order_by("-history_date", "-history_id").first()
    )
    if record is None:
        return None
    values = {}
    for name in form._meta.fields:
        if name in M2M:
            accessor, attname, _model = M2M[name]
            values[name] = [getattr(row, attname) for row in getattr(record, accessor).all()]
        else:
            values[name] = getattr(record, name)
    return values


def _last_change(current) -> tuple[str, datetime.datetime | None]:
    record = current.history.select_related("history_user").order_by("-history_date").first()
    if record is None or record.history_user is None:
        return "", None
    user = record.history_user
    return user.get_full_name() or user.username, record.history_date


def conflict_context(form, conflict: VersionConflict) -> dict:
    """Rows for every field where the user's value and the saved one differ, or that someone
    changed meanwhile; and the form re-armed with the current version."""
    current = conflict.current
    base = _values_at(form, current, conflict.expected_version)
    rows = []
    for name, value in form.current_values(current).items():
        field = form.fields[name]
        now = _show(field, value)
        yours = _show(field, form.cleaned_data.get(name))
        before = None if base is None or name not in base else _show(field, base[name])
        meanwhile = before is not None and before != now
        if yours != now or meanwhile:
            rows.append(ConflictRow(str(field.label), yours, now, before, meanwhile))
    form.data = form.data.copy()
    form.data["version"] = current.version
    by, at = _last_change(current)
    return {"conflict": {"rows": rows, "by": by, "at": at, "known_before": base is not None}}
