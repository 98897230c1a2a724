"""A plan's change history, read from django-simple-history as field-level diffs (old → new).

Every historical table is read once, whatever the plan's size; diffs are computed in Python.
Records of one object saved by the same person within a few seconds are shown as one change (a
project save writes its fields and then each many-to-many field as separate records).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plans.models import (
    ActionPlan,
    AscapItem,
    Evidence,
    FocusArea,
    FrameworkComponent,
    GesiGroup,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressUpdate,
    Project,
    StrategicOutcome,
)

MERGE_WINDOW = datetime.timedelta(seconds=10)
HIDDEN_FIELDS = {"id", "version", "updated_at", "submitted_at", "source", "plan", "project"}
HIDDEN_FIELDS |= {"indicator", "city", "period"}
# Rows of the published layer are copies written without history; the primary focus area
# follows the focus areas, whose change the history shows.
HIDDEN_FIELDS |= {"layer", "origin", "publication", "primary_focus_area"}
# What a plan's publication copies onto it and its updates: no history of them is kept.
HIDDEN_FIELDS |= {"published_revision", "published_vision", "published_targets", "public"}
EMPTY = "—"
ACTIONS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
M2M = {
    "focus_areas": ("historicalproject_focus_areas_set", "focusarea_id", FocusArea),
    "outcomes": ("historicalproject_outcomes_set", "strategicoutcome_id", StrategicOutcome),
    "gesi_groups": ("historicalproject_gesi_groups_set", "gesigroup_id", GesiGroup),
    "components": (
        "historicalproject_components_set",
        "frameworkcomponent_id",
        FrameworkComponent,
    ),
    "ascap": ("historicalproject_ascap_set", "ascapitem_id", AscapItem),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime.datetime
    who: str
    kind: str
    subject: str
    action: str
    reason: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    user_id: int | None = None
    object_key: tuple = ()


def _display(model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _user_name(user) -> str:
    """The person who made a change; the portal's own account (the command line) and changes
    made before anyone was recorded both read "System"."""
    if user is None or user.is_system:
        return _("System")
    return user.display_name


class _Reader:
    """Turns the historical records of one model into state dicts of display values."""

    def __init__(self, model, names: dict[str, dict[int, str]]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
        self.names = names

    def state(self, record) -> dict[str, tuple[str, str]]:
        state = {}
        for model_field in self.fields:
            value = getattr(record, model_field.attname)
            if model_field.is_relation:
                value = self.names.get(model_field.name, {}).get(value, value)
                display = EMPTY if value is None else str(value)
            else:
                display = _display(model_field, value)
            state[model_field.name] = (capfirst(str(model_field.verbose_name)), display)
        if self.model is Project:
            state.update(self._m2m_state(record))
        return state

    def _m2m_state(self, record) -> dict[str, tuple[str, str]]:
        state = {}
        for name, (accessor, attname, _model) in M2M.items():
            ids = [getattr(row, attname) for row in getattr(record, accessor).all()]
            labels = sorted(self.names[name].get(pk, str(pk)) for pk in ids)
            verbose = self.model._meta.get_field(name).verbose_name
            state[name] = (capfirst(str(verbose)), ", ".join(labels) or EMPTY)
        return state


def _diff(before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name, (label, new) in after.items():
        old = before.get(name, (label, EMPTY))[1]
        if old != new:
            changes.append(FieldChange(label=label, old=old, new=new))
    return changes


def _fold(previous: Change, change: Change) -> None:
    """Merge `change` into the change just before it, keeping the oldest "old" of each field."""
    olds = {f.label: f.old for f in previous.fields}
    merged = {f.label: f for f in previous.fields}
    for item in change.fields:
        merged[item.label] = FieldChange(item.label, olds.get(item.label, item.old), item.new)
    previous.fields = [f for f in merged.values() if f.old != f.new]
    previous.when = change.when
    if change.action == ACTIONS["-"]:
        previous.action = change.action
    previous.reason = previous.reason or change.reason


def _changes_of(records, reader: _Reader, kind: str, subject) -> list[Change]:
    """Changes of every object of one model, in time order per object."""
    by_object: dict[int, list] = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    changes: list[Change] = []
    for object_records in by_object.values():
        object_records.sort(key=lambda r: (r.history_date, r.history_id))
        before: dict = {}
        last: Change | None = None
        for record in object_records:
            after = reader.state(record)
            change = Change(
                when=record.history_date,
                who=_user_name(record.history_user),
                kind=kind,
                subject=subject(record),
                action=ACTIONS[record.history_type],
                reason=record.history_change_reason or "",
                fields=_diff(before, after) if record.history_type != "-" else [],
                user_id=record.history_user_id,
                object_key=(kind, record.id),
            )
            before = after
            if (
                last is not None
                and last.user_id == change.user_id
                and change.when - last.when <= MERGE_WINDOW
                and last.action != ACTIONS["-"]
            ):
                _fold(last, change)
                continue
            if change.fields or record.history_type != "~" or change.reason:
                changes.append(change)
                last = change
    return changes


def _records(model, **filters):
    return model.history.filter(**filters).select_related("history_user")


def _latest_names(records, attribute: str) -> dict[int, str]:
    names: dict[int, str] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        names[record.id] = getattr(record, attribute)
    return names


def plan_history(plan: ActionPlan) -> list[Change]:
    """Every recorded change to a plan and everything in it, newest first."""
    projects = list(
        _records(Project, plan_id=plan.pk).prefetch_related(*(a for a, _, _ in M2M.values()))
    )
    project_ids = Project.history.filter(plan_id=plan.pk).values("id")
    milestones = list(_records(Milestone, project_id__in=project_ids))
    indicators = list(_records(Indicator, project_id__in=project_ids))
    indicator_ids = Indicator.history.filter(project_id__in=project_ids).values("id")
    values = list(_records(IndicatorValue, indicator_id__in=indicator_ids))
    updates = list(
        _records(ProgressUpdate, project_id__in=project_ids).select_related("submitted_by")
    )
    names = {
        "focus_areas": dict(FocusArea.objects.values_list("pk", "name")),
        "outcomes": dict(StrategicOutcome.objects.values_list("pk", "name")),
        "gesi_groups": dict(GesiGroup.objects.values_list("pk", "name")),
        "components": dict(FrameworkComponent.objects.values_list("pk", "name")),
        "ascap": {item.pk: str(item) for item in AscapItem.objects.all()},
        "submitted_by": {r.submitted_by_id: _user_name(r.submitted_by) for r in updates},
    }
    titles = _latest_names(projects, "title")
    indicator_names = _latest_names(indicators, "name")

    def in_project(record, own: str) -> str:
        return _("«%(name)s» of «%(project)s»") % {
            "name": own,
            "project": titles.get(record.project_id, "?"),
        }

    parts = [
        (_records(ActionPlan, id=plan.pk), ActionPlan, _("Plan"), lambda r: ""),
        (projects, Project, _("Project"), lambda r: f"«{r.title}»"),
        (milestones, Milestone, _("Milestone"), lambda r: in_project(r, r.title)),
        (indicators, Indicator, _("Indicator"), lambda r: in_project(r, r.name)),
        (
            values,
            IndicatorValue,
            _("Indicator value"),
            lambda r: f"«{indicator_names.get(r.indicator_id, '?')}» {r.year}",
        ),
        (
            updates,
            ProgressUpdate,
            _("Progress update"),
            lambda r: in_project(r, str(r.year)),
        ),
    ]
    changes = []
    for records, model, kind, subject in parts:
        changes += _changes_of(records, _Reader(model, names), kind, subject)
    changes += _evidence_changes(project_ids, titles)
    return sorted(changes, key=lambda c: c.when, reverse=True)


def _evidence_changes(project_ids, titles) -> list[Change]:
    files = Evidence.objects.filter(update__project_id__in=project_ids).select_related(
        "uploaded_by", "update"
    )
    return [
        Change(
            when=item.uploaded_at,
            who=_user_name(item.uploaded_by),
            kind=_("Evidence"),
            subject=_("«%(name)s» for «%(project)s» %(year)s")
            % {
                "name": item.original_name,
                "project": titles.get(item.update.project_id, "?"),
                "year": item.update.year,
            },
            action=ACTIONS["+"],
        )
        for item in files
    ]
