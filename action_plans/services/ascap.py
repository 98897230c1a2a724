"""ASEC keeps the structure of the ASEAN Smart City Action Plan 2026–2035 (goals and actions with
stable codes) that city projects of the new period align to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans.models import AscapItem
from action_plans.services._common import only_fields, require
from core import policy

ASCAP_FIELDS = ("code", "kind", "title", "description", "parent", "position", "source")


def _check(item: AscapItem) -> None:
    parent = item.parent
    if parent is not None and (parent.pk == item.pk or parent.kind != AscapItem.Kind.GOAL):
        raise ValidationError({"parent": _("An action belongs to a goal.")})
    if item.kind == AscapItem.Kind.ACTION and parent is None:
        raise ValidationError({"parent": _("An action belongs to a goal.")})
    if item.kind == AscapItem.Kind.GOAL and parent is not None:
        raise ValidationError({"parent": _("A goal stands at the top of the plan.")})


def ascap_item_create(*, actor, data: dict) -> AscapItem:
    require(policy.can_edit_ascap(actor))
    item = AscapItem(**only_fields(data, ASCAP_FIELDS))
    item.full_clean()
    _check(item)
    item.save()
    return item


def ascap_item_update(*, item: AscapItem, actor, data: dict) -> AscapItem:
    """Change an item; its code is the stable key projects are tagged with, kept as it is."""
    require(policy.can_edit_ascap(actor))
    only_fields(data, ASCAP_FIELDS)
    with transaction.atomic():
        current = AscapItem.objects.select_for_update().get(pk=item.pk)
        if data.get("code", current.code) != current.code:
            raise ValidationError({"code": _("A code is stable: it cannot change.")})
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        _check(current)
        current.save()
    return current
