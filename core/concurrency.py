"""Optimistic concurrency for editable objects (those with an integer `version`).

A write names the version it was based on. The version is bumped by a conditional UPDATE first:
on PostgreSQL the row lock makes a concurrent writer wait and then match no row; on SQLite the
write lock serialises them the same way. Only the winner goes on to save its fields (through
`save()`, so history is recorded); the loser gets VersionConflict with the current state.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


class VersionConflict(Exception):
    """The object changed since the version the writer saw; nothing was written."""

    def __init__(self, current: models.Model, *, expected_version: int | None = None):
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"{type(current).__name__} {current.pk} is at version {current.version}, "
            f"not {expected_version}."
        )


def update_versioned(
    instance: M, *, expected_version: int | None, changes: dict[str, Any], m2m: dict | None = None
) -> M:
    """Apply `changes` (and many-to-many `m2m`) to `instance` if it is still at `expected_version`.

    `expected_version=None` means the caller does not take part in concurrency control (e.g. a
    workflow transition that already checked the state); the version is still bumped.
    """
    model = type(instance)
    with transaction.atomic():
        rows = model._default_manager.filter(pk=instance.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(version=models.F("version") + 1):
            raise VersionConflict(
                model._default_manager.get(pk=instance.pk), expected_version=expected_version
            )
        fresh = model._default_manager.get(pk=instance.pk)
        for name, value in changes.items():
            setattr(fresh, name, value)
        fresh.save()
        for name, values in (m2m or {}).items():
            getattr(fresh, name).set(values)
    return fresh
