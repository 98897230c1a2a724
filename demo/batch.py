"""Collects unsaved demo rows and writes them with a few bulk inserts per model.

Generators build plain model instances that point at each other (a project at its unsaved plan);
`Batch.write()` inserts one model after the other, parents first, so every foreign key is known
by the time its rows go in. Many-to-many links are kept aside and inserted into the through
tables once both ends have ids.

Models with django-simple-history get one "created" history row per object
(`bulk_history_create`), dated and signed like the object itself (`_history_date`,
`_history_user`), so the history view of a seeded plan starts from its seeded state.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from django.db import models

BATCH_SIZE = 500
CHANGE_REASON = "Demo content (seed_demo)"


class Batch:
    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.links: dict[tuple[type[models.Model], str], list[tuple[models.Model, int]]] = (
            defaultdict(list)
        )

    def add(self, obj: models.Model, *, history_user=None, history_date=None) -> models.Model:
        if history_user is not None:
            obj._history_user = history_user
        if history_date is not None:
            obj._history_date = history_date
        self.rows[type(obj)].append(obj)
        return obj

    def link(self, obj: models.Model, field: str, ids) -> None:
        """Remember many-to-many links of `obj.<field>` to the given target ids."""
        self.links[(type(obj), field)].extend((obj, target) for target in ids)

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows[model])

    def write(self, *model_order: type[models.Model]) -> None:
        for model in model_order:
            objs = self.rows[model]
            model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
            history = self._write_history(model, objs)
            for (owner, field), pairs in self.links.items():
                if owner is model:
                    _write_links(model, field, pairs, history)

    def _write_history(self, model, objs) -> list:
        manager = getattr(model, "history", None)
        if manager is None or not objs:
            return []
        return manager.bulk_history_create(
            objs, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )


def _write_links(model, field_name, pairs, history) -> None:
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = [through(**{f"{source}_id": obj.pk, f"{target}_id": tid}) for obj, tid in pairs]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if history:
        _write_m2m_history(model, field_name, rows, history, source)


def _write_m2m_history(model, field_name, rows, history, source) -> None:
    """simple-history keeps many-to-many values per history row; give the seeded rows theirs."""
    m2m_history = getattr(model.history.model, field_name, None)
    if m2m_history is None:
        return
    history_by_object = {h.id: h for h in history}
    copies = []
    for row in rows:
        values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
        owner_history = history_by_object[values[f"{source}_id"]]
        copies.append(m2m_history.model(history=owner_history, **values))
    m2m_history.model.objects.bulk_create(copies, batch_size=BATCH_SIZE)


# Seeded rows carry the dates of the story they tell (an update filed in November 2021);
# auto_now / auto_now_add would stamp every one of them with today.
@contextmanager
def keeping_given_dates(*fields: models.DateTimeField):
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
